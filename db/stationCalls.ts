// The record of every call the central system made to a station.
import { count, desc, eq } from "drizzle-orm";
import type { Db } from "./index.ts";
import { stationCalls } from "./schema.ts";

export type StationCall = typeof stationCalls.$inferSelect;
export type CallOutcomeKind = StationCall["outcome"];

export async function recordCallRequested(
  db: Db,
  call: { stationId: string; action: string; payload: unknown; requestedBy: string },
): Promise<number> {
  const [row] = await db
    .insert(stationCalls)
    .values({
      stationId: call.stationId,
      action: call.action,
      payload: JSON.stringify(call.payload),
      requestedBy: call.requestedBy,
      requestedAt: new Date().toISOString(),
      outcome: "pending",
    })
    .returning({ id: stationCalls.id });
  return row!.id;
}

export async function recordCallOutcome(
  db: Db,
  id: number,
  outcome: { outcome: Exclude<CallOutcomeKind, "pending">; result?: unknown; errorCode?: string; errorDescription?: string },
): Promise<void> {
  await db
    .update(stationCalls)
    .set({
      outcome: outcome.outcome,
      result: outcome.result === undefined ? null : JSON.stringify(outcome.result),
      errorCode: outcome.errorCode ?? null,
      errorDescription: outcome.errorDescription ?? null,
      completedAt: new Date().toISOString(),
    })
    .where(eq(stationCalls.id, id));
}

export async function listStationCalls(db: Db, stationId: string, page: { limit: number; offset: number }) {
  const where = eq(stationCalls.stationId, stationId);
  const [items, [total]] = await Promise.all([
    db.select().from(stationCalls).where(where).orderBy(desc(stationCalls.id)).limit(page.limit).offset(page.offset),
    db.select({ total: count() }).from(stationCalls).where(where),
  ]);
  return { items, total: total!.total };
}
