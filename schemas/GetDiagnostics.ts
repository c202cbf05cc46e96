// GetDiagnostics (core; central system -> charge point): upload a diagnostics file to `location`.
import * as v from "valibot";
import { ciString, dateTime, integer, strictObject, uri } from "./common.ts";

export const GetDiagnosticsRequest = strictObject({
  location: uri,
  retries: v.optional(integer),
  retryInterval: v.optional(integer),
  startTime: v.optional(dateTime),
  stopTime: v.optional(dateTime),
});
export type GetDiagnosticsRequest = v.InferOutput<typeof GetDiagnosticsRequest>;

export const GetDiagnosticsResponse = strictObject({
  /** Absent when there is nothing to upload. Spelled `fileName` here, `filename` in GetLog.conf. */
  fileName: v.optional(ciString(255)),
});
export type GetDiagnosticsResponse = v.InferOutput<typeof GetDiagnosticsResponse>;
