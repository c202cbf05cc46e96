// GET /stations/batch: the form to add many stations by a list of ids; POST: adds them and reports each id (admin).
import type { Context } from "hono";
import { requireAdmin } from "../../lib/console/auth.ts";
import { page, type FieldErrors } from "../../lib/console/layout.tsx";
import { addStationBatchFromForm, BatchForm, BatchResult, emptyBatch, type BatchLine, type BatchValues } from "../../lib/console/stations.tsx";
import type { AppEnv } from "../../lib/http/env.ts";

function batchPage(c: Context<AppEnv>, form: { values: BatchValues; errors?: FieldErrors }, lines?: BatchLine[], status?: 400) {
  return page(
    c,
    { title: "Add stations by list", current: "/stations", status },
    <>
      <p>
        <a href="/stations">← Stations</a>
      </p>
      <h1>Add stations by list</h1>
      {lines && <BatchResult lines={lines} />}
      <BatchForm session={c.get("operatorSession")} values={form.values} errors={form.errors} />
    </>,
  );
}

export const GET = (c: Context<AppEnv>) => {
  if (c.get("operatorSession").role !== "admin") {
    return page(
      c,
      { title: "Add stations by list", current: "/stations", status: 403 },
      <>
        <h1>Add stations by list</h1>
        <p>Adding stations needs the admin role.</p>
        <p>
          <a href="/stations">Back to the stations</a>
        </p>
      </>,
    );
  }
  return batchPage(c, { values: emptyBatch });
};

export const POST = [
  requireAdmin,
  async (c: Context<AppEnv>) => {
    const outcome = await addStationBatchFromForm(c.get("services"), await c.req.parseBody());
    if (outcome.kind === "invalid") return batchPage(c, outcome, undefined, 400);
    return batchPage(c, { values: outcome.values }, outcome.lines);
  },
];
