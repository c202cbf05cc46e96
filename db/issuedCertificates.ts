// Certificates Joule's CA issued to stations.
import { and, asc, count, desc, eq, getTableColumns, gt, isNotNull, isNull, lte, type SQL } from "drizzle-orm";
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

/** What the console's list filters by; times are ISO. `expiringBy`: valid now and expiring by then. */
export interface IssuedCertificateFilter {
  stationId?: string;
  status?: "valid" | "revoked" | "expired";
  expiringBy?: string;
  now: string;
}

function issuedCondition(filter: IssuedCertificateFilter): SQL | undefined {
  const c = issuedCertificates;
  const valid = and(isNull(c.revokedAt), gt(c.notAfter, filter.now));
  const byStatus = { valid, revoked: isNotNull(c.revokedAt), expired: and(isNull(c.revokedAt), lte(c.notAfter, filter.now)) };
  return and(
    filter.stationId === undefined ? undefined : eq(c.stationId, filter.stationId),
    filter.status === undefined ? undefined : byStatus[filter.status],
    filter.expiringBy === undefined ? undefined : and(valid, lte(c.notAfter, filter.expiringBy)),
  );
}

export type IssuedCertificateRow = Omit<IssuedCertificate, "pem">;

/** One page of issued certificates (without their PEM): soonest expiry first when filtering on expiry, else newest. */
export async function issuedCertificatePage(
  db: Db,
  filter: IssuedCertificateFilter,
  page: { limit: number; offset: number },
): Promise<{ items: IssuedCertificateRow[]; total: number }> {
  const { pem: _pem, ...columns } = getTableColumns(issuedCertificates);
  const where = issuedCondition(filter);
  const [items, [row]] = await Promise.all([
    db
      .select(columns)
      .from(issuedCertificates)
      .where(where)
      .orderBy(filter.expiringBy === undefined ? desc(issuedCertificates.issuedAt) : asc(issuedCertificates.notAfter))
      .limit(page.limit)
      .offset(page.offset),
    db.select({ n: count() }).from(issuedCertificates).where(where),
  ]);
  return { items, total: row!.n };
}

/** How many issued certificates are valid, revoked, expired, and valid but expiring by `expiringBy`. */
export async function issuedCertificateCounts(db: Db, now: string, expiringBy: string) {
  const counted = async (filter: Omit<IssuedCertificateFilter, "now">) =>
    (await db.select({ n: count() }).from(issuedCertificates).where(issuedCondition({ ...filter, now })))[0]!.n;
  const [valid, revoked, expired, expiring] = await Promise.all([
    counted({ status: "valid" }),
    counted({ status: "revoked" }),
    counted({ status: "expired" }),
    counted({ expiringBy }),
  ]);
  return { valid, revoked, expired, expiring };
}

export async function issuedCertificateBySerial(db: Db, serialNumber: string): Promise<IssuedCertificate | undefined> {
  return db.query.issuedCertificates.findFirst({ where: eq(issuedCertificates.serialNumber, serialNumber.toLowerCase()) });
}
