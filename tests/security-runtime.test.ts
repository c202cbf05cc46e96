// Security at run time (issue 3), over real sockets with ocpp-rpc as the station: trust anchors added and removed,
// a station certificate revoked, the server certificates replaced, all without a restart while other stations stay
// connected; the TLS versions and suites offered; the brute-force throttle; and no secret in logs or API answers.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { createHash, X509Certificate } from "node:crypto";
import { connect as tlsConnect, createServer as createTlsServer, type ConnectionOptions } from "node:tls";
import type { AddressInfo } from "node:net";
import { generateKeys, issueCertificate, privateKeyPem, splitPemCertificates, type KeyAndCertificate } from "../lib/pki/x509.ts";
import { clientCertificate, foreignCa, recordedStationCertificate, type ClientIdentity } from "./support/pki.ts";
import { closed, startTestJoule, type Station, type TestJoule } from "./support/joule.ts";

let t: TestJoule; // trust store, revocation, server certificates
let bf: TestJoule; // brute force, on its own so that its failures throttle nothing else
let caPems: string[];
let wss: string;
let ws: string;

/**
 * Every password any station used or tried in this file, also as hex and as the Basic credentials it went out in:
 * none may show up in a log line or an API answer.
 */
const passwordsUsed: string[] = [];
const secretForms: string[] = [];
const newPassword = (seed: string, stationId: string) => {
  const password = `${seed}-${crypto.randomUUID().slice(0, 8)}`.padEnd(18, "x").slice(0, 18);
  passwordsUsed.push(password);
  secretForms.push(password, Buffer.from(password).toString("hex"), btoa(`${stationId}:${password}`));
  return password;
};
/** Private keys handed to the API: also secrets. */
const keysUsed: string[] = [];

/** Stations created with a password, for the secrets check at the end. */
const stationsWithPasswords: [TestJoule, string][] = [];

async function createStation(target: TestJoule, body: Record<string, unknown>): Promise<void> {
  const response = await target.api("POST", "/api/v1/stations", body);
  if (response.status !== 201) throw new Error(`creating ${body.id}: ${response.status} ${await response.text()}`);
  if (body.password !== undefined) stationsWithPasswords.push([target, String(body.id)]);
}

const wssOptions = (identity?: ClientIdentity, extra: Record<string, unknown> = {}) => ({
  endpoint: wss,
  ...extra,
  wsOpts: { ca: caPems, ...(identity ? { cert: identity.certificatePem, key: identity.keyPem } : {}) },
});

async function heartbeat(station: Station): Promise<void> {
  expect((await station.call("Heartbeat", {})).currentTime).toBeString();
}

// Stations that must stay connected through everything in the first three groups of tests.
const bystanders: { id: string; station: Station; closedWith?: number }[] = [];
async function bystandersStillUp(): Promise<void> {
  for (const bystander of bystanders) {
    expect({ id: bystander.id, closedWith: bystander.closedWith }).toEqual({ id: bystander.id, closedWith: undefined });
    await heartbeat(bystander.station);
  }
}

beforeAll(async () => {
  [t, bf] = await Promise.all([startTestJoule(), startTestJoule()]);
  caPems = splitPemCertificates(await (await fetch(`http://127.0.0.1:${t.joule.httpPort}/api/v1/ca`)).text());
  wss = `wss://127.0.0.1:${t.joule.httpsPort}/ocpp`;
  ws = `ws://127.0.0.1:${t.joule.httpPort}/ocpp`;

  const ca = t.joule.services.tls.material.ca;
  const p1 = newPassword("by-p1", "BY-P1");
  const p2 = newPassword("by-p2", "BY-P2");
  await createStation(t, { id: "BY-P1", securityProfile: 1, password: p1 });
  await createStation(t, { id: "BY-P2", securityProfile: 2, password: p2 });
  await createStation(t, { id: "BY-P3", securityProfile: 3, cpoName: "Bystander CPO" });
  const p3 = await clientCertificate(ca.rsa, { CN: "BY-P3", O: "Bystander CPO" });
  const connections: [string, Record<string, unknown>][] = [
    ["BY-P1", { endpoint: ws, password: p1 }],
    ["BY-P2", wssOptions(undefined, { password: p2 })],
    ["BY-P3", wssOptions(p3)],
  ];
  for (const [id, options] of connections) {
    const station = await t.connect(id, options);
    const entry: (typeof bystanders)[number] = { id, station };
    station.on("close", (event: { code: number }) => (entry.closedWith = event.code));
    bystanders.push(entry);
  }
});

afterAll(async () => {
  await Promise.all([t?.stop(), bf?.stop()]);
});

describe("trust anchors at run time", () => {
  let foreign: KeyAndCertificate;
  let identity: ClientIdentity;
  let fingerprint: string;
  let station: Station;

  beforeAll(async () => {
    foreign = await foreignCa();
    identity = await clientCertificate(foreign, { CN: "TA-1", O: "Foreign CPO" });
    await createStation(t, { id: "TA-1", securityProfile: 3, cpoName: "Foreign CPO" });
  });

  test("a certificate from an unknown CA is refused; once its CA is added the very next handshake is accepted", async () => {
    await expect(t.connect("TA-1", wssOptions(identity))).rejects.toMatchObject({ code: 401 });
    const audit = await (await t.api("GET", "/api/v1/audit?stationId=TA-1&limit=1")).json();
    expect(audit.items[0]).toMatchObject({ kind: "handshake_refused", reason: "client certificate does not chain to a trust anchor" });

    const response = await t.api("POST", "/api/v1/trust-anchors", { pem: foreign.certificatePem });
    expect(response.status).toBe(201);
    const anchor = await response.json();
    const der = new X509Certificate(foreign.certificatePem).raw;
    fingerprint = createHash("sha256").update(der).digest("hex");
    expect(anchor).toEqual({
      fingerprint,
      subject: expect.stringContaining("CN=Foreign Test CA"),
      notBefore: new Date(new X509Certificate(foreign.certificatePem).validFrom).toISOString(),
      notAfter: new Date(new X509Certificate(foreign.certificatePem).validTo).toISOString(),
    });
    // No restart, no wait: the next handshake.
    station = await t.connect("TA-1", wssOptions(identity));
    await heartbeat(station);
    const list = await (await t.api("GET", "/api/v1/trust-anchors")).json();
    expect(list.items.map((item: { fingerprint: string }) => item.fingerprint)).toContain(fingerprint);
    await bystandersStillUp();
  });

  test("a non-CA certificate, garbage or two certificates get 400; the same anchor again 409", async () => {
    const post = (pem: unknown) => t.api("POST", "/api/v1/trust-anchors", { pem });
    expect((await post(identity.certificatePem)).status).toBe(400); // a leaf (CA:false)
    expect((await post("garbage")).status).toBe(400);
    expect((await post("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n")).status).toBe(400);
    expect((await post(42)).status).toBe(400);
    const other = await foreignCa();
    expect((await post(foreign.certificatePem + other.certificatePem)).status).toBe(400);
    expect((await post(foreign.certificatePem)).status).toBe(409);
    const list = await (await t.api("GET", "/api/v1/trust-anchors")).json();
    expect(list.items).toHaveLength(1);
  });

  test("removing the anchor closes the station that used it (1008) and refuses its next handshake", async () => {
    // Joule also polls the database for trust changes every 5 s; the short timeouts here make sure the change took
    // effect because of the API call, not because of the poll.
    const closing = closed(station, 1500);
    const response = await t.api("DELETE", `/api/v1/trust-anchors/${fingerprint}`);
    expect(response.status).toBe(204);
    await expect(t.connect("TA-1", wssOptions(identity))).rejects.toMatchObject({ code: 401 });
    expect((await closing).code).toBe(1008);
    expect((await t.api("DELETE", `/api/v1/trust-anchors/${fingerprint}`)).status).toBe(404);
    const audit = await (await t.api("GET", "/api/v1/audit?limit=50")).json();
    const kinds = audit.items.map((entry: { kind: string }) => entry.kind);
    expect(kinds).toContain("trust_anchor_added");
    expect(kinds).toContain("trust_anchor_removed");
    await bystandersStillUp();
  });
});

describe("revocation", () => {
  test("revoking the certificate Joule issued disconnects the station using it; reconnecting fails", async () => {
    await createStation(t, { id: "REV-1", securityProfile: 3, cpoName: "Revoke CPO" });
    const { database, tls } = t.joule.services;
    const issued = await recordedStationCertificate(database.db, tls.material.ca, "REV-1", { CN: "REV-1", O: "Revoke CPO" });
    const spare = await recordedStationCertificate(database.db, tls.material.ca, "REV-1", { CN: "REV-1", O: "Revoke CPO" });
    const station = await t.connect("REV-1", wssOptions(issued));
    await heartbeat(station);

    const closing = closed(station, 1500); // well within the trust store's 5 s database poll
    const response = await t.api("POST", `/api/v1/certificates/${issued.serialNumber}/revoke`, { reason: "key compromised" });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ serialNumber: issued.serialNumber, stationId: "REV-1", revokedAt: expect.any(String) });
    await expect(t.connect("REV-1", wssOptions(issued))).rejects.toMatchObject({ code: 401 });
    expect((await closing).code).toBe(1008);
    const audit = await (await t.api("GET", "/api/v1/audit?stationId=REV-1&limit=5")).json();
    expect(audit.items[0]).toMatchObject({ kind: "handshake_refused", reason: "client certificate revoked" });
    expect(audit.items.map((entry: { kind: string }) => entry.kind)).toContain("certificate_revoked");
    const certificates = await (await t.api("GET", "/api/v1/certificates?stationId=REV-1")).json();
    const bySerial = new Map(certificates.items.map((c: { serialNumber: string; revokedAt: string | null }) => [c.serialNumber, c.revokedAt]));
    expect(bySerial.get(issued.serialNumber)).toBeString();
    expect(bySerial.get(spare.serialNumber)).toBeNull();

    // Revocation is per certificate: another certificate of the same station still works.
    const again = await t.connect("REV-1", wssOptions(spare));
    await heartbeat(again);
    await again.close({ force: true });
    expect((await t.api("POST", "/api/v1/certificates/00deadbeef/revoke")).status).toBe(404);
    await bystandersStillUp();
  });
});

interface TlsView {
  protocol: string | null;
  commonName: string | undefined;
  keyType: string | undefined;
  cipher: string;
}

/** A raw TLS handshake to a port; resolves with what the client saw, rejects when the server refuses. */
function tlsHandshake(port: number, options: ConnectionOptions): Promise<TlsView> {
  return new Promise((resolve, reject) => {
    const socket = tlsConnect({ host: "127.0.0.1", port, ca: caPems, ...options }, () => {
      const certificate = socket.getPeerCertificate();
      resolve({
        protocol: socket.getProtocol(),
        commonName: certificate.subject?.CN as string | undefined,
        keyType: socket.getPeerX509Certificate()?.publicKey.asymmetricKeyType,
        cipher: socket.getCipher().name,
      });
      socket.end();
    });
    socket.on("error", reject);
    socket.setTimeout(5000, () => socket.destroy(new Error("TLS handshake timed out")));
  });
}
const ecdsaOnly: ConnectionOptions = { maxVersion: "TLSv1.2", ciphers: "ECDHE-ECDSA-AES128-GCM-SHA256" };
const rsaOnly: ConnectionOptions = { maxVersion: "TLSv1.2", ciphers: "ECDHE-RSA-AES128-GCM-SHA256" };

async function serverCertificate(
  ca: KeyAndCertificate,
  commonName: string,
): Promise<{ certificate: string; key: string }> {
  const keys = await generateKeys(ca.kind);
  const certificate = await issueCertificate({
    issuer: ca,
    publicKey: keys.publicKey,
    subject: { CN: commonName, O: "Joule test" },
    usage: "server",
    dnsNames: ["localhost"],
    ipAddresses: ["127.0.0.1"],
  });
  const key = await privateKeyPem(keys.privateKey);
  keysUsed.push(key);
  return { certificate, key };
}

describe("server certificates and TLS", () => {
  test("the server presents an ECDSA and an RSA certificate: either kind of client completes the handshake", async () => {
    expect(await tlsHandshake(t.joule.httpsPort!, ecdsaOnly)).toMatchObject({
      protocol: "TLSv1.2",
      keyType: "ec",
      cipher: "ECDHE-ECDSA-AES128-GCM-SHA256",
    });
    expect(await tlsHandshake(t.joule.httpsPort!, rsaOnly)).toMatchObject({
      protocol: "TLSv1.2",
      keyType: "rsa",
      cipher: "ECDHE-RSA-AES128-GCM-SHA256",
    });
    for (const cipher of ["ECDHE-ECDSA-AES256-GCM-SHA384", "ECDHE-RSA-AES256-GCM-SHA384"]) {
      expect((await tlsHandshake(t.joule.httpsPort!, { maxVersion: "TLSv1.2", ciphers: cipher })).cipher).toBe(cipher);
    }
  });

  test("TLS 1.3 works; TLS 1.1 and a TLS 1.2 suite outside the whitepaper's are refused", async () => {
    expect((await tlsHandshake(t.joule.httpsPort!, { minVersion: "TLSv1.3" })).protocol).toBe("TLSv1.3");
    await expect(tlsHandshake(t.joule.httpsPort!, { minVersion: "TLSv1.1", maxVersion: "TLSv1.1" })).rejects.toThrow();
    await expect(tlsHandshake(t.joule.httpsPort!, { maxVersion: "TLSv1.2", ciphers: "AES128-GCM-SHA256" })).rejects.toThrow();
    // Control: the same client settings do complete against a permissive server, so the refusals above are Joule's.
    const rsa = t.joule.services.tls.material.server.rsa!;
    const permissive = createTlsServer({ key: rsa.keyPem, cert: rsa.certificatePem, minVersion: "TLSv1" }, (socket) => socket.end());
    await new Promise<void>((resolve) => permissive.listen(0, "127.0.0.1", () => resolve()));
    try {
      const port = (permissive.address() as AddressInfo).port;
      expect((await tlsHandshake(port, { minVersion: "TLSv1.1", maxVersion: "TLSv1.1" })).protocol).toBe("TLSv1.1");
      expect((await tlsHandshake(port, { maxVersion: "TLSv1.2", ciphers: "AES128-GCM-SHA256" })).cipher).toBe("AES128-GCM-SHA256");
    } finally {
      permissive.close();
    }
  });

  test("replacing the ECDSA server certificate: new handshakes see it, connected stations keep working", async () => {
    const port = t.joule.httpsPort!;
    expect((await tlsHandshake(port, ecdsaOnly)).commonName).toBe("localhost");
    const replacement = await serverCertificate(t.joule.services.tls.material.ca.ecdsa, "joule-replaced-ecdsa.test");
    const response = await t.api("PUT", "/api/v1/tls/server-certificate", replacement);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ kind: "ecdsa", subject: expect.stringContaining("CN=joule-replaced-ecdsa.test") });

    expect(await tlsHandshake(port, ecdsaOnly)).toMatchObject({ commonName: "joule-replaced-ecdsa.test", keyType: "ec" });
    // The RSA certificate was not touched.
    expect(await tlsHandshake(port, rsaOnly)).toMatchObject({ commonName: "localhost", keyType: "rsa" });
    await bystandersStillUp();
    // A new wss station handshake (verifying the new certificate against Joule's CA) works too.
    const password = newPassword("srv", "SRV-1");
    await createStation(t, { id: "SRV-1", securityProfile: 2, password });
    const station = await t.connect("SRV-1", { endpoint: wss, password, wsOpts: { ca: caPems, ...ecdsaOnly } });
    await heartbeat(station);
    await station.close({ force: true });
  });

  test("replacing the RSA server certificate leaves the ECDSA one alone", async () => {
    const port = t.joule.httpsPort!;
    const replacement = await serverCertificate(t.joule.services.tls.material.ca.rsa, "joule-replaced-rsa.test");
    const response = await t.api("PUT", "/api/v1/tls/server-certificate", replacement);
    expect(response.status).toBe(200);
    expect((await response.json()).kind).toBe("rsa");
    expect(await tlsHandshake(port, rsaOnly)).toMatchObject({ commonName: "joule-replaced-rsa.test", keyType: "rsa" });
    expect(await tlsHandshake(port, ecdsaOnly)).toMatchObject({ commonName: "joule-replaced-ecdsa.test", keyType: "ec" });
    await bystandersStillUp();
  });

  test("a key that does not match the certificate, or garbage, gets 400 and changes nothing", async () => {
    const ca = t.joule.services.tls.material.ca;
    const first = await serverCertificate(ca.ecdsa, "mismatch-a.test");
    const second = await serverCertificate(ca.ecdsa, "mismatch-b.test");
    const rsa = await serverCertificate(ca.rsa, "mismatch-rsa.test");
    const put = (body: unknown) => t.api("PUT", "/api/v1/tls/server-certificate", body);
    expect((await put({ certificate: first.certificate, key: second.key })).status).toBe(400);
    expect((await put({ certificate: first.certificate, key: rsa.key })).status).toBe(400);
    expect((await put({ certificate: rsa.certificate, key: first.key })).status).toBe(400);
    expect((await put({ certificate: "garbage", key: first.key })).status).toBe(400);
    expect((await put({ certificate: first.certificate, key: "garbage" })).status).toBe(400);
    expect((await put({ certificate: first.certificate })).status).toBe(400);
    expect((await tlsHandshake(t.joule.httpsPort!, ecdsaOnly)).commonName).toBe("joule-replaced-ecdsa.test");
    expect((await tlsHandshake(t.joule.httpsPort!, rsaOnly)).commonName).toBe("joule-replaced-rsa.test");
    await bystandersStillUp();
  });
});

describe("brute force", () => {
  test("failures from one address slow it down; the real station from another address still gets in within 5 s", async () => {
    const password = newPassword("bf-right", "BF-1");
    await createStation(bf, { id: "BF-1", securityProfile: 1, password });
    const wrong = newPassword("bf-wrong", "BF-1");
    const bfWs = `ws://127.0.0.1:${bf.joule.httpPort}/ocpp`;
    const durations: number[] = [];
    for (let attempt = 1; attempt <= 8; attempt++) {
      const started = performance.now();
      await expect(bf.connect("BF-1", { endpoint: bfWs, password: wrong, wsOpts: { localAddress: "127.0.0.1" } })).rejects.toMatchObject({
        code: 401,
      });
      durations.push(performance.now() - started);
    }
    // 5 free failures, then 250 ms doubling: the 7th attempt waits >= 250 ms, the 8th >= 500 ms.
    expect(durations[6]!).toBeGreaterThanOrEqual(200);
    expect(durations[7]!).toBeGreaterThanOrEqual(400);
    expect(durations[7]!).toBeGreaterThan(Math.max(...durations.slice(0, 5)));

    const audit = await (await bf.api("GET", "/api/v1/audit?stationId=BF-1")).json();
    const refusals = audit.items.filter((entry: { kind: string }) => entry.kind === "handshake_refused");
    expect(refusals.length).toBeGreaterThanOrEqual(8);
    for (const refusal of refusals) expect(refusal).toMatchObject({ stationId: "BF-1", address: "127.0.0.1", reason: "wrong password", at: expect.any(String) });

    // The station id is being throttled now, but the right credentials from another address are answered in time.
    const started = performance.now();
    const station = await bf.connect("BF-1", { endpoint: bfWs, password, wsOpts: { localAddress: "127.0.0.2" } });
    expect(performance.now() - started).toBeLessThan(5000);
    await heartbeat(station);
    expect(bf.joule.services.registry.get("BF-1")?.info.remoteAddress).toBe("127.0.0.2");
    await station.close({ force: true });

    // The attacking address itself is still held back, even with the right password.
    const fromAttacker = performance.now();
    const late = await bf.connect("BF-1", { endpoint: bfWs, password, wsOpts: { localAddress: "127.0.0.1" } });
    expect(performance.now() - fromAttacker).toBeGreaterThanOrEqual(400);
    await late.close({ force: true });

    // The throttle is per address too: from the attacking address, another station id is held back as well.
    const otherPassword = newPassword("bf3-right", "BF-3");
    await createStation(bf, { id: "BF-3", securityProfile: 1, password: otherPassword });
    const sameAddress = performance.now();
    const other = await bf.connect("BF-3", { endpoint: bfWs, password: otherPassword, wsOpts: { localAddress: "127.0.0.1" } });
    expect(performance.now() - sameAddress).toBeGreaterThanOrEqual(400);
    await other.close({ force: true });
  }, 30_000);

  test("a guess spread over many addresses at once cannot lock the station out", async () => {
    const password = newPassword("bf2-right", "BF-2");
    await createStation(bf, { id: "BF-2", securityProfile: 1, password });
    const wrong = newPassword("bf2-wrong", "BF-2");
    const bfWs = `ws://127.0.0.1:${bf.joule.httpPort}/ocpp`;
    // 20 wrong guesses from 20 addresses in parallel: no address reaches its free failures, the station id does.
    const guesses = Array.from({ length: 20 }, (_, i) =>
      bf.connect("BF-2", { endpoint: bfWs, password: wrong, wsOpts: { localAddress: `127.0.1.${10 + i}` } }).then(
        () => "accepted",
        (error) => error.code,
      ),
    );
    expect(new Set(await Promise.all(guesses))).toEqual(new Set([401]));
    const started = performance.now();
    const station = await bf.connect("BF-2", { endpoint: bfWs, password, wsOpts: { localAddress: "127.0.0.3" } });
    const elapsed = performance.now() - started;
    // Throttled per station id (so it takes a while) but capped well below the 5 s the real station is promised.
    expect(elapsed).toBeGreaterThanOrEqual(1000);
    expect(elapsed).toBeLessThan(5000);
    await heartbeat(station);
    await station.close({ force: true });
  }, 30_000);
});

describe("secrets", () => {
  test("no password or private key in any log line; the station API says passwordSet and nothing more", async () => {
    expect(passwordsUsed.length).toBeGreaterThanOrEqual(5);
    const logs = [...t.logLines, ...bf.logLines];
    expect(logs.length).toBeGreaterThan(0);
    const keyBodies = keysUsed.map((pem) => pem.replace(/-----[A-Z ]+-----/g, "").replace(/\s+/g, "").slice(20, 80));
    for (const line of logs) {
      for (const secret of secretForms) expect(line).not.toContain(secret);
      for (const body of keyBodies) expect(line).not.toContain(body);
    }
    // The refusals above were logged (with a reason), so the check looked at the right lines.
    expect(logs.some((line) => line.includes("wrong password"))).toBe(true);

    expect(stationsWithPasswords.length).toBeGreaterThanOrEqual(3);
    for (const [target, id] of stationsWithPasswords) {
      const response = await target.api("GET", `/api/v1/stations/${id}`);
      expect(response.status).toBe(200);
      const text = await response.text();
      const station = JSON.parse(text);
      expect(station.passwordSet).toBe(true);
      const secretish = Object.keys(station).filter((key) => /password|hash|secret|key/i.test(key));
      expect(secretish).toEqual(["passwordSet"]);
      for (const password of passwordsUsed) expect(text).not.toContain(password);
      expect(text).not.toContain("$argon2");
    }
    for (const target of [t, bf]) {
      const texts = [
        await (await target.api("GET", "/api/v1/stations?limit=1000")).text(),
        await (await target.api("GET", "/api/v1/audit?limit=1000")).text(),
      ];
      for (const text of texts) {
        expect(text).not.toContain("$argon2");
        for (const password of passwordsUsed) expect(text).not.toContain(password);
      }
    }
  });
});
