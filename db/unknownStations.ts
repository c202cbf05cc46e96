// Charge point ids that tried to connect without being registered.
import { asc, count, desc, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "./index.ts";
import { unknownStations } from "./schema.ts";

export async function recordUnknownStation(db: Db, id: string, address: string): Promise<void> {
  const at = new Date().toISOString();
  await db
    .insert(unknownStations)
    .values({ id, lastAddress: address, attempts: 1, firstSeenAt: at, lastSeenAt: at })
    .onConflictDoUpdate({
      target: unknownStations.id,
      set: { lastAddress: address, lastSeenAt: at, attempts: sql`${unknownStations.attempts} + 1` },
    });
}

/** Latest first; the id breaks ties (same millisecond) so that pages neither repeat nor skip a row. */
export async function listUnknownStations(db: Db, page: { limit: number; offset: number }) {
  const [items, [total]] = await Promise.all([
    db.select().from(unknownStations).orderBy(desc(unknownStations.lastSeenAt), asc(unknownStations.id)).limit(page.limit).offset(page.offset),
    db.select({ total: count() }).from(unknownStations),
  ]);
  return { items, total: total!.total };
}

export async function forgetUnknownStation(db: Db, id: string): Promise<boolean> {
  const rows = await db.delete(unknownStations).where(eq(unknownStations.id, id)).returning();
  return rows.length > 0;
}

export async function unknownStationById(db: Db, id: string) {
  return db.query.unknownStations.findFirst({ where: eq(unknownStations.id, id) });
}

export async function forgetUnknownStations(db: Db, ids: string[]): Promise<void> {
  if (ids.length > 0) await db.delete(unknownStations).where(inArray(unknownStations.id, ids));
}

export async function unknownStationCount(db: Db): Promise<number> {
  const [row] = await db.select({ total: count() }).from(unknownStations);
  return row!.total;
}
