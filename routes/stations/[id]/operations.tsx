// GET /stations/:id/operations?action=Reset: the operations panel (action picker and the action's form);
// POST /stations/:id/operations: send the action to the station (admin) and show its answer with the form again.
// With HX-Request the answer is the panel alone (htmx swaps it in place), otherwise a whole page.
import type { Context } from "hono";
import type { Child } from "hono/jsx";
import { requireAdmin } from "../../../lib/console/auth.ts";
import { fragment, page } from "../../../lib/console/layout.tsx";
import { emptyOperation, operationsStation, OperationsPanel, submitOperation, type OperationsView } from "../../../lib/console/operations.tsx";
import { stationHref } from "../../../lib/console/lists.tsx";
import type { AppEnv } from "../../../lib/http/env.ts";

const isHtmx = (c: Context<AppEnv>) => c.req.header("hx-request") === "true";

function render(c: Context<AppEnv>, view: OperationsView, status?: 400) {
  const panel = <OperationsPanel view={view} session={c.get("operatorSession")} />;
  // The layout's htmx configuration swaps 400 answers, so an invalid form shows its errors in place.
  if (isHtmx(c)) return fragment(c, panel, status);
  const body: Child = (
    <>
      <p>
        <a href={stationHref(view.stationId)}>← Station {view.stationId}</a>
      </p>
      <h1>Operations on station {view.stationId}</h1>
      {panel}
    </>
  );
  return page(c, { title: `Operations · ${view.stationId}`, current: "/stations", status }, body);
}

function unknownStation(c: Context<AppEnv>, id: string) {
  const body = (
    <>
      <h1>Unknown station</h1>
      <p>
        There is no station with id <code>{id}</code>. <a href="/stations">Back to the stations</a>
      </p>
    </>
  );
  return isHtmx(c) ? c.html(<>{body}</>, 404) : page(c, { title: "Unknown station", current: "/stations", status: 404 }, body);
}

export const GET = async (c: Context<AppEnv>) => {
  const id = c.req.param("id") ?? "";
  const station = await operationsStation(c.get("services"), id);
  if (!station) return unknownStation(c, id);
  return render(c, emptyOperation(station, c.req.query()));
};

export const POST = [
  requireAdmin,
  async (c: Context<AppEnv>) => {
    const id = c.req.param("id") ?? "";
    const form: Record<string, string> = {};
    for (const [name, value] of Object.entries(await c.req.parseBody())) if (typeof value === "string") form[name] = value;
    const outcome = await submitOperation(c.get("services"), {
      stationId: id,
      form,
      requestedBy: `operator:${c.get("operatorSession").username}`,
    });
    if (outcome.kind === "unknown_station") return unknownStation(c, id);
    return render(c, outcome.view, outcome.kind === "invalid" ? 400 : undefined);
  },
];
