// POST /operators/:id/disable: the operator can no longer log in and is logged out at once.
import type { Context } from "hono";
import { actorOf, changeErrors, idParam, operatorHref, operatorPage } from "../../../lib/console/accounts.tsx";
import type { AppEnv } from "../../../lib/http/env.ts";
import { setOperatorEnabled } from "../../../lib/operators.ts";

export const POST = async (c: Context<AppEnv>) => {
  const id = idParam(c.req.param("id"));
  if (id === undefined) return operatorPage(c, id);
  const outcome = await setOperatorEnabled(c.get("services"), actorOf(c), id, false);
  if (outcome === "missing") return operatorPage(c, undefined);
  if (outcome !== "ok" && outcome !== "unchanged") return operatorPage(c, id, { errors: changeErrors(outcome, "access") }, 409);
  return c.redirect(outcome === "ok" ? `${operatorHref(id)}?done=disabled` : operatorHref(id), 303);
};
