// GetLog (security; central system -> charge point): upload a diagnostics or security log.
import * as v from "valibot";
import { ciString, dateTime, integer, strictObject } from "./common.ts";

export const LogType = v.picklist(["DiagnosticsLog", "SecurityLog"]);

export const LogParameters = strictObject({
  // A plain string of at most 512 characters here, not `format: uri` as in GetDiagnostics.
  remoteLocation: ciString(512),
  oldestTimestamp: v.optional(dateTime),
  latestTimestamp: v.optional(dateTime),
});
export type LogParameters = v.InferOutput<typeof LogParameters>;

export const GetLogRequest = strictObject({
  log: LogParameters,
  logType: LogType,
  requestId: integer,
  retries: v.optional(integer),
  retryInterval: v.optional(integer),
});
export type GetLogRequest = v.InferOutput<typeof GetLogRequest>;

export const LogStatus = v.picklist(["Accepted", "Rejected", "AcceptedCanceled"]);

export const GetLogResponse = strictObject({
  status: LogStatus,
  /** Spelled `filename` here, `fileName` in GetDiagnostics.conf. */
  filename: v.optional(ciString(255)),
});
export type GetLogResponse = v.InferOutput<typeof GetLogResponse>;
