// GET /jobs/firmware: firmware files, and (admin) the upload and signed-update forms.
// POST /jobs/firmware (multipart/form-data): upload a firmware file (admin).
import type { Context } from "hono";
import { requireAdmin } from "../../../lib/console/auth.ts";
import { firmwareUploadFromForm } from "../../../lib/console/jobs.tsx";
import type { AppEnv } from "../../../lib/http/env.ts";
import { firmwarePage } from "./_page.tsx";

export const GET = (c: Context<AppEnv>) => firmwarePage(c);

export const POST = [
  requireAdmin,
  async (c: Context<AppEnv>) => {
    // The CSRF check has read the body already when the token came as a form field; both reads share one buffer.
    const form = await c.req.parseBody().catch(() => ({}));
    const outcome = await firmwareUploadFromForm(c.get("services"), {
      contentType: c.req.header("content-type"),
      body: await c.req.arrayBuffer(),
      form,
    });
    if (outcome.kind === "invalid") return firmwarePage(c, { upload: outcome, status: outcome.status });
    return c.redirect(`/jobs/firmware?uploaded=${outcome.id}`, 303);
  },
];
