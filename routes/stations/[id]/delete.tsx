// POST /stations/:id/delete (admin, confirmed on the detail page): deletes the station and closes its connection.
import type { Context } from "hono";
import { requireAdmin } from "../../../lib/console/auth.ts";
import { stationDetailPage } from "../../../lib/console/stationDetail.tsx";
import type { AppEnv } from "../../../lib/http/env.ts";
import { removeStation } from "../../../lib/stations.ts";

export const POST = [
  requireAdmin,
  async (c: Context<AppEnv>) => {
    const id = c.req.param("id") ?? "";
    if (!(await removeStation(c.get("services"), id))) return stationDetailPage(c, id);
    return c.redirect("/stations", 303);
  },
];
