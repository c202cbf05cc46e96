// SetChargingProfile (core, smart charging; central system -> charge point).
import * as v from "valibot";
import { ChargingProfile, integer, strictObject } from "./common.ts";

export const SetChargingProfileRequest = strictObject({
  connectorId: integer,
  csChargingProfiles: ChargingProfile,
});
export type SetChargingProfileRequest = v.InferOutput<typeof SetChargingProfileRequest>;

export const ChargingProfileStatus = v.picklist(["Accepted", "Rejected", "NotSupported"]);

export const SetChargingProfileResponse = strictObject({
  status: ChargingProfileStatus,
});
export type SetChargingProfileResponse = v.InferOutput<typeof SetChargingProfileResponse>;
