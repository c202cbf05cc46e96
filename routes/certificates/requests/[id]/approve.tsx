// POST /certificates/requests/:id/approve (admin): sign with Joule's CA and send CertificateSigned to the station.
import type { Context } from "hono";
import { requireAdmin } from "../../../../lib/console/auth.ts";
import type { AppEnv } from "../../../../lib/http/env.ts";
import { decide } from "../_decide.tsx";

export const POST = [requireAdmin, (c: Context<AppEnv>) => decide(c, "approve")];
