// GET /api/v1/stations/{id}/installed-certificates: the inventory from the station's last GetInstalledCertificateIds.
import type { Context } from "hono";
import { installedCertificatesOf } from "../../../../../db/certificateRequests.ts";
import { stationById } from "../../../../../db/stations.ts";
import { apiError } from "../../../../../lib/http/api.ts";
import type { AppEnv } from "../../../../../lib/http/env.ts";

export const GET = async (c: Context<AppEnv>) => {
  const { db } = c.get("services").database;
  const id = c.req.param("id")!;
  if (!(await stationById(db, id))) return apiError(c, 404, "No such station");
  const items = (await installedCertificatesOf(db, id)).map(({ stationId: _, ...entry }) => entry);
  return c.json({ items, total: items.length });
};
