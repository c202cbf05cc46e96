// StopTransaction (core; charge point -> central system). idTag is optional: a transaction can end without one.
import * as v from "valibot";
import { ciString, dateTime, IdTagInfo, integer, MeterValue, strictObject } from "./common.ts";

export const StopReason = v.picklist([
  "EmergencyStop",
  "EVDisconnected",
  "HardReset",
  "Local",
  "Other",
  "PowerLoss",
  "Reboot",
  "Remote",
  "SoftReset",
  "UnlockCommand",
  "DeAuthorized",
]);

export const StopTransactionRequest = strictObject({
  idTag: v.optional(ciString(20)),
  /** Wh. */
  meterStop: integer,
  timestamp: dateTime,
  transactionId: integer,
  reason: v.optional(StopReason),
  transactionData: v.optional(v.array(MeterValue)),
});
export type StopTransactionRequest = v.InferOutput<typeof StopTransactionRequest>;

export const StopTransactionResponse = strictObject({
  // Optional here, unlike in Authorize and StartTransaction: only present when an idTag was sent.
  idTagInfo: v.optional(IdTagInfo),
});
export type StopTransactionResponse = v.InferOutput<typeof StopTransactionResponse>;
