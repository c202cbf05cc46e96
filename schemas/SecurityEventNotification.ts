// SecurityEventNotification (security; charge point -> central system).
import * as v from "valibot";
import { ciString, dateTime, strictObject } from "./common.ts";

export const SecurityEventNotificationRequest = strictObject({
  /** A free string (at most 50 characters), not an enumeration: stations may send their own event types. */
  type: ciString(50),
  timestamp: dateTime,
  techInfo: v.optional(ciString(255)),
});
export type SecurityEventNotificationRequest = v.InferOutput<typeof SecurityEventNotificationRequest>;

export const SecurityEventNotificationResponse = strictObject({});
export type SecurityEventNotificationResponse = v.InferOutput<typeof SecurityEventNotificationResponse>;
