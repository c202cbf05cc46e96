// Certificates Joule's CA issued to stations.
import { and, count, desc, eq, gt, isNull, lte } from "drizzle-orm";
import type { Db } from "./index.ts";
import { issuedCertificates, revokedCertificates } from "./schema.ts";

export type IssuedCertificate = typeof issuedCertificates.$inferSelect;

export async function recordIssuedCertificate(db: Db, certificate: IssuedCertificate): Promise<void> {
  await db.insert(issuedCertificates).values(certificate);
}

export async function issuedCertificatesOf(db: Db, stationId?: string): Promise<IssuedCertificate[]> {
  return db
    .select()
    .from(issuedCertificates)
    .where(stationId === undefined ? undefined : eq(issuedCertificates.stationId, stationId))
    .orderBy(desc(issuedCertificates.issuedAt));
}

/**
 * Marks the certificate revoked and adds it to the revocation list. `newly` is false when it was revoked before;
 * undefined when there is no such serial.
 */
export async function revokeIssuedCertificate(
  db: Db,
  serialNumber: string,
  reason: string,
): Promise<{ certificate: IssuedCertificate; newly: boolean } | undefined> {
  const at = new Date().toISOString();
  const [row] = await db
    .update(issuedCertificates)
    .set({ revokedAt: at })
    .where(and(eq(issuedCertificates.serialNumber, serialNumber.toLowerCase()), isNull(issuedCertificates.revokedAt)))
    .returning();
  if (row) {
    await db.insert(revokedCertificates).values({ fingerprint: row.fingerprint, reason, revokedAt: at }).onConflictDoNothing();
    return { certificate: row, newly: true };
  }
  const earlier = await db.query.issuedCertificates.findFirst({ where: eq(issuedCertificates.serialNumber, serialNumber.toLowerCase()) });
  return earlier && { certificate: earlier, newly: false };
}

/** Issued certificates, not revoked, still valid at `now` and expiring by `until` (ISO times). */
export async function countCertificatesExpiringBetween(db: Db, now: string, until: string): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(issuedCertificates)
    .where(and(isNull(issuedCertificates.revokedAt), gt(issuedCertificates.notAfter, now), lte(issuedCertificates.notAfter, until)));
  return row!.n;
}
