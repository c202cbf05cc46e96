// FirmwareStatusNotification (core; charge point -> central system): progress of an UpdateFirmware.
import * as v from "valibot";
import { strictObject } from "./common.ts";

export const FirmwareStatus = v.picklist([
  "Downloaded",
  "DownloadFailed",
  "Downloading",
  "Idle",
  "InstallationFailed",
  "Installing",
  "Installed",
]);

export const FirmwareStatusNotificationRequest = strictObject({
  status: FirmwareStatus,
});
export type FirmwareStatusNotificationRequest = v.InferOutput<typeof FirmwareStatusNotificationRequest>;

export const FirmwareStatusNotificationResponse = strictObject({});
export type FirmwareStatusNotificationResponse = v.InferOutput<typeof FirmwareStatusNotificationResponse>;
