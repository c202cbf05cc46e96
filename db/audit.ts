// The audit log: security-relevant events, newest first.
import { and, count, desc, eq, gte } from "drizzle-orm";
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

export async function listAudit(db: Db, filter: { stationId?: string }, page: { limit: number; offset: number }) {
  const where = filter.stationId === undefined ? undefined : eq(auditLog.stationId, filter.stationId);
  const [items, [total]] = await Promise.all([
    db.select().from(auditLog).where(where).orderBy(desc(auditLog.id)).limit(page.limit).offset(page.offset),
    db.select({ total: count() }).from(auditLog).where(where),
  ]);
  return { items, total: total!.total };
}

/** How many audit entries of a kind were recorded since `since` (ISO). */
export async function auditCountSince(db: Db, kind: string, since: string): Promise<number> {
  const [row] = await db.select({ n: count() }).from(auditLog).where(and(eq(auditLog.kind, kind), gte(auditLog.at, since)));
  return row!.n;
}
