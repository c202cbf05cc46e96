// Shared by the calls, log, diagnostics and firmware request endpoints: input pieces, the URL stations reach Joule at,
// and the answers to a call that did not end in a CALLRESULT.
import type { Context } from "hono";
import * as v from "valibot";
import { apiError } from "../../../../../lib/http/api.ts";
import type { AppEnv } from "../../../../../lib/http/env.ts";
import type { StationCallResult } from "../../../../../lib/stationCalls.ts";
import { isDateTime, isUri } from "../../../../../schemas/common.ts";

export const dateTimeField = (field: string) =>
  v.pipe(v.string(`${field} must be a string`), v.check(isDateTime, `${field} must be an RFC 3339 date-time with a time zone`));

export const integerField = (field: string) =>
  v.pipe(v.number(`${field} must be a number`), v.integer(`${field} must be a whole number`), v.minValue(0, `${field} must not be negative`));

export const urlField = (field: string, maxLength: number) =>
  v.pipe(
    v.string(`${field} must be a string`),
    v.check(isUri, `${field} must be an absolute URI`),
    v.maxLength(maxLength, `${field} must be at most ${maxLength} characters`),
  );

/** JOULE_PUBLIC_URL when set (reverse proxies, NAT); otherwise the address the API client used to reach Joule. */
export function publicBaseUrl(c: Context<AppEnv>): string {
  return c.get("services").config.publicUrl ?? new URL(c.req.url).origin;
}

/** The answer for an outcome that is not a CALLRESULT. */
export function failedCall(c: Context<AppEnv>, action: string, outcome: Exclude<StationCallResult, { kind: "result" }>) {
  switch (outcome.kind) {
    case "error": {
      const error = { code: outcome.code, description: outcome.description, details: outcome.details };
      return c.json(outcome.requestId === undefined ? { error } : { error, requestId: outcome.requestId });
    }
    case "invalid_payload":
      return apiError(c, 400, `Invalid ${action} payload: ${outcome.message}`, outcome.path || undefined);
    case "invalid_action": // not reached: the actions of these endpoints are fixed
      return apiError(c, 400, `${action} is not an action a central system sends`);
    case "unknown_station":
      return apiError(c, 404, "No such station");
    case "not_connected":
      return apiError(c, 409, "The station is not connected");
    case "timeout": {
      const message = `The station did not answer ${action} in time`;
      // The job stays: the station may have got the request and may still report on it under this requestId.
      return outcome.requestId === undefined ? apiError(c, 504, message) : c.json({ message, requestId: outcome.requestId }, 504);
    }
  }
}
