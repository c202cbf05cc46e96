// UpdateFirmware (core, firmware management; central system -> charge point).
import * as v from "valibot";
import { dateTime, integer, strictObject, uri } from "./common.ts";

export const UpdateFirmwareRequest = strictObject({
  location: uri,
  retries: v.optional(integer),
  retrieveDate: dateTime,
  retryInterval: v.optional(integer),
});
export type UpdateFirmwareRequest = v.InferOutput<typeof UpdateFirmwareRequest>;

export const UpdateFirmwareResponse = strictObject({});
export type UpdateFirmwareResponse = v.InferOutput<typeof UpdateFirmwareResponse>;
