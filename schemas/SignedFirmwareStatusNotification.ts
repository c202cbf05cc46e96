// SignedFirmwareStatusNotification (security; charge point -> central system): progress of a SignedUpdateFirmware.
import * as v from "valibot";
import { integer, strictObject } from "./common.ts";

// The core FirmwareStatus list plus the states of signed, scheduled updates.
export const SignedFirmwareStatus = v.picklist([
  "Downloaded",
  "DownloadFailed",
  "Downloading",
  "DownloadScheduled",
  "DownloadPaused",
  "Idle",
  "InstallationFailed",
  "Installing",
  "Installed",
  "InstallRebooting",
  "InstallScheduled",
  "InstallVerificationFailed",
  "InvalidSignature",
  "SignatureVerified",
]);

export const SignedFirmwareStatusNotificationRequest = strictObject({
  status: SignedFirmwareStatus,
  /** Optional: absent when the status is Idle (not answering a SignedUpdateFirmware). */
  requestId: v.optional(integer),
});
export type SignedFirmwareStatusNotificationRequest = v.InferOutput<typeof SignedFirmwareStatusNotificationRequest>;

export const SignedFirmwareStatusNotificationResponse = strictObject({});
export type SignedFirmwareStatusNotificationResponse = v.InferOutput<typeof SignedFirmwareStatusNotificationResponse>;
