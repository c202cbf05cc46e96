// POST /stations/:id/installed-certificates (admin): asks the station for its installed certificates of every type
// (GetInstalledCertificateIds); its answers replace the inventory the page shows.
import type { Context } from "hono";
import { requireAdmin } from "../../../lib/console/auth.ts";
import { inventoryOutcome, stationDetailPage } from "../../../lib/console/stationDetail.tsx";
import type { AppEnv } from "../../../lib/http/env.ts";
import { refreshInstalledCertificates } from "../../../lib/stationSecurity.ts";

export const POST = [
  requireAdmin,
  async (c: Context<AppEnv>) => {
    const id = c.req.param("id") ?? "";
    const answers = await refreshInstalledCertificates(c.get("services"), id, `operator:${c.get("operatorSession").username}`);
    if (answers[0]?.outcome.kind === "unknown_station") return stationDetailPage(c, id);
    const outcome = inventoryOutcome(answers);
    return stationDetailPage(c, id, { notice: outcome.notice }, outcome.status);
  },
];
