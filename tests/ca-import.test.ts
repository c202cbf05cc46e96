// Joule's issuer imported by configuration: checked at start-up, each problem named.
import { afterAll, describe, expect, test } from "bun:test";
import { createPrivateKey } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createRootCa, generateKeys, issueCertificate } from "../lib/pki/x509.ts";
import { startTestJoule } from "./support/joule.ts";

const dir = mkdtempSync(join(tmpdir(), "joule-ca-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function write(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

describe("imported CA", () => {
  test("an encrypted CA key with its passphrase is used to sign; the CA is a trust anchor", async () => {
    const ca = await createRootCa("ecdsa", "Imported CA", "Operator");
    const encrypted = createPrivateKey(ca.keyPem).export({ type: "pkcs8", format: "pem", cipher: "aes-256-cbc", passphrase: "s3cret-pass" }).toString();
    const t = await startTestJoule({
      JOULE_CA_ECDSA_CERT: write("ca.crt", ca.certificatePem),
      JOULE_CA_ECDSA_KEY: write("ca.key", encrypted),
      JOULE_CA_KEY_PASSPHRASE: "s3cret-pass",
    });
    try {
      expect(t.joule.services.tls.material.ca.ecdsa.certificatePem).toBe(ca.certificatePem);
      expect(await (await fetch(`http://127.0.0.1:${t.joule.httpPort}/api/v1/ca`)).text()).toContain(ca.certificatePem.trim());
      expect(t.logLines.join("\n")).not.toContain("s3cret-pass");
    } finally {
      await t.stop();
    }
  });

  const cases: [string, () => Promise<Record<string, string>>, string][] = [
    ["a leaf certificate instead of a CA", async () => {
      const ca = await createRootCa("ecdsa", "Root", "Op");
      const keys = await generateKeys("ecdsa");
      const leaf = await issueCertificate({ issuer: ca, publicKey: keys.publicKey, subject: { CN: "leaf" }, usage: "client" });
      return { JOULE_CA_ECDSA_CERT: write("leaf.crt", leaf), JOULE_CA_ECDSA_KEY: write("root.key", ca.keyPem) };
    }, "not a CA certificate"],
    ["a key that does not match", async () => {
      const [a, b] = [await createRootCa("ecdsa", "A", "Op"), await createRootCa("ecdsa", "B", "Op")];
      return { JOULE_CA_ECDSA_CERT: write("a.crt", a.certificatePem), JOULE_CA_ECDSA_KEY: write("b.key", b.keyPem) };
    }, "the key does not match the certificate"],
    ["a wrong passphrase", async () => {
      const ca = await createRootCa("ecdsa", "C", "Op");
      const encrypted = createPrivateKey(ca.keyPem).export({ type: "pkcs8", format: "pem", cipher: "aes-256-cbc", passphrase: "right" }).toString();
      return { JOULE_CA_ECDSA_CERT: write("c.crt", ca.certificatePem), JOULE_CA_ECDSA_KEY: write("c.key", encrypted), JOULE_CA_KEY_PASSPHRASE: "wrong" };
    }, "the key cannot be read"],
    ["an RSA CA given as the ECDSA one", async () => {
      const ca = await createRootCa("rsa", "D", "Op");
      return { JOULE_CA_ECDSA_CERT: write("d.crt", ca.certificatePem), JOULE_CA_ECDSA_KEY: write("d.key", ca.keyPem) };
    }, "the key is not an EC key"],
  ];
  for (const [name, env, message] of cases) {
    test(`${name} stops start-up naming the variable`, async () => {
      await expect(startTestJoule(await env())).rejects.toThrow(`JOULE_CA_ECDSA_CERT: ${message}`);
    });
  }
});
