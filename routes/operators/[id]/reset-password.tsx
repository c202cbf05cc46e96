// POST /operators/:id/reset-password: a generated password, shown once on the answer; the operator's sessions end.
import type { Context } from "hono";
import { actorOf, idParam, operatorPage, passwordResetPage } from "../../../lib/console/accounts.tsx";
import type { AppEnv } from "../../../lib/http/env.ts";
import { resetOperatorPassword } from "../../../lib/operators.ts";

export const POST = async (c: Context<AppEnv>) => {
  const id = idParam(c.req.param("id"));
  const outcome = id === undefined ? undefined : await resetOperatorPassword(c.get("services"), actorOf(c), id);
  if (outcome?.kind !== "reset") return operatorPage(c, undefined);
  return passwordResetPage(c, outcome.operator, outcome.password);
};
