import type { Context } from "hono";
import { apiError } from "../../../../../lib/http/api.ts";
import type { SecurityChangeResult } from "../../../../../lib/stationSecurity.ts";

/** 200 {stationStatus, stored} whatever the station replied; 404, 409, 504 otherwise. */
export function securityChangeResponse(c: Context, result: SecurityChangeResult) {
  switch (result.kind) {
    case "done":
      return c.json({ stationStatus: result.stationStatus, stored: result.stored });
    case "unknown_station":
      return apiError(c, 404, "No such station");
    case "conflict":
      return apiError(c, 409, result.message, result.field);
    case "timeout":
      return apiError(c, 504, "The station did not answer in time");
  }
}
