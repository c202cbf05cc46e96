// POST /api/v1/csr-requests/{id}/reject {reason?}
import type { Context } from "hono";
import type { AppEnv } from "../../../../../lib/http/env.ts";
import { decide } from "./_decide.ts";

export const POST = (c: Context<AppEnv>) => decide(c, "reject");
