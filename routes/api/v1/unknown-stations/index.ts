// GET /api/v1/unknown-stations: charge point ids that tried to connect without being registered, latest first.
import type { Context } from "hono";
import { listUnknownStations } from "../../../../db/unknownStations.ts";
import { parsePage } from "../../../../lib/http/api.ts";
import type { AppEnv } from "../../../../lib/http/env.ts";

export const GET = async (c: Context<AppEnv>) => {
  const page = parsePage(c);
  if (page instanceof Response) return page;
  const { items, total } = await listUnknownStations(c.get("services").database.db, page);
  return c.json({
    items: items.map(({ id, lastAddress, attempts, firstSeenAt, lastSeenAt }) => ({
      id,
      lastAddress,
      attempts,
      firstSeenAt,
      lastSeenAt,
    })),
    total,
  });
};
