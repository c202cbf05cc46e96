// GET /api/v1/audit?stationId=: handshake refusals, credential, profile and trust-store changes, operator actions.
import type { Context } from "hono";
import { listAudit } from "../../../db/audit.ts";
import { parsePage } from "../../../lib/http/api.ts";
import type { AppEnv } from "../../../lib/http/env.ts";

export const GET = async (c: Context<AppEnv>) => {
  const page = parsePage(c);
  if (page instanceof Response) return page;
  const { items, total } = await listAudit(c.get("services").database.db, { stationId: c.req.query("stationId") || undefined }, page);
  return c.json({ items: items.map(({ at, kind, stationId, address, reason, actor }) => ({ at, kind, stationId, address, reason, actor })), total });
};
