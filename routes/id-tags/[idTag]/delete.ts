// POST /id-tags/:idTag/delete (admin, confirmed on the tag page): deletes the tag unless other tags name it as parent.
import type { Context } from "hono";
import { requireAdmin } from "../../../lib/console/auth.ts";
import { deleteIdTagFromConsole, idTagListHref, renderIdTagPage } from "../../../lib/console/idTags.tsx";
import type { AppEnv } from "../../../lib/http/env.ts";

export const POST = [
  requireAdmin,
  async (c: Context<AppEnv>) => {
    const idTag = c.req.param("idTag") ?? "";
    const outcome = await deleteIdTagFromConsole(c.get("services"), idTag);
    if (outcome.kind === "refused") return renderIdTagPage(c, { refused: outcome.message, status: 409 });
    if (outcome.kind === "not_found") return renderIdTagPage(c);
    return c.redirect(idTagListHref({ deleted: idTag }), 303);
  },
];
