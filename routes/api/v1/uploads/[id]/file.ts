// GET /api/v1/uploads/{id}/file: the file a station uploaded to its one-time URL.
import type { Context } from "hono";
import { apiError } from "../../../../../lib/http/api.ts";
import type { AppEnv } from "../../../../../lib/http/env.ts";
import { uploadedFile } from "../../../../../lib/uploads.ts";

export const GET = async (c: Context<AppEnv>) => {
  const id = c.req.param("id")!;
  const file = /^\d+$/.test(id) ? await uploadedFile(c.get("services"), Number(id)) : undefined;
  if (!file) return apiError(c, 404, "No such upload, or nothing was uploaded yet");
  return new Response(Bun.file(file.path), {
    headers: {
      "content-type": "application/octet-stream",
      "content-length": String(file.size),
      // Stored names are sanitized to [A-Za-z0-9._-], so quoting is enough.
      "content-disposition": `attachment; filename="${file.fileName}"`,
    },
  });
};
