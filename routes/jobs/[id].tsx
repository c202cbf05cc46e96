// GET /jobs/:id: a firmware or log job: status timeline, the request sent, the station's answer, its files.
// With HX-Request only the live part (timeline and uploads), which the page polls.
import type { Context } from "hono";
import { JobDetailBody, JobLive } from "../../lib/console/jobs.tsx";
import { fragment, page } from "../../lib/console/layout.tsx";
import type { AppEnv } from "../../lib/http/env.ts";
import { jobDetail } from "../../lib/jobs.ts";

export const GET = async (c: Context<AppEnv>) => {
  const id = c.req.param("id") ?? "";
  const detail = /^\d{1,9}$/.test(id) ? await jobDetail(c.get("services"), Number(id)) : undefined;
  if (!detail) {
    return page(
      c,
      { title: "Unknown job", current: "/jobs", status: 404 },
      <>
        <h1>Unknown job</h1>
        <p>
          There is no job <code>{id}</code>. <a href="/jobs">Back to the jobs</a>
        </p>
      </>,
    );
  }
  if (c.req.header("hx-request")) return fragment(c, <JobLive detail={detail} />);
  return page(c, { title: `Job #${detail.job.id}`, current: "/jobs" }, <JobDetailBody detail={detail} />);
};
