// Firmware files operators uploaded, and the per-job download tokens stations fetch them with.
import { desc, eq, sql } from "drizzle-orm";
import type { Db } from "./index.ts";
import { firmwareDownloads, firmwareFiles } from "./schema.ts";

export type FirmwareFile = typeof firmwareFiles.$inferSelect;
export type FirmwareDownload = typeof firmwareDownloads.$inferSelect;

export async function insertFirmwareFile(db: Db, file: Omit<FirmwareFile, "id">): Promise<FirmwareFile> {
  const [row] = await db.insert(firmwareFiles).values(file).returning();
  return row!;
}

export async function setFirmwarePath(db: Db, id: number, path: string): Promise<FirmwareFile> {
  const [row] = await db.update(firmwareFiles).set({ path }).where(eq(firmwareFiles.id, id)).returning();
  return row!;
}

export async function deleteFirmwareFile(db: Db, id: number): Promise<void> {
  await db.delete(firmwareFiles).where(eq(firmwareFiles.id, id));
}

export async function firmwareFileById(db: Db, id: number): Promise<FirmwareFile | undefined> {
  return db.query.firmwareFiles.findFirst({ where: eq(firmwareFiles.id, id) });
}

export async function listFirmwareFiles(db: Db): Promise<{ files: FirmwareFile[]; downloads: FirmwareDownload[] }> {
  const [files, downloads] = await Promise.all([
    db.select().from(firmwareFiles).orderBy(desc(firmwareFiles.id)),
    db.select().from(firmwareDownloads).orderBy(firmwareDownloads.createdAt),
  ]);
  return { files, downloads };
}

export async function createFirmwareDownload(db: Db, download: { tokenHash: string; firmwareId: number; stationId: string }): Promise<void> {
  await db.insert(firmwareDownloads).values({ ...download, createdAt: new Date().toISOString() });
}

export async function linkFirmwareDownload(db: Db, tokenHash: string, jobId: number): Promise<void> {
  await db.update(firmwareDownloads).set({ jobId }).where(eq(firmwareDownloads.tokenHash, tokenHash));
}

export async function deleteFirmwareDownload(db: Db, tokenHash: string): Promise<void> {
  await db.delete(firmwareDownloads).where(eq(firmwareDownloads.tokenHash, tokenHash));
}

/** Counts a download and returns the file it is for, or undefined for an unknown token. */
export async function countFirmwareDownload(db: Db, tokenHash: string): Promise<FirmwareFile | undefined> {
  const [download] = await db
    .update(firmwareDownloads)
    .set({ downloads: sql`${firmwareDownloads.downloads} + 1` })
    .where(eq(firmwareDownloads.tokenHash, tokenHash))
    .returning();
  return download && firmwareFileById(db, download.firmwareId);
}

/** The firmware file a job sent (through its download token), with how often the station fetched it. */
export async function firmwareOfJob(db: Db, jobId: number): Promise<{ file: FirmwareFile; downloads: number } | undefined> {
  const [row] = await db
    .select({ file: firmwareFiles, downloads: firmwareDownloads.downloads })
    .from(firmwareDownloads)
    .innerJoin(firmwareFiles, eq(firmwareFiles.id, firmwareDownloads.firmwareId))
    .where(eq(firmwareDownloads.jobId, jobId))
    .limit(1);
  return row;
}
