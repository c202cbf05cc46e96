// Log and firmware jobs with their status timelines.
import { firmwareOfJob } from "../db/firmware.ts";
import {
  jobById,
  listJobPage,
  listJobs,
  statusesOfJobs,
  type JobKind,
  type JobStatus,
  type StationJob,
} from "../db/securityEvents.ts";
import { listUploadSlots } from "../db/uploads.ts";
import { firmwareView } from "./firmware.ts";
import type { Page } from "./http/api.ts";
import type { Services } from "./services.ts";
import { uploadView } from "./uploads.ts";

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

export interface JobView {
  id: number;
  kind: JobKind;
  stationId: string;
  /** The request as sent (its requestId is the job id). */
  request: unknown;
  /** The station's answer (Accepted, Rejected, ...), or null while there is none. */
  answer: string | null;
  createdAt: string;
  createdBy: string;
  /** The status notifications for the job, in the order they arrived. */
  timeline: { status: string; at: string }[];
}

function jobView(job: StationJob, statuses: JobStatus[]): JobView {
  return {
    id: job.id,
    kind: job.kind,
    stationId: job.stationId,
    request: JSON.parse(job.request),
    answer: job.answer,
    createdAt: job.createdAt,
    createdBy: job.createdBy,
    timeline: statuses.filter((s) => s.jobId === job.id).map(({ status, at }) => ({ status, at })),
  };
}

/** One page of jobs (both kinds unless `kind` is given), newest first, each with its timeline. */
export async function jobPage(services: Services, filter: { kind?: JobKind; stationId?: string }, page: Page) {
  const { jobs, statuses, total } = await listJobPage(services.database.db, filter, page);
  return { items: jobs.map((job) => jobView(job, statuses)), total };
}

/** A job with its timeline and its files: the uploads of a log job, the firmware file of a firmware job. */
export async function jobDetail(services: Services, id: number) {
  const { db } = services.database;
  const job = await jobById(db, id);
  if (!job) return undefined;
  const [statuses, uploads, firmware] = await Promise.all([
    statusesOfJobs(db, [job.id]),
    job.kind === "log" ? listUploadSlots(db, { jobId: job.id }, { limit: 100, offset: 0 }) : undefined,
    job.kind === "firmware" ? firmwareOfJob(db, job.id) : undefined,
  ]);
  return {
    job: jobView(job, statuses),
    uploads: (uploads?.items ?? []).map(uploadView),
    firmware: firmware && { ...firmwareView(firmware.file), downloads: firmware.downloads },
  };
}
