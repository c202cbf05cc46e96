// GET /certificates/ca: Joule's ECDSA and RSA CA certificates with a PEM download for each.
import type { Context } from "hono";
import { CaBody, caViews } from "../../../lib/console/certificates.tsx";
import { page } from "../../../lib/console/layout.tsx";
import type { AppEnv } from "../../../lib/http/env.ts";

export const GET = (c: Context<AppEnv>) => page(c, { title: "Joule's CA", current: "/certificates" }, <CaBody cas={caViews(c.get("services"))} />);
