// POST /logout: ends the session (the console middleware has checked it and its CSRF token).
import type { Context } from "hono";
import { auditOperator, endSession } from "../lib/console/auth.ts";
import type { AppEnv } from "../lib/http/env.ts";

export const POST = async (c: Context<AppEnv>) => {
  const session = c.get("operatorSession");
  await endSession(c, session);
  await auditOperator(c.get("services"), "operator_logout", session.username, c.get("connection").remoteAddress, "logged out");
  return c.redirect("/login", 303);
};
