// POST /api/v1/stations/{id}/diagnostics-requests: GetDiagnostics. Without location the station uploads to a one-time
// URL of Joule's (uploadUrl). GetDiagnostics has no requestId, so there is no job; the upload is listed by its id.
import type { Context } from "hono";
import * as v from "valibot";
import { parseJsonBody } from "../../../../../lib/http/api.ts";
import type { AppEnv } from "../../../../../lib/http/env.ts";
import { requestDiagnostics } from "../../../../../lib/uploads.ts";
import { dateTimeField, failedCall, integerField, publicBaseUrl, urlField } from "./_transfers.ts";

const DiagnosticsRequestInput = v.strictObject({
  startTime: v.optional(dateTimeField("startTime")),
  stopTime: v.optional(dateTimeField("stopTime")),
  retries: v.optional(integerField("retries")),
  retryInterval: v.optional(integerField("retryInterval")),
  location: v.optional(urlField("location", 2000)),
});

export const POST = async (c: Context<AppEnv>) => {
  const input = await parseJsonBody(c, DiagnosticsRequestInput);
  if (input instanceof Response) return input;
  const { outcome, upload } = await requestDiagnostics(c.get("services"), c.req.param("id")!, input, publicBaseUrl(c), c.get("apiClient"));
  if (outcome.kind !== "result") return failedCall(c, "GetDiagnostics", outcome);
  return c.json({ result: outcome.payload, ...(upload && { uploadId: upload.id, uploadUrl: upload.url }) });
};
