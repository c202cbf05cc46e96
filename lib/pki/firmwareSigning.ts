// Firmware signatures as SignedUpdateFirmware carries them: base64 of the signature over the file with SHA-256, in
// the format of `openssl dgst -sha256 -sign` (DER ECDSA-Sig-Value for EC keys, PKCS#1 v1.5 for RSA).
// Joule's own firmware-signing key (ECDSA P-256, certificate from Joule's ECDSA CA with extKeyUsage codeSigning) is
// made on first use, so operators who sign nothing themselves still send stations a verifiable signature.
import "reflect-metadata";
import * as x509 from "@peculiar/x509";
import { createSign, createVerify, X509Certificate } from "node:crypto";
import { chmodSync, createReadStream, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { distinguishedName, generateKeys, importPrivateKey, privateKeyPem, type KeyAndCertificate } from "./x509.ts";

x509.cryptoProvider.set(crypto);

const validDays = 3 * 365;

async function issueSigningCertificate(ca: KeyAndCertificate): Promise<KeyAndCertificate> {
  const keys = await generateKeys("ecdsa");
  const caCertificate = new x509.X509Certificate(ca.certificatePem);
  const { key: caKey } = await importPrivateKey(ca.keyPem);
  const notBefore = new Date(Date.now() - 60_000);
  // Never valid beyond the CA that vouches for it.
  const notAfter = new Date(Math.min(notBefore.getTime() + validDays * 86_400_000, caCertificate.notAfter.getTime()));
  const serial = crypto.getRandomValues(new Uint8Array(16));
  serial[0]! &= 0x7f; // positive
  const certificate = await x509.X509CertificateGenerator.create({
    serialNumber: Buffer.from(serial).toString("hex"),
    subject: distinguishedName({ CN: "Joule Firmware Signing", O: "Joule" }),
    issuer: caCertificate.subject,
    notBefore,
    notAfter,
    publicKey: keys.publicKey,
    signingKey: caKey,
    signingAlgorithm: ca.kind === "ecdsa" ? { name: "ECDSA", hash: "SHA-256" } : { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" },
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.codeSigning], true),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
      await x509.AuthorityKeyIdentifierExtension.create(caCertificate),
    ],
  });
  return { kind: "ecdsa", keyPem: await privateKeyPem(keys.privateKey), certificatePem: certificate.toString("pem") };
}

/** Still usable: not expired, and issued by the current CA (an imported CA replaces the generated one). */
function usable(pair: KeyAndCertificate, ca: KeyAndCertificate): boolean {
  try {
    const certificate = new X509Certificate(pair.certificatePem);
    return new Date(certificate.validTo).getTime() > Date.now() + 86_400_000 && certificate.verify(new X509Certificate(ca.certificatePem).publicKey);
  } catch {
    return false;
  }
}

const loading = new Map<string, Promise<KeyAndCertificate>>();

/** The key and certificate in `<tlsDir>/firmware-signing.{key,crt}`, made (again) when missing or no longer usable. */
export function firmwareSigningKey(tlsDir: string, ca: KeyAndCertificate): Promise<KeyAndCertificate> {
  // One generation at a time per directory: two first uploads at once must not write two different keys.
  const pending = loading.get(tlsDir);
  if (pending) return pending;
  const promise = (async () => {
    const keyPath = join(tlsDir, "firmware-signing.key");
    const certificatePath = join(tlsDir, "firmware-signing.crt");
    if (existsSync(keyPath) && existsSync(certificatePath)) {
      const pair: KeyAndCertificate = { kind: "ecdsa", keyPem: readFileSync(keyPath, "utf8"), certificatePem: readFileSync(certificatePath, "utf8") };
      if (usable(pair, ca)) return pair;
    }
    const pair = await issueSigningCertificate(ca);
    mkdirSync(tlsDir, { recursive: true });
    writeFileSync(keyPath, pair.keyPem, { mode: 0o600 });
    chmodSync(keyPath, 0o600); // mode above applies only to a new file
    writeFileSync(certificatePath, pair.certificatePem);
    return pair;
  })().finally(() => loading.delete(tlsDir));
  loading.set(tlsDir, promise);
  return promise;
}

/** Base64 signature of the file, as `openssl dgst -sha256 -sign key file | base64` would give. */
export async function signFile(path: string, keyPem: string): Promise<string> {
  const signer = createSign("sha256");
  for await (const chunk of createReadStream(path)) signer.update(chunk);
  return signer.sign(keyPem).toString("base64");
}

/** Whether `signature` (base64) is the certificate's key's SHA-256 signature over the file. */
export async function verifyFileSignature(path: string, signature: string, certificatePem: string): Promise<boolean> {
  const verifier = createVerify("sha256");
  for await (const chunk of createReadStream(path)) verifier.update(chunk);
  return verifier.verify(new X509Certificate(certificatePem).publicKey, Buffer.from(signature, "base64"));
}
