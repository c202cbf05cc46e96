// POST /certificates/requests/:id/reject {reason?} (admin)
import type { Context } from "hono";
import { requireAdmin } from "../../../../lib/console/auth.ts";
import type { AppEnv } from "../../../../lib/http/env.ts";
import { decide } from "../_decide.tsx";

export const POST = [requireAdmin, (c: Context<AppEnv>) => decide(c, "reject")];
