// DiagnosticsStatusNotification (core; charge point -> central system): progress of a GetDiagnostics upload.
import * as v from "valibot";
import { strictObject } from "./common.ts";

export const DiagnosticsStatus = v.picklist(["Idle", "Uploaded", "UploadFailed", "Uploading"]);

export const DiagnosticsStatusNotificationRequest = strictObject({
  status: DiagnosticsStatus,
});
export type DiagnosticsStatusNotificationRequest = v.InferOutput<typeof DiagnosticsStatusNotificationRequest>;

export const DiagnosticsStatusNotificationResponse = strictObject({});
export type DiagnosticsStatusNotificationResponse = v.InferOutput<typeof DiagnosticsStatusNotificationResponse>;
