// GET /health: 200 once the server is ready and its database answers, 503 otherwise.
import type { Context } from "hono";
import type { AppEnv } from "../lib/http/env.ts";
import { version } from "../lib/version.ts";

export const GET = async (c: Context<AppEnv>) => {
  const { lifecycle, database } = c.get("services");
  const databaseState = (await database.answers()) ? "ok" : "unavailable";
  const ready = lifecycle.ready && databaseState === "ok";
  return c.json({ status: ready ? "ok" : "unavailable", version, database: databaseState }, ready ? 200 : 503);
};
