// Profile-3 client certificate checks, done by Joule itself for direct and proxied connections alike:
// chain to a trust anchor, validity period, revocation, and exact O / CN against what the operator configured.
import "reflect-metadata";
import * as x509 from "@peculiar/x509";
import { X509Certificate } from "node:crypto";
import { fingerprintOf, splitPemCertificates } from "../pki/x509.ts";

export interface Anchor {
  fingerprint: string;
  certificate: X509Certificate;
}

export interface ExpectedSubject {
  /** The station's CPO name: the certificate's O. */
  organization: string | null;
  /** The station's certificate identity: the certificate's CN. */
  commonName: string;
}

export type CertificateVerdict = { ok: true; fingerprint: string } | { ok: false; reason: string };

const clientAuthOid = "1.3.6.1.5.5.7.3.2";

/** The single value of a subject attribute, or undefined when it is missing or repeated. */
function singleField(name: x509.Name, field: string): string | undefined {
  const values = name.getField(field);
  return values.length === 1 ? values[0] : undefined;
}

const maxIntermediates = 4;

/**
 * Whether the presented certificate chains to an anchor, is valid now and is not revoked (the subject is not looked
 * at). `chainPem` is the leaf followed by any intermediates the client sent; a path may climb through those
 * intermediates (each a valid, unrevoked CA) but must end at an anchor.
 */
export function checkTrust(chainPem: string, anchors: Anchor[], revoked: ReadonlySet<string>, now = new Date()): CertificateVerdict {
  const [leafPem, ...intermediatePems] = splitPemCertificates(chainPem);
  let certificate: X509Certificate;
  let intermediates: X509Certificate[];
  try {
    certificate = new X509Certificate(leafPem!);
    intermediates = intermediatePems.map((pem) => new X509Certificate(pem));
  } catch {
    return { ok: false, reason: "unreadable client certificate" };
  }
  const fingerprint = fingerprintOf(leafPem!);
  if (revoked.has(fingerprint)) return { ok: false, reason: "client certificate revoked" };
  if (now < new Date(certificate.validFrom)) return { ok: false, reason: "client certificate not yet valid" };
  if (now > new Date(certificate.validTo)) return { ok: false, reason: "client certificate expired" };
  if (certificate.ca) return { ok: false, reason: "client certificate is a CA certificate" };
  const issues = (issuer: X509Certificate, subject: X509Certificate) => subject.checkIssued(issuer) && subject.verify(issuer.publicKey);
  const usable = (ca: X509Certificate) =>
    ca.ca && now >= new Date(ca.validFrom) && now <= new Date(ca.validTo) && !revoked.has(fingerprintOf(ca.toString()));
  let current = certificate;
  for (let depth = 0; depth <= maxIntermediates; depth++) {
    const anchor = anchors.find((a) => issues(a.certificate, current));
    if (anchor) {
      if (now > new Date(anchor.certificate.validTo)) return { ok: false, reason: "issuing CA expired" };
      return { ok: true, fingerprint };
    }
    const next = intermediates.find((ca) => ca !== current && ca.subject !== ca.issuer && usable(ca) && issues(ca, current));
    if (!next) break;
    current = next;
  }
  return { ok: false, reason: "client certificate does not chain to a trust anchor" };
}

export function checkClientCertificate(
  pem: string,
  expected: ExpectedSubject,
  anchors: Anchor[],
  revoked: ReadonlySet<string>,
  now = new Date(),
): CertificateVerdict {
  const trust = checkTrust(pem, anchors, revoked, now);
  if (!trust.ok) return trust;
  const parsed = new x509.X509Certificate(pem);
  const eku = parsed.getExtension(x509.ExtendedKeyUsageExtension);
  if (eku && !eku.usages.map(String).includes(clientAuthOid)) {
    return { ok: false, reason: "client certificate not meant for client authentication" };
  }
  if (expected.organization === null) return { ok: false, reason: "station has no CPO name configured" };
  const subject = new x509.Name(parsed.subject);
  if (singleField(subject, "O") !== expected.organization) return { ok: false, reason: "certificate O is not the station's CPO name" };
  if (singleField(subject, "CN") !== expected.commonName) return { ok: false, reason: "certificate CN is not the station's identity" };
  return trust;
}
