// CSRs from SignCertificate and the installed-certificate inventory reported by stations.
import { and, count, desc, eq, sql } from "drizzle-orm";
import type { Db } from "./index.ts";
import { csrRequests, installedCertificates, issuedCertificates } from "./schema.ts";

export type CsrRequest = typeof csrRequests.$inferSelect;
export type CsrStatus = CsrRequest["status"];

export async function recordCsrRequest(
  db: Db,
  request: { stationId: string; csr: string; status: CsrStatus; reason?: string },
): Promise<CsrRequest> {
  const [row] = await db
    .insert(csrRequests)
    .values({ ...request, reason: request.reason ?? null, receivedAt: new Date().toISOString() })
    .returning();
  return row!;
}

export async function csrRequestById(db: Db, id: number): Promise<CsrRequest | undefined> {
  return db.query.csrRequests.findFirst({ where: eq(csrRequests.id, id) });
}

/** Moves a request from one status to another; undefined when it was not in `from` (someone else decided first). */
export async function updateCsrRequest(
  db: Db,
  id: number,
  from: CsrStatus,
  changes: Partial<Pick<CsrRequest, "status" | "reason" | "decidedAt" | "decidedBy" | "certificateSerial">>,
): Promise<CsrRequest | undefined> {
  const [row] = await db
    .update(csrRequests)
    .set(changes)
    .where(and(eq(csrRequests.id, id), eq(csrRequests.status, from)))
    .returning();
  return row;
}

export async function listCsrRequests(db: Db, filter: { stationId?: string; status?: CsrStatus }) {
  return db
    .select()
    .from(csrRequests)
    .where(
      and(
        filter.stationId === undefined ? undefined : eq(csrRequests.stationId, filter.stationId),
        filter.status === undefined ? undefined : eq(csrRequests.status, filter.status),
      ),
    )
    .orderBy(desc(csrRequests.id));
}

/** The approval queue a page at a time: pending requests first (oldest first), then the others newest first. */
export async function csrRequestQueuePage(
  db: Db,
  filter: { stationId?: string; status?: CsrStatus },
  page: { limit: number; offset: number },
): Promise<{ items: CsrRequest[]; total: number }> {
  const where = and(
    filter.stationId === undefined ? undefined : eq(csrRequests.stationId, filter.stationId),
    filter.status === undefined ? undefined : eq(csrRequests.status, filter.status),
  );
  const pendingFirst = sql`case when ${csrRequests.status} = 'pending' then 0 else 1 end`;
  const oldestPendingThenNewest = sql`case when ${csrRequests.status} = 'pending' then ${csrRequests.id} else -${csrRequests.id} end`;
  const [items, [row]] = await Promise.all([
    db.select().from(csrRequests).where(where).orderBy(pendingFirst, oldestPendingThenNewest).limit(page.limit).offset(page.offset),
    db.select({ n: count() }).from(csrRequests).where(where),
  ]);
  return { items, total: row!.n };
}

export async function pendingCsrCount(db: Db): Promise<number> {
  const [row] = await db.select({ n: count() }).from(csrRequests).where(eq(csrRequests.status, "pending"));
  return row!.n;
}

export async function recordCertificateAnswer(db: Db, serialNumber: string, answer: string): Promise<void> {
  await db.update(issuedCertificates).set({ answer }).where(eq(issuedCertificates.serialNumber, serialNumber));
}

export type InstalledCertificate = typeof installedCertificates.$inferSelect;

/** Replaces the station's inventory with what it just reported (for the reported types). */
export async function replaceInstalledCertificates(
  db: Db,
  stationId: string,
  certificateType: string,
  entries: Omit<InstalledCertificate, "stationId" | "certificateType" | "reportedAt">[],
): Promise<void> {
  const reportedAt = new Date().toISOString();
  await db.batch([
    db
      .delete(installedCertificates)
      .where(and(eq(installedCertificates.stationId, stationId), eq(installedCertificates.certificateType, certificateType))),
    ...entries.map((e) =>
      db.insert(installedCertificates).values({ ...e, stationId, certificateType, reportedAt }).onConflictDoNothing(),
    ),
  ] as never);
}

export async function removeInstalledCertificate(
  db: Db,
  stationId: string,
  hash: { hashAlgorithm: string; issuerNameHash: string; issuerKeyHash: string; serialNumber: string },
): Promise<void> {
  await db
    .delete(installedCertificates)
    .where(
      and(
        eq(installedCertificates.stationId, stationId),
        eq(installedCertificates.hashAlgorithm, hash.hashAlgorithm),
        eq(installedCertificates.issuerNameHash, hash.issuerNameHash),
        eq(installedCertificates.issuerKeyHash, hash.issuerKeyHash),
        eq(installedCertificates.serialNumber, hash.serialNumber),
      ),
    );
}

export async function installedCertificatesOf(db: Db, stationId: string): Promise<InstalledCertificate[]> {
  return db.select().from(installedCertificates).where(eq(installedCertificates.stationId, stationId));
}
