// DELETE /api/v1/trust-anchors/{fingerprint}: stations whose certificate only this anchor vouched for are disconnected.
import type { Context } from "hono";
import { apiError } from "../../../../lib/http/api.ts";
import type { AppEnv } from "../../../../lib/http/env.ts";
import { removeAnchor } from "../../../../lib/trustAnchors.ts";

export const DELETE = async (c: Context<AppEnv>) => {
  const removed = await removeAnchor(c.get("services"), c.req.param("fingerprint")!, c.get("apiClient"));
  return removed ? c.body(null, 204) : apiError(c, 404, "No trust anchor with this fingerprint");
};
