// GET /fragments/stations: the station table alone (same filters as /stations), for htmx polling.
import type { Context } from "hono";
import { filteredStationPage } from "../../lib/console/fleet.ts";
import { fragment } from "../../lib/console/layout.tsx";
import { pageSize } from "../../lib/console/lists.tsx";
import { parseStationQuery, StationTable } from "../../lib/console/stations.tsx";
import type { AppEnv } from "../../lib/http/env.ts";

export const GET = async (c: Context<AppEnv>) => {
  const query = parseStationQuery((name) => c.req.query(name));
  const { items, total } = await filteredStationPage(c.get("services"), query.filter, {
    limit: pageSize,
    offset: (query.page - 1) * pageSize,
  });
  return fragment(c, <StationTable items={items} total={total} query={query} />);
};
