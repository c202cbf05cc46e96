// GET /stations: filtered, paged list with live connection state; POST /stations: add a station (admin).
import type { Context } from "hono";
import { requireAdmin } from "../../lib/console/auth.ts";
import { filteredStationPage } from "../../lib/console/fleet.ts";
import { page, type FieldErrors } from "../../lib/console/layout.tsx";
import {
  AddStationForm,
  addStationFromForm,
  emptyAddStation,
  pageSize,
  parseStationQuery,
  StationFilters,
  stationHref,
  StationTable,
  type AddStationValues,
} from "../../lib/console/stations.tsx";
import type { AppEnv } from "../../lib/http/env.ts";

async function listPage(c: Context<AppEnv>, form: { values: AddStationValues; errors?: FieldErrors }, status?: 400) {
  const session = c.get("operatorSession");
  const query = parseStationQuery((name) => c.req.query(name));
  const { items, total } = await filteredStationPage(c.get("services"), query.filter, {
    limit: pageSize,
    offset: (query.page - 1) * pageSize,
  });
  return page(
    c,
    { title: "Stations", current: "/stations", status },
    <>
      <h1>Stations</h1>
      <StationFilters values={query.values} />
      <StationTable items={items} total={total} query={query} />
      {session.role === "admin" && <AddStationForm session={session} values={form.values} errors={form.errors} />}
    </>,
  );
}

export const GET = (c: Context<AppEnv>) => listPage(c, { values: emptyAddStation });

export const POST = [
  requireAdmin,
  async (c: Context<AppEnv>) => {
    const actor = `operator:${c.get("operatorSession").username}`;
    const outcome = await addStationFromForm(c.get("services"), await c.req.parseBody(), actor);
    if (outcome.kind === "invalid") return listPage(c, outcome, 400);
    return c.redirect(stationHref(outcome.id), 303);
  },
];
