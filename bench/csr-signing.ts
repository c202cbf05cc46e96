// CSR signing throughput: SignCertificate's checks (parse, signature, key strength, subject) plus issuing and
// recording the certificate with Joule's CA, for EC P-256 and RSA 2048 CSRs. `bun run bench/csr-signing.ts [--count N]`
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import "reflect-metadata";
import { Pkcs10CertificateRequestGenerator } from "@peculiar/x509";
import { openDatabase } from "../db/index.ts";
import { checkCsr, issueStationCertificate } from "../lib/pki/stationCertificates.ts";
import { createRootCa, generateKeys, type KeyKind } from "../lib/pki/x509.ts";

const countArg = process.argv.indexOf("--count");
const count = countArg > 0 ? Number(process.argv[countArg + 1]) : 200;

const dir = mkdtempSync(join(tmpdir(), "joule-csr-bench-"));
const database = await openDatabase({ url: `file:${join(dir, "joule.db")}` });
const ca = { ecdsa: await createRootCa("ecdsa", "Bench CA EC", "Joule"), rsa: await createRootCa("rsa", "Bench CA RSA", "Joule") };
const subject = { CN: "BENCH", O: "Bench CPO" };

async function csrs(kind: KeyKind, n: number): Promise<string[]> {
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const keys = await generateKeys(kind);
    const csr = await Pkcs10CertificateRequestGenerator.create({
      name: "O=Bench CPO, CN=BENCH",
      keys,
      signingAlgorithm: kind === "ecdsa" ? { name: "ECDSA", hash: "SHA-256" } : { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" },
    });
    out.push(csr.toString("pem"));
  }
  return out;
}

console.log(`CSR signing: ${count} CSRs per key type (CSRs made beforehand; timed: check + issue + record)`);
for (const kind of ["ecdsa", "rsa"] as const) {
  const pending = await csrs(kind, count);
  const started = performance.now();
  for (const pem of pending) {
    const verdict = await checkCsr(pem, { commonName: subject.CN, organization: subject.O });
    if (!verdict.ok) throw new Error(verdict.reason);
    await issueStationCertificate(database.db, ca, "BENCH", verdict, subject, 365);
  }
  const seconds = (performance.now() - started) / 1000;
  console.log(`  ${kind === "ecdsa" ? "EC P-256 " : "RSA 2048 "}  ${(count / seconds).toFixed(0).padStart(6)} certificates/s  (${((seconds / count) * 1000).toFixed(2)} ms each)`);
}
await database.close();
rmSync(dir, { recursive: true, force: true });
