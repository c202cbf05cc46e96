// GET /api/v1/csr-requests?stationId=&status=: CSRs stations sent with SignCertificate (pending ones await approval
// when JOULE_CSR_POLICY=manual).
import type { Context } from "hono";
import * as v from "valibot";
import { listCsrRequests } from "../../../../db/certificateRequests.ts";
import { apiError } from "../../../../lib/http/api.ts";
import type { AppEnv } from "../../../../lib/http/env.ts";

const statuses = ["rejected", "pending", "approved", "signed", "failed"] as const;

export const GET = async (c: Context<AppEnv>) => {
  const status = c.req.query("status") || undefined;
  if (status !== undefined && !v.is(v.picklist(statuses), status)) {
    return apiError(c, 400, `status must be one of ${statuses.join(", ")}`, "status");
  }
  const items = await listCsrRequests(c.get("services").database.db, {
    stationId: c.req.query("stationId") || undefined,
    status: status as (typeof statuses)[number] | undefined,
  });
  return c.json({ items, total: items.length });
};
