// A station's history as it reported it: connector status notifications, newest first.
import { desc, eq } from "drizzle-orm";
import type { Db } from "./index.ts";
import { statusNotifications } from "./schema.ts";

export type StatusNotification = typeof statusNotifications.$inferSelect;

/** The station's latest `limit` StatusNotifications (all connectors), newest first. */
export async function statusHistoryOf(db: Db, stationId: string, limit: number): Promise<StatusNotification[]> {
  return db
    .select()
    .from(statusNotifications)
    .where(eq(statusNotifications.stationId, stationId))
    .orderBy(desc(statusNotifications.id))
    .limit(limit);
}
