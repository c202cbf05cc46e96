// The console's certificates section over real HTTP with certificates made in the test: trust anchors added by paste
// and by file upload (PEM and DER) and removed while a real profile-3 station uses them, issued certificates filtered
// and revoked under a connected station, the CSR approval queue fed by a real ocpp-rpc station, the server certificate
// replaced and seen by a TLS client; errors next to the fields, CSRF refusal, viewer refusal.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { startTestConsole } from "./support/console.ts";
import { createHash, X509Certificate } from "node:crypto";
import { connect as tlsConnect, type ConnectionOptions } from "node:tls";
import { checkCsr, issueStationCertificate } from "../lib/pki/stationCertificates.ts";
import { createRootCa, generateKeys, issueCertificate, privateKeyPem, splitPemCertificates, type KeyAndCertificate } from "../lib/pki/x509.ts";
import { Browser, csrfOf, decodeEntities } from "./support/browser.ts";
import { closed, type Station, type TestJoule } from "./support/joule.ts";
import { clientCertificate, foreignCa, recordedStationCertificate, stationCsr } from "./support/pki.ts";

const stationPassword = "0123456789abcdef";
let t: TestJoule;
let admin: Browser;
let viewer: Browser;
let caPems: string[];
let wss: string;

beforeAll(async () => {
  ({ t, admin, viewer } = await startTestConsole({ JOULE_CSR_POLICY: "manual", JOULE_CERT_RENEW_DAYS: "10" }));
  caPems = splitPemCertificates(await (await fetch(`${t.joule.httpUrl}/api/v1/ca`)).text());
  wss = `wss://127.0.0.1:${t.joule.httpsPort}/ocpp`;
});
afterAll(() => t.stop());

async function html(browser: Browser, path: string, expectedStatus = 200): Promise<string> {
  const response = await browser.get(path);
  expect(response.status).toBe(expectedStatus);
  return response.text();
}

type Upload = { fileName: string; bytes: Uint8Array<ArrayBuffer> | string };

/** A multipart/form-data post as a browser sends the add-anchor and replace-certificate forms. */
async function postMultipart(browser: Browser, path: string, fields: Record<string, string | Upload>): Promise<Response> {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) {
    if (typeof value === "string") form.append(name, value);
    else form.append(name, new Blob([value.bytes]), value.fileName);
  }
  const cookie = [...browser.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  return fetch(browser.base + path, { method: "POST", body: form, headers: { cookie }, redirect: "manual" });
}

/** The text of the error shown next to a field (its id is field-<name>-error), decoded. */
function fieldError(page: string, name: string): string | undefined {
  const match = new RegExp(`<p id="field-${name}-error" class="error">([^<]*)</p>`).exec(page);
  return match ? decodeEntities(match[1]!) : undefined;
}

const fingerprintOfPem = (pem: string) => createHash("sha256").update(new X509Certificate(pem).raw).digest("hex");
const derOf = (pem: string) => new Uint8Array(new X509Certificate(pem).raw);

async function auditKinds(): Promise<{ kind: string; reason: string; actor: string | null }[]> {
  return (await (await t.api("GET", "/api/v1/audit?limit=200")).json()).items;
}

async function trustAnchorFingerprints(): Promise<string[]> {
  return (await (await t.api("GET", "/api/v1/trust-anchors")).json()).items.map((a: { fingerprint: string }) => a.fingerprint);
}

const trustStoreHas = (pem: string) => t.joule.services.trustStore.caPems().some((anchor) => fingerprintOfPem(anchor) === fingerprintOfPem(pem));

async function heartbeat(station: Station) {
  expect((await station.call("Heartbeat", {})).currentTime).toBeString();
}

describe("pages", () => {
  test("overview, anchors, CA, issued, requests and server pages render with the section navigation", async () => {
    const overview = await html(admin, "/certificates");
    expect(overview).toContain("<h1>Certificates</h1>");
    for (const href of ["/certificates/anchors", "/certificates/ca", "/certificates/issued", "/certificates/requests", "/certificates/server"]) {
      expect(overview).toContain(`href="${href}"`);
    }
    expect(overview).toContain('href="/certificates/issued?expiring=yes"');
    expect(overview).toContain('href="/certificates/requests?status=pending"');
    expect(overview).toContain("JOULE_CSR_POLICY=manual");
    for (const [path, heading] of [
      ["/certificates/anchors", "Trust anchors"],
      ["/certificates/ca", "Joule&#39;s CA"],
      ["/certificates/issued", "Issued certificates"],
      ["/certificates/requests", "Certificate signing requests"],
      ["/certificates/server", "Server certificate"],
    ]) {
      const page = await html(admin, path);
      expect(page).toContain(`<h1>${heading}</h1>`);
      expect(page).toContain(`<a href="${path}" aria-current="page">`);
    }
  });

  test("the CA page shows both CAs and their downloads are Joule's CA certificates as PEM", async () => {
    const page = await html(admin, "/certificates/ca");
    const { ca } = t.joule.services.tls.material;
    for (const kind of ["ecdsa", "rsa"] as const) {
      expect(page).toContain(fingerprintOfPem(ca[kind].certificatePem));
      expect(page).toContain(`href="/certificates/ca/${kind}.pem"`);
      const download = await admin.get(`/certificates/ca/${kind}.pem`);
      expect(download.status).toBe(200);
      expect(download.headers.get("content-type")).toBe("application/x-pem-file");
      expect(download.headers.get("content-disposition")).toBe(`attachment; filename="joule-ca-${kind}.pem"`);
      const pem = await download.text();
      expect(fingerprintOfPem(pem)).toBe(fingerprintOfPem(ca[kind].certificatePem));
      expect(caPems.map(fingerprintOfPem)).toContain(fingerprintOfPem(pem));
    }
    expect(page).toContain("CN=Joule Root CA (ECDSA)");
    expect(page).toContain("CN=Joule Root CA (RSA)");
    expect(page).toContain('href="/api/v1/ca"');
    expect((await admin.get("/certificates/ca/dsa.pem")).status).toBe(404);
    // Without a session the download is not served (the public bundle is /api/v1/ca).
    expect((await fetch(`${t.joule.httpUrl}/certificates/ca/ecdsa.pem`, { redirect: "manual" })).status).toBe(303);
  });
});

describe("trust anchors", () => {
  let pasted: KeyAndCertificate;

  test("add by pasting PEM: listed with subject and fingerprint, in the trust store at once, audited", async () => {
    pasted = await createRootCa("ecdsa", "Pasted Test CA", "Paste Org");
    const csrf = await admin.csrf("/certificates/anchors");
    const response = await postMultipart(admin, "/certificates/anchors", { _csrf: csrf, pem: pasted.certificatePem });
    expect(response.status).toBe(303);
    const fingerprint = fingerprintOfPem(pasted.certificatePem);
    expect(response.headers.get("location")).toBe(`/certificates/anchors?added=${fingerprint}`);
    expect(await trustAnchorFingerprints()).toContain(fingerprint);
    expect(trustStoreHas(pasted.certificatePem)).toBe(true);
    const page = await html(admin, response.headers.get("location")!);
    expect(page).toContain(`Trust anchor ${fingerprint} added`);
    expect(page).toContain("O=Paste Org, CN=Pasted Test CA");
    expect(page).toContain(`<code class="fingerprint">${fingerprint}</code>`);
    expect(page).toContain(new Date(new X509Certificate(pasted.certificatePem).validTo).toISOString().slice(0, 10));
    expect((await auditKinds()).find((e) => e.kind === "trust_anchor_added" && e.reason.includes(fingerprint))?.actor).toBe("operator:admin");
  });

  test("add by uploading a DER file and a PEM file", async () => {
    const der = await createRootCa("rsa", "Uploaded DER CA", "Upload Org");
    const pemFile = await createRootCa("ecdsa", "Uploaded PEM CA", "Upload Org");
    const csrf = await admin.csrf("/certificates/anchors");
    const first = await postMultipart(admin, "/certificates/anchors", { _csrf: csrf, pem: "", file: { fileName: "ca.der", bytes: derOf(der.certificatePem) } });
    expect(first.status).toBe(303);
    const second = await postMultipart(admin, "/certificates/anchors", { _csrf: csrf, file: { fileName: "ca.pem", bytes: pemFile.certificatePem } });
    expect(second.status).toBe(303);
    const anchors = await trustAnchorFingerprints();
    expect(anchors).toContain(fingerprintOfPem(der.certificatePem));
    expect(anchors).toContain(fingerprintOfPem(pemFile.certificatePem));
    expect(trustStoreHas(der.certificatePem)).toBe(true);
    const page = await html(admin, "/certificates/anchors");
    expect(page).toContain("CN=Uploaded DER CA");
    expect(page).toContain("CN=Uploaded PEM CA");
  });

  test("bad input: 400 with the error next to the field, the pasted text kept, nothing added", async () => {
    const before = await trustAnchorFingerprints();
    const csrf = await admin.csrf("/certificates/anchors");
    const leaf = await clientCertificate(t.joule.services.tls.material.ca.ecdsa, { CN: "LEAF", O: "Leaf Org" });
    const expired = await createRootCa("ecdsa", "Expired CA", "Old Org", -1);
    const cases: [Record<string, string | Upload>, string, RegExp][] = [
      [{ pem: "garbage <b>not a certificate</b>" }, "pem", /exactly one PEM certificate/],
      [{ pem: "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n" }, "pem", /not a readable X\.509 certificate/],
      [{ pem: leaf.certificatePem }, "pem", /not a CA certificate/],
      [{ pem: expired.certificatePem }, "pem", /expired/],
      [{ pem: pasted.certificatePem }, "pem", /trust anchor already/],
      [{ pem: "" }, "pem", /Paste a CA certificate or choose a file/],
      [{ file: { fileName: "junk.bin", bytes: new Uint8Array([1, 2, 3, 4]) } }, "file", /neither a PEM nor a DER certificate/],
      [{ file: { fileName: "ca.der", bytes: derOf(pasted.certificatePem) } }, "file", /trust anchor already/],
      [{ pem: pasted.certificatePem, file: { fileName: "ca.pem", bytes: pasted.certificatePem } }, "file", /not both/],
    ];
    for (const [fields, field, message] of cases) {
      const response = await postMultipart(admin, "/certificates/anchors", { _csrf: csrf, ...fields });
      expect(response.status).toBe(400);
      const page = await response.text();
      expect(fieldError(page, field)).toMatch(message);
      expect(page).toMatch(new RegExp(`aria-describedby="[^"]*field-${field}-error"`));
      expect(page).not.toContain("<b>not a certificate</b>"); // escaped, never raw
    }
    const garbage = await (await postMultipart(admin, "/certificates/anchors", { _csrf: csrf, pem: "garbage <b>x</b>" })).text();
    expect(garbage).toContain("garbage &lt;b&gt;x&lt;/b&gt;</textarea>");
    expect(await trustAnchorFingerprints()).toEqual(before);
  });

  test("removing an anchor states the consequence, disconnects the profile-3 station that relied on it, and refuses it without a restart", async () => {
    const foreign = await foreignCa();
    const identity = await clientCertificate(foreign, { CN: "ANCHOR-P3", O: "Foreign CPO" });
    expect((await t.api("POST", "/api/v1/stations", { id: "ANCHOR-P3", securityProfile: 3, cpoName: "Foreign CPO" })).status).toBe(201);
    const options = { endpoint: wss, wsOpts: { ca: caPems, cert: identity.certificatePem, key: identity.keyPem } };
    await expect(t.connect("ANCHOR-P3", options)).rejects.toMatchObject({ code: 401 });

    const csrf = await admin.csrf("/certificates/anchors");
    expect((await postMultipart(admin, "/certificates/anchors", { _csrf: csrf, pem: foreign.certificatePem })).status).toBe(303);
    const station = await t.connect("ANCHOR-P3", options); // the very next handshake
    await heartbeat(station);

    const fingerprint = fingerprintOfPem(foreign.certificatePem);
    const page = await html(admin, "/certificates/anchors");
    const row = page.slice(page.indexOf(`<code class="fingerprint">${fingerprint}</code>`));
    const panel = decodeEntities(row.slice(row.indexOf('<details class="confirm">'), row.indexOf("</details>")));
    expect(panel).toContain(`action="/certificates/anchors/${fingerprint}/remove"`);
    expect(panel).toContain("will be refused at their next handshake");
    expect(panel).toContain("1 connected station depends on it alone");
    expect(panel).toContain("ANCHOR-P3");
    // The pasted anchor from before has no connected station relying on it.
    expect(page).toContain("No station connected now depends on this anchor alone.");

    const closing = closed(station, 1500); // well within the trust store's 5 s database poll
    const removed = await admin.post(`/certificates/anchors/${fingerprint}/remove`, { _csrf: csrf });
    expect(removed.status).toBe(303);
    expect(removed.headers.get("location")).toBe(`/certificates/anchors?removed=${fingerprint}`);
    expect((await closing).code).toBe(1008);
    expect(trustStoreHas(foreign.certificatePem)).toBe(false);
    expect(await trustAnchorFingerprints()).not.toContain(fingerprint);
    await expect(t.connect("ANCHOR-P3", options)).rejects.toMatchObject({ code: 401 });
    expect((await auditKinds()).find((e) => e.kind === "trust_anchor_removed" && e.reason === fingerprint)?.actor).toBe("operator:admin");

    const again = await admin.post(`/certificates/anchors/${fingerprint}/remove`, { _csrf: csrf });
    expect(again.status).toBe(404);
    expect(await again.text()).toContain("There is no such trust anchor");
  });
});

describe("issued certificates", () => {
  let serial: string;
  let spare: string;

  beforeAll(async () => {
    expect((await t.api("POST", "/api/v1/stations", { id: "ISSUED-1", securityProfile: 3, cpoName: "Issued CPO" })).status).toBe(201);
  });

  test("listed with station link, subject, expiry and status; filters by station, status and expiring soon", async () => {
    const { database, tls } = t.joule.services;
    const subject = { CN: "ISSUED-1", O: "Issued CPO" };
    const issued = await recordedStationCertificate(database.db, tls.material.ca, "ISSUED-1", subject); // 30 days
    serial = issued.serialNumber;
    const keys = await generateKeys("ecdsa");
    const { Pkcs10CertificateRequestGenerator } = await import("@peculiar/x509");
    const csr = await Pkcs10CertificateRequestGenerator.create({ name: "O=Issued CPO, CN=ISSUED-1", keys, signingAlgorithm: { name: "ECDSA", hash: "SHA-256" } });
    const verdict = await checkCsr(csr.toString("pem"), { commonName: "ISSUED-1", organization: "Issued CPO" });
    if (!verdict.ok) throw new Error(verdict.reason);
    const soon = await issueStationCertificate(database.db, tls.material.ca, "ISSUED-1", verdict, subject, 5); // within JOULE_CERT_RENEW_DAYS=10
    const gone = await issueStationCertificate(database.db, tls.material.ca, "ISSUED-1", verdict, subject, 0); // already expired
    spare = soon.serialNumber;

    const all = await html(admin, "/certificates/issued?stationId=ISSUED-1");
    expect(all).toContain("Certificates 1–3 of 3");
    expect(all).toContain('<a href="/stations/ISSUED-1">ISSUED-1</a>');
    expect(all).toContain("O=Issued CPO, CN=ISSUED-1");
    for (const s of [serial, soon.serialNumber, gone.serialNumber]) expect(all).toContain(s);
    expect(all).toContain(when(new X509Certificate(issued.certificatePem).validTo));
    expect(all).toContain('class="state cert-expired">expired<');

    const expiring = await html(admin, "/certificates/issued?stationId=ISSUED-1&expiring=yes");
    expect(expiring).toContain("Certificates 1–1 of 1");
    expect(expiring).toContain(soon.serialNumber);
    expect(expiring).not.toContain(serial);
    expect(expiring).toContain("Expiring within 10 days");

    const expired = await html(admin, "/certificates/issued?status=expired&stationId=ISSUED-1");
    expect(expired).toContain(gone.serialNumber);
    expect(expired).not.toContain(serial);
    // The overview's "expiring" figure counts the same certificates and links to this list.
    expect(await html(admin, "/certificates")).toMatch(/id="fig-expiring">1</);
    // Invalid filter values are ignored, not errors.
    expect(await html(admin, "/certificates/issued?stationId=ISSUED-1&status=bogus&expiring=maybe&page=-3")).toContain("Certificates 1–3 of 3");
    expect(await html(admin, "/certificates/issued?stationId=NOBODY")).toContain("No certificate matches.");
  });

  test("revoke with a reason: the connected station is disconnected at once, the certificate is refused, the list shows it revoked", async () => {
    const { database, tls } = t.joule.services;
    const identity = await recordedStationCertificate(database.db, tls.material.ca, "ISSUED-1", { CN: "ISSUED-1", O: "Issued CPO" });
    const options = { endpoint: wss, wsOpts: { ca: caPems, cert: identity.certificatePem, key: identity.keyPem } };
    const station = await t.connect("ISSUED-1", options);
    await heartbeat(station);

    const back = "?stationId=ISSUED-1";
    const page = await html(admin, `/certificates/issued${back}`);
    const csrf = csrfOf(page);
    expect(page).toContain(`action="/certificates/issued/${identity.serialNumber}/revoke"`);
    expect(page).toContain("Revocation cannot be undone");
    expect(page).toContain('<option value="keyCompromise">');

    // A reason outside the list is refused and nothing changes.
    const refused = await admin.post(`/certificates/issued/${identity.serialNumber}/revoke`, { _csrf: csrf, reason: "because", back });
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain("Choose a reason for the revocation");
    await heartbeat(station);

    const closing = closed(station, 1500);
    const response = await admin.post(`/certificates/issued/${identity.serialNumber}/revoke`, { _csrf: csrf, reason: "keyCompromise", back });
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe(`/certificates/issued?stationId=ISSUED-1&revoked=${identity.serialNumber}`);
    expect((await closing).code).toBe(1008);
    await expect(t.connect("ISSUED-1", options)).rejects.toMatchObject({ code: 401 });
    expect(t.joule.services.trustStore.isRevoked(identity.fingerprint)).toBe(true);

    const api = (await (await t.api("GET", "/api/v1/certificates?stationId=ISSUED-1")).json()).items;
    expect(api.find((c: { serialNumber: string }) => c.serialNumber === identity.serialNumber).revokedAt).toBeString();
    expect(api.find((c: { serialNumber: string }) => c.serialNumber === serial).revokedAt).toBeNull();
    const audit = (await auditKinds()).find((e) => e.kind === "certificate_revoked" && e.reason.includes(identity.serialNumber));
    expect(audit).toMatchObject({ reason: `serial ${identity.serialNumber}: keyCompromise`, actor: "operator:admin" });

    const after = await html(admin, response.headers.get("location")!);
    expect(after).toContain(`Certificate ${identity.serialNumber} revoked`);
    const revokedList = await html(admin, "/certificates/issued?stationId=ISSUED-1&status=revoked");
    expect(revokedList).toContain(identity.serialNumber);
    expect(revokedList).not.toContain(spare);
    expect(revokedList).not.toContain(`action="/certificates/issued/${identity.serialNumber}/revoke"`);

    expect((await admin.post("/certificates/issued/00deadbeef/revoke", { _csrf: csrf, reason: "superseded" })).status).toBe(404);
  });
});

/** "2026-11-21T17:01:37.000Z" as the console writes it. */
function when(date: string): string {
  const iso = new Date(date).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)} UTC`;
}

let csrStation: Station;
const received: string[] = [];

describe("signing requests (JOULE_CSR_POLICY=manual)", () => {
  let station: Station;

  beforeAll(async () => {
    const created = await t.api("POST", "/api/v1/stations", { id: "CSR-1", securityProfile: 2, password: stationPassword, cpoName: "Acme CPO" });
    expect(created.status).toBe(201);
    station = csrStation = await t.connect("CSR-1", { endpoint: wss, password: stationPassword, wsOpts: { ca: caPems } });
    station.handle("CertificateSigned", ({ params }) => {
      received.push(params.certificateChain);
      return { status: "Accepted" };
    });
  });

  test("a real station's CSR waits, pending first; approving signs it and the station receives CertificateSigned", async () => {
    // A refused CSR first (wrong CN), then a valid one: the pending one is listed first anyway.
    const wrong = await stationCsr({ CN: "SOMEONE-ELSE", O: "Acme CPO" });
    expect(await station.call("SignCertificate", { csr: wrong.csrPem })).toEqual({ status: "Rejected" });
    const { csrPem } = await stationCsr({ CN: "CSR-1", O: "Acme CPO" });
    expect(await station.call("SignCertificate", { csr: csrPem })).toEqual({ status: "Accepted" });
    const [pending] = (await (await t.api("GET", "/api/v1/csr-requests?stationId=CSR-1&status=pending")).json()).items;
    await Bun.sleep(100);
    expect(received).toHaveLength(0);

    const page = await html(admin, "/certificates/requests?stationId=CSR-1");
    expect(page).toContain("Requests 1–2 of 2 (pending first)");
    const rows = [...page.matchAll(/<tr id="csr-(\d+)">/g)].map((m) => Number(m[1]));
    expect(rows[0]).toBe(pending.id);
    expect(page).toContain("O=Acme CPO, CN=CSR-1");
    expect(page).toContain("EC P-256");
    expect(page).toContain("CSR CN is not the station&#39;s identity");
    expect(page).toContain(`action="/certificates/requests/${pending.id}/approve"`);
    expect(page).toContain(`action="/certificates/requests/${pending.id}/reject"`);

    const response = await admin.post(`/certificates/requests/${pending.id}/approve`, { _csrf: csrfOf(page) });
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe(`/certificates/requests?decided=${pending.id}`);
    expect(received).toHaveLength(1);
    const leaf = new X509Certificate(splitPemCertificates(received[0]!)[0]!);
    expect(leaf.subject).toContain("CN=CSR-1");
    const decided = (await (await t.api("GET", "/api/v1/csr-requests?stationId=CSR-1&status=signed")).json()).items[0];
    expect(decided).toMatchObject({ id: pending.id, decidedBy: "operator:admin", certificateSerial: leaf.serialNumber.toLowerCase() });
    const notice = await html(admin, response.headers.get("location")!);
    expect(notice).toContain(`Request ${pending.id} approved: certificate ${leaf.serialNumber.toLowerCase()} issued and sent to CSR-1 with CertificateSigned; the station accepted it.`);
    expect(await html(admin, "/certificates/issued?stationId=CSR-1")).toContain(leaf.serialNumber.toLowerCase());

    // Decided already: a second approval changes nothing.
    const again = await admin.post(`/certificates/requests/${pending.id}/approve`, { _csrf: csrfOf(page) });
    expect(again.status).toBe(409);
    expect(received).toHaveLength(1);
  });

  test("approving while the station is offline issues the certificate and says the station did not answer", async () => {
    expect((await t.api("POST", "/api/v1/stations", { id: "CSR-OFF", securityProfile: 2, password: stationPassword, cpoName: "Acme CPO" })).status).toBe(201);
    const offline = await t.connect("CSR-OFF", { endpoint: wss, password: stationPassword, wsOpts: { ca: caPems } });
    const { csrPem } = await stationCsr({ CN: "CSR-OFF", O: "Acme CPO" });
    expect(await offline.call("SignCertificate", { csr: csrPem })).toEqual({ status: "Accepted" });
    await offline.close();
    await Bun.sleep(50);
    const [pending] = (await (await t.api("GET", "/api/v1/csr-requests?stationId=CSR-OFF&status=pending")).json()).items;
    const response = await admin.post(`/certificates/requests/${pending.id}/approve`, { _csrf: await admin.csrf("/certificates/requests") });
    expect(response.status).toBe(303);
    const page = await html(admin, response.headers.get("location")!);
    expect(page).toContain(`Request ${pending.id} approved: certificate`);
    expect(page).toContain("but the station did not answer (not connected, or no answer in time).");
    expect(page).toContain('class="notice bad" role="alert"');
  });

  test("rejecting with a reason: recorded, nothing sent to the station", async () => {
    const { csrPem } = await stationCsr({ CN: "CSR-1", O: "Acme CPO" }, "rsa");
    expect(await station.call("SignCertificate", { csr: csrPem })).toEqual({ status: "Accepted" });
    const page = await html(admin, "/certificates/requests?status=pending");
    expect(page).toContain("RSA 2048");
    const id = Number(/<tr id="csr-(\d+)">/.exec(page)![1]);
    const tooLong = await admin.post(`/certificates/requests/${id}/reject`, { _csrf: csrfOf(page), reason: "x".repeat(501) });
    expect(tooLong.status).toBe(400);
    const response = await admin.post(`/certificates/requests/${id}/reject`, { _csrf: csrfOf(page), reason: "not <now>" });
    expect(response.status).toBe(303);
    const request = (await (await t.api("GET", "/api/v1/csr-requests?stationId=CSR-1")).json()).items.find((r: { id: number }) => r.id === id);
    expect(request).toMatchObject({ status: "rejected", reason: "not <now>", decidedBy: "operator:admin" });
    await Bun.sleep(100);
    expect(received).toHaveLength(1);
    const after = await html(admin, response.headers.get("location")!);
    expect(after).toContain(`Request ${id} from CSR-1 rejected.`);
    expect(after).toContain("rejected</strong>: not &lt;now&gt;");
    expect((await admin.post("/certificates/requests/999999/approve", { _csrf: csrfOf(page) })).status).toBe(404);
  });
});

interface TlsView {
  commonName: string | undefined;
  keyType: string | undefined;
}

function tlsHandshake(port: number, options: ConnectionOptions): Promise<TlsView> {
  return new Promise((resolve, reject) => {
    const socket = tlsConnect({ host: "127.0.0.1", port, ca: caPems, ...options }, () => {
      resolve({
        commonName: socket.getPeerCertificate().subject?.CN as string | undefined,
        keyType: socket.getPeerX509Certificate()?.publicKey.asymmetricKeyType,
      });
      socket.end();
    });
    socket.on("error", reject);
    socket.setTimeout(5000, () => socket.destroy(new Error("TLS handshake timed out")));
  });
}
const ecdsaOnly: ConnectionOptions = { maxVersion: "TLSv1.2", ciphers: "ECDHE-ECDSA-AES128-GCM-SHA256" };
const rsaOnly: ConnectionOptions = { maxVersion: "TLSv1.2", ciphers: "ECDHE-RSA-AES128-GCM-SHA256" };

async function serverCertificate(ca: KeyAndCertificate, commonName: string, validity: { notBefore?: Date; notAfter?: Date } = {}) {
  const keys = await generateKeys(ca.kind);
  const certificate = await issueCertificate({
    issuer: ca,
    publicKey: keys.publicKey,
    subject: { CN: commonName, O: "Joule test" },
    usage: "server",
    dnsNames: ["localhost", commonName],
    ipAddresses: ["127.0.0.1"],
    ...validity,
  });
  return { certificate, key: await privateKeyPem(keys.privateKey) };
}

/** The base64 body lines of a PEM key: none of them may appear in a page. */
const keyLines = (keyPem: string) => keyPem.split("\n").filter((line) => line.length > 20 && !line.startsWith("-----"));

describe("server certificate", () => {
  test("the page shows each certificate's subject, names, expiry and source", async () => {
    const page = await html(admin, "/certificates/server");
    expect(page).toContain('<h2 id="server-ecdsa">ECDSA</h2>');
    expect(page).toContain('<h2 id="server-rsa">RSA</h2>');
    expect(page).toContain("O=Joule, CN=localhost");
    expect(page).toContain("DNS:localhost");
    expect(page).toContain("IP Address:127.0.0.1");
    expect(page).toContain("JOULE_TLS_DIR");
    for (const kind of ["ecdsa", "rsa"] as const) {
      expect(page).toContain(when(new X509Certificate(t.joule.services.tls.material.server[kind]!.certificatePem).validTo));
      for (const line of keyLines(t.joule.services.tls.material.server[kind]!.keyPem)) expect(page).not.toContain(line);
    }
  });

  test("replace by paste: the next TLS handshake presents the new certificate; the page shows it, audited", async () => {
    const replacement = await serverCertificate(t.joule.services.tls.material.ca.ecdsa, "console-replaced.test");
    const csrf = await admin.csrf("/certificates/server");
    const response = await postMultipart(admin, "/certificates/server", { _csrf: csrf, certificate: replacement.certificate, key: replacement.key });
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe("/certificates/server?replaced=ecdsa");
    expect(await tlsHandshake(t.joule.httpsPort!, ecdsaOnly)).toEqual({ commonName: "console-replaced.test", keyType: "ec" });
    expect((await tlsHandshake(t.joule.httpsPort!, rsaOnly)).commonName).toBe("localhost");
    const page = await html(admin, response.headers.get("location")!);
    expect(page).toContain("The ECDSA server certificate was replaced");
    expect(page).toContain("O=Joule test, CN=console-replaced.test");
    expect(page).toContain("replaced through the console or the API");
    for (const line of keyLines(replacement.key)) expect(page).not.toContain(line);
    const audit = (await auditKinds()).find((e) => e.kind === "server_certificate_replaced");
    expect(audit?.actor).toBe("operator:admin");
    expect(audit?.reason).toContain("CN=console-replaced.test");
    expect(audit?.reason).not.toContain("PRIVATE KEY");
  });

  test("replace by uploading the chain and key files (RSA)", async () => {
    const replacement = await serverCertificate(t.joule.services.tls.material.ca.rsa, "console-uploaded.test");
    const csrf = await admin.csrf("/certificates/server");
    const response = await postMultipart(admin, "/certificates/server", {
      _csrf: csrf,
      certificate: "",
      key: "",
      certificateFile: { fileName: "chain.pem", bytes: replacement.certificate },
      keyFile: { fileName: "server.key", bytes: replacement.key },
    });
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe("/certificates/server?replaced=rsa");
    expect(await tlsHandshake(t.joule.httpsPort!, rsaOnly)).toEqual({ commonName: "console-uploaded.test", keyType: "rsa" });
    expect((await tlsHandshake(t.joule.httpsPort!, ecdsaOnly)).commonName).toBe("console-replaced.test");
  });

  test("errors next to the fields; the key is never echoed back; nothing changes", async () => {
    const ca = t.joule.services.tls.material.ca;
    const first = await serverCertificate(ca.ecdsa, "mismatch-a.test");
    const second = await serverCertificate(ca.ecdsa, "mismatch-b.test");
    const expired = await serverCertificate(ca.ecdsa, "expired.test", {
      notBefore: new Date(Date.now() - 10 * 86_400_000),
      notAfter: new Date(Date.now() - 86_400_000),
    });
    const csrf = await admin.csrf("/certificates/server");
    const cases: [Record<string, string | Upload>, string, RegExp, string][] = [
      [{ certificate: first.certificate, key: second.key }, "key", /Key does not match the certificate/, second.key],
      [{ certificate: expired.certificate, key: expired.key }, "certificate", /Certificate has expired/, expired.key],
      [{ certificate: "garbage", key: first.key }, "certificate", /Certificate must be PEM/, first.key],
      [{ certificate: "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n", key: first.key }, "certificate", /Certificate cannot be read/, first.key],
      [{ certificate: first.certificate, key: "garbage" }, "key", /Key cannot be read/, "garbage"],
      [{ certificate: first.certificate, key: "" }, "key", /Paste the private key or choose its file/, ""],
      [{ certificate: first.certificate, keyFile: { fileName: "wrong.key", bytes: second.key } }, "keyFile", /Key does not match the certificate/, second.key],
      [{ certificate: first.certificate, key: first.key, certificateFile: { fileName: "c.pem", bytes: first.certificate } }, "certificateFile", /not both/, first.key],
    ];
    for (const [fields, field, message, key] of cases) {
      const response = await postMultipart(admin, "/certificates/server", { _csrf: csrf, ...fields });
      expect(response.status).toBe(400);
      const page = await response.text();
      expect(fieldError(page, field)).toMatch(message);
      expect(page).toContain('<textarea id="field-key" name="key" rows="6"');
      expect(page).toContain("the private key is never shown again");
      expect(page).toMatch(/<textarea id="field-key"[^>]*><\/textarea>/);
      for (const line of keyLines(key)) expect(page).not.toContain(line);
    }
    // The certificate (public) is kept so the operator fixes only what is wrong.
    const kept = await (await postMultipart(admin, "/certificates/server", { _csrf: csrf, certificate: first.certificate, key: second.key })).text();
    expect(decodeEntities(kept).replace(/\r\n/g, "\n")).toContain(first.certificate.trim());
    expect((await tlsHandshake(t.joule.httpsPort!, ecdsaOnly)).commonName).toBe("console-replaced.test");
  });
});

describe("access", () => {
  test("state-changing requests without the CSRF token get 403 and change nothing", async () => {
    const ca = await createRootCa("ecdsa", "No CSRF CA", "Nope");
    const before = await trustAnchorFingerprints();
    expect((await postMultipart(admin, "/certificates/anchors", { pem: ca.certificatePem })).status).toBe(403);
    expect((await postMultipart(admin, "/certificates/anchors", { _csrf: "wrong-token", pem: ca.certificatePem })).status).toBe(403);
    const anchor = before[0]!;
    expect((await admin.post(`/certificates/anchors/${anchor}/remove`, {})).status).toBe(403);
    expect(await trustAnchorFingerprints()).toEqual(before);
    const replacement = await serverCertificate(t.joule.services.tls.material.ca.ecdsa, "no-csrf.test");
    expect((await postMultipart(admin, "/certificates/server", { certificate: replacement.certificate, key: replacement.key })).status).toBe(403);
    expect((await admin.post("/certificates/issued/00deadbeef/revoke", { reason: "superseded" })).status).toBe(403);
    expect((await admin.post("/certificates/requests/1/approve", {})).status).toBe(403);
    expect((await admin.post("/certificates/requests/1/reject", {})).status).toBe(403);
    expect((await tlsHandshake(t.joule.httpsPort!, ecdsaOnly)).commonName).toBe("console-replaced.test");
  });

  test("a viewer reads every page without the admin forms and gets 403 on every change", async () => {
    for (const path of ["/certificates", "/certificates/anchors", "/certificates/ca", "/certificates/issued", "/certificates/requests", "/certificates/server"]) {
      const page = await html(viewer, path);
      expect(page).not.toContain('method="post" action="/certificates');
      expect(page).not.toContain('<details class="confirm">');
    }
    expect(await html(viewer, "/certificates/anchors")).toContain("CN=Pasted Test CA"); // reads the list
    expect((await viewer.get("/certificates/ca/rsa.pem")).status).toBe(200);

    const csrf = await viewer.csrf("/certificates/anchors");
    const before = await trustAnchorFingerprints();
    const ca = await createRootCa("ecdsa", "Viewer CA", "Nope");
    expect((await postMultipart(viewer, "/certificates/anchors", { _csrf: csrf, pem: ca.certificatePem })).status).toBe(403);
    expect((await viewer.post(`/certificates/anchors/${before[0]}/remove`, { _csrf: csrf })).status).toBe(403);
    expect(await trustAnchorFingerprints()).toEqual(before);

    const { database, tls } = t.joule.services;
    const issued = await recordedStationCertificate(database.db, tls.material.ca, "ISSUED-1", { CN: "ISSUED-1", O: "Issued CPO" });
    expect((await viewer.post(`/certificates/issued/${issued.serialNumber}/revoke`, { _csrf: csrf, reason: "superseded" })).status).toBe(403);
    expect(t.joule.services.trustStore.isRevoked(issued.fingerprint)).toBe(false);

    const replacement = await serverCertificate(tls.material.ca.ecdsa, "viewer.test");
    expect((await postMultipart(viewer, "/certificates/server", { _csrf: csrf, certificate: replacement.certificate, key: replacement.key })).status).toBe(403);
    expect((await tlsHandshake(t.joule.httpsPort!, ecdsaOnly)).commonName).toBe("console-replaced.test");

    const { csrPem } = await stationCsr({ CN: "CSR-1", O: "Acme CPO" });
    expect(await csrStation.call("SignCertificate", { csr: csrPem })).toEqual({ status: "Accepted" });
    const [pending] = (await (await t.api("GET", "/api/v1/csr-requests?status=pending")).json()).items;
    expect(await html(viewer, "/certificates/requests")).toContain(`<tr id="csr-${pending.id}">`);
    expect((await viewer.post(`/certificates/requests/${pending.id}/approve`, { _csrf: csrf })).status).toBe(403);
    expect((await viewer.post(`/certificates/requests/${pending.id}/reject`, { _csrf: csrf })).status).toBe(403);
    expect((await (await t.api("GET", "/api/v1/csr-requests?status=pending")).json()).items).toEqual([pending]);
    const sent = received.length;
    await Bun.sleep(100);
    expect(received).toHaveLength(sent);
  });
});
