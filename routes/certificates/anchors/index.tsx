// GET /certificates/anchors: the trust anchors; POST: add one by pasted PEM or uploaded PEM/DER file (admin).
import type { Context } from "hono";
import { requireAdmin } from "../../../lib/console/auth.ts";
import { actorOf, addAnchorFromForm } from "../../../lib/console/certificates.tsx";
import type { AppEnv } from "../../../lib/http/env.ts";
import { anchorsPage } from "./_page.tsx";

const fingerprint = /^[0-9a-f]{64}$/;

export const GET = (c: Context<AppEnv>) => {
  const added = c.req.query("added") ?? "";
  const removed = c.req.query("removed") ?? "";
  const notice = fingerprint.test(added)
    ? { kind: "ok" as const, text: `Trust anchor ${added} added: it applies from the next handshake.` }
    : fingerprint.test(removed)
      ? { kind: "ok" as const, text: `Trust anchor ${removed} removed: stations that depended on it alone were disconnected.` }
      : undefined;
  return anchorsPage(c, { notice });
};

export const POST = [
  requireAdmin,
  async (c: Context<AppEnv>) => {
    const outcome = await addAnchorFromForm(c.get("services"), await c.req.parseBody(), actorOf(c.get("operatorSession")));
    if (outcome.kind === "invalid") return anchorsPage(c, outcome, 400);
    return c.redirect(`/certificates/anchors?added=${outcome.fingerprint}`, 303);
  },
];
