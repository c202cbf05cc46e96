// GetCompositeSchedule (core, smart charging; central system -> charge point).
import * as v from "valibot";
import { ChargingRateUnit, ChargingSchedule, dateTime, GenericStatus, integer, strictObject } from "./common.ts";

export const GetCompositeScheduleRequest = strictObject({
  connectorId: integer,
  /** Seconds. */
  duration: integer,
  chargingRateUnit: v.optional(ChargingRateUnit),
});
export type GetCompositeScheduleRequest = v.InferOutput<typeof GetCompositeScheduleRequest>;

export const GetCompositeScheduleResponse = strictObject({
  status: GenericStatus,
  connectorId: v.optional(integer),
  scheduleStart: v.optional(dateTime),
  chargingSchedule: v.optional(ChargingSchedule),
});
export type GetCompositeScheduleResponse = v.InferOutput<typeof GetCompositeScheduleResponse>;
