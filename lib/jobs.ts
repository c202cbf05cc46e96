// Log and firmware jobs with their status timelines.
import { listJobs, type JobKind } from "../db/securityEvents.ts";
import type { Services } from "./services.ts";

export async function jobList(services: Services, kind: JobKind, stationId?: string) {
  const { jobs, statuses } = await listJobs(services.database.db, kind, stationId);
  const timelines = new Map<number, { status: string; at: string }[]>();
  const unmatched = [];
  for (const s of statuses) {
    if (s.jobId === null) {
      if (stationId === undefined || s.stationId === stationId) unmatched.push({ stationId: s.stationId, requestId: s.requestId, status: s.status, at: s.at });
      continue;
    }
    const list = timelines.get(s.jobId) ?? [];
    list.push({ status: s.status, at: s.at });
    timelines.set(s.jobId, list);
  }
  const items = jobs.map((job) => ({
    id: job.id,
    requestId: job.id,
    stationId: job.stationId,
    request: JSON.parse(job.request),
    answer: job.answer,
    createdAt: job.createdAt,
    createdBy: job.createdBy,
    timeline: timelines.get(job.id) ?? [],
  }));
  // Statuses naming a requestId Joule never sent are kept, not dropped.
  return { items, total: items.length, unmatchedStatuses: unmatched };
}
