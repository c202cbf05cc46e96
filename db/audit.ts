// The audit log: security-relevant events, newest first.
import { count, desc, eq } from "drizzle-orm";
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
