// TriggerMessage (core, remote trigger; central system -> charge point).
import * as v from "valibot";
import { integer, strictObject, TriggerMessageStatus } from "./common.ts";

export const MessageTrigger = v.picklist([
  "BootNotification",
  "DiagnosticsStatusNotification",
  "FirmwareStatusNotification",
  "Heartbeat",
  "MeterValues",
  "StatusNotification",
]);

export const TriggerMessageRequest = strictObject({
  requestedMessage: MessageTrigger,
  connectorId: v.optional(integer),
});
export type TriggerMessageRequest = v.InferOutput<typeof TriggerMessageRequest>;

export const TriggerMessageResponse = strictObject({
  status: TriggerMessageStatus,
});
export type TriggerMessageResponse = v.InferOutput<typeof TriggerMessageResponse>;
