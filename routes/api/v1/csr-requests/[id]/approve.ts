// POST /api/v1/csr-requests/{id}/approve: issue the certificate and send it with CertificateSigned.
import type { Context } from "hono";
import type { AppEnv } from "../../../../../lib/http/env.ts";
import { decide } from "./_decide.ts";

export const POST = (c: Context<AppEnv>) => decide(c, "approve");
