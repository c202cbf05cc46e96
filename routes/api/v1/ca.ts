// GET /api/v1/ca: Joule's CA certificates (PEM bundle), for setting stations up to trust the server. Public.
import type { Context } from "hono";
import type { AppEnv } from "../../../lib/http/env.ts";

export const GET = (c: Context<AppEnv>) =>
  c.body(c.get("services").tls.caCertificates().join(""), 200, { "content-type": "application/x-pem-file" });
