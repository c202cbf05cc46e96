// POST /operators/:id/role: make the operator admin or viewer (the last enabled admin stays admin).
import type { Context } from "hono";
import { actorOf, changeErrors, formText, idParam, operatorHref, operatorPage } from "../../../lib/console/accounts.tsx";
import type { AppEnv } from "../../../lib/http/env.ts";
import { changeOperatorRole, isOperatorRole } from "../../../lib/operators.ts";

export const POST = async (c: Context<AppEnv>) => {
  const id = idParam(c.req.param("id"));
  const role = formText(await c.req.parseBody(), "role");
  if (id === undefined) return operatorPage(c, id);
  if (!isOperatorRole(role)) return operatorPage(c, id, { errors: { role: "Choose admin or viewer" } }, 400);
  const outcome = await changeOperatorRole(c.get("services"), actorOf(c), id, role);
  if (outcome === "missing") return operatorPage(c, undefined);
  if (outcome !== "ok" && outcome !== "unchanged") return operatorPage(c, id, { errors: changeErrors(outcome, "role"), role }, 409);
  return c.redirect(outcome === "ok" ? `${operatorHref(id)}?done=role` : operatorHref(id), 303);
};
