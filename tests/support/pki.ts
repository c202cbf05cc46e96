// Certificates for tests, generated in the test with Joule's own PKI code or as foreign/self-signed material.
import { createRootCa, generateKeys, issueCertificate, privateKeyPem, type KeyAndCertificate, type KeyKind } from "../../lib/pki/x509.ts";

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
