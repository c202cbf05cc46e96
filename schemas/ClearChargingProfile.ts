// ClearChargingProfile (core, smart charging; central system -> charge point). Every criterion is optional.
import * as v from "valibot";
import { ChargingProfilePurpose, integer, strictObject } from "./common.ts";

export const ClearChargingProfileRequest = strictObject({
  id: v.optional(integer),
  connectorId: v.optional(integer),
  chargingProfilePurpose: v.optional(ChargingProfilePurpose),
  stackLevel: v.optional(integer),
});
export type ClearChargingProfileRequest = v.InferOutput<typeof ClearChargingProfileRequest>;

export const ClearChargingProfileStatus = v.picklist(["Accepted", "Unknown"]);

export const ClearChargingProfileResponse = strictObject({
  status: ClearChargingProfileStatus,
});
export type ClearChargingProfileResponse = v.InferOutput<typeof ClearChargingProfileResponse>;
