// wss benchmark: full TLS handshakes per second against Joule's TLS listener with an ECDSA and with an RSA server
// certificate (TLS 1.2, forced suites) and with mTLS (TLS 1.3, client certificate from Joule's CA), and server
// memory per idle wss station connection. `bun run bench/tls-handshakes.ts [--seconds 8] [--idle 2000]`
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generateKeys, issueCertificate, privateKeyPem, splitPemCertificates, type KeyAndCertificate } from "../lib/pki/x509.ts";
import { rssKb } from "./servers.ts";

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const seconds = arg("seconds", 8);
const idleConnections = arg("idle", 2000);
const workers = 2;
const concurrencyPerWorker = 16;

async function freePort(): Promise<number> {
  const probe = Bun.listen({ hostname: "127.0.0.1", port: 0, socket: { data() {} } });
  const port = probe.port;
  probe.stop(true);
  return port;
}

const dataDir = mkdtempSync(join(tmpdir(), "joule-tls-bench-"));
const [httpPort, httpsPort] = [await freePort(), await freePort()];
const token = `bench-${crypto.randomUUID()}`;
const joule = Bun.spawn([process.execPath, "main.ts"], {
  cwd: join(import.meta.dir, ".."),
  env: {
    ...process.env,
    JOULE_HOST: "127.0.0.1",
    JOULE_HTTP_PORT: String(httpPort),
    JOULE_HTTPS_PORT: String(httpsPort),
    JOULE_DATA_DIR: dataDir,
    JOULE_TLS_DIR: join(dataDir, "tls"),
    JOULE_DATABASE_URL: "",
    JOULE_API_TOKEN: token,
    JOULE_AUTO_REGISTER: "true",
    JOULE_LOG_LEVEL: "error",
  },
  stdin: "ignore",
  stdout: 2,
  stderr: 2,
});

try {
  for (let i = 0; ; i++) {
    if (i > 600) throw new Error("Joule did not become healthy");
    const ok = await fetch(`http://127.0.0.1:${httpPort}/health`).then((r) => r.ok, () => false);
    if (ok) break;
    await Bun.sleep(100);
  }
  const ca = splitPemCertificates(await (await fetch(`http://127.0.0.1:${httpPort}/api/v1/ca`)).text());
  const readPair = (name: string): KeyAndCertificate => ({
    kind: "ecdsa",
    certificatePem: readFileSync(join(dataDir, "tls", `${name}.crt`), "utf8"),
    keyPem: readFileSync(join(dataDir, "tls", `${name}.key`), "utf8"),
  });
  const clientKeys = await generateKeys("ecdsa");
  const client = {
    cert: await issueCertificate({ issuer: readPair("ca-ecdsa"), publicKey: clientKeys.publicKey, subject: { CN: "BENCH-MTLS", O: "Bench CPO" }, usage: "client" }),
    key: await privateKeyPem(clientKeys.privateKey),
  };

  const runWorkers = async (job: Record<string, unknown>, n: number) =>
    Promise.all(
      Array.from({ length: n }, async () => {
        const child = Bun.spawn([process.execPath, join(import.meta.dir, "tls-worker.ts"), JSON.stringify(job)], { stdout: "pipe", stderr: 2 });
        return JSON.parse((await new Response(child.stdout).text()).trim());
      }),
    );

  const modes: [string, Record<string, unknown>][] = [
    ["ECDSA server certificate (TLS 1.2, ECDHE-ECDSA-AES128-GCM-SHA256)", { ciphers: "ECDHE-ECDSA-AES128-GCM-SHA256", maxVersion: "TLSv1.2" }],
    ["RSA server certificate (TLS 1.2, ECDHE-RSA-AES128-GCM-SHA256)", { ciphers: "ECDHE-RSA-AES128-GCM-SHA256", maxVersion: "TLSv1.2" }],
    ["mTLS (TLS 1.3, ECDSA client certificate)", { cert: client.cert, key: client.key }],
  ];
  console.log(`wss listener: full TLS handshakes, ${workers} client processes x ${concurrencyPerWorker} connections, ${seconds} s each`);
  for (const [name, options] of modes) {
    const results = await runWorkers({ mode: "handshakes", port: httpsPort, ca, concurrency: concurrencyPerWorker, seconds, ...options }, workers);
    const total = results.reduce((sum, r) => sum + r.handshakes, 0);
    const failures = results.reduce((sum, r) => sum + r.failures, 0);
    console.log(`  ${name.padEnd(66)} ${(total / seconds).toFixed(0).padStart(6)} handshakes/s${failures ? ` (${failures} failed)` : ""}`);
  }

  // Idle memory: profile-0 stations, auto-registered, held open over wss.
  await Bun.sleep(1000);
  const before = rssKb(joule.pid);
  const perWorker = Math.ceil(idleConnections / workers);
  const holders = Array.from({ length: workers }, (_, w) => {
    const ids = Array.from({ length: perWorker }, (_, i) => `IDLE-${w}-${i}`);
    return Bun.spawn([process.execPath, join(import.meta.dir, "tls-worker.ts"), JSON.stringify({ mode: "idle-wss", port: httpsPort, ca, ids })], {
      stdin: "pipe",
      stdout: "pipe",
      stderr: 2,
    });
  });
  let open = 0;
  for (const holder of holders) {
    const reader = holder.stdout.getReader();
    const { value } = await reader.read();
    open += JSON.parse(new TextDecoder().decode(value).trim()).open;
  }
  await Bun.sleep(3000);
  const after = rssKb(joule.pid);
  console.log(
    `  idle wss stations: ${open} open; server RSS ${(before / 1024).toFixed(1)} MB -> ${(after / 1024).toFixed(1)} MB = ${((after - before) / open).toFixed(1)} KB per connection`,
  );
  for (const holder of holders) {
    holder.stdin.end();
    holder.kill();
  }
} finally {
  joule.kill("SIGTERM");
  await joule.exited;
  rmSync(dataDir, { recursive: true, force: true });
}
