// GET /jobs/:id/files/:uploadId: a file the station uploaded for this log job, as an attachment.
import type { Context } from "hono";
import { attachment } from "../../../../lib/http/download.ts";
import type { AppEnv } from "../../../../lib/http/env.ts";
import { uploadedFile } from "../../../../lib/uploads.ts";

export const GET = async (c: Context<AppEnv>) => {
  const { id, uploadId } = c.req.param() as { id: string; uploadId: string };
  const file = /^\d{1,9}$/.test(id) && /^\d{1,9}$/.test(uploadId) ? await uploadedFile(c.get("services"), Number(uploadId)) : undefined;
  if (!file || file.jobId !== Number(id)) return c.text("No such file for this job, or nothing was uploaded yet", 404);
  return attachment(file);
};
