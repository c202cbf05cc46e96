// GET /operators/:id: one operator with its actions (role, disable/enable, password reset).
import type { Context } from "hono";
import { idParam, operatorDone, operatorPage } from "../../lib/console/accounts.tsx";
import type { AppEnv } from "../../lib/http/env.ts";

export const GET = (c: Context<AppEnv>) => operatorPage(c, idParam(c.req.param("id")), { done: operatorDone(c.req.query("done")) });
