// POST /api-tokens/:id/revoke: the JSON API refuses the token (401) from the next request on.
import type { Context } from "hono";
import { actorOf, apiTokenMissingPage, idParam } from "../../../lib/console/accounts.tsx";
import { revokeApiToken } from "../../../lib/apiTokens.ts";
import type { AppEnv } from "../../../lib/http/env.ts";

export const POST = async (c: Context<AppEnv>) => {
  const id = idParam(c.req.param("id"));
  const revoked = id === undefined ? undefined : await revokeApiToken(c.get("services"), actorOf(c), id);
  if (!revoked) return apiTokenMissingPage(c);
  return c.redirect("/api-tokens?revoked=1", 303);
};
