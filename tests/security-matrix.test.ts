// The security-profile matrix over real sockets (issue 3): every profile (0-3) x transport {ws, wss, via a trusted
// proxy, via an untrusted address} x credential case, with the independent ocpp-rpc client as the station and
// certificates generated here. The expectation of every cell is computed from the rules, not written by hand:
//   profile 0: accepted whatever is sent, on any transport;
//   profile 1: the right Basic password, on any transport;
//   profile 2: TLS (direct wss, or a trusted proxy saying https) AND the right Basic password;
//   profile 3: TLS AND a valid client certificate: chains to Joule's CA or a trust anchor in the database, inside its
//              validity period, not revoked, O == station cpoName and CN == station certificateIdentity (defaults to
//              the id), exact; a password alone never does.
// Refusals answer 401 with `WWW-Authenticate: Basic`, and are audited (station, address, reason).
//
// "Via trusted proxy": Joule A trusts 127.0.0.1; the station connects over plain ws:// and sends X-Forwarded-Proto,
// X-Forwarded-For and the client certificate in `x-client-cert` (URL-encoded PEM as nginx's $ssl_client_escaped_cert,
// plain base64 DER, PEM with spaces or tabs for newlines). "Via untrusted address": Joule B trusts other addresses
// only and receives the very same headers; they must be ignored (so the connection counts as plain ws without a
// certificate) and a `forwarding_ignored` audit entry recorded.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { X509Certificate } from "node:crypto";
import { FailureThrottle } from "../lib/security/throttle.ts";
import { fingerprintOf, splitPemCertificates, type KeyAndCertificate } from "../lib/pki/x509.ts";
import { clientCertificate, foreignCa, recordedStationCertificate, selfSignedClientCertificate, type ClientIdentity } from "./support/pki.ts";
import { startTestJoule, type Station, type TestJoule } from "./support/joule.ts";

type Transport = "ws" | "wss" | "proxy" | "untrusted";
type CertificateKind =
  | "self-signed"
  | "unknown CA"
  | "expired"
  | "not yet valid"
  | "revoked"
  | "wrong O"
  | "wrong CN"
  | "right";

interface CredentialCase {
  name: string;
  password: "none" | "wrong" | "right";
  /** undefined: the station presents no certificate. */
  certificate?: CertificateKind;
  /** For wrong O / wrong CN: how the value differs from the right one. */
  variant?: "longer" | "shorter" | "other case" | "station id";
  /** Whether the station's certificateIdentity is set explicitly; by default every other cell sets it. */
  identity?: "explicit" | "default";
}

// Every certificate case also sends the right password: profile 1 and 2 stations must not be disturbed by a client
// certificate (good or bad), and for profile 3 the password must not make up for a bad certificate. The last case
// shows the reverse: a good certificate does not make up for a missing password on profiles 1 and 2.
// Wrong O and CN come in the variants that a substring, prefix or case-insensitive comparison would let through.
const credentialCases: CredentialCase[] = [
  { name: "no credentials", password: "none" },
  { name: "wrong password", password: "wrong" },
  { name: "right password", password: "right" },
  { name: "no cert", password: "right" },
  { name: "self-signed cert", password: "right", certificate: "self-signed" },
  { name: "cert from an unknown CA", password: "right", certificate: "unknown CA" },
  { name: "expired cert", password: "right", certificate: "expired" },
  { name: "cert not yet valid", password: "right", certificate: "not yet valid" },
  { name: "revoked cert", password: "right", certificate: "revoked" },
  { name: "wrong O (longer)", password: "right", certificate: "wrong O", variant: "longer" },
  { name: "wrong O (shorter)", password: "right", certificate: "wrong O", variant: "shorter" },
  { name: "wrong O (other case)", password: "right", certificate: "wrong O", variant: "other case" },
  { name: "wrong CN (longer)", password: "right", certificate: "wrong CN", variant: "longer" },
  { name: "wrong CN (shorter)", password: "right", certificate: "wrong CN", variant: "shorter" },
  { name: "wrong CN (other case)", password: "right", certificate: "wrong CN", variant: "other case" },
  { name: "wrong CN (the station id, identity set)", password: "right", certificate: "wrong CN", variant: "station id", identity: "explicit" },
  { name: "right cert (default identity)", password: "right", certificate: "right", identity: "default" },
  { name: "right cert (identity set)", password: "right", certificate: "right", identity: "explicit" },
  { name: "right cert, no password", password: "none", certificate: "right" },
];
const profiles = [0, 1, 2, 3] as const;
const transports: Transport[] = ["ws", "wss", "proxy", "untrusted"];

/** The rules of issue 3, as a function: is this cell accepted? */
function expectAccepted(profile: number, transport: Transport, credentials: CredentialCase): boolean {
  // Only a direct TLS connection or a trusted proxy saying https counts as TLS; headers from anyone else are ignored.
  const tls = transport === "wss" || transport === "proxy";
  const rightPassword = credentials.password === "right";
  const rightCertificate = credentials.certificate === "right";
  switch (profile) {
    case 0:
      return true;
    case 1:
      return rightPassword;
    case 2:
      return tls && rightPassword;
    default:
      return tls && rightCertificate;
  }
}

const cpoName = "Matrix CPO";
const password = "matrix-pass-0123"; // 16 bytes
const wrongPassword = "matrix-pass-0124";
const forwardedFor = "198.51.100.23"; // the client address a proxy reports

// The encodings a proxy may use for the client certificate header.
const pemBody = (pem: string) => pem.replace(/-----(BEGIN|END) CERTIFICATE-----/g, "").replace(/\s+/g, "");
const certificateEncodings: Record<string, (pem: string) => string> = {
  "URL-encoded PEM": (pem) => encodeURIComponent(pem),
  "base64 DER": (pem) => pemBody(pem),
  "PEM with spaces": (pem) => pem.trim().replace(/\n/g, " "),
  "PEM with tabs": (pem) => pem.trim().replace(/\n/g, "\t"),
};
const encodingNames = Object.keys(certificateEncodings);

interface Cell {
  profile: number;
  transport: Transport;
  credentials: CredentialCase;
  caseIndex: number;
  stationId: string;
  /** What the station's certificateIdentity is (set explicitly in every other cell, else the id by default). */
  identity: string;
  explicitIdentity: boolean;
  certificate?: ClientIdentity;
  /** For proxied transports: how the certificate header is encoded. */
  encoding: string;
  accepted: boolean;
}

const cells: Cell[] = [];
for (const profile of profiles) {
  for (const transport of transports) {
    credentialCases.forEach((credentials, caseIndex) => {
      const stationId = `M${profile}-${transport}-${String(caseIndex).padStart(2, "0")}`;
      const explicitIdentity =
        credentials.identity === undefined ? (caseIndex + profile) % 2 === 1 : credentials.identity === "explicit";
      cells.push({
        profile,
        transport,
        credentials,
        caseIndex,
        stationId,
        // The id is a prefix of the explicit identity, so a substring comparison would accept the id as CN.
        identity: explicitIdentity ? `${stationId}.ident` : stationId,
        explicitIdentity,
        encoding: encodingNames[(caseIndex + profile) % encodingNames.length]!,
        accepted: expectAccepted(profile, transport, credentials),
      });
    });
  }
}

interface Instance {
  t: TestJoule;
  caPems: string[];
  /** A CA added as a trust anchor through the API. */
  anchorCa: KeyAndCertificate;
  /** A CA the instance knows nothing about. */
  unknownCa: KeyAndCertificate;
}

let trusted: Instance; // JOULE_TRUSTED_PROXIES=127.0.0.1: ws, wss and "via trusted proxy" cells
let untrusted: Instance; // trusts other addresses only: "via untrusted address" cells

async function prepareInstance(env: Record<string, string>): Promise<Instance> {
  const t = await startTestJoule(env);
  const caPems = splitPemCertificates(await (await fetch(`http://127.0.0.1:${t.joule.httpPort}/api/v1/ca`)).text());
  const anchorCa = await foreignCa();
  const added = await t.api("POST", "/api/v1/trust-anchors", { pem: anchorCa.certificatePem });
  if (added.status !== 201) throw new Error(`adding the trust anchor: ${added.status} ${await added.text()}`);
  return { t, caPems, anchorCa, unknownCa: await foreignCa() };
}

const instanceOf = (cell: Cell) => (cell.transport === "untrusted" ? untrusted : trusted);

function wrongOrganization(variant: CredentialCase["variant"]): string {
  return variant === "longer" ? `${cpoName} Ltd` : variant === "shorter" ? cpoName.slice(0, -1) : cpoName.toLowerCase();
}
function wrongCommonName(cell: Cell): string {
  switch (cell.credentials.variant) {
    case "longer":
      return `${cell.identity}-2`;
    case "shorter":
      return cell.identity.slice(0, -1);
    case "other case":
      return cell.identity.toLowerCase();
    default:
      // The identity is set to `${id}.ident`: the id (what the station itself would report) is a prefix of it.
      return cell.stationId;
  }
}

async function certificateFor(cell: Cell): Promise<ClientIdentity | undefined> {
  const kind = cell.credentials.certificate;
  if (kind === undefined) return undefined;
  const { t, anchorCa, unknownCa } = instanceOf(cell);
  const ca = t.joule.services.tls.material.ca;
  const subject = { CN: cell.identity, O: cpoName };
  const day = 86_400_000;
  switch (kind) {
    case "self-signed":
      return selfSignedClientCertificate(subject);
    case "unknown CA":
      return clientCertificate(unknownCa, subject);
    case "expired":
      return clientCertificate(ca.ecdsa, subject, { notBefore: new Date(Date.now() - 10 * day), notAfter: new Date(Date.now() - day) });
    case "not yet valid":
      return clientCertificate(ca.ecdsa, subject, { notBefore: new Date(Date.now() + day), notAfter: new Date(Date.now() + 10 * day) });
    case "revoked": {
      const issued = await recordedStationCertificate(t.joule.services.database.db, ca, cell.stationId, subject);
      const response = await t.api("POST", `/api/v1/certificates/${issued.serialNumber}/revoke`, { reason: "matrix" });
      if (response.status !== 200) throw new Error(`revoking: ${response.status} ${await response.text()}`);
      return issued;
    }
    case "wrong O":
      return clientCertificate(ca.ecdsa, { CN: cell.identity, O: wrongOrganization(cell.credentials.variant) });
    case "wrong CN":
      return clientCertificate(ca.ecdsa, { CN: wrongCommonName(cell), O: cpoName });
    case "right": {
      // Issuers in turn: Joule's ECDSA CA, Joule's RSA CA, a trust anchor from the database; one with an RSA key.
      const issuers = [ca.ecdsa, ca.rsa, anchorCa];
      const which = (cell.profile + transports.indexOf(cell.transport) + cell.caseIndex) % issuers.length;
      const keyKind = cell.profile === 3 && cell.transport === "wss" && cell.caseIndex % 2 === 1 ? "rsa" : "ecdsa";
      return clientCertificate(issuers[which]!, subject, { kind: keyKind });
    }
  }
}

/** Runs `work` over `items` with at most `limit` at a time. */
async function pool<T>(items: T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < items.length) await work(items[next++]!);
    }),
  );
}

beforeAll(async () => {
  [trusted, untrusted] = await Promise.all([
    prepareInstance({ JOULE_TRUSTED_PROXIES: "127.0.0.1" }),
    prepareInstance({ JOULE_TRUSTED_PROXIES: "10.255.255.1, 192.0.2.0/24" }),
  ]);
  // One station per cell keeps the cells independent (throttle per station id, revocation, audit per station).
  await pool(cells, 8, async (cell) => {
    const { t } = instanceOf(cell);
    const response = await t.api("POST", "/api/v1/stations", {
      id: cell.stationId,
      securityProfile: cell.profile,
      password,
      cpoName,
      ...(cell.explicitIdentity ? { certificateIdentity: cell.identity } : {}),
    });
    if (response.status !== 201) throw new Error(`creating ${cell.stationId}: ${response.status} ${await response.text()}`);
    cell.certificate = await certificateFor(cell);
  });
}, 60_000);

afterAll(async () => {
  await Promise.all([trusted?.t.stop(), untrusted?.t.stop()]);
});

/** Connection options for a cell's transport and credentials. */
function connectOptions(cell: Cell, overrides: { encoding?: string } = {}): Record<string, unknown> {
  const { t, caPems } = instanceOf(cell);
  const ws = `ws://127.0.0.1:${t.joule.httpPort}/ocpp`;
  const passwordOption =
    cell.credentials.password === "right" ? { password } : cell.credentials.password === "wrong" ? { password: wrongPassword } : {};
  const certificate = cell.certificate;
  switch (cell.transport) {
    case "ws":
      // Plain ws cannot carry a client certificate.
      return { endpoint: ws, ...passwordOption };
    case "wss":
      return {
        endpoint: `wss://127.0.0.1:${t.joule.httpsPort}/ocpp`,
        ...passwordOption,
        wsOpts: { ca: caPems, ...(certificate ? { cert: certificate.certificatePem, key: certificate.keyPem } : {}) },
      };
    case "proxy":
    case "untrusted": {
      const encode = certificateEncodings[overrides.encoding ?? cell.encoding]!;
      const headers: Record<string, string> = { "x-forwarded-proto": "https", "x-forwarded-for": forwardedFor };
      if (certificate) headers["x-client-cert"] = encode(certificate.certificatePem);
      // nginx sends an empty $ssl_client_escaped_cert when the client presented none.
      else if (cell.credentials.name === "no cert") headers["x-client-cert"] = "";
      return { endpoint: ws, ...passwordOption, headers };
    }
  }
}

async function auditTotal(t: TestJoule): Promise<number> {
  return (await (await t.api("GET", "/api/v1/audit?limit=1")).json()).total;
}

async function auditSince(t: TestJoule, before: number): Promise<{ kind: string; stationId: string | null; address: string | null; reason: string }[]> {
  const delta = (await auditTotal(t)) - before;
  if (delta <= 0) return [];
  return (await (await t.api("GET", `/api/v1/audit?limit=${delta}`)).json()).items;
}

async function runCell(cell: Cell): Promise<void> {
  const { t } = instanceOf(cell);
  // The matrix deliberately fails well over 100 handshakes from 127.0.0.1 within seconds. The brute-force throttle (from the
  // 6th failure per address within 10 minutes, 250 ms doubling up to 10 s) would make later cells wait and then time
  // out; it is tested on its own in security-runtime.test.ts. A fresh throttle per cell keeps each cell independent
  // of the ones before it without changing what the handshake chain decides.
  t.joule.services.throttle = new FailureThrottle();
  const before = await auditTotal(t);
  const expectedAddress = cell.transport === "proxy" ? forwardedFor : "127.0.0.1";
  let station: Station | undefined;
  let error: { code?: number; response?: { headers: Record<string, string> } } | undefined;
  try {
    station = await t.connect(cell.stationId, connectOptions(cell));
  } catch (caught) {
    error = caught as typeof error;
  }
  const audit = await auditSince(t, before);
  const refusals = audit.filter((entry) => entry.kind === "handshake_refused" && entry.stationId === cell.stationId);
  if (cell.accepted) {
    expect(error === undefined ? "accepted" : `refused: ${error?.code ?? error}`).toBe("accepted");
    expect((await station!.call("Heartbeat", {})).currentTime).toBeString();
    const session = t.joule.services.registry.get(cell.stationId);
    expect(session?.info).toMatchObject({
      transport: cell.transport === "wss" || cell.transport === "proxy" ? "wss" : "ws",
      remoteAddress: expectedAddress,
      securityProfile: cell.profile,
    });
    if (cell.profile === 3) {
      expect(session?.info.clientCertificatePem && fingerprintOf(session.info.clientCertificatePem)).toBe(fingerprintOf(cell.certificate!.certificatePem));
    }
    expect(refusals).toEqual([]);
    await station!.close({ force: true });
  } else {
    expect(station === undefined ? "refused" : "accepted").toBe("refused");
    expect(error?.code).toBe(401);
    expect(String(error?.response?.headers?.["www-authenticate"])).toStartWith("Basic ");
    expect(refusals).toHaveLength(1);
    expect(refusals[0]!.address).toBe(expectedAddress);
    expect(refusals[0]!.reason).toBeString();
  }
  const ignored = audit.filter((entry) => entry.kind === "forwarding_ignored");
  if (cell.transport === "untrusted") {
    expect(ignored.length).toBeGreaterThanOrEqual(1);
    expect(ignored[0]).toMatchObject({ address: "127.0.0.1" });
    expect(ignored[0]!.reason).toContain("x-forwarded-proto");
    if (cell.certificate) expect(ignored[0]!.reason).toContain("x-client-cert");
  } else {
    expect(ignored).toEqual([]);
  }
}

for (const profile of profiles) {
  for (const transport of transports) {
    describe(`profile ${profile} via ${transport}`, () => {
      for (const cell of cells.filter((c) => c.profile === profile && c.transport === transport)) {
        const encoding = (transport === "proxy" || transport === "untrusted") && cell.credentials.certificate ? ` (${cell.encoding})` : "";
        test(`${cell.credentials.name}${encoding}: ${cell.accepted ? "accepted" : "refused 401"}`, () => runCell(cell));
      }
    });
  }
}

test("the generated table follows the rules (sanity of the matrix itself)", () => {
  expect(cells).toHaveLength(profiles.length * transports.length * credentialCases.length);
  const accepted = (profile: number, transport: Transport) =>
    cells.filter((c) => c.profile === profile && c.transport === transport && c.accepted).map((c) => c.credentials.name);
  for (const transport of transports) expect(accepted(0, transport)).toHaveLength(credentialCases.length);
  expect(accepted(1, "untrusted")).toEqual(accepted(1, "wss"));
  expect(accepted(2, "ws")).toEqual([]);
  expect(accepted(2, "untrusted")).toEqual([]);
  expect(accepted(3, "ws")).toEqual([]);
  expect(accepted(3, "untrusted")).toEqual([]);
  const rightCertificates = ["right cert (default identity)", "right cert (identity set)", "right cert, no password"];
  expect(accepted(3, "wss")).toEqual(rightCertificates);
  expect(accepted(3, "proxy")).toEqual(rightCertificates);
  // A password alone never satisfies profile 3.
  expect(cells.filter((c) => c.profile === 3 && c.accepted && c.credentials.certificate !== "right")).toEqual([]);
  // The right certificates really come from every kind of trusted issuer.
  const issuers = new Set(
    cells.filter((c) => c.credentials.certificate === "right").map((c) => new X509Certificate(c.certificate!.certificatePem).issuer),
  );
  expect(issuers.size).toBe(3);
});

describe("via trusted proxy: certificate header encodings", () => {
  const proxiedRight = () => cells.find((c) => c.profile === 3 && c.transport === "proxy" && c.credentials.name === "right cert (identity set)")!;
  const proxiedWrongCn = () => cells.find((c) => c.profile === 3 && c.transport === "proxy" && c.credentials.name === "wrong CN (longer)")!;

  for (const encoding of encodingNames) {
    test(`${encoding}: the right certificate is accepted, a wrong CN refused`, async () => {
      const { t } = trusted;
      t.joule.services.throttle = new FailureThrottle(); // see runCell
      const station = await t.connect(proxiedRight().stationId, connectOptions(proxiedRight(), { encoding }));
      expect((await station.call("Heartbeat", {})).currentTime).toBeString();
      await station.close({ force: true });
      await expect(t.connect(proxiedWrongCn().stationId, connectOptions(proxiedWrongCn(), { encoding }))).rejects.toMatchObject({ code: 401 });
    });
  }

  test("a garbage certificate header, or X-Forwarded-Proto http, is refused for profile 3", async () => {
    const { t } = trusted;
    t.joule.services.throttle = new FailureThrottle(); // see runCell
    const cell = proxiedRight();
    const options = connectOptions(cell) as { headers: Record<string, string> };
    for (const garbage of ["(null)", "not a certificate", encodeURIComponent("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n")]) {
      await expect(t.connect(cell.stationId, { ...options, headers: { ...options.headers, "x-client-cert": garbage } })).rejects.toMatchObject({ code: 401 });
    }
    await expect(t.connect(cell.stationId, { ...options, headers: { ...options.headers, "x-forwarded-proto": "http" } })).rejects.toMatchObject({ code: 401 });
    const { "x-forwarded-proto": _, ...withoutProto } = options.headers;
    await expect(t.connect(cell.stationId, { ...options, headers: withoutProto })).rejects.toMatchObject({ code: 401 });
  });

  test("a profile-2 station behind the trusted proxy needs X-Forwarded-Proto https", async () => {
    const { t } = trusted;
    t.joule.services.throttle = new FailureThrottle(); // see runCell
    const cell = cells.find((c) => c.profile === 2 && c.transport === "proxy" && c.credentials.name === "right password")!;
    const options = connectOptions(cell) as { headers: Record<string, string> };
    await expect(t.connect(cell.stationId, { ...options, headers: { ...options.headers, "x-forwarded-proto": "http" } })).rejects.toMatchObject({ code: 401 });
    const station = await t.connect(cell.stationId, options);
    expect(t.joule.services.registry.get(cell.stationId)?.info).toMatchObject({ transport: "wss", remoteAddress: forwardedFor });
    await station.close({ force: true });
  });
});

test("control: what the untrusted address was refused is accepted by the same instance over direct wss", async () => {
  // Shows that the untrusted cells were refused because the forwarded headers were ignored, not because the
  // certificates or passwords were bad for that instance.
  const { t, caPems } = untrusted;
  t.joule.services.throttle = new FailureThrottle(); // see runCell
  for (const cell of cells.filter((c) => c.transport === "untrusted" && c.profile >= 2 && expectAccepted(c.profile, "wss", c.credentials))) {
    const certificate = cell.certificate;
    const station = await t.connect(cell.stationId, {
      endpoint: `wss://127.0.0.1:${t.joule.httpsPort}/ocpp`,
      ...(cell.credentials.password === "right" ? { password } : {}),
      wsOpts: { ca: caPems, ...(certificate ? { cert: certificate.certificatePem, key: certificate.keyPem } : {}) },
    });
    expect((await station.call("Heartbeat", {})).currentTime).toBeString();
    await station.close({ force: true });
  }
});

describe("Authorization header", () => {
  const ws = () => `ws://127.0.0.1:${trusted.t.joule.httpPort}/ocpp`;

  test("malformed: 400 for profiles 1 and 2 (over TLS); profile 0 ignores it", async () => {
    const { t, caPems } = trusted;
    t.joule.services.throttle = new FailureThrottle(); // see runCell
    const p1 = cells.find((c) => c.profile === 1 && c.transport === "ws" && c.credentials.name === "right password")!;
    const p2 = cells.find((c) => c.profile === 2 && c.transport === "wss" && c.credentials.name === "right password")!;
    const p0 = cells.find((c) => c.profile === 0 && c.transport === "ws" && c.credentials.name === "right password")!;
    const malformed = [
      "Basic",
      "Basic !!!not-base64!!!",
      `Basic ${btoa("no-colon-in-here")}`,
      `Basic ${btoa(`${p1.stationId}:${password}`).slice(0, -1)}`,
      `Bearer ${btoa(`${p1.stationId}:${password}`)}`,
    ];
    for (const authorization of malformed) {
      t.joule.services.throttle = new FailureThrottle(); // 400s count as failures too
      await expect(t.connect(p1.stationId, { endpoint: ws(), headers: { authorization } })).rejects.toMatchObject({ code: 400 });
      await expect(
        t.connect(p2.stationId, { endpoint: `wss://127.0.0.1:${t.joule.httpsPort}/ocpp`, headers: { authorization }, wsOpts: { ca: caPems } }),
      ).rejects.toMatchObject({ code: 400 });
    }
    const station = await t.connect(p0.stationId, { endpoint: ws(), headers: { authorization: "Basic !!!" } });
    await station.close({ force: true });
  });

  test("the right password under another username is refused 401", async () => {
    const { t } = trusted;
    t.joule.services.throttle = new FailureThrottle(); // see runCell
    const p1 = cells.find((c) => c.profile === 1 && c.transport === "ws" && c.credentials.name === "right password")!;
    const other = cells.find((c) => c.profile === 1 && c.transport === "ws" && c.credentials.name === "wrong password")!;
    // Both stations have the same password: only the username differs.
    const authorization = `Basic ${btoa(`${other.stationId}:${password}`)}`;
    await expect(t.connect(p1.stationId, { endpoint: ws(), headers: { authorization } })).rejects.toMatchObject({ code: 401 });
    const audit = await (await t.api("GET", `/api/v1/audit?stationId=${p1.stationId}&limit=1`)).json();
    expect(audit.items[0]).toMatchObject({ kind: "handshake_refused", reason: "Basic username is not the charge point id" });
  });
});
