// GET /api/v1/stations/{id}/calls: the calls made to this station and their outcomes, newest first.
import type { Context } from "hono";
import { apiError, parsePage } from "../../../../../../lib/http/api.ts";
import type { AppEnv } from "../../../../../../lib/http/env.ts";
import { stationCallPage } from "../../../../../../lib/stationCalls.ts";

export const GET = async (c: Context<AppEnv>) => {
  const page = parsePage(c);
  if (page instanceof Response) return page;
  const calls = await stationCallPage(c.get("services"), c.req.param("id")!, page);
  return calls ? c.json(calls) : apiError(c, 404, "No such station");
};
