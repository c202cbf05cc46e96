// GET /certificates/ca/ecdsa.pem, /certificates/ca/rsa.pem: one of Joule's CA certificates as a PEM download.
import type { Context } from "hono";
import { caDownload } from "../../../lib/console/certificates.tsx";
import type { AppEnv } from "../../../lib/http/env.ts";

export const GET = (c: Context<AppEnv>) => {
  const download = caDownload(c.get("services"), c.req.param("file") ?? "");
  if (!download) return c.text("No such CA certificate: use ecdsa.pem or rsa.pem", 404);
  return c.body(download.pem, 200, {
    "content-type": "application/x-pem-file",
    "content-disposition": `attachment; filename="${download.name}"`,
  });
};
