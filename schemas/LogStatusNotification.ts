// LogStatusNotification (security; charge point -> central system): progress of a GetLog upload.
import * as v from "valibot";
import { integer, strictObject } from "./common.ts";

export const UploadLogStatus = v.picklist([
  "BadMessage",
  "Idle",
  "NotSupportedOperation",
  "PermissionDenied",
  "Uploaded",
  "UploadFailure",
  "Uploading",
]);

export const LogStatusNotificationRequest = strictObject({
  status: UploadLogStatus,
  /** Optional: absent when the status is Idle (not answering a GetLog). */
  requestId: v.optional(integer),
});
export type LogStatusNotificationRequest = v.InferOutput<typeof LogStatusNotificationRequest>;

export const LogStatusNotificationResponse = strictObject({});
export type LogStatusNotificationResponse = v.InferOutput<typeof LogStatusNotificationResponse>;
