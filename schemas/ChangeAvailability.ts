// ChangeAvailability (core; central system -> charge point). Connector 0 means the whole charge point.
import * as v from "valibot";
import { integer, strictObject } from "./common.ts";

export const AvailabilityType = v.picklist(["Inoperative", "Operative"]);

export const ChangeAvailabilityRequest = strictObject({
  connectorId: integer,
  type: AvailabilityType,
});
export type ChangeAvailabilityRequest = v.InferOutput<typeof ChangeAvailabilityRequest>;

export const AvailabilityStatus = v.picklist(["Accepted", "Rejected", "Scheduled"]);

export const ChangeAvailabilityResponse = strictObject({
  status: AvailabilityStatus,
});
export type ChangeAvailabilityResponse = v.InferOutput<typeof ChangeAvailabilityResponse>;
