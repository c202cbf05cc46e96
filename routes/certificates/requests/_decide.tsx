// Approve or reject a pending CSR from the console, as POST /api/v1/csr-requests/{id}/approve|reject do.
import type { Context } from "hono";
import { actorOf, decideFromForm } from "../../../lib/console/certificates.tsx";
import type { AppEnv } from "../../../lib/http/env.ts";
import { requestsPage } from "./_page.tsx";

export async function decide(c: Context<AppEnv>, decision: "approve" | "reject") {
  const outcome = await decideFromForm(c.get("services"), c.req.param("id") ?? "", decision, await c.req.parseBody(), actorOf(c.get("operatorSession")));
  switch (outcome.kind) {
    case "invalid":
      return requestsPage(c, { kind: "bad", text: outcome.message }, 400);
    case "not_found":
      return requestsPage(c, { kind: "bad", text: "There is no such signing request." }, 404);
    case "not_pending":
      return requestsPage(c, { kind: "bad", text: "This signing request is not pending any more: someone decided it already." }, 409);
    case "done":
      return c.redirect(`/certificates/requests?decided=${outcome.request.id}`, 303);
  }
}
