// StatusNotification (core; charge point -> central system).
import * as v from "valibot";
import { ciString, dateTime, integer, strictObject } from "./common.ts";

export const ChargePointErrorCode = v.picklist([
  "ConnectorLockFailure",
  "EVCommunicationError",
  "GroundFailure",
  "HighTemperature",
  "InternalError",
  "LocalListConflict",
  "NoError",
  "OtherError",
  "OverCurrentFailure",
  "PowerMeterFailure",
  "PowerSwitchFailure",
  "ReaderFailure",
  "ResetFailure",
  "UnderVoltage",
  "OverVoltage",
  "WeakSignal",
]);

export const ChargePointStatus = v.picklist([
  "Available",
  "Preparing",
  "Charging",
  "SuspendedEVSE",
  "SuspendedEV",
  "Finishing",
  "Reserved",
  "Unavailable",
  "Faulted",
]);

export const StatusNotificationRequest = strictObject({
  connectorId: integer,
  errorCode: ChargePointErrorCode,
  info: v.optional(ciString(50)),
  status: ChargePointStatus,
  timestamp: v.optional(dateTime),
  vendorId: v.optional(ciString(255)),
  vendorErrorCode: v.optional(ciString(50)),
});
export type StatusNotificationRequest = v.InferOutput<typeof StatusNotificationRequest>;

export const StatusNotificationResponse = strictObject({});
export type StatusNotificationResponse = v.InferOutput<typeof StatusNotificationResponse>;
