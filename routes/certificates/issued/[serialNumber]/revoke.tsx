// POST /certificates/issued/:serialNumber/revoke {reason} (admin): as POST /api/v1/certificates/{serial}/revoke.
import type { Context } from "hono";
import { requireAdmin } from "../../../../lib/console/auth.ts";
import { actorOf, revokeFromForm } from "../../../../lib/console/certificates.tsx";
import type { AppEnv } from "../../../../lib/http/env.ts";
import { issuedPage } from "../_page.tsx";

export const POST = [
  requireAdmin,
  async (c: Context<AppEnv>) => {
    const services = c.get("services");
    const outcome = await revokeFromForm(services, c.req.param("serialNumber") ?? "", await c.req.parseBody(), actorOf(c.get("operatorSession")));
    switch (outcome.kind) {
      case "invalid":
        return issuedPage(c, { kind: "bad", text: outcome.message }, 400);
      case "not_found":
        return issuedPage(c, { kind: "bad", text: "No certificate issued by Joule has this serial number." }, 404);
      case "revoked":
        return c.redirect(outcome.back, 303);
    }
  },
];
