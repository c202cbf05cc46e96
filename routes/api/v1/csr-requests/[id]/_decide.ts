import type { Context } from "hono";
import * as v from "valibot";
import { decideCsr } from "../../../../../lib/certificates.ts";
import { apiError, parseJsonBody } from "../../../../../lib/http/api.ts";
import type { AppEnv } from "../../../../../lib/http/env.ts";

const DecisionInput = v.strictObject({ reason: v.optional(v.pipe(v.string("reason must be a string"), v.maxLength(500)), "") });

/** Approve (sign and send CertificateSigned) or reject a pending CSR. */
export async function decide(c: Context<AppEnv>, decision: "approve" | "reject") {
  const id = Number(c.req.param("id"));
  if (!Number.isSafeInteger(id) || id <= 0) return apiError(c, 404, "No such CSR request");
  const empty = (await c.req.text()).trim() === "";
  const input = empty ? { reason: "" } : await parseJsonBody(c, DecisionInput);
  if (input instanceof Response) return input;
  const result = await decideCsr(c.get("services"), id, decision, c.get("apiClient"), input.reason);
  switch (result.kind) {
    case "not_found":
      return apiError(c, 404, "No such CSR request");
    case "not_pending":
      return apiError(c, 409, "This CSR request is not pending");
    case "done":
      return c.json(result.request);
  }
}
