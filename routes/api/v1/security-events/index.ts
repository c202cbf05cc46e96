// GET /api/v1/security-events?stationId=&type=&critical=&from=&to=: what stations reported with SecurityEventNotification.
import type { Context } from "hono";
import { listSecurityEvents } from "../../../../db/securityEvents.ts";
import { apiError, parsePage } from "../../../../lib/http/api.ts";
import { utcDateTime } from "../../../../lib/dateTime.ts";
import type { AppEnv } from "../../../../lib/http/env.ts";

export const GET = async (c: Context<AppEnv>) => {
  const page = parsePage(c);
  if (page instanceof Response) return page;
  const critical = c.req.query("critical");
  if (critical !== undefined && critical !== "true" && critical !== "false") return apiError(c, 400, "critical must be true or false", "critical");
  const range: Record<string, string | undefined> = {};
  for (const name of ["from", "to"]) {
    const raw = c.req.query(name);
    if (raw === undefined || raw === "") continue;
    range[name] = utcDateTime(raw);
    if (range[name] === undefined) return apiError(c, 400, `${name} must be an RFC 3339 date-time with offset`, name);
  }
  const { items, total } = await listSecurityEvents(
    c.get("services").database.db,
    { stationId: c.req.query("stationId") || undefined, type: c.req.query("type") || undefined, critical: critical === undefined ? undefined : critical === "true", ...range },
    page,
  );
  return c.json({ items, total });
};
