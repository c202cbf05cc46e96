// One-time upload slots for the files of GetLog / GetDiagnostics that stations send to Joule itself.
// A slot's `path` doubles as its claim: set when an upload starts, cleared again when that upload fails, so a
// token is used by one upload at a time and by one successful upload ever.
import { and, count, desc, eq, isNotNull, isNull, sql } from "drizzle-orm";
import type { Db } from "./index.ts";
import { uploadSlots } from "./schema.ts";

export type UploadSlot = typeof uploadSlots.$inferSelect;
export type UploadKind = UploadSlot["kind"];

export async function createUploadSlot(
  db: Db,
  slot: { stationId: string; kind: UploadKind; tokenHash: string; maxBytes: number },
): Promise<UploadSlot> {
  const [row] = await db.insert(uploadSlots).values({ ...slot, createdAt: new Date().toISOString() }).returning();
  return row!;
}

/**
 * After the station answered: the job the slot belongs to, and the file name the station announced (kept only
 * when the upload has not already brought its own name).
 */
export async function linkUploadSlot(db: Db, id: number, link: { jobId?: number; fileName?: string }): Promise<void> {
  await db
    .update(uploadSlots)
    .set({
      ...(link.jobId === undefined ? {} : { jobId: link.jobId }),
      ...(link.fileName === undefined ? {} : { fileName: sql`coalesce(${uploadSlots.fileName}, ${link.fileName})` }),
    })
    .where(eq(uploadSlots.id, id));
}

export async function deleteUploadSlot(db: Db, id: number): Promise<void> {
  await db.delete(uploadSlots).where(eq(uploadSlots.id, id));
}

export async function uploadSlotByTokenHash(db: Db, tokenHash: string): Promise<UploadSlot | undefined> {
  return db.query.uploadSlots.findFirst({ where: eq(uploadSlots.tokenHash, tokenHash) });
}

export async function uploadSlotById(db: Db, id: number): Promise<UploadSlot | undefined> {
  return db.query.uploadSlots.findFirst({ where: eq(uploadSlots.id, id) });
}

/** Marks the slot as being uploaded to; false when another upload has it or had it. */
export async function claimUploadSlot(db: Db, id: number, partialPath: string): Promise<boolean> {
  const rows = await db
    .update(uploadSlots)
    .set({ path: partialPath })
    .where(and(eq(uploadSlots.id, id), isNull(uploadSlots.path), isNull(uploadSlots.uploadedAt)))
    .returning({ id: uploadSlots.id });
  return rows.length === 1;
}

/**
 * Claims left by uploads that were cut off with the process (a crash, a kill): given back, so that the station's
 * retry is not refused as "in progress" for ever. Answers the ids of those slots.
 */
export async function releaseInterruptedUploadSlots(db: Db): Promise<number[]> {
  const rows = await db
    .update(uploadSlots)
    .set({ path: null })
    .where(and(isNull(uploadSlots.uploadedAt), isNotNull(uploadSlots.path)))
    .returning({ id: uploadSlots.id });
  return rows.map((row) => row.id);
}

/** A failed upload gives the slot back, so that the station's retry can use the same URL. */
export async function releaseUploadSlot(db: Db, id: number): Promise<void> {
  await db.update(uploadSlots).set({ path: null }).where(and(eq(uploadSlots.id, id), isNull(uploadSlots.uploadedAt)));
}

export async function completeUpload(db: Db, id: number, file: { path: string; fileName: string; size: number }): Promise<UploadSlot> {
  const [row] = await db
    .update(uploadSlots)
    .set({ ...file, uploadedAt: new Date().toISOString() })
    .where(eq(uploadSlots.id, id))
    .returning();
  return row!;
}

export async function listUploadSlots(
  db: Db,
  filter: { stationId?: string; jobId?: number },
  page: { limit: number; offset: number },
): Promise<{ items: UploadSlot[]; total: number }> {
  const where = and(
    filter.stationId === undefined ? undefined : eq(uploadSlots.stationId, filter.stationId),
    filter.jobId === undefined ? undefined : eq(uploadSlots.jobId, filter.jobId),
  );
  const [items, [total]] = await Promise.all([
    db.select().from(uploadSlots).where(where).orderBy(desc(uploadSlots.id)).limit(page.limit).offset(page.offset),
    db.select({ total: count() }).from(uploadSlots).where(where),
  ]);
  return { items, total: total!.total };
}
