// GET /id-tags?q=&page=: id tags in tag order, searchable; POST /id-tags: add a tag (admin).
import type { Context } from "hono";
import { requireAdmin } from "../../lib/console/auth.ts";
import { ListSummary, Pager } from "../../lib/console/lists.tsx";
import {
  addIdTagFromForm,
  emptyIdTag,
  IdTagForm,
  idTagListPage,
  IdTagSearch,
  IdTagTable,
  parseIdTagQuery,
  type IdTagValues,
} from "../../lib/console/idTags.tsx";
import { Notice, page, type FieldErrors } from "../../lib/console/layout.tsx";
import { idTagHref } from "../../lib/console/transactions.tsx";
import type { AppEnv } from "../../lib/http/env.ts";

async function listPage(c: Context<AppEnv>, form: { values: IdTagValues; errors?: FieldErrors }, status?: 400) {
  const session = c.get("operatorSession");
  const query = parseIdTagQuery((name) => c.req.query(name));
  const { items, total } = await idTagListPage(c.get("services"), query);
  const deleted = c.req.query("deleted");
  return page(
    c,
    { title: "Id tags", current: "/id-tags", status },
    <>
      <h1>Id tags</h1>
      {deleted && <Notice kind="ok">Id tag {deleted} deleted.</Notice>}
      <p class="muted">
        The tags stations may start transactions with (OCPP Authorize). A tag not listed here is refused as Invalid.
      </p>
      <IdTagSearch values={query.values} />
      <ListSummary noun="Id tags" total={total} page={query.page} empty="No id tag matches." />
      <IdTagTable items={items} />
      <Pager path="/id-tags" values={query.values} page={query.page} total={total} pastEnd />
      {session.role === "admin" && <IdTagForm session={session} values={form.values} errors={form.errors} />}
    </>,
  );
}

export const GET = (c: Context<AppEnv>) => listPage(c, { values: emptyIdTag });

export const POST = [
  requireAdmin,
  async (c: Context<AppEnv>) => {
    const outcome = await addIdTagFromForm(c.get("services"), await c.req.parseBody());
    if (outcome.kind === "invalid") return listPage(c, outcome, 400);
    if (outcome.kind === "not_found") return c.notFound();
    return c.redirect(`${idTagHref(outcome.idTag)}?saved=created`, 303);
  },
];
