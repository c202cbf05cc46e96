// SignedUpdateFirmware (security; central system -> charge point).
import * as v from "valibot";
import { ciString, dateTime, integer, strictObject } from "./common.ts";

export const Firmware = strictObject({
  // A plain string of at most 512 characters, not `format: uri` as in UpdateFirmware.
  location: ciString(512),
  retrieveDateTime: dateTime,
  installDateTime: v.optional(dateTime),
  signingCertificate: ciString(5500),
  signature: ciString(800),
});
export type Firmware = v.InferOutput<typeof Firmware>;

export const SignedUpdateFirmwareRequest = strictObject({
  retries: v.optional(integer),
  retryInterval: v.optional(integer),
  requestId: integer,
  firmware: Firmware,
});
export type SignedUpdateFirmwareRequest = v.InferOutput<typeof SignedUpdateFirmwareRequest>;

export const UpdateFirmwareStatus = v.picklist([
  "Accepted",
  "Rejected",
  "AcceptedCanceled",
  "InvalidCertificate",
  "RevokedCertificate",
]);

export const SignedUpdateFirmwareResponse = strictObject({
  status: UpdateFirmwareStatus,
});
export type SignedUpdateFirmwareResponse = v.InferOutput<typeof SignedUpdateFirmwareResponse>;
