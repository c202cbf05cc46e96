// GET /fragments/stations/:id: a station's connection and connectors alone, for htmx polling.
import type { Context } from "hono";
import { fragment } from "../../../lib/console/layout.tsx";
import { LiveSection, stationLive } from "../../../lib/console/stationDetail.tsx";
import type { AppEnv } from "../../../lib/http/env.ts";

export const GET = async (c: Context<AppEnv>) => {
  const live = await stationLive(c.get("services"), c.req.param("id") ?? "");
  if (!live) return c.text("Unknown station", 404);
  return fragment(c, <LiveSection {...live} />);
};
