// GET /api/v1/certificates?stationId=: client certificates Joule's CA issued.
import type { Context } from "hono";
import { issuedCertificatesOf } from "../../../../db/issuedCertificates.ts";
import type { AppEnv } from "../../../../lib/http/env.ts";

export const GET = async (c: Context<AppEnv>) => {
  const items = await issuedCertificatesOf(c.get("services").database.db, c.req.query("stationId") || undefined);
  return c.json({ items, total: items.length });
};
