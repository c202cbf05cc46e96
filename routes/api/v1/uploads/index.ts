// GET /api/v1/uploads?stationId=&jobId=&limit=&offset=: the one-time upload URLs Joule handed out for GetLog (jobId =
// the log job) and GetDiagnostics, and what arrived on them (fileName, size, uploadedAt). Never the tokens.
import type { Context } from "hono";
import { apiError, parsePage } from "../../../../lib/http/api.ts";
import type { AppEnv } from "../../../../lib/http/env.ts";
import { uploadList } from "../../../../lib/uploads.ts";

export const GET = async (c: Context<AppEnv>) => {
  const page = parsePage(c);
  if (page instanceof Response) return page;
  const jobId = c.req.query("jobId") || undefined;
  if (jobId !== undefined && !/^\d+$/.test(jobId)) return apiError(c, 400, "jobId must be a whole number", "jobId");
  const filter = { stationId: c.req.query("stationId") || undefined, jobId: jobId === undefined ? undefined : Number(jobId) };
  return c.json(await uploadList(c.get("services"), filter, page));
};
