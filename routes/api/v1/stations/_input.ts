// Input accepted by the stations endpoints.
import * as v from "valibot";
import { registrationStatuses } from "../../../../db/schema.ts";
import { maxChargePointIdLength } from "../../../../lib/ocpp/handshake.ts";

export const registrationStatus = v.picklist(registrationStatuses, "registrationStatus must be Accepted, Pending or Rejected");

export const NewStationInput = v.strictObject({
  id: v.pipe(
    v.string("id must be a string"),
    v.minLength(1, "id is required"),
    v.maxLength(maxChargePointIdLength, `id must be at most ${maxChargePointIdLength} characters`),
    v.regex(/^[^\u0000-\u001f\u007f]+$/, "id must not contain control characters"),
  ),
  description: v.optional(v.pipe(v.string("description must be a string"), v.maxLength(500)), ""),
  registrationStatus: v.optional(registrationStatus, "Accepted"),
});

export const StationChangesInput = v.strictObject({
  description: v.optional(v.pipe(v.string("description must be a string"), v.maxLength(500))),
  registrationStatus: v.optional(registrationStatus),
});
