// Station client certificates from CSRs: checked (signature, key strength, exact subject), issued by Joule's CA of the
// CSR key's family, and recorded.
import "reflect-metadata";
import * as x509 from "@peculiar/x509";
import { X509Certificate } from "node:crypto";
import { recordIssuedCertificate, type IssuedCertificate } from "../../db/issuedCertificates.ts";
import type { Db } from "../../db/index.ts";
import { fingerprintOf, issueCertificate, type KeyAndCertificate, type KeyKind } from "./x509.ts";

export type CsrVerdict =
  | { ok: true; kind: KeyKind; keySize: number; publicKey: CryptoKey }
  | { ok: false; reason: string };

function singleField(name: x509.Name, field: string): string | undefined {
  const values = name.getField(field);
  return values.length === 1 ? values[0] : undefined;
}

/** Whitepaper rules for a station CSR: valid signature, RSA >= 2048 or EC >= 224 bits, CN and O exactly as configured. */
export async function checkCsr(csrPem: string, expected: { commonName: string; organization: string | null }): Promise<CsrVerdict> {
  let csr: x509.Pkcs10CertificateRequest;
  try {
    csr = new x509.Pkcs10CertificateRequest(csrPem);
  } catch {
    return { ok: false, reason: "CSR cannot be read" };
  }
  if (!(await csr.verify())) return { ok: false, reason: "CSR signature does not verify" };
  const algorithm = csr.publicKey.algorithm as RsaHashedKeyAlgorithm | EcKeyAlgorithm;
  let kind: KeyKind;
  let keySize: number;
  if (algorithm.name === "ECDSA" || algorithm.name === "ECDH") {
    kind = "ecdsa";
    keySize = Number((algorithm as EcKeyAlgorithm).namedCurve.replace(/\D/g, ""));
    if (!(keySize >= 224)) return { ok: false, reason: "EC key smaller than 224 bits" };
  } else if (algorithm.name.startsWith("RSA")) {
    kind = "rsa";
    keySize = (algorithm as RsaHashedKeyAlgorithm).modulusLength;
    if (keySize < 2048) return { ok: false, reason: "RSA key smaller than 2048 bits" };
  } else {
    return { ok: false, reason: `unsupported key algorithm ${algorithm.name}` };
  }
  if (expected.organization === null) return { ok: false, reason: "station has no CPO name configured" };
  const subject = new x509.Name(csr.subject);
  if (singleField(subject, "CN") !== expected.commonName) return { ok: false, reason: "CSR CN is not the station's identity" };
  if (singleField(subject, "O") !== expected.organization) return { ok: false, reason: "CSR O is not the station's CPO name" };
  // Re-import as a verify key for ECDSA (CSR keys may be typed ECDH) so the generator can embed it.
  const publicKey = await csr.publicKey.export(
    kind === "ecdsa" ? { name: "ECDSA", namedCurve: (algorithm as EcKeyAlgorithm).namedCurve } : { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" },
    ["verify"],
  );
  return { ok: true, kind, keySize, publicKey };
}

/** Issues and records a client certificate for a checked CSR. Validity is clamped to the issuer's. */
export async function issueStationCertificate(
  db: Db,
  ca: Record<KeyKind, KeyAndCertificate>,
  stationId: string,
  csr: Extract<CsrVerdict, { ok: true }>,
  subject: { CN: string; O: string },
  validityDays: number,
): Promise<IssuedCertificate> {
  const issuer = ca[csr.kind];
  const issuerNotAfter = new Date(new X509Certificate(issuer.certificatePem).validTo);
  const notBefore = new Date(Date.now() - 60_000);
  const wanted = new Date(notBefore.getTime() + validityDays * 86_400_000);
  const pem = await issueCertificate({
    issuer,
    publicKey: csr.publicKey,
    subject,
    usage: "client",
    notBefore,
    notAfter: wanted < issuerNotAfter ? wanted : issuerNotAfter,
  });
  const certificate = new X509Certificate(pem);
  const record: IssuedCertificate = {
    serialNumber: certificate.serialNumber.toLowerCase(),
    stationId,
    fingerprint: fingerprintOf(pem),
    subject: certificate.subject.replace(/\n/g, ", "),
    issuer: certificate.issuer.replace(/\n/g, ", "),
    keyType: csr.kind === "ecdsa" ? "EC" : "RSA",
    keySize: csr.keySize,
    notBefore: new Date(certificate.validFrom).toISOString(),
    notAfter: new Date(certificate.validTo).toISOString(),
    pem,
    answer: null,
    issuedAt: new Date().toISOString(),
    revokedAt: null,
  };
  await recordIssuedCertificate(db, record);
  return record;
}

/** What a CSR asks for, for showing it to an operator: subject and key type ("EC P-256", "RSA 2048"). */
export function describeCsr(csrPem: string): { subject: string; keyType: string } | undefined {
  try {
    const csr = new x509.Pkcs10CertificateRequest(csrPem);
    const algorithm = csr.publicKey.algorithm as Partial<RsaHashedKeyAlgorithm & EcKeyAlgorithm> & { name: string };
    const keyType = algorithm.namedCurve
      ? `EC ${algorithm.namedCurve}`
      : algorithm.modulusLength
        ? `RSA ${algorithm.modulusLength}`
        : algorithm.name;
    return { subject: csr.subject, keyType };
  } catch {
    return undefined;
  }
}
