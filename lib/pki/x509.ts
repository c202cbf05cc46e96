// X.509 building blocks on @peculiar/x509 and WebCrypto: keys, CA and leaf certificates, PEM, fingerprints.
import "reflect-metadata";
import * as x509 from "@peculiar/x509";
import { createHash, createPrivateKey, X509Certificate } from "node:crypto";

x509.cryptoProvider.set(crypto);

export type KeyKind = "ecdsa" | "rsa";

const algorithms: Record<KeyKind, RsaHashedKeyGenParams | EcKeyGenParams> = {
  ecdsa: { name: "ECDSA", namedCurve: "P-256" } as EcKeyGenParams,
  rsa: { name: "RSASSA-PKCS1-v1_5", modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: "SHA-256" },
};
const signingAlgorithm = (kind: KeyKind) =>
  kind === "ecdsa" ? { name: "ECDSA", hash: "SHA-256" } : { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" };

export interface KeyAndCertificate {
  kind: KeyKind;
  /** PEM "PRIVATE KEY" (PKCS#8). A secret: never log it. */
  keyPem: string;
  certificatePem: string;
  /** For an intermediate CA: the certificates above it (PEM), sent after the leaf in CertificateSigned. */
  chainPem?: string;
}

export async function generateKeys(kind: KeyKind): Promise<CryptoKeyPair> {
  return (await crypto.subtle.generateKey(algorithms[kind], true, ["sign", "verify"])) as CryptoKeyPair;
}

export async function privateKeyPem(key: CryptoKey): Promise<string> {
  const der = await crypto.subtle.exportKey("pkcs8", key);
  return x509.PemConverter.encode(der, "PRIVATE KEY").trimEnd() + "\n";
}

/** The kind of a PEM private key, or undefined when it is neither EC nor RSA. */
export function keyKindOf(keyPem: string): KeyKind | undefined {
  const type = createPrivateKey(keyPem).asymmetricKeyType;
  return type === "ec" ? "ecdsa" : type === "rsa" ? "rsa" : undefined;
}

export async function importPrivateKey(keyPem: string): Promise<{ key: CryptoKey; kind: KeyKind }> {
  const kind = keyKindOf(keyPem);
  if (!kind) throw new Error("Only EC (P-256) and RSA private keys are supported");
  const der = x509.PemConverter.decode(keyPem)[0]!;
  const algorithm = kind === "ecdsa" ? { name: "ECDSA", namedCurve: "P-256" } : { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" };
  return { key: await crypto.subtle.importKey("pkcs8", der, algorithm, true, ["sign"]), kind };
}

/** PEM ending in a newline, so that certificates concatenate into a valid chain. */
function pemOf(certificate: x509.X509Certificate): string {
  return certificate.toString("pem").trimEnd() + "\n";
}

function serialNumber(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[0]! &= 0x7f; // positive
  return Buffer.from(bytes).toString("hex");
}

/** RFC 4514 name from parts, escaping what needs escaping. */
export function distinguishedName(parts: { CN: string; O?: string }): string {
  const escape = (value: string) => value.replace(/([,+"\\<>;=])/g, "\\$1").replace(/^([ #])/, "\\$1").replace(/ $/, "\\ ");
  return [parts.O !== undefined ? `O=${escape(parts.O)}` : undefined, `CN=${escape(parts.CN)}`].filter(Boolean).join(", ");
}

export async function createRootCa(kind: KeyKind, commonName: string, organization: string, validYears = 20): Promise<KeyAndCertificate> {
  const keys = await generateKeys(kind);
  const notBefore = new Date(Date.now() - 60_000);
  const certificate = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serialNumber(),
    name: distinguishedName({ CN: commonName, O: organization }),
    notBefore,
    notAfter: new Date(notBefore.getTime() + validYears * 365 * 86_400_000),
    keys,
    signingAlgorithm: signingAlgorithm(kind),
    extensions: [
      new x509.BasicConstraintsExtension(true, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  return { kind, keyPem: await privateKeyPem(keys.privateKey), certificatePem: pemOf(certificate) };
}

/** An intermediate CA certificate (CA:true, pathLen 0) for `kind` keys, signed by `issuer`. */
export async function createIntermediateCa(issuer: KeyAndCertificate, kind: KeyKind, commonName: string, organization: string): Promise<KeyAndCertificate> {
  const keys = await generateKeys(kind);
  const issuerCertificate = new x509.X509Certificate(issuer.certificatePem);
  const { key: issuerKey } = await importPrivateKey(issuer.keyPem);
  const notBefore = new Date(Date.now() - 60_000);
  const certificate = await x509.X509CertificateGenerator.create({
    serialNumber: serialNumber(),
    subject: distinguishedName({ CN: commonName, O: organization }),
    issuer: issuerCertificate.subject,
    notBefore,
    notAfter: new Date(Math.min(issuerCertificate.notAfter.getTime(), notBefore.getTime() + 10 * 365 * 86_400_000)),
    publicKey: keys.publicKey,
    signingKey: issuerKey,
    signingAlgorithm: signingAlgorithm(issuer.kind),
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
      await x509.AuthorityKeyIdentifierExtension.create(issuerCertificate),
    ],
  });
  return { kind, keyPem: await privateKeyPem(keys.privateKey), certificatePem: pemOf(certificate) };
}

export interface LeafRequest {
  issuer: KeyAndCertificate;
  publicKey: CryptoKey;
  subject: { CN: string; O?: string };
  usage: "server" | "client";
  dnsNames?: string[];
  ipAddresses?: string[];
  notBefore?: Date;
  notAfter?: Date;
  validDays?: number;
}

interface PreparedIssuer {
  certificate: x509.X509Certificate;
  key: CryptoKey;
  authorityKeyIdentifier: x509.AuthorityKeyIdentifierExtension;
}

// Parsing the issuer's certificate, importing its key and deriving its key identifier cost more than signing
// (measured: ~5 of ~6.5 ms per certificate), so they are done once per issuer.
const preparedIssuers = new WeakMap<KeyAndCertificate, Promise<PreparedIssuer>>();
function prepareIssuer(issuer: KeyAndCertificate): Promise<PreparedIssuer> {
  let prepared = preparedIssuers.get(issuer);
  if (!prepared) {
    prepared = (async () => {
      const certificate = new x509.X509Certificate(issuer.certificatePem);
      return {
        certificate,
        key: (await importPrivateKey(issuer.keyPem)).key,
        authorityKeyIdentifier: await x509.AuthorityKeyIdentifierExtension.create(certificate),
      };
    })();
    preparedIssuers.set(issuer, prepared);
  }
  return prepared;
}

/** A leaf certificate signed by `issuer`: CA:false, AKI/SKI, digitalSignature, EKU serverAuth or clientAuth. */
export async function issueCertificate(request: LeafRequest): Promise<string> {
  const { certificate: issuerCertificate, key: issuerKey, authorityKeyIdentifier } = await prepareIssuer(request.issuer);
  const notBefore = request.notBefore ?? new Date(Date.now() - 60_000);
  const notAfter = request.notAfter ?? new Date(notBefore.getTime() + (request.validDays ?? 825) * 86_400_000);
  const names = [
    ...(request.dnsNames ?? []).map((value) => ({ type: "dns" as const, value })),
    ...(request.ipAddresses ?? []).map((value) => ({ type: "ip" as const, value })),
  ];
  // RSA keys may also encipher keys; EC keys agree on them (ECDH).
  const isRsa = (request.publicKey.algorithm as { name: string }).name.startsWith("RSA");
  const keyUsage =
    x509.KeyUsageFlags.digitalSignature | (isRsa ? x509.KeyUsageFlags.keyEncipherment : x509.KeyUsageFlags.keyAgreement);
  const certificate = await x509.X509CertificateGenerator.create({
    serialNumber: serialNumber(),
    subject: distinguishedName(request.subject),
    issuer: issuerCertificate.subject,
    notBefore,
    notAfter,
    publicKey: request.publicKey,
    signingKey: issuerKey,
    signingAlgorithm: signingAlgorithm(request.issuer.kind),
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(keyUsage, true),
      new x509.ExtendedKeyUsageExtension([request.usage === "server" ? x509.ExtendedKeyUsage.serverAuth : x509.ExtendedKeyUsage.clientAuth]),
      await x509.SubjectKeyIdentifierExtension.create(request.publicKey),
      authorityKeyIdentifier,
      ...(names.length > 0 ? [new x509.SubjectAlternativeNameExtension(names)] : []),
    ],
  });
  return pemOf(certificate);
}

/** Lowercase hex SHA-256 of the certificate's DER (the first one, when given a chain). */
export function fingerprintOf(certificatePem: string): string {
  const first = splitPemCertificates(certificatePem)[0] ?? certificatePem;
  return createHash("sha256").update(new X509Certificate(first).raw).digest("hex");
}

export function derToPem(der: Uint8Array): string {
  return x509.PemConverter.encode(new Uint8Array(der).buffer, "CERTIFICATE").trimEnd() + "\n";
}

/** All PEM certificates in a text (a chain file holds several). */
export function splitPemCertificates(text: string): string[] {
  return text.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g)?.map((pem) => pem + "\n") ?? [];
}
