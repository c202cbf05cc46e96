// GET /security-events?stationId=&type=&critical=yes|no&from=&to=&page=: what stations reported, newest first.
import type { Context } from "hono";
import { parseSecurityEventQuery, SecurityEventFilters, securityEventPage, SecurityEventTable } from "../../lib/console/events.tsx";
import { page } from "../../lib/console/layout.tsx";
import { ListSummary, Pager } from "../../lib/console/lists.tsx";
import type { AppEnv } from "../../lib/http/env.ts";

export const GET = async (c: Context<AppEnv>) => {
  const query = parseSecurityEventQuery((name) => c.req.query(name));
  const { items, total, types } = await securityEventPage(c.get("services"), query);
  return page(
    c,
    { title: "Security events", current: "/security-events" },
    <>
      <h1>Security events</h1>
      <p class="muted">
        Reported by stations with SecurityEventNotification. Critical types are those the Security Whitepaper marks as
        critical.
      </p>
      <SecurityEventFilters values={query.values} types={types} />
      <ListSummary noun="Events" total={total} page={query.page} empty="No security event matches." />
      <SecurityEventTable items={items} />
      <Pager path="/security-events" values={query.values} page={query.page} total={total} pastEnd />
    </>,
  );
};
