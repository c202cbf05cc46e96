// Heartbeat (core; charge point -> central system); the answer doubles as a clock synchronisation.
import * as v from "valibot";
import { dateTime, strictObject } from "./common.ts";

export const HeartbeatRequest = strictObject({});
export type HeartbeatRequest = v.InferOutput<typeof HeartbeatRequest>;

export const HeartbeatResponse = strictObject({
  currentTime: dateTime,
});
export type HeartbeatResponse = v.InferOutput<typeof HeartbeatResponse>;
