// POST /api/v1/stations/{id}/firmware-updates: SignedUpdateFirmware for an uploaded firmware file, downloaded from
// Joule with a token of this job's own. Answers the requestId (= firmware job id) and the station's answer.
import type { Context } from "hono";
import * as v from "valibot";
import { apiError, parseJsonBody } from "../../../../../lib/http/api.ts";
import type { AppEnv } from "../../../../../lib/http/env.ts";
import { sendFirmwareUpdate } from "../../../../../lib/firmware.ts";
import { dateTimeField, failedCall, integerField, publicBaseUrl } from "./_transfers.ts";

const FirmwareUpdateInput = v.strictObject({
  firmwareId: v.pipe(v.number("firmwareId must be a number"), v.integer("firmwareId must be a whole number")),
  retrieveDateTime: dateTimeField("retrieveDateTime"),
  installDateTime: v.optional(dateTimeField("installDateTime")),
  retries: v.optional(integerField("retries")),
  retryInterval: v.optional(integerField("retryInterval")),
});

export const POST = async (c: Context<AppEnv>) => {
  const input = await parseJsonBody(c, FirmwareUpdateInput);
  if (input instanceof Response) return input;
  const outcome = await sendFirmwareUpdate(c.get("services"), c.req.param("id")!, input, publicBaseUrl(c), c.get("apiClient"));
  if (outcome.kind === "unknown_firmware") return apiError(c, 400, "No firmware file with this id", "firmwareId");
  if (outcome.kind !== "result") return failedCall(c, "SignedUpdateFirmware", outcome);
  return c.json({ requestId: outcome.requestId, result: outcome.payload });
};
