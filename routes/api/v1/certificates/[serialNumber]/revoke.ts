// POST /api/v1/certificates/{serialNumber}/revoke {reason?}: the next handshake with it fails, a station using it now
// is disconnected.
import type { Context } from "hono";
import * as v from "valibot";
import { apiError, parseJsonBody } from "../../../../../lib/http/api.ts";
import type { AppEnv } from "../../../../../lib/http/env.ts";
import { revokeCertificate } from "../../../../../lib/trustAnchors.ts";

const RevokeInput = v.strictObject({ reason: v.optional(v.pipe(v.string("reason must be a string"), v.maxLength(500)), "") });

export const POST = async (c: Context<AppEnv>) => {
  const empty = (await c.req.text()).trim() === "";
  const input = empty ? { reason: "" } : await parseJsonBody(c, RevokeInput);
  if (input instanceof Response) return input;
  const certificate = await revokeCertificate(c.get("services"), c.req.param("serialNumber")!, input.reason, c.get("apiClient"));
  if (!certificate) return apiError(c, 404, "No certificate issued by Joule has this serial number");
  return c.json({ serialNumber: certificate.serialNumber, stationId: certificate.stationId, revokedAt: certificate.revokedAt });
};
