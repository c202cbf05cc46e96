// GET /certificates/server: the server's TLS certificates; POST (admin): replace one from a pasted or uploaded chain
// and key, as PUT /api/v1/tls/server-certificate does. The key is never put back into the page.
import type { Context } from "hono";
import { requireAdmin } from "../../lib/console/auth.ts";
import { actorOf, replaceServerFromForm, ServerBody, type ServerState } from "../../lib/console/certificates.tsx";
import { page } from "../../lib/console/layout.tsx";
import type { AppEnv } from "../../lib/http/env.ts";
import { serverCertificateViews } from "../../lib/tls/serverCertificate.ts";

function serverPage(c: Context<AppEnv>, state: ServerState, status?: 400) {
  return page(
    c,
    { title: "Server certificate", current: "/certificates", status },
    <ServerBody session={c.get("operatorSession")} views={serverCertificateViews(c.get("services"))} state={state} />,
  );
}

export const GET = (c: Context<AppEnv>) => {
  const replaced = c.req.query("replaced");
  const notice =
    replaced === "ecdsa" || replaced === "rsa"
      ? { kind: "ok" as const, text: `The ${replaced.toUpperCase()} server certificate was replaced: new TLS handshakes get it.` }
      : undefined;
  return serverPage(c, { notice });
};

export const POST = [
  requireAdmin,
  async (c: Context<AppEnv>) => {
    const outcome = await replaceServerFromForm(c.get("services"), await c.req.parseBody(), actorOf(c.get("operatorSession")));
    if (outcome.kind === "invalid") return serverPage(c, { values: outcome.values, errors: outcome.errors }, 400);
    return c.redirect(`/certificates/server?replaced=${outcome.certificateKind}`, 303);
  },
];
