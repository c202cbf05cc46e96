// GET /account: the operator's own account; POST /account: change the own password (ends the other sessions).
import type { Context } from "hono";
import { accountPage, actorOf, formText } from "../lib/console/accounts.tsx";
import type { AppEnv } from "../lib/http/env.ts";
import { changeOwnPassword } from "../lib/operators.ts";

export const GET = (c: Context<AppEnv>) => accountPage(c, { changed: c.req.query("changed") === "1" });

export const POST = async (c: Context<AppEnv>) => {
  const body = await c.req.parseBody();
  const outcome = await changeOwnPassword(c.get("services"), actorOf(c), {
    currentPassword: formText(body, "currentPassword"),
    newPassword: formText(body, "newPassword"),
    repeatPassword: formText(body, "repeatPassword"),
  });
  if (outcome.kind === "busy") return accountPage(c, { message: "Too many attempts at once: wait a moment and try again" }, 429);
  if (outcome.kind === "invalid") return accountPage(c, { errors: outcome.errors }, 400);
  return c.redirect("/account?changed=1", 303);
};
