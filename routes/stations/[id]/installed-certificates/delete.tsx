// POST /stations/:id/installed-certificates/delete (admin, confirmed on the detail page): asks the station to delete one
// certificate of its reported inventory (DeleteCertificate); the page shows its answer.
import type { Context } from "hono";
import { requireAdmin } from "../../../../lib/console/auth.ts";
import { deleteCertificateOutcome, stationDetailPage } from "../../../../lib/console/stationDetail.tsx";
import type { AppEnv } from "../../../../lib/http/env.ts";
import { deleteInstalledCertificate } from "../../../../lib/stationSecurity.ts";

export const POST = [
  requireAdmin,
  async (c: Context<AppEnv>) => {
    const id = c.req.param("id") ?? "";
    const body = await c.req.parseBody();
    const text = (name: string) => (typeof body[name] === "string" ? (body[name] as string) : "");
    const hash = {
      hashAlgorithm: text("hashAlgorithm"),
      issuerNameHash: text("issuerNameHash"),
      issuerKeyHash: text("issuerKeyHash"),
      serialNumber: text("serialNumber"),
    };
    const outcome = await deleteInstalledCertificate(c.get("services"), id, hash, `operator:${c.get("operatorSession").username}`);
    if (outcome.kind === "unknown_station") return stationDetailPage(c, id);
    const shown = deleteCertificateOutcome(outcome, hash.serialNumber);
    return stationDetailPage(c, id, { notice: shown.notice }, shown.status);
  },
];
