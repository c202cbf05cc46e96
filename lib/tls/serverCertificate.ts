// The server certificates as operators see and replace them (JSON API and console alike): replacing applies to the
// next handshake, is kept for later starts and is audited; the private key is never shown or logged.
import { X509Certificate } from "node:crypto";
import { recordAudit } from "../../db/audit.ts";
import { fingerprintOf, splitPemCertificates, type KeyKind } from "../pki/x509.ts";
import type { Services } from "../services.ts";
import { keyKinds, type ServerCertificateSource } from "./material.ts";

export { ServerCertificateError } from "./runtime.ts";

export interface ReplacedServerCertificate {
  kind: KeyKind;
  subject: string;
  notAfter: string;
}

/** Replaces the ECDSA or RSA server certificate (the key decides); throws ServerCertificateError for bad input. */
export async function replaceServerCertificate(
  services: Services,
  certificatePem: string,
  keyPem: string,
  actor: string,
): Promise<ReplacedServerCertificate> {
  const replaced = await services.tls.replaceServerCertificate(certificatePem, keyPem);
  await recordAudit(services.database.db, {
    kind: "server_certificate_replaced",
    reason: `${replaced.kind}: ${replaced.subject}, valid until ${replaced.notAfter}`,
    actor,
  });
  return replaced;
}

export interface ServerCertificateView {
  kind: KeyKind;
  subject: string;
  issuer: string;
  /** Subject alternative names as "DNS:host" / "IP Address:1.2.3.4", in the certificate's order. */
  alternativeNames: string[];
  notBefore: string;
  notAfter: string;
  fingerprint: string;
  /** Certificates in the chain the server sends (the leaf included). */
  chainLength: number;
  source: ServerCertificateSource | undefined;
}

const oneLine = (name: string) => name.replace(/\n/g, ", ");

/** What the server presents now, by key kind (never the key). */
export function serverCertificateViews(services: Services): ServerCertificateView[] {
  const { material } = services.tls;
  return keyKinds.flatMap((kind) => {
    const pair = material.server[kind];
    if (!pair) return [];
    const chain = splitPemCertificates(pair.certificatePem);
    const leaf = new X509Certificate(chain[0]!);
    return [
      {
        kind,
        subject: oneLine(leaf.subject),
        issuer: oneLine(leaf.issuer),
        alternativeNames: leaf.subjectAltName ? leaf.subjectAltName.split(/,\s*/) : [],
        notBefore: new Date(leaf.validFrom).toISOString(),
        notAfter: new Date(leaf.validTo).toISOString(),
        fingerprint: fingerprintOf(chain[0]!),
        chainLength: chain.length,
        source: material.serverSources[kind],
      },
    ];
  });
}
