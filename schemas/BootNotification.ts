// BootNotification (core; charge point -> central system): the station introduces itself after (re)booting.
import * as v from "valibot";
import { ciString, dateTime, integer, strictObject } from "./common.ts";

export const BootNotificationRequest = strictObject({
  chargePointVendor: ciString(20),
  chargePointModel: ciString(20),
  chargePointSerialNumber: v.optional(ciString(25)),
  chargeBoxSerialNumber: v.optional(ciString(25)),
  firmwareVersion: v.optional(ciString(50)),
  iccid: v.optional(ciString(20)),
  imsi: v.optional(ciString(20)),
  meterType: v.optional(ciString(25)),
  meterSerialNumber: v.optional(ciString(25)),
});
export type BootNotificationRequest = v.InferOutput<typeof BootNotificationRequest>;

export const RegistrationStatus = v.picklist(["Accepted", "Pending", "Rejected"]);

export const BootNotificationResponse = strictObject({
  status: RegistrationStatus,
  currentTime: dateTime,
  /** Heartbeat interval (Accepted) or retry delay (Pending, Rejected), in seconds. */
  interval: integer,
});
export type BootNotificationResponse = v.InferOutput<typeof BootNotificationResponse>;
