// GET /jobs/:id/files/:uploadId: a file the station uploaded for this log job, as an attachment.
import type { Context } from "hono";
import type { AppEnv } from "../../../../lib/http/env.ts";
import { uploadedFile } from "../../../../lib/uploads.ts";

export const GET = async (c: Context<AppEnv>) => {
  const { id, uploadId } = c.req.param() as { id: string; uploadId: string };
  const file = /^\d{1,9}$/.test(id) && /^\d{1,9}$/.test(uploadId) ? await uploadedFile(c.get("services"), Number(uploadId)) : undefined;
  if (!file || file.jobId !== Number(id)) return c.text("No such file for this job, or nothing was uploaded yet", 404);
  return new Response(Bun.file(file.path), {
    headers: {
      "content-type": "application/octet-stream",
      "content-length": String(file.size),
      // Stored names are sanitized to [A-Za-z0-9._-], so quoting is enough.
      "content-disposition": `attachment; filename="${file.fileName}"`,
      "cache-control": "no-store",
      "x-content-type-options": "nosniff",
    },
  });
};
