// GET /certificates: counts of anchors, issued certificates (valid, expiring, revoked, expired) and pending CSRs,
// with links to the section's pages.
import type { Context } from "hono";
import { certificateOverview, OverviewBody } from "../../lib/console/certificates.tsx";
import { page } from "../../lib/console/layout.tsx";
import type { AppEnv } from "../../lib/http/env.ts";

export const GET = async (c: Context<AppEnv>) =>
  page(c, { title: "Certificates", current: "/certificates" }, <OverviewBody overview={await certificateOverview(c.get("services"))} />);
