// Security events stations reported, and the status timeline of log and firmware jobs.
import { and, count, desc, eq, gte, inArray, lte, sql } from "drizzle-orm";
import type { Db } from "./index.ts";
import { jobStatuses, securityEvents, stationJobs } from "./schema.ts";
import type { WriteStatement } from "./writer.ts";

export function insertSecurityEvent(
  e: { stationId: string; type: string; timestamp: string; techInfo?: string; critical: boolean },
  at: string,
): WriteStatement {
  return {
    sql: `INSERT INTO security_events (station_id, type, timestamp, tech_info, critical, received_at) VALUES (?, ?, ?, ?, ?, ?)`,
    args: [e.stationId, e.type, e.timestamp, e.techInfo ?? null, e.critical ? 1 : 0, at],
  };
}

export interface SecurityEventFilter {
  stationId?: string;
  type?: string;
  critical?: boolean;
  from?: string;
  to?: string;
}

export async function listSecurityEvents(db: Db, f: SecurityEventFilter, page: { limit: number; offset: number }) {
  const where = and(
    f.stationId === undefined ? undefined : eq(securityEvents.stationId, f.stationId),
    f.type === undefined ? undefined : eq(securityEvents.type, f.type),
    f.critical === undefined ? undefined : eq(securityEvents.critical, f.critical),
    f.from === undefined ? undefined : gte(securityEvents.timestamp, f.from),
    f.to === undefined ? undefined : lte(securityEvents.timestamp, f.to),
  );
  const [items, [total]] = await Promise.all([
    db.select().from(securityEvents).where(where).orderBy(desc(securityEvents.timestamp), desc(securityEvents.id)).limit(page.limit).offset(page.offset),
    db.select({ total: count() }).from(securityEvents).where(where),
  ]);
  return { items, total: total!.total };
}

export type JobKind = "log" | "firmware";

/** Appends a status to the job with this requestId, or records it against the station when there is no such job. */
export function insertJobStatus(kind: JobKind, stationId: string, requestId: number | undefined, status: string, at: string): WriteStatement {
  return {
    sql: `INSERT INTO job_statuses (kind, station_id, job_id, request_id, status, at)
          VALUES (?, ?, (SELECT id FROM station_jobs WHERE id = ? AND kind = ? AND station_id = ?), ?, ?, ?)`,
    args: [kind, stationId, requestId ?? null, kind, stationId, requestId ?? null, status, at],
  };
}

export type StationJob = typeof stationJobs.$inferSelect;

export async function createJob(db: Db, job: { kind: JobKind; stationId: string; request: unknown; createdBy: string }): Promise<StationJob> {
  const [row] = await db
    .insert(stationJobs)
    .values({ ...job, request: JSON.stringify(job.request), createdAt: new Date().toISOString() })
    .returning();
  return row!;
}

export async function updateJob(db: Db, id: number, changes: { request?: unknown; answer?: string }): Promise<void> {
  await db
    .update(stationJobs)
    .set({
      ...(changes.request === undefined ? {} : { request: JSON.stringify(changes.request) }),
      ...(changes.answer === undefined ? {} : { answer: changes.answer }),
    })
    .where(eq(stationJobs.id, id));
}

export async function listJobs(db: Db, kind: JobKind, stationId?: string) {
  const jobs = await db
    .select()
    .from(stationJobs)
    .where(and(eq(stationJobs.kind, kind), stationId === undefined ? undefined : eq(stationJobs.stationId, stationId)))
    .orderBy(desc(stationJobs.id));
  // Only the statuses of the listed station(s): the timelines of other stations are not read.
  const statuses = await db
    .select()
    .from(jobStatuses)
    .where(and(eq(jobStatuses.kind, kind), stationId === undefined ? undefined : eq(jobStatuses.stationId, stationId)))
    .orderBy(jobStatuses.id);
  return { jobs, statuses };
}

/** The event types stations reported, alphabetically. */
export async function securityEventTypes(db: Db): Promise<string[]> {
  const rows = await db.selectDistinct({ type: securityEvents.type }).from(securityEvents).orderBy(securityEvents.type);
  return rows.map((r) => r.type);
}

export type JobStatus = typeof jobStatuses.$inferSelect;

/** One page of jobs, newest first, with the statuses of those jobs only (in the order they arrived). */
export async function listJobPage(db: Db, filter: { kind?: JobKind; stationId?: string }, page: { limit: number; offset: number }) {
  const where = and(
    filter.kind === undefined ? undefined : eq(stationJobs.kind, filter.kind),
    filter.stationId === undefined ? undefined : eq(stationJobs.stationId, filter.stationId),
  );
  const [jobs, [total]] = await Promise.all([
    db.select().from(stationJobs).where(where).orderBy(desc(stationJobs.id)).limit(page.limit).offset(page.offset),
    db.select({ total: count() }).from(stationJobs).where(where),
  ]);
  return { jobs, statuses: await statusesOfJobs(db, jobs.map((j) => j.id)), total: total!.total };
}

export async function jobById(db: Db, id: number): Promise<StationJob | undefined> {
  return db.query.stationJobs.findFirst({ where: eq(stationJobs.id, id) });
}

/** The statuses reported for these jobs, in the order they arrived. */
export async function statusesOfJobs(db: Db, jobIds: number[]): Promise<JobStatus[]> {
  if (jobIds.length === 0) return [];
  return db.select().from(jobStatuses).where(inArray(jobStatuses.jobId, jobIds)).orderBy(jobStatuses.id);
}

/** Per station: how many security events it reported, and how many of them critical. */
export async function securityEventCounts(db: Db, stationIds: string[]): Promise<Map<string, { total: number; critical: number }>> {
  if (stationIds.length === 0) return new Map();
  const rows = await db
    .select({
      stationId: securityEvents.stationId,
      total: count(),
      critical: sql<number>`sum(${securityEvents.critical})`,
    })
    .from(securityEvents)
    .where(inArray(securityEvents.stationId, stationIds))
    .groupBy(securityEvents.stationId);
  return new Map(rows.map((r) => [r.stationId, { total: r.total, critical: Number(r.critical ?? 0) }]));
}
