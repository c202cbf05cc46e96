// Certificate material for the wss listener: Joule's CA (ECDSA and RSA roots) and the server certificates.
// First start with nothing configured: everything is generated under JOULE_TLS_DIR.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import { serverCertificatesStored } from "../../db/serverCertificates.ts";
import type { Db } from "../../db/index.ts";
import { ConfigError, type Config } from "../config.ts";
import "reflect-metadata";
import * as x509 from "@peculiar/x509";
import { createPrivateKey, X509Certificate } from "node:crypto";
import type { Logger } from "../log.ts";
import {
  createRootCa,
  generateKeys,
  issueCertificate,
  keyKindOf,
  privateKeyPem,
  type KeyAndCertificate,
  type KeyKind,
} from "../pki/x509.ts";

export const keyKinds: KeyKind[] = ["ecdsa", "rsa"];

export interface TlsMaterial {
  /** Joule's own CA, by key kind: signs the generated server certificates (and station certificates later). */
  ca: Record<KeyKind, KeyAndCertificate>;
  /** The certificates the server presents, by key kind (an operator may configure only one kind). */
  server: Partial<Record<KeyKind, KeyAndCertificate>>;
  /** Where each server certificate came from. */
  serverSources: Partial<Record<KeyKind, ServerCertificateSource>>;
}

/**
 * stored: replaced through the console or the API (kept in the database); configured: JOULE_TLS_CERT / JOULE_TLS_KEY
 * files; directory: JOULE_TLS_DIR (generated there on the first start).
 */
export type ServerCertificateSource = "stored" | "configured" | "directory";

function readPair(certificatePath: string, keyPath: string): KeyAndCertificate | undefined {
  if (!existsSync(certificatePath) || !existsSync(keyPath)) return undefined;
  const keyPem = readFileSync(keyPath, "utf8");
  const kind = keyKindOf(keyPem);
  if (!kind) throw new Error(`${keyPath}: only EC and RSA keys are supported`);
  return { kind, keyPem, certificatePem: readFileSync(certificatePath, "utf8") };
}

function writePair(dir: string, name: string, pair: KeyAndCertificate): void {
  writeFileSync(join(dir, `${name}.crt`), pair.certificatePem);
  writeFileSync(join(dir, `${name}.key`), pair.keyPem, { mode: 0o600 });
}

async function ensureCa(dir: string, kind: KeyKind, log: Logger): Promise<KeyAndCertificate> {
  const name = `ca-${kind}`;
  const existing = readPair(join(dir, `${name}.crt`), join(dir, `${name}.key`));
  if (existing) return existing;
  const ca = await createRootCa(kind, `Joule Root CA (${kind.toUpperCase()})`, "Joule");
  writePair(dir, name, ca);
  log.info("generated Joule's certificate authority", { kind, certificate: join(dir, `${name}.crt`) });
  return ca;
}

async function generateServerCertificate(dir: string, ca: KeyAndCertificate, log: Logger): Promise<KeyAndCertificate> {
  const keys = await generateKeys(ca.kind);
  const host = hostname();
  const certificatePem = await issueCertificate({
    issuer: ca,
    publicKey: keys.publicKey,
    subject: { CN: "localhost", O: "Joule" },
    usage: "server",
    dnsNames: [...new Set(["localhost", host])],
    ipAddresses: ["127.0.0.1", "::1"],
  });
  const pair = { kind: ca.kind, keyPem: await privateKeyPem(keys.privateKey), certificatePem };
  writePair(dir, `server-${ca.kind}`, pair);
  log.info("generated a server certificate signed by Joule's CA", { kind: ca.kind, names: `localhost, 127.0.0.1, ${host}` });
  return pair;
}

/** Server certificates named by JOULE_TLS_CERT/KEY (kind from the key) and the _ECDSA/_RSA variants. */
function configuredServerCertificates(config: Config): Partial<Record<KeyKind, KeyAndCertificate>> {
  const found: Partial<Record<KeyKind, KeyAndCertificate>> = {};
  for (const files of config.tlsCertificateFiles) {
    const pair = readPair(files.certificate, files.key);
    if (!pair) throw new Error(`TLS certificate or key file not found: ${files.certificate}, ${files.key}`);
    found[pair.kind] = pair;
  }
  return found;
}

/**
 * An issuer imported by configuration, checked before use: a CA certificate allowed to sign certificates, not
 * expired, of the expected key kind, with the matching key (decrypted with the passphrase when encrypted).
 */
function importCa(kind: KeyKind, files: NonNullable<Config["caFiles"]["ecdsa"]>, passphrase: string | undefined): KeyAndCertificate {
  const variable = `JOULE_CA_${kind.toUpperCase()}_CERT`;
  const fail = (detail: string): never => {
    throw new ConfigError(variable, detail);
  };
  const read = (path: string, name: string) => {
    if (!existsSync(path)) fail(`${name} file not found: ${path}`);
    return readFileSync(path, "utf8");
  };
  const certificatePem = read(files.certificate, "certificate");
  let certificate: X509Certificate;
  try {
    certificate = new X509Certificate(certificatePem);
  } catch {
    return fail("not a readable PEM certificate");
  }
  if (!certificate.ca) fail("not a CA certificate (basicConstraints CA:true missing)");
  const usages = new x509.X509Certificate(certificatePem).getExtension(x509.KeyUsagesExtension);
  if (usages && !(usages.usages & x509.KeyUsageFlags.keyCertSign)) fail("the certificate may not sign certificates (keyCertSign missing)");
  if (new Date(certificate.validTo) < new Date()) fail(`the CA certificate expired on ${certificate.validTo}`);
  let keyPem: string;
  try {
    keyPem = createPrivateKey({ key: read(files.key, "key"), passphrase }).export({ type: "pkcs8", format: "pem" }).toString();
  } catch {
    return fail("the key cannot be read (wrong passphrase, or not a PEM private key)");
  }
  if (keyKindOf(keyPem) !== kind) fail(`the key is not ${kind === "ecdsa" ? "an EC" : "an RSA"} key`);
  if (!certificate.checkPrivateKey(createPrivateKey(keyPem))) fail("the key does not match the certificate");
  const chainPem = files.chain ? read(files.chain, "chain") : undefined;
  return { kind, keyPem, certificatePem, chainPem };
}

export async function loadTlsMaterial(config: Config, db: Db, log: Logger): Promise<TlsMaterial> {
  mkdirSync(config.tlsDir, { recursive: true });
  const caOf = async (kind: KeyKind) => {
    const files = config.caFiles[kind];
    return files ? importCa(kind, files, config.caKeyPassphrase) : ensureCa(config.tlsDir, kind, log);
  };
  const ca = { ecdsa: await caOf("ecdsa"), rsa: await caOf("rsa") };
  // Precedence: replaced through the API (database) > configured files > generated.
  const stored = await serverCertificatesStored(db);
  const configured = configuredServerCertificates(config);
  const server: Partial<Record<KeyKind, KeyAndCertificate>> = {};
  const serverSources: Partial<Record<KeyKind, ServerCertificateSource>> = {};
  for (const kind of keyKinds) {
    server[kind] = stored[kind] ?? configured[kind];
    if (server[kind]) serverSources[kind] = stored[kind] ? "stored" : "configured";
  }
  if (Object.keys(configured).length === 0) {
    for (const kind of keyKinds) {
      if (server[kind]) continue;
      server[kind] =
        readPair(join(config.tlsDir, `server-${kind}.crt`), join(config.tlsDir, `server-${kind}.key`)) ??
        (await generateServerCertificate(config.tlsDir, ca[kind], log));
      serverSources[kind] = "directory";
    }
  }
  return { ca, server, serverSources };
}
