// GET /api/v1/firmware: uploaded firmware files with their signature and downloads per job.
// POST /api/v1/firmware (multipart/form-data: file, optional signature (base64) + signingCertificate (PEM)): stores a
// firmware file. A given signature must verify over the file; without one Joule signs it with its own key.
import type { Context } from "hono";
import { apiError } from "../../../../lib/http/api.ts";
import type { AppEnv } from "../../../../lib/http/env.ts";
import { firmwareList, firmwareView, receiveFirmware } from "../../../../lib/firmware.ts";

export const GET = async (c: Context<AppEnv>) => c.json(await firmwareList(c.get("services")));

export const POST = async (c: Context<AppEnv>) => {
  const outcome = await receiveFirmware(c.get("services"), {
    contentType: c.req.header("content-type"),
    contentLength: c.req.header("content-length"),
    body: c.req.raw.body,
  });
  switch (outcome.kind) {
    case "stored":
      return c.json(firmwareView(outcome.file), 201);
    case "invalid":
      return apiError(c, 400, outcome.message, outcome.field);
    case "too_large":
      return c.json({ message: `The file is larger than ${outcome.maxBytes} bytes (JOULE_MAX_FIRMWARE_BYTES)` }, 413);
  }
};
