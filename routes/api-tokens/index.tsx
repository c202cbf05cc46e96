// GET /api-tokens: the JSON API's tokens (admin); POST /api-tokens: create one, shown once.
import type { Context } from "hono";
import { actorOf, apiTokenCreatedPage, apiTokensPage, formText } from "../../lib/console/accounts.tsx";
import { createApiToken } from "../../lib/apiTokens.ts";
import type { AppEnv } from "../../lib/http/env.ts";

export const GET = (c: Context<AppEnv>) => apiTokensPage(c, { revoked: c.req.query("revoked") === "1" });

export const POST = async (c: Context<AppEnv>) => {
  const name = formText(await c.req.parseBody(), "name");
  const outcome = await createApiToken(c.get("services"), actorOf(c), name);
  if (outcome.kind === "invalid") return apiTokensPage(c, { name, errors: outcome.errors }, 400);
  return apiTokenCreatedPage(c, outcome.listing, outcome.token);
};
