// GET /jobs?kind=firmware|log&stationId=&page=: firmware and log jobs with their latest status.
// POST /jobs: request a log upload (GetLog) from a station (admin).
import type { Context } from "hono";
import { requireAdmin } from "../../lib/console/auth.ts";
import {
  emptyLogRequest,
  JobFilters,
  JobTable,
  LogRequestForm,
  logRequestFromForm,
  parseJobQuery,
  SentNotice,
  sentJob,
  type LogRequestValues,
} from "../../lib/console/jobs.tsx";
import { pageSize } from "../../lib/console/lists.tsx";
import { page, type FieldErrors } from "../../lib/console/layout.tsx";
import type { AppEnv } from "../../lib/http/env.ts";
import { jobPage } from "../../lib/jobs.ts";
import { publicBaseUrl } from "../api/v1/stations/[id]/_transfers.ts";

async function listPage(c: Context<AppEnv>, form?: { values: LogRequestValues; errors: FieldErrors; status: 400 | 409 }) {
  const session = c.get("operatorSession");
  const services = c.get("services");
  const query = parseJobQuery((name) => c.req.query(name));
  const [{ items, total }, sent] = await Promise.all([
    jobPage(services, query.filter, { limit: pageSize, offset: (query.page - 1) * pageSize }),
    form ? undefined : sentJob(services, c.req.query("requested"), "log"),
  ]);
  return page(
    c,
    { title: "Firmware & log jobs", current: "/jobs", status: form?.status },
    <>
      <h1>Firmware &amp; log jobs</h1>
      <SentNotice job={sent} />
      <p>
        <a href="/jobs/firmware">Firmware files and signed updates</a>
      </p>
      <JobFilters values={query.values} />
      <JobTable items={items} total={total} query={query} />
      {session.role === "admin" && (
        <LogRequestForm session={session} values={form?.values ?? emptyLogRequest(query.values.stationId)} errors={form?.errors} />
      )}
    </>,
  );
}

export const GET = (c: Context<AppEnv>) => listPage(c);

export const POST = [
  requireAdmin,
  async (c: Context<AppEnv>) => {
    const actor = `operator:${c.get("operatorSession").username}`;
    const outcome = await logRequestFromForm(c.get("services"), await c.req.parseBody(), publicBaseUrl(c), actor);
    if (outcome.kind === "invalid") return listPage(c, outcome);
    return c.redirect(`/jobs?kind=log&requested=${outcome.jobId}`, 303);
  },
];
