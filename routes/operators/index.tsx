// GET /operators: the operators (admin); POST /operators: add one, with a given or a generated password (shown once).
import type { Context } from "hono";
import { actorOf, emptyNewOperator, formText, operatorCreatedPage, operatorsPage } from "../../lib/console/accounts.tsx";
import type { AppEnv } from "../../lib/http/env.ts";
import { createOperatorAccount } from "../../lib/operators.ts";

export const GET = (c: Context<AppEnv>) => operatorsPage(c, { values: emptyNewOperator });

export const POST = async (c: Context<AppEnv>) => {
  const body = await c.req.parseBody();
  const input = { username: formText(body, "username"), role: formText(body, "role"), password: formText(body, "password") };
  const outcome = await createOperatorAccount(c.get("services"), actorOf(c), input);
  if (outcome.kind === "invalid") return operatorsPage(c, { values: { username: input.username, role: input.role }, errors: outcome.errors }, 400);
  return operatorCreatedPage(c, outcome.operator, outcome.generatedPassword);
};
