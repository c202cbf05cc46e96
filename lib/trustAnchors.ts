// Operator changes to the trust store: anchors added and removed, issued certificates revoked. Each takes effect for
// the next handshake (the trust store reloads and rebuilds the TLS context) and closes connections that lost trust.
import { X509Certificate } from "node:crypto";
import { recordAudit } from "../db/audit.ts";
import { revokeIssuedCertificate, type IssuedCertificate } from "../db/issuedCertificates.ts";
import { addTrustAnchor, listTrustAnchors, removeTrustAnchor, revokedFingerprints, type TrustAnchor } from "../db/trustStore.ts";
import { derToPem, fingerprintOf, splitPemCertificates } from "./pki/x509.ts";
import { checkTrust, type Anchor } from "./security/clientCertificate.ts";
import type { Services } from "./services.ts";

export const anchorView = ({ fingerprint, subject, notBefore, notAfter, addedAt }: TrustAnchor) => ({
  fingerprint,
  subject,
  notBefore,
  notAfter,
  addedAt,
});

export async function trustAnchorList(services: Services) {
  const items = (await listTrustAnchors(services.database.db)).map(anchorView);
  return { items, total: items.length };
}

export type AddAnchorResult = { kind: "added"; anchor: TrustAnchor } | { kind: "invalid"; message: string } | { kind: "exists" };

export async function addAnchor(services: Services, pem: string, actor: string): Promise<AddAnchorResult> {
  const pems = splitPemCertificates(pem);
  if (pems.length !== 1) return { kind: "invalid", message: "pem must hold exactly one PEM certificate" };
  let certificate: X509Certificate;
  try {
    certificate = new X509Certificate(pems[0]!);
  } catch {
    return { kind: "invalid", message: "pem is not a readable X.509 certificate" };
  }
  if (!certificate.ca) return { kind: "invalid", message: "the certificate is not a CA certificate (basicConstraints CA:true)" };
  if (new Date(certificate.validTo) < new Date()) return { kind: "invalid", message: "the certificate has expired" };
  const anchor: TrustAnchor = {
    fingerprint: fingerprintOf(pems[0]!),
    pem: pems[0]!,
    subject: certificate.subject.replace(/\n/g, ", "),
    notBefore: new Date(certificate.validFrom).toISOString(),
    notAfter: new Date(certificate.validTo).toISOString(),
    addedAt: new Date().toISOString(),
  };
  const { db } = services.database;
  if (!(await addTrustAnchor(db, anchor))) return { kind: "exists" };
  await recordAudit(db, { kind: "trust_anchor_added", reason: `${anchor.subject} (${anchor.fingerprint})`, actor });
  await services.trustStore.reload();
  return { kind: "added", anchor };
}

/**
 * The text to hand to addAnchor for an uploaded certificate file: PEM as it is, DER (binary) converted to PEM.
 * Undefined when the file is neither (the caller reports it).
 */
export function anchorPemFromFile(bytes: Uint8Array): string | undefined {
  const text = new TextDecoder().decode(bytes);
  if (text.includes("-----BEGIN")) return text;
  try {
    const pem = derToPem(bytes);
    new X509Certificate(pem);
    return pem;
  } catch {
    return undefined;
  }
}

/**
 * For each trust anchor (by fingerprint), the connected stations whose client certificate chains to that anchor and
 * to no other: removing the anchor disconnects them at once and refuses their next handshake.
 */
export async function anchorDependents(services: Services): Promise<Map<string, string[]>> {
  const rows = await listTrustAnchors(services.database.db);
  const dependents = new Map<string, string[]>(rows.map((row) => [row.fingerprint, []]));
  const certified = [...services.registry.sessions()].filter((session) => session.info.clientCertificatePem);
  if (certified.length === 0 || rows.length === 0) return dependents;
  const anchorOf = (pem: string): Anchor => ({ fingerprint: fingerprintOf(pem), certificate: new X509Certificate(pem) });
  const anchors = [...services.tls.caCertificates().map(anchorOf), ...rows.map((row) => anchorOf(row.pem))];
  const revoked = await revokedFingerprints(services.database.db);
  for (const session of certified) {
    const pem = session.info.clientCertificatePem!;
    const chainsTo = anchors.filter((anchor) => checkTrust(pem, [anchor], revoked).ok);
    if (chainsTo.length === 1) dependents.get(chainsTo[0]!.fingerprint)?.push(session.id);
  }
  return dependents;
}

export async function removeAnchor(services: Services, fingerprint: string, actor: string): Promise<boolean> {
  const { db } = services.database;
  if (!(await removeTrustAnchor(db, fingerprint.toLowerCase()))) return false;
  await recordAudit(db, { kind: "trust_anchor_removed", reason: fingerprint.toLowerCase(), actor });
  await services.trustStore.reload();
  return true;
}

export async function revokeCertificate(
  services: Services,
  serialNumber: string,
  reason: string,
  actor: string,
): Promise<IssuedCertificate | undefined> {
  const { db } = services.database;
  const revoked = await revokeIssuedCertificate(db, serialNumber, reason);
  if (!revoked) return undefined;
  const { certificate } = revoked;
  if (!revoked.newly) return certificate; // revoked before: nothing changes
  await recordAudit(db, {
    kind: "certificate_revoked",
    stationId: certificate.stationId,
    reason: `serial ${certificate.serialNumber}${reason ? `: ${reason}` : ""}`,
    actor,
  });
  await services.trustStore.reload();
  return certificate;
}
