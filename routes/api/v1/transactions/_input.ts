// The filters shared by the transactions list and its CSV export, from the query string.
import type { Context } from "hono";
import type { TransactionFilter } from "../../../../db/transactions.ts";
import { utcDateTime } from "../../../../lib/dateTime.ts";
import { apiError } from "../../../../lib/http/api.ts";

/** stationId, idTag, active (true/false), from and to (date-times with time zone, against the start time). */
export function parseTransactionFilter(c: Context): TransactionFilter | Response {
  const filter: TransactionFilter = {};
  for (const name of ["stationId", "idTag"] as const) {
    const raw = c.req.query(name);
    if (raw === undefined) continue;
    if (raw === "") return apiError(c, 400, `${name} must not be empty`, name);
    filter[name] = raw;
  }
  const active = c.req.query("active");
  if (active !== undefined) {
    if (active !== "true" && active !== "false") return apiError(c, 400, "active must be true or false", "active");
    filter.active = active === "true";
  }
  for (const name of ["from", "to"] as const) {
    const raw = c.req.query(name);
    if (raw === undefined) continue;
    const utc = utcDateTime(raw);
    if (utc === undefined) {
      return apiError(c, 400, `${name} must be an ISO-8601 date-time with time zone, e.g. 2030-01-31T23:59:59Z`, name);
    }
    filter[name] = utc;
  }
  return filter;
}
