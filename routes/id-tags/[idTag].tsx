// GET /id-tags/:idTag: one tag, with the edit form and delete for admins; POST /id-tags/:idTag: save changes (admin).
import type { Context } from "hono";
import { requireAdmin } from "../../lib/console/auth.ts";
import { changeIdTagFromForm, idTagNotFound, renderIdTagPage } from "../../lib/console/idTags.tsx";
import { idTagHref } from "../../lib/console/transactions.tsx";
import type { AppEnv } from "../../lib/http/env.ts";

export const GET = (c: Context<AppEnv>) => renderIdTagPage(c);

export const POST = [
  requireAdmin,
  async (c: Context<AppEnv>) => {
    const idTag = c.req.param("idTag") ?? "";
    const outcome = await changeIdTagFromForm(c.get("services"), idTag, await c.req.parseBody());
    if (outcome.kind === "not_found") return idTagNotFound(c, idTag);
    if (outcome.kind === "invalid") return renderIdTagPage(c, { form: outcome, status: 400 });
    return c.redirect(`${idTagHref(outcome.idTag)}?saved=changed`, 303);
  },
];
