// POST /certificates/anchors/:fingerprint/remove (admin): as DELETE /api/v1/trust-anchors/{fingerprint}, stations
// whose certificate only this anchor vouched for are disconnected.
import type { Context } from "hono";
import { requireAdmin } from "../../../../lib/console/auth.ts";
import { actorOf, removeAnchorFromConsole } from "../../../../lib/console/certificates.tsx";
import type { AppEnv } from "../../../../lib/http/env.ts";
import { anchorsPage } from "../_page.tsx";

export const POST = [
  requireAdmin,
  async (c: Context<AppEnv>) => {
    const fingerprint = (c.req.param("fingerprint") ?? "").toLowerCase();
    if (!(await removeAnchorFromConsole(c.get("services"), fingerprint, actorOf(c.get("operatorSession"))))) {
      return anchorsPage(c, { notice: { kind: "bad", text: "There is no such trust anchor (removed already?)." } }, 404);
    }
    return c.redirect(`/certificates/anchors?removed=${fingerprint}`, 303);
  },
];
