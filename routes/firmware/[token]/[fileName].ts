// GET /firmware/{token}/{fileName}: a station downloads the firmware of its SignedUpdateFirmware. Not under /api/v1:
// the per-job token is the credential. The file name is only there so the URL ends like the file; every download
// is counted.
import type { Context } from "hono";
import type { AppEnv } from "../../../lib/http/env.ts";
import { firmwareForDownload } from "../../../lib/firmware.ts";

export const GET = async (c: Context<AppEnv>) => {
  const file = await firmwareForDownload(c.get("services"), c.req.param("token")!);
  if (!file) return c.json({ message: "Unknown download URL" }, 404);
  return new Response(Bun.file(file.path), {
    headers: {
      "content-type": "application/octet-stream",
      "content-length": String(file.size),
      "content-disposition": `attachment; filename="${file.fileName}"`,
    },
  });
};
