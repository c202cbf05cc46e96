// POST /api/v1/stations/{id}/log-requests: GetLog. Without remoteLocation the station uploads to a one-time URL of
// Joule's (uploadUrl); the answer carries the requestId (= log job id) and the station's answer.
import type { Context } from "hono";
import * as v from "valibot";
import { parseJsonBody } from "../../../../../lib/http/api.ts";
import type { AppEnv } from "../../../../../lib/http/env.ts";
import { requestLog } from "../../../../../lib/uploads.ts";
import { dateTimeField, failedCall, integerField, publicBaseUrl, urlField } from "./_transfers.ts";

const LogRequestInput = v.strictObject({
  logType: v.picklist(["DiagnosticsLog", "SecurityLog"], "logType must be DiagnosticsLog or SecurityLog"),
  oldestTimestamp: v.optional(dateTimeField("oldestTimestamp")),
  latestTimestamp: v.optional(dateTimeField("latestTimestamp")),
  retries: v.optional(integerField("retries")),
  retryInterval: v.optional(integerField("retryInterval")),
  remoteLocation: v.optional(urlField("remoteLocation", 512)),
});

export const POST = async (c: Context<AppEnv>) => {
  const input = await parseJsonBody(c, LogRequestInput);
  if (input instanceof Response) return input;
  const { outcome, upload } = await requestLog(c.get("services"), c.req.param("id")!, input, publicBaseUrl(c), c.get("apiClient"));
  if (outcome.kind !== "result") return failedCall(c, "GetLog", outcome);
  return c.json({ requestId: outcome.requestId, result: outcome.payload, ...(upload && { uploadId: upload.id, uploadUrl: upload.url }) });
};
