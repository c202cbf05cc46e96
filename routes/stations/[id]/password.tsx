// POST /stations/:id/password (admin): rotates the station's password over OCPP (ChangeConfiguration AuthorizationKey),
// the operator's or a generated one; the page shows the station's answer, and a generated key once.
import type { Context } from "hono";
import * as v from "valibot";
import { requireAdmin } from "../../../lib/console/auth.ts";
import { securityChangeOutcome, stationDetailPage } from "../../../lib/console/stationDetail.tsx";
import type { AppEnv } from "../../../lib/http/env.ts";
import { generatePassword, passwordBytes, toHex } from "../../../lib/security/basicAuth.ts";
import { rotateAuthorizationKey } from "../../../lib/stationSecurity.ts";
import { RotationInput } from "../../api/v1/stations/_input.ts";

export const POST = [
  requireAdmin,
  async (c: Context<AppEnv>) => {
    const id = c.req.param("id") ?? "";
    const body = await c.req.parseBody();
    const entered = typeof body.newPassword === "string" ? body.newPassword : "";
    const parsed = v.safeParse(RotationInput, entered === "" ? {} : { password: entered });
    if (!parsed.success) return stationDetailPage(c, id, { passwordErrors: { newPassword: parsed.issues[0].message } }, 400);
    const key = passwordBytes(parsed.output) ?? generatePassword();
    const result = await rotateAuthorizationKey(c.get("services"), id, key, `operator:${c.get("operatorSession").username}`);
    const outcome = securityChangeOutcome(result, "the new password", "newPassword");
    const secret =
      entered === "" && result.kind === "done" && result.stored
        ? { label: "The generated key (AuthorizationKey, hex) the station now has.", value: toHex(key) }
        : undefined;
    return stationDetailPage(c, id, { notice: outcome.notice, secret, passwordErrors: outcome.errors }, outcome.status);
  },
];
