// The whitepaper's CertificateHashDataType for a PEM certificate, so an operator can match what a station reports:
// hash of the issuer's DER name, hash of the issuer's public key (the BIT STRING of its SubjectPublicKeyInfo),
// and the serial number in hex.
import "reflect-metadata";
import { AsnConvert } from "@peculiar/asn1-schema";
import { SubjectPublicKeyInfo } from "@peculiar/asn1-x509";
import * as x509 from "@peculiar/x509";
import { createHash } from "node:crypto";

export type HashAlgorithm = "SHA256" | "SHA384" | "SHA512";
const nodeNames: Record<HashAlgorithm, string> = { SHA256: "sha256", SHA384: "sha384", SHA512: "sha512" };

export interface CertificateHashData {
  hashAlgorithm: HashAlgorithm;
  issuerNameHash: string;
  issuerKeyHash: string;
  serialNumber: string;
}

const readable = (pem: string) => {
  try {
    return new x509.X509Certificate(pem);
  } catch {
    return undefined;
  }
};

/**
 * `issuerPem` is needed unless the certificate is self-signed (then it is its own issuer); it must be the certificate's
 * real issuer. A problem names the input field at fault.
 */
export function certificateHashData(
  pem: string,
  hashAlgorithm: HashAlgorithm = "SHA256",
  issuerPem?: string,
): CertificateHashData | { problem: string; field: "pem" | "issuerPem" } {
  const certificate = readable(pem);
  if (!certificate) return { problem: "pem is not a readable certificate", field: "pem" };
  const issuer = issuerPem === undefined ? certificate : readable(issuerPem);
  if (!issuer) return { problem: "issuerPem is not a readable certificate", field: "issuerPem" };
  if (issuerPem === undefined && certificate.subject !== certificate.issuer) {
    return { problem: "issuerPem is needed for a certificate that is not self-signed", field: "issuerPem" };
  }
  if (issuerPem !== undefined && certificate.issuer !== issuer.subject) {
    return { problem: "issuerPem is not the issuer of this certificate", field: "issuerPem" };
  }
  const digest = (data: ArrayBuffer) => createHash(nodeNames[hashAlgorithm]).update(new Uint8Array(data)).digest("hex");
  const issuerKey = AsnConvert.parse(issuer.publicKey.rawData, SubjectPublicKeyInfo).subjectPublicKey;
  return {
    hashAlgorithm,
    issuerNameHash: digest(certificate.issuerName.toArrayBuffer()),
    issuerKeyHash: digest(issuerKey),
    serialNumber: certificate.serialNumber.replace(/^0+(?=.)/, "").toLowerCase(),
  };
}
