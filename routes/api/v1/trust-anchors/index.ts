// GET /api/v1/trust-anchors, POST /api/v1/trust-anchors {pem}: CA certificates trusted for station client certificates.
import type { Context } from "hono";
import * as v from "valibot";
import { apiError, parseJsonBody } from "../../../../lib/http/api.ts";
import type { AppEnv } from "../../../../lib/http/env.ts";
import { addAnchor, anchorView, trustAnchorList } from "../../../../lib/trustAnchors.ts";

const AnchorInput = v.strictObject({ pem: v.pipe(v.string("pem must be a PEM certificate"), v.maxLength(20_000, "pem is too long")) });

export const GET = async (c: Context<AppEnv>) => c.json(await trustAnchorList(c.get("services")));

export const POST = async (c: Context<AppEnv>) => {
  const input = await parseJsonBody(c, AnchorInput);
  if (input instanceof Response) return input;
  const result = await addAnchor(c.get("services"), input.pem, c.get("apiClient"));
  switch (result.kind) {
    case "invalid":
      return apiError(c, 400, result.message, "pem");
    case "exists":
      return apiError(c, 409, "This certificate is a trust anchor already", "pem");
    case "added": {
      const { fingerprint, subject, notBefore, notAfter } = anchorView(result.anchor);
      return c.json({ fingerprint, subject, notBefore, notAfter }, 201);
    }
  }
};
