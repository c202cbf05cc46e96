// GET /api/v1/log-jobs?stationId=: jobs created by GetLog (id = requestId) with their status timeline.
import type { Context } from "hono";
import type { AppEnv } from "../../../lib/http/env.ts";
import { jobList } from "../../../lib/jobs.ts";

export const GET = async (c: Context<AppEnv>) =>
  c.json(await jobList(c.get("services"), "log", c.req.query("stationId") || undefined));
