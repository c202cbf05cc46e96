// POST /operators/:id/enable: a disabled operator can log in again.
import type { Context } from "hono";
import { actorOf, idParam, operatorHref, operatorPage } from "../../../lib/console/accounts.tsx";
import type { AppEnv } from "../../../lib/http/env.ts";
import { setOperatorEnabled } from "../../../lib/operators.ts";

export const POST = async (c: Context<AppEnv>) => {
  const id = idParam(c.req.param("id"));
  if (id === undefined) return operatorPage(c, id);
  const outcome = await setOperatorEnabled(c.get("services"), actorOf(c), id, true);
  if (outcome === "missing") return operatorPage(c, undefined);
  return c.redirect(outcome === "ok" ? `${operatorHref(id)}?done=enabled` : operatorHref(id), 303);
};
