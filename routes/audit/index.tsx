// GET /audit?kind=&stationId=&from=&to=&page=: handshake refusals, credential, profile and trust changes, operator logins.
import type { Context } from "hono";
import { AuditFilters, auditPage, AuditTable, parseAuditQuery } from "../../lib/console/events.tsx";
import { ListSummary, Pager } from "../../lib/console/lists.tsx";
import { page } from "../../lib/console/layout.tsx";
import type { AppEnv } from "../../lib/http/env.ts";

export const GET = async (c: Context<AppEnv>) => {
  const query = parseAuditQuery((name) => c.req.query(name));
  const { items, total, kinds } = await auditPage(c.get("services"), query);
  return page(
    c,
    { title: "Audit log", current: "/audit" },
    <>
      <h1>Audit log</h1>
      <AuditFilters values={query.values} kinds={kinds} />
      <ListSummary noun="Entries" total={total} page={query.page} empty="No audit entry matches." />
      <AuditTable items={items} />
      <Pager path="/audit" values={query.values} page={query.page} total={total} pastEnd />
    </>,
  );
};
