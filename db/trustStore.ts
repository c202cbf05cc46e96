// Trust anchors and revoked certificates.
import { asc, count, eq, max } from "drizzle-orm";
import type { Db } from "./index.ts";
import { revokedCertificates, trustAnchors } from "./schema.ts";

export type TrustAnchor = typeof trustAnchors.$inferSelect;

export async function listTrustAnchors(db: Db): Promise<TrustAnchor[]> {
  return db.select().from(trustAnchors).orderBy(asc(trustAnchors.addedAt));
}

/** Inserts an anchor; false when it is there already. */
export async function addTrustAnchor(db: Db, anchor: TrustAnchor): Promise<boolean> {
  const rows = await db.insert(trustAnchors).values(anchor).onConflictDoNothing().returning({ f: trustAnchors.fingerprint });
  return rows.length > 0;
}

export async function removeTrustAnchor(db: Db, fingerprint: string): Promise<boolean> {
  const rows = await db.delete(trustAnchors).where(eq(trustAnchors.fingerprint, fingerprint)).returning({ f: trustAnchors.fingerprint });
  return rows.length > 0;
}

export async function revokedFingerprints(db: Db): Promise<Set<string>> {
  const rows = await db.select({ fingerprint: revokedCertificates.fingerprint }).from(revokedCertificates);
  return new Set(rows.map((r) => r.fingerprint));
}

export async function revokeCertificate(db: Db, fingerprint: string, reason: string): Promise<boolean> {
  const rows = await db
    .insert(revokedCertificates)
    .values({ fingerprint, reason, revokedAt: new Date().toISOString() })
    .onConflictDoNothing()
    .returning({ f: revokedCertificates.fingerprint });
  return rows.length > 0;
}

/** A cheap fingerprint of the trust state, so that every node notices another node's change. */
export async function trustStateVersion(db: Db): Promise<string> {
  const [[anchors], [revoked]] = await Promise.all([
    db.select({ n: count(), last: max(trustAnchors.addedAt) }).from(trustAnchors),
    db.select({ n: count(), last: max(revokedCertificates.revokedAt) }).from(revokedCertificates),
  ]);
  return `${anchors!.n}:${anchors!.last}:${revoked!.n}:${revoked!.last}`;
}
