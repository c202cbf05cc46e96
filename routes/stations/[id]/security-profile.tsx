// POST /stations/:id/security-profile {profile, force?} (admin): raises the profile over OCPP (stored when the station
// answers Accepted), or lowers it with force (stored only); the page shows the outcome.
import type { Context } from "hono";
import { requireAdmin } from "../../../lib/console/auth.ts";
import { securityChangeOutcome, stationDetailPage } from "../../../lib/console/stationDetail.tsx";
import type { AppEnv } from "../../../lib/http/env.ts";
import { changeSecurityProfile } from "../../../lib/stationSecurity.ts";

export const POST = [
  requireAdmin,
  async (c: Context<AppEnv>) => {
    const id = c.req.param("id") ?? "";
    const body = await c.req.parseBody();
    const profile = typeof body.profile === "string" && /^[0-3]$/.test(body.profile) ? Number(body.profile) : undefined;
    if (profile === undefined) return stationDetailPage(c, id, { profileErrors: { profile: "profile must be 0, 1, 2 or 3" } }, 400);
    const force = body.force === "yes";
    const result = await changeSecurityProfile(c.get("services"), id, profile, force, `operator:${c.get("operatorSession").username}`);
    const outcome = securityChangeOutcome(result, `profile ${profile}`, "profile");
    return stationDetailPage(c, id, { notice: outcome.notice, profileErrors: outcome.errors }, outcome.status);
  },
];
