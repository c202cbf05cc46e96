// The audit log: security-relevant events, newest first.
import { and, count, desc, eq, gte, lte } from "drizzle-orm";
import type { Db } from "./index.ts";
import { auditLog } from "./schema.ts";

export interface AuditEntry {
  kind: string;
  stationId?: string;
  address?: string;
  reason: string;
  actor?: string;
}

export async function recordAudit(db: Db, entry: AuditEntry): Promise<void> {
  await db.insert(auditLog).values({ ...entry, at: new Date().toISOString() });
}

export interface AuditFilter {
  stationId?: string;
  kind?: string;
  /** ISO instants, inclusive. */
  from?: string;
  to?: string;
}

export async function listAudit(db: Db, filter: AuditFilter, page: { limit: number; offset: number }) {
  const where = and(
    filter.stationId === undefined ? undefined : eq(auditLog.stationId, filter.stationId),
    filter.kind === undefined ? undefined : eq(auditLog.kind, filter.kind),
    filter.from === undefined ? undefined : gte(auditLog.at, filter.from),
    filter.to === undefined ? undefined : lte(auditLog.at, filter.to),
  );
  const [items, [total]] = await Promise.all([
    db.select().from(auditLog).where(where).orderBy(desc(auditLog.id)).limit(page.limit).offset(page.offset),
    db.select({ total: count() }).from(auditLog).where(where),
  ]);
  return { items, total: total!.total };
}

/** The kinds of entry the log holds, alphabetically. */
export async function auditKinds(db: Db): Promise<string[]> {
  const rows = await db.selectDistinct({ kind: auditLog.kind }).from(auditLog).orderBy(auditLog.kind);
  return rows.map((r) => r.kind);
}

/** How many audit entries of a kind were recorded since `since` (ISO). */
export async function auditCountSince(db: Db, kind: string, since: string): Promise<number> {
  const [row] = await db.select({ n: count() }).from(auditLog).where(and(eq(auditLog.kind, kind), gte(auditLog.at, since)));
  return row!.n;
}
