// Certificates for tests, generated in the test with Joule's own PKI code or as foreign/self-signed material.
import "reflect-metadata";
import * as x509 from "@peculiar/x509";
import type { Db } from "../../db/index.ts";
import { checkCsr, issueStationCertificate } from "../../lib/pki/stationCertificates.ts";
import {
  createRootCa,
  distinguishedName,
  generateKeys,
  issueCertificate,
  privateKeyPem,
  type KeyAndCertificate,
  type KeyKind,
} from "../../lib/pki/x509.ts";

export interface ClientIdentity {
  certificatePem: string;
  keyPem: string;
}

/** A client certificate issued by `ca` with the given subject and validity. */
export async function clientCertificate(
  ca: KeyAndCertificate,
  subject: { CN: string; O?: string },
  options: { kind?: KeyKind; notBefore?: Date; notAfter?: Date } = {},
): Promise<ClientIdentity> {
  const keys = await generateKeys(options.kind ?? "ecdsa");
  const certificatePem = await issueCertificate({
    issuer: ca,
    publicKey: keys.publicKey,
    subject,
    usage: "client",
    notBefore: options.notBefore,
    notAfter: options.notAfter,
  });
  return { certificatePem, keyPem: await privateKeyPem(keys.privateKey) };
}

/** A CA Joule knows nothing about. */
export function foreignCa(kind: KeyKind = "ecdsa"): Promise<KeyAndCertificate> {
  return createRootCa(kind, "Foreign Test CA", "Elsewhere");
}

/** A self-signed end-entity client certificate (CA:false, clientAuth) with the given subject. */
export async function selfSignedClientCertificate(subject: { CN: string; O?: string }, kind: KeyKind = "ecdsa"): Promise<ClientIdentity> {
  const keys = await generateKeys(kind);
  const notBefore = new Date(Date.now() - 60_000);
  const certificate = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: "01" + Buffer.from(crypto.getRandomValues(new Uint8Array(15))).toString("hex"),
    name: distinguishedName(subject),
    notBefore,
    notAfter: new Date(notBefore.getTime() + 30 * 86_400_000),
    keys,
    signingAlgorithm: kind === "ecdsa" ? { name: "ECDSA", hash: "SHA-256" } : { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" },
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.clientAuth]),
    ],
  });
  return { certificatePem: certificate.toString("pem"), keyPem: await privateKeyPem(keys.privateKey) };
}

/**
 * A station certificate the way Joule issues it from a station's CSR (checkCsr + issueStationCertificate), so that it
 * is recorded in the database and can be revoked through the API by its serial number.
 */
export async function recordedStationCertificate(
  db: Db,
  ca: Record<KeyKind, KeyAndCertificate>,
  stationId: string,
  subject: { CN: string; O: string },
  kind: KeyKind = "ecdsa",
): Promise<ClientIdentity & { serialNumber: string; fingerprint: string }> {
  const keys = await generateKeys(kind);
  const csr = await x509.Pkcs10CertificateRequestGenerator.create({
    name: distinguishedName(subject),
    keys,
    signingAlgorithm: kind === "ecdsa" ? { name: "ECDSA", hash: "SHA-256" } : { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" },
  });
  const verdict = await checkCsr(csr.toString("pem"), { commonName: subject.CN, organization: subject.O });
  if (!verdict.ok) throw new Error(`CSR refused: ${verdict.reason}`);
  const issued = await issueStationCertificate(db, ca, stationId, verdict, subject, 30);
  return { certificatePem: issued.pem, keyPem: await privateKeyPem(keys.privateKey), serialNumber: issued.serialNumber, fingerprint: issued.fingerprint };
}

/** A PKCS#10 CSR made the way a station makes one, with its private key. */
export async function stationCsr(
  subject: { CN: string; O?: string },
  kind: KeyKind = "ecdsa",
): Promise<{ csrPem: string; keyPem: string }> {
  const { Pkcs10CertificateRequestGenerator } = await import("@peculiar/x509");
  const keys = await generateKeys(kind);
  const name = [subject.O !== undefined ? `O=${subject.O}` : undefined, `CN=${subject.CN}`].filter(Boolean).join(", ");
  const csr = await Pkcs10CertificateRequestGenerator.create({
    name,
    keys,
    signingAlgorithm: kind === "ecdsa" ? { name: "ECDSA", hash: "SHA-256" } : { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" },
  });
  return { csrPem: csr.toString("pem"), keyPem: await privateKeyPem(keys.privateKey) };
}
