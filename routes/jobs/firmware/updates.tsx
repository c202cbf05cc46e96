// POST /jobs/firmware/updates: SignedUpdateFirmware for an uploaded file (admin); then the firmware page shows the
// station's answer and links the new job.
import type { Context } from "hono";
import { requireAdmin } from "../../../lib/console/auth.ts";
import { firmwareUpdateFromForm } from "../../../lib/console/jobs.tsx";
import type { AppEnv } from "../../../lib/http/env.ts";
import { publicBaseUrl } from "../../api/v1/stations/[id]/_transfers.ts";
import { firmwarePage } from "./_page.tsx";

export const POST = [
  requireAdmin,
  async (c: Context<AppEnv>) => {
    const actor = `operator:${c.get("operatorSession").username}`;
    const outcome = await firmwareUpdateFromForm(c.get("services"), await c.req.parseBody(), publicBaseUrl(c), actor);
    if (outcome.kind === "invalid") return firmwarePage(c, { update: outcome, status: outcome.status });
    return c.redirect(`/jobs/firmware?started=${outcome.jobId}`, 303);
  },
];
