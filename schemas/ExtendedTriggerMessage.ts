// ExtendedTriggerMessage (security; central system -> charge point).
import * as v from "valibot";
import { integer, strictObject, TriggerMessageStatus } from "./common.ts";

// Not the core TriggerMessage list: no DiagnosticsStatusNotification, but LogStatusNotification and
// "SignChargePointCertificate" (which asks the station to send a SignCertificate request).
export const ExtendedMessageTrigger = v.picklist([
  "BootNotification",
  "LogStatusNotification",
  "FirmwareStatusNotification",
  "Heartbeat",
  "MeterValues",
  "SignChargePointCertificate",
  "StatusNotification",
]);

export const ExtendedTriggerMessageRequest = strictObject({
  requestedMessage: ExtendedMessageTrigger,
  connectorId: v.optional(integer),
});
export type ExtendedTriggerMessageRequest = v.InferOutput<typeof ExtendedTriggerMessageRequest>;

export const ExtendedTriggerMessageResponse = strictObject({
  status: TriggerMessageStatus,
});
export type ExtendedTriggerMessageResponse = v.InferOutput<typeof ExtendedTriggerMessageResponse>;
