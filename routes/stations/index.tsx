// GET /stations: filtered, paged list with live connection state; POST /stations: add a station (admin).
import type { Context } from "hono";
import { requireAdmin } from "../../lib/console/auth.ts";
import { bootFilterOptions, filteredStationPage, unknownStationTotal } from "../../lib/console/fleet.ts";
import { page, type FieldErrors } from "../../lib/console/layout.tsx";
import { pageSize, stationHref } from "../../lib/console/lists.tsx";
import {
  AddStationForm,
  addStationFromForm,
  emptyAddStation,
  parseStationQuery,
  StationFilters,
  StationTable,
  type AddStationValues,
} from "../../lib/console/stations.tsx";
import type { AppEnv } from "../../lib/http/env.ts";

async function listPage(c: Context<AppEnv>, form: { values: AddStationValues; errors?: FieldErrors }, status?: 400) {
  const session = c.get("operatorSession");
  const services = c.get("services");
  const query = parseStationQuery((name) => c.req.query(name));
  const [{ items, total }, options, unknown] = await Promise.all([
    filteredStationPage(services, query.filter, { limit: pageSize, offset: (query.page - 1) * pageSize }),
    bootFilterOptions(services, query.filter.vendor),
    unknownStationTotal(services),
  ]);
  return page(
    c,
    { title: "Stations", current: "/stations", status },
    <>
      <h1>Stations</h1>
      <p class="links">
        <a href="/unknown-stations">Unknown stations ({unknown})</a>
        {session.role === "admin" && <a href="/stations/batch">Add stations by list</a>}
      </p>
      <StationFilters values={query.values} vendors={options.vendors} models={options.models} />
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
