// MeterValues (core; charge point -> central system).
import * as v from "valibot";
import { integer, MeterValue, strictObject } from "./common.ts";

export const MeterValuesRequest = strictObject({
  connectorId: integer,
  transactionId: v.optional(integer),
  // No minItems in the official schema (the specification says 1..*).
  meterValue: v.array(MeterValue),
});
export type MeterValuesRequest = v.InferOutput<typeof MeterValuesRequest>;

export const MeterValuesResponse = strictObject({});
export type MeterValuesResponse = v.InferOutput<typeof MeterValuesResponse>;
