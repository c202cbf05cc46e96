// The security API end to end: credentials provisioned on stations (and never shown), AuthorizationKey rotation and
// security-profile changes over OCPP with real ocpp-rpc stations that answer Accepted, Rejected or not at all, the
// audit log, trust anchors, certificates Joule issued and their revocation, the server certificate, the public CA.
// Every answer is also checked against the served OpenAPI document.
import "reflect-metadata";
import { afterAll, beforeAll, beforeEach, describe, expect, test } from "bun:test";
import * as x509 from "@peculiar/x509";
import { createHash, X509Certificate } from "node:crypto";
import { connect as tlsConnect } from "node:tls";
import { createRPCError } from "ocpp-rpc";
import { issueStationCertificate } from "../lib/pki/stationCertificates.ts";
import { fingerprintOf, generateKeys, issueCertificate, privateKeyPem, splitPemCertificates } from "../lib/pki/x509.ts";
import { FailureThrottle } from "../lib/security/throttle.ts";
import { startTestJoule, type Station, type TestJoule } from "./support/joule.ts";
import { documentSchemas } from "./support/openapi.ts";
import { clientCertificate, foreignCa } from "./support/pki.ts";

let t: TestJoule;
let openApi: any;
let caText: string;
let caPems: string[];
let wss: string;
beforeAll(async () => {
  // Stations that do not answer make the API wait JOULE_CALL_TIMEOUT: one second here.
  t = await startTestJoule({ JOULE_CALL_TIMEOUT: "1" });
  openApi = await (await fetch(`${t.joule.httpUrl}/api/v1/openapi.json`)).json();
  caText = await (await fetch(`${t.joule.httpUrl}/api/v1/ca`)).text();
  caPems = splitPemCertificates(caText);
  wss = `wss://127.0.0.1:${t.joule.httpsPort}/ocpp`;
});
afterAll(() => t.stop());
// Refused handshakes are throttled per address; every test starts without earlier tests' failures.
beforeEach(() => {
  t.joule.services.throttle = new FailureThrottle();
});

const actor = "JOULE_API_TOKEN"; // the name Joule gives a token configured through JOULE_API_TOKEN
const json = async (response: Response) => ({ status: response.status, body: (await response.json()) as any });
const call = async (method: string, path: string, body?: unknown) => json(await t.api(method, path, body));
const hex = (text: string) => Buffer.from(text, "utf8").toString("hex");

/** Checks a value against a schema of the served OpenAPI document (compiled once per schema). */
let documentCheck: ReturnType<typeof documentSchemas> | undefined;
function conforms(schemaName: string, value: unknown): void {
  documentCheck ??= documentSchemas(openApi);
  documentCheck(schemaName, value);
}
const documentAccepts = (schemaName: string, value: unknown) => {
  try {
    conforms(schemaName, value);
    return true;
  } catch {
    return false;
  }
};

/** An error answer: status, documented Error body, and the field at fault. */
function expectError(answer: { status: number; body: any }, status: number, field?: string) {
  expect({ status: answer.status, field: answer.body.field }).toEqual({ status, field });
  expect(answer.body.message).toBeString();
  conforms("Error", answer.body);
}

async function createStation(body: Record<string, unknown>) {
  const answer = await call("POST", "/api/v1/stations", body);
  expect(answer.status).toBe(201);
  conforms("Station", answer.body);
  return answer.body;
}

const station = async (id: string) => (await call("GET", `/api/v1/stations/${id}`)).body;

async function auditOf(stationId: string) {
  const answer = await call("GET", `/api/v1/audit?stationId=${encodeURIComponent(stationId)}`);
  expect(answer.status).toBe(200);
  conforms("AuditList", answer.body);
  return answer.body.items as { at: string; kind: string; stationId: string | null; address: string | null; reason: string; actor: string | null }[];
}

/** A connected station whose answer to ChangeConfiguration is decided by `answer`; it records what it received. */
async function connectStation(id: string, answer: (params: any) => unknown = () => ({ status: "Accepted" }), options: Record<string, unknown> = {}) {
  const cp = await t.connect(id, options);
  const received: any[] = [];
  cp.handle("ChangeConfiguration", ({ params }) => {
    received.push(params);
    return answer(params);
  });
  expect((await cp.call("Heartbeat", {})).currentTime).toBeString();
  return { cp, received };
}
const never = () => new Promise(() => {});

/** Connects, proves the connection works, and closes it. */
async function canConnect(id: string, options: Record<string, unknown> = {}) {
  const cp: Station = await t.connect(id, options);
  expect((await cp.call("Heartbeat", {})).currentTime).toBeString();
  await cp.close();
}
const refused = (id: string, options: Record<string, unknown> = {}) => expect(t.connect(id, options)).rejects.toMatchObject({ code: 401 });

/** A certificate Joule's CA issued to the station, as if it came from a SignCertificate request. */
async function issueTo(stationId: string, subject: { CN: string; O: string }) {
  const keys = await generateKeys("ecdsa");
  const record = await issueStationCertificate(
    t.joule.services.database.db,
    t.joule.services.tls.material.ca,
    stationId,
    { ok: true, kind: "ecdsa", keySize: 256, publicKey: keys.publicKey },
    subject,
    30,
  );
  return { record, keyPem: await privateKeyPem(keys.privateKey) };
}

// ---- Provisioning ---------------------------------------------------------------------------------------------------

describe("provisioning credentials on POST and PATCH /api/v1/stations", () => {
  test("POST stores profile, password, CPO name and identity; answers and GETs show passwordSet only", async () => {
    const password = "Sixteen+ bytes!!X"; // 17 bytes
    const created = await createStation({ id: "PROV-1", securityProfile: 1, password, cpoName: "Acme CPO", certificateIdentity: "prov-1.acme" });
    expect(created).toMatchObject({ id: "PROV-1", securityProfile: 1, passwordSet: true, cpoName: "Acme CPO", certificateIdentity: "prov-1.acme" });
    const shown = await call("GET", "/api/v1/stations/PROV-1");
    expect(shown).toEqual({ status: 200, body: created });
    const list = await call("GET", "/api/v1/stations");
    conforms("StationList", list.body);
    expect(list.body.items.find((s: any) => s.id === "PROV-1")).toEqual(created);

    for (const text of [JSON.stringify(created), JSON.stringify(list.body)]) {
      expect(text).not.toContain(password);
      expect(text).not.toContain(hex(password));
      expect(text).not.toContain("argon2");
      expect(text.toLowerCase()).not.toContain("hash");
    }
    expect(Object.keys(created)).not.toContain("password");
    expect(Object.keys(created)).not.toContain("authorizationKey");

    // What was provisioned is what the handshake checks; nothing was sent to a station.
    await canConnect("PROV-1", { password });
    await refused("PROV-1", { password: "Sixteen+ bytes!!Y" });
    await refused("PROV-1");
    expect((await call("GET", "/api/v1/stations/PROV-1/calls")).body.total).toBe(0);
  });

  test("defaults: profile 0, no password, no CPO name, the id as certificate identity", async () => {
    const created = await createStation({ id: "PROV-2" });
    expect(created).toMatchObject({ securityProfile: 0, passwordSet: false, cpoName: null, certificateIdentity: "PROV-2" });
    expect(await auditOf("PROV-2")).toEqual([]);
  });

  test("authorizationKey gives the password as hex of its bytes; password counts UTF-8 bytes, not characters", async () => {
    const bytes = Buffer.from("00112233445566778899aabbccddeeff0011", "hex"); // 18 bytes, not valid UTF-8 text
    await createStation({ id: "PROV-3", securityProfile: 1, authorizationKey: bytes.toString("hex").toUpperCase() });
    await canConnect("PROV-3", { password: bytes });
    await refused("PROV-3", { password: bytes.toString("hex") });

    const accented = "é".repeat(8); // 8 characters, 16 bytes
    await createStation({ id: "PROV-4", securityProfile: 1, password: accented });
    await canConnect("PROV-4", { password: accented });
    await refused("PROV-4", { password: "e".repeat(16) });
  });

  test("POST refuses bad security fields with 400 and the field, creates nothing, and the document agrees", async () => {
    const cases: [Record<string, unknown>, string, boolean][] = [
      // body, field, whether the OpenAPI schema can tell too
      [{ securityProfile: 4 }, "securityProfile", true],
      [{ securityProfile: -1 }, "securityProfile", true],
      [{ securityProfile: 1.5 }, "securityProfile", true],
      [{ securityProfile: "1" }, "securityProfile", true],
      [{ password: "fifteen bytes!!" }, "password", false],
      [{ password: "x".repeat(21) }, "password", true],
      [{ password: "é".repeat(11) }, "password", false], // 11 characters but 22 bytes
      [{ password: 1234567890123456 }, "password", true],
      [{ authorizationKey: "0".repeat(30) }, "authorizationKey", true],
      [{ authorizationKey: "0".repeat(42) }, "authorizationKey", true],
      [{ authorizationKey: "0".repeat(33) }, "authorizationKey", true],
      [{ authorizationKey: "g".repeat(32) }, "authorizationKey", true],
      [{ password: "p".repeat(16), authorizationKey: "ab".repeat(16) }, "authorizationKey", true],
      [{ securityProfile: 1 }, "password", true],
      [{ securityProfile: 2, cpoName: "Acme" }, "password", true],
      [{ cpoName: "" }, "cpoName", true],
      [{ cpoName: "c".repeat(65) }, "cpoName", true],
      [{ cpoName: 7 }, "cpoName", true],
      [{ certificateIdentity: "" }, "certificateIdentity", true],
      [{ certificateIdentity: "i".repeat(65) }, "certificateIdentity", true],
      [{ passwordHash: "$argon2id$whatever" }, "passwordHash", true],
    ];
    for (const [fields, field, documented] of cases) {
      const body = { id: "PROV-BAD", ...fields };
      const answer = await call("POST", "/api/v1/stations", body);
      expect({ body, status: answer.status, field: answer.body.field }).toEqual({ body, status: 400, field });
      conforms("Error", answer.body);
      if (documented) expect({ body, documentAccepts: documentAccepts("NewStation", body) }).toEqual({ body, documentAccepts: false });
    }
    expect((await t.api("GET", "/api/v1/stations/PROV-BAD")).status).toBe(404);

    for (const body of [
      { id: "PROV-OK-1", securityProfile: 2, password: "é".repeat(8) },
      { id: "PROV-OK-2", securityProfile: 1, authorizationKey: "AB".repeat(20) },
      { id: "PROV-OK-3", securityProfile: 3, cpoName: "c".repeat(64), certificateIdentity: "i".repeat(64) },
      { id: "PROV-OK-4", cpoName: null, certificateIdentity: null },
    ]) {
      expect(documentAccepts("NewStation", body)).toBe(true);
      await createStation(body);
    }
  });

  test("PATCH: 400 with the field, 409 for a lower profile, 404 for an unknown station; refusals change nothing", async () => {
    await createStation({ id: "PATCH-0", description: "zero" });
    for (const [body, field] of [
      [{ securityProfile: 1 }, "password"],
      [{ securityProfile: 2, description: "changed" }, "password"],
      [{ securityProfile: 5 }, "securityProfile"],
      [{ password: "a".repeat(16), authorizationKey: "ab".repeat(16) }, "authorizationKey"],
      [{ password: "a".repeat(15) }, "password"],
      [{ authorizationKey: "xyz" }, "authorizationKey"],
      [{ cpoName: "" }, "cpoName"],
      [{ certificateIdentity: 42 }, "certificateIdentity"],
      [{ id: "PATCH-9" }, "id"],
    ] as [Record<string, unknown>, string][]) {
      expectError(await call("PATCH", "/api/v1/stations/PATCH-0", body), 400, field);
    }
    expect(await station("PATCH-0")).toMatchObject({ description: "zero", securityProfile: 0, passwordSet: false, cpoName: null });

    await createStation({ id: "PATCH-2", securityProfile: 2, password: "p2-password-0000", description: "two" });
    for (const securityProfile of [1, 0]) {
      const answer = await call("PATCH", "/api/v1/stations/PATCH-2", { securityProfile, description: "lowered?" });
      expectError(answer, 409, "securityProfile");
    }
    expect(await station("PATCH-2")).toMatchObject({ description: "two", securityProfile: 2 });

    expectError(await call("PATCH", "/api/v1/stations/NO-SUCH-STATION", { cpoName: "Acme" }), 404);
    expect((await t.api("GET", "/api/v1/stations/NO-SUCH-STATION")).status).toBe(404);
  });

  test("PATCH provisions: password with profile 1 in one go, a new password replaces the old, null clears names", async () => {
    await createStation({ id: "PATCH-1" });
    const first = "first-password-16";
    const changed = await call("PATCH", "/api/v1/stations/PATCH-1", { securityProfile: 1, password: first, cpoName: "Acme", certificateIdentity: "cp-1" });
    expect(changed.status).toBe(200);
    conforms("Station", changed.body);
    expect(changed.body).toMatchObject({ securityProfile: 1, passwordSet: true, cpoName: "Acme", certificateIdentity: "cp-1" });
    expect(JSON.stringify(changed.body)).not.toContain(first);
    await canConnect("PATCH-1", { password: first });

    const second = "second-password-16";
    expect((await call("PATCH", "/api/v1/stations/PATCH-1", { password: second })).status).toBe(200);
    await canConnect("PATCH-1", { password: second });
    await refused("PATCH-1", { password: first });

    // Raising through PATCH is allowed now that a password is set, and the same profile again is no change.
    expect((await call("PATCH", "/api/v1/stations/PATCH-1", { securityProfile: 1 })).status).toBe(200);
    const cleared = await call("PATCH", "/api/v1/stations/PATCH-1", { cpoName: null, certificateIdentity: null });
    expect(cleared.body).toMatchObject({ cpoName: null, certificateIdentity: "PATCH-1", securityProfile: 1, passwordSet: true });
    conforms("Station", cleared.body);
  });

  test("provisioning is audited with what was set and by whom, never the secret", async () => {
    const password = "audited-password-1";
    await createStation({ id: "AUD-1", securityProfile: 1, password, cpoName: "Acme", certificateIdentity: "aud" });
    await call("PATCH", "/api/v1/stations/AUD-1", { authorizationKey: "cd".repeat(16) });
    await call("PATCH", "/api/v1/stations/AUD-1", { description: "only the description" });
    const entries = await auditOf("AUD-1");
    expect(entries).toEqual([
      { at: expect.any(String), kind: "credentials_provisioned", stationId: "AUD-1", address: null, reason: "set password", actor },
      {
        at: expect.any(String),
        kind: "credentials_provisioned",
        stationId: "AUD-1",
        address: null,
        reason: "set securityProfile 1, password, cpoName, certificateIdentity",
        actor,
      },
    ]);
    expect(Date.parse(entries[0]!.at)).toBeGreaterThan(Date.now() - 60_000);
    const text = JSON.stringify(entries);
    expect(text).not.toContain(password);
    expect(text).not.toContain("cd".repeat(16));

    // A refused handshake is audited with the address and the reason.
    await refused("AUD-1", { password: "not-the-password!" });
    expect((await auditOf("AUD-1"))[0]).toMatchObject({ kind: "handshake_refused", address: "127.0.0.1", reason: "wrong password", actor: null });
  });
});

// ---- AuthorizationKey rotation ----------------------------------------------------------------------------------

describe("POST /api/v1/stations/{id}/authorization-key", () => {
  const oldPassword = "old-password-0001";
  const newPassword = "new-password-0002";

  test("Accepted: the station gets the hex of the key; the old key works until the new one was used once", async () => {
    await createStation({ id: "ROT-A", securityProfile: 1, password: oldPassword });
    const { received } = await connectStation("ROT-A", () => ({ status: "Accepted" }), { password: oldPassword });
    const answer = await call("POST", "/api/v1/stations/ROT-A/authorization-key", { password: newPassword });
    expect(answer).toEqual({ status: 200, body: { stationStatus: "Accepted", stored: true } });
    conforms("SecurityChange", answer.body);
    expect(received).toEqual([{ key: "AuthorizationKey", value: hex(newPassword) }]);

    // The call log shows the call but not the key.
    const calls = await call("GET", "/api/v1/stations/ROT-A/calls");
    conforms("StationCallList", calls.body);
    expect(calls.body.items).toHaveLength(1);
    expect(calls.body.items[0]).toMatchObject({
      action: "ChangeConfiguration",
      payload: { key: "AuthorizationKey", value: "(secret, not stored)" },
      outcome: "result",
      result: { status: "Accepted" },
      requestedBy: actor,
    });
    for (const text of [JSON.stringify(calls.body), JSON.stringify(await auditOf("ROT-A")), t.logLines.join("\n")]) {
      expect(text).not.toContain(hex(newPassword));
      expect(text).not.toContain(newPassword);
    }

    await canConnect("ROT-A", { password: oldPassword });
    await canConnect("ROT-A", { password: oldPassword }); // using the old one does not use up the new one
    await canConnect("ROT-A", { password: newPassword });
    await refused("ROT-A", { password: oldPassword });
    await canConnect("ROT-A", { password: newPassword });
    expect((await auditOf("ROT-A")).slice(0, 3).map((e) => [e.kind, e.reason])).toEqual([
      ["handshake_refused", "wrong password"],
      ["password_rotated", "station logged in with its new key"],
      ["password_rotated", "station answered Accepted; stored: true"],
    ]);
  });

  test("authorizationKey goes to the station as the lowercase hex of its bytes", async () => {
    await createStation({ id: "ROT-HEX", securityProfile: 1, password: oldPassword });
    const { received } = await connectStation("ROT-HEX", undefined, { password: oldPassword });
    const key = "A1B2C3D4E5F60718293A4B5C6D7E8F90";
    expect((await call("POST", "/api/v1/stations/ROT-HEX/authorization-key", { authorizationKey: key })).body).toEqual({ stationStatus: "Accepted", stored: true });
    expect(received).toEqual([{ key: "AuthorizationKey", value: key.toLowerCase() }]);
    await canConnect("ROT-HEX", { password: Buffer.from(key, "hex") });
    await refused("ROT-HEX", { password: oldPassword });
  });

  test("an empty body generates a random 20-byte key (40 hex digits), never shown in the answer", async () => {
    await createStation({ id: "ROT-GEN", securityProfile: 1, password: oldPassword });
    const { received } = await connectStation("ROT-GEN", undefined, { password: oldPassword });
    const response = await t.api("POST", "/api/v1/stations/ROT-GEN/authorization-key");
    const text = await response.text();
    expect(response.status).toBe(200);
    expect(JSON.parse(text)).toEqual({ stationStatus: "Accepted", stored: true });
    expect(received).toHaveLength(1);
    const value: string = received[0].value;
    expect(value).toMatch(/^[0-9a-f]{40}$/);
    expect(text).not.toContain(value);

    // Another rotation makes another key.
    await call("POST", "/api/v1/stations/ROT-GEN/authorization-key");
    expect(received[1].value).toMatch(/^[0-9a-f]{40}$/);
    expect(received[1].value).not.toBe(value);
    // The latest accepted key is the pending one.
    await canConnect("ROT-GEN", { password: Buffer.from(received[1].value, "hex") });
    await refused("ROT-GEN", { password: Buffer.from(value, "hex") });
  });

  test("a password provisioned with PATCH replaces both the old key and a rotated key not used yet", async () => {
    await createStation({ id: "ROT-P", securityProfile: 1, password: oldPassword });
    await connectStation("ROT-P", undefined, { password: oldPassword });
    expect((await call("POST", "/api/v1/stations/ROT-P/authorization-key", { password: newPassword })).body.stored).toBe(true);
    const provisioned = "provisioned-key-03";
    expect((await call("PATCH", "/api/v1/stations/ROT-P", { password: provisioned })).status).toBe(200);
    await refused("ROT-P", { password: newPassword });
    await refused("ROT-P", { password: oldPassword });
    await canConnect("ROT-P", { password: provisioned });
  });

  test("a station with no password yet gets its first one on Accepted", async () => {
    await createStation({ id: "ROT-FIRST" });
    await connectStation("ROT-FIRST");
    expect((await call("POST", "/api/v1/stations/ROT-FIRST/authorization-key", { password: newPassword })).body.stored).toBe(true);
    expect(await station("ROT-FIRST")).toMatchObject({ passwordSet: true, securityProfile: 0 });
  });

  test("Rejected: nothing stored, the old key keeps working and the offered one never does", async () => {
    await createStation({ id: "ROT-R", securityProfile: 1, password: oldPassword });
    const { received } = await connectStation("ROT-R", () => ({ status: "Rejected" }), { password: oldPassword });
    const answer = await call("POST", "/api/v1/stations/ROT-R/authorization-key", { password: newPassword });
    expect(answer).toEqual({ status: 200, body: { stationStatus: "Rejected", stored: false } });
    conforms("SecurityChange", answer.body);
    expect(received).toEqual([{ key: "AuthorizationKey", value: hex(newPassword) }]);
    await refused("ROT-R", { password: newPassword });
    await canConnect("ROT-R", { password: oldPassword });
    expect((await auditOf("ROT-R")).map((e) => e.reason)).toContain("station answered Rejected; stored: false");
  });

  test("a CALLERROR answer: 200 with stationStatus null, nothing stored", async () => {
    await createStation({ id: "ROT-E", securityProfile: 1, password: oldPassword });
    await connectStation(
      "ROT-E",
      () => {
        throw createRPCError("NotSupported", "No such key here");
      },
      { password: oldPassword },
    );
    const answer = await call("POST", "/api/v1/stations/ROT-E/authorization-key", { password: newPassword });
    expect(answer).toEqual({ status: 200, body: { stationStatus: null, stored: false } });
    conforms("SecurityChange", answer.body);
    expect((await auditOf("ROT-E"))[0]).toMatchObject({ kind: "password_rotation_failed", reason: "station answered error", actor });
    await refused("ROT-E", { password: newPassword });
  });

  test("no answer: 504 after JOULE_CALL_TIMEOUT, nothing stored", async () => {
    await createStation({ id: "ROT-T", securityProfile: 1, password: oldPassword });
    const { received } = await connectStation("ROT-T", never, { password: oldPassword });
    const started = Date.now();
    const answer = await call("POST", "/api/v1/stations/ROT-T/authorization-key", { password: newPassword });
    expectError(answer, 504);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(received).toHaveLength(1);
    const calls = await call("GET", "/api/v1/stations/ROT-T/calls");
    expect(calls.body.items[0]).toMatchObject({ outcome: "timeout", payload: { value: "(secret, not stored)" } });
    await refused("ROT-T", { password: newPassword });
    await canConnect("ROT-T", { password: oldPassword });
  });

  test("offline 409, unknown station 404, bad bodies 400 with the field", async () => {
    await createStation({ id: "ROT-OFF", securityProfile: 1, password: oldPassword });
    expectError(await call("POST", "/api/v1/stations/ROT-OFF/authorization-key", { password: newPassword }), 409);
    expectError(await call("POST", "/api/v1/stations/ROT-NONE/authorization-key", { password: newPassword }), 404);
    for (const [body, field, documented] of [
      [{ password: "only 15 bytes!!" }, "password", false], // the document counts characters, not bytes
      [{ password: "x".repeat(21) }, "password", true],
      [{ authorizationKey: "abc" }, "authorizationKey", true],
      [{ password: newPassword, authorizationKey: "ab".repeat(16) }, "authorizationKey", true],
      [{ key: "ab".repeat(16) }, "key", true],
    ] as [Record<string, unknown>, string, boolean][]) {
      expectError(await call("POST", "/api/v1/stations/ROT-OFF/authorization-key", body), 400, field);
      if (documented) expect({ body, documentAccepts: documentAccepts("KeyRotation", body) }).toEqual({ body, documentAccepts: false });
    }
    expect(documentAccepts("KeyRotation", {})).toBe(true);
    // Nothing was recorded as a call or as stored.
    expect((await call("GET", "/api/v1/stations/ROT-OFF/calls")).body.total).toBe(0);
    await canConnect("ROT-OFF", { password: oldPassword });
  });
});

// ---- Security profile -----------------------------------------------------------------------------------------------

describe("POST /api/v1/stations/{id}/security-profile", () => {
  const password = "profile-password-1";

  test("raise 0 -> 1 Accepted: SecurityProfile sent, stored, and from then on no password is refused", async () => {
    await createStation({ id: "PRO-A", password });
    const { received } = await connectStation("PRO-A");
    const answer = await call("POST", "/api/v1/stations/PRO-A/security-profile", { profile: 1 });
    expect(answer).toEqual({ status: 200, body: { stationStatus: "Accepted", stored: true } });
    conforms("SecurityChange", answer.body);
    expect(received).toEqual([{ key: "SecurityProfile", value: "1" }]);
    expect((await station("PRO-A")).securityProfile).toBe(1);
    expect((await auditOf("PRO-A"))[0]).toMatchObject({ kind: "profile_raise", reason: "profile 0 -> 1: station answered Accepted; stored: true", actor });
    await refused("PRO-A");
    await canConnect("PRO-A", { password });
  });

  test("Rejected: not stored, the station still connects without a password", async () => {
    await createStation({ id: "PRO-R", password });
    const { received } = await connectStation("PRO-R", () => ({ status: "Rejected" }));
    const answer = await call("POST", "/api/v1/stations/PRO-R/security-profile", { profile: 1 });
    expect(answer).toEqual({ status: 200, body: { stationStatus: "Rejected", stored: false } });
    expect(received).toEqual([{ key: "SecurityProfile", value: "1" }]);
    expect((await station("PRO-R")).securityProfile).toBe(0);
    await canConnect("PRO-R");
  });

  test("no answer: 504, not stored", async () => {
    await createStation({ id: "PRO-T", password });
    const { received } = await connectStation("PRO-T", never);
    expectError(await call("POST", "/api/v1/stations/PRO-T/security-profile", { profile: 1 }), 504);
    expect(received).toHaveLength(1);
    expect((await station("PRO-T")).securityProfile).toBe(0);
    await canConnect("PRO-T");
  });

  test("offline: 409, not stored; unknown station: 404", async () => {
    await createStation({ id: "PRO-OFF", password });
    expectError(await call("POST", "/api/v1/stations/PRO-OFF/security-profile", { profile: 1 }), 409);
    expect((await station("PRO-OFF")).securityProfile).toBe(0);
    expectError(await call("POST", "/api/v1/stations/PRO-NONE/security-profile", { profile: 1 }), 404);
  });

  test("preconditions: 409 naming what is missing, and nothing is sent", async () => {
    await createStation({ id: "PRO-PRE" });
    const { received } = await connectStation("PRO-PRE");
    for (const profile of [1, 2]) {
      const answer = await call("POST", "/api/v1/stations/PRO-PRE/security-profile", { profile });
      expectError(answer, 409, "profile");
      expect(answer.body.message).toContain("no password");
    }
    const noCpo = await call("POST", "/api/v1/stations/PRO-PRE/security-profile", { profile: 3, force: true });
    expectError(noCpo, 409, "profile");
    expect(noCpo.body.message).toContain("CPO name");
    expect(received).toEqual([]);
    expect((await station("PRO-PRE")).securityProfile).toBe(0);

    const same = await call("POST", "/api/v1/stations/PRO-PRE/security-profile", { profile: 0 });
    expectError(same, 409, "profile");
  });

  test("profile 3 needs a valid certificate Joule issued to the station, unless forced", async () => {
    await createStation({ id: "PRO-3", cpoName: "Acme CPO" });
    const { received } = await connectStation("PRO-3");
    const refusedRaise = await call("POST", "/api/v1/stations/PRO-3/security-profile", { profile: 3 });
    expectError(refusedRaise, 409, "profile");
    expect(refusedRaise.body.message).toContain("certificate");
    expect(refusedRaise.body.message).toContain("force");
    expect(received).toEqual([]);

    // A certificate issued to another station does not count.
    await issueTo("PRO-3-OTHER", { CN: "PRO-3", O: "Acme CPO" });
    expectError(await call("POST", "/api/v1/stations/PRO-3/security-profile", { profile: 3 }), 409, "profile");

    const forced = await call("POST", "/api/v1/stations/PRO-3/security-profile", { profile: 3, force: true });
    expect(forced).toEqual({ status: 200, body: { stationStatus: "Accepted", stored: true } });
    expect(received).toEqual([{ key: "SecurityProfile", value: "3" }]);
    expect((await station("PRO-3")).securityProfile).toBe(3);
    await refused("PRO-3");
  });

  test("profile 3 with an issued certificate: raised without force; the certificate then connects over wss; revoked, it no longer qualifies", async () => {
    await createStation({ id: "PRO-3C", cpoName: "Acme CPO" });
    const { received } = await connectStation("PRO-3C");
    const issued = await issueTo("PRO-3C", { CN: "PRO-3C", O: "Acme CPO" });
    expect(await call("POST", "/api/v1/stations/PRO-3C/security-profile", { profile: 3 })).toEqual({
      status: 200,
      body: { stationStatus: "Accepted", stored: true },
    });
    expect(received).toEqual([{ key: "SecurityProfile", value: "3" }]);
    await canConnect("PRO-3C", { endpoint: wss, wsOpts: { ca: caPems, cert: issued.record.pem, key: issued.keyPem } });
    await refused("PRO-3C", { endpoint: wss, wsOpts: { ca: caPems } });

    // Another station with a revoked certificate cannot be raised to 3 without force.
    await createStation({ id: "PRO-3R", cpoName: "Acme CPO" });
    await connectStation("PRO-3R");
    const revokedOne = await issueTo("PRO-3R", { CN: "PRO-3R", O: "Acme CPO" });
    expect((await call("POST", `/api/v1/certificates/${revokedOne.record.serialNumber}/revoke`, {})).status).toBe(200);
    expectError(await call("POST", "/api/v1/stations/PRO-3R/security-profile", { profile: 3 }), 409, "profile");
  });

  test("lowering: 409 without force and nothing changes; with force 200, nothing sent, stored and audited", async () => {
    await createStation({ id: "PRO-LOW", securityProfile: 2, password });
    const { received } = await connectStation("PRO-LOW", undefined, { endpoint: wss, password, wsOpts: { ca: caPems } });
    for (const body of [{ profile: 1 }, { profile: 0, force: false }]) {
      expectError(await call("POST", "/api/v1/stations/PRO-LOW/security-profile", body), 409, "force");
    }
    expect((await station("PRO-LOW")).securityProfile).toBe(2);
    await refused("PRO-LOW", { password });

    const lowered = await call("POST", "/api/v1/stations/PRO-LOW/security-profile", { profile: 1, force: true });
    expect(lowered).toEqual({ status: 200, body: { stationStatus: null, stored: true } });
    conforms("SecurityChange", lowered.body);
    expect(received).toEqual([]);
    expect((await station("PRO-LOW")).securityProfile).toBe(1);
    await canConnect("PRO-LOW", { password });
    expect((await auditOf("PRO-LOW")).find((e) => e.kind === "profile_lowered")).toMatchObject({
      stationId: "PRO-LOW",
      reason: "profile 2 -> 1 by operator",
      actor,
    });
  });

  test("lowering needs no connection", async () => {
    await createStation({ id: "PRO-LOW-OFF", securityProfile: 1, password });
    expect((await call("POST", "/api/v1/stations/PRO-LOW-OFF/security-profile", { profile: 0, force: true })).body).toEqual({ stationStatus: null, stored: true });
    await canConnect("PRO-LOW-OFF");
  });

  test("bad bodies: 400 with the field", async () => {
    await createStation({ id: "PRO-BAD" });
    for (const [body, field] of [
      [{ profile: 4 }, "profile"],
      [{ profile: -1 }, "profile"],
      [{ profile: "1" }, "profile"],
      [{ profile: 1.5 }, "profile"],
      [{}, "profile"],
      [{ profile: 1, force: "yes" }, "force"],
      [{ profile: 1, extra: true }, "extra"],
    ] as [Record<string, unknown>, string][]) {
      expectError(await call("POST", "/api/v1/stations/PRO-BAD/security-profile", body), 400, field);
      expect(documentAccepts("ProfileChange", body)).toBe(false);
    }
    const noBody = await json(await t.api("POST", "/api/v1/stations/PRO-BAD/security-profile"));
    expectError(noBody, 400);
  });
});

// ---- Audit ----------------------------------------------------------------------------------------------------------

describe("GET /api/v1/audit", () => {
  test("filters by station, pages newest first, and checks its parameters", async () => {
    await createStation({ id: "AUD-P", cpoName: "One" });
    await call("PATCH", "/api/v1/stations/AUD-P", { cpoName: "Two" });
    await call("PATCH", "/api/v1/stations/AUD-P", { cpoName: "Three" });
    const all = await auditOf("AUD-P");
    expect(all.map((e) => e.reason)).toEqual(["set cpoName", "set cpoName", "set cpoName"]);
    expect(all[0]!.at >= all[2]!.at).toBe(true);
    const page = await call("GET", "/api/v1/audit?stationId=AUD-P&limit=1&offset=1");
    expect(page.body).toEqual({ items: [all[1]], total: 3 });
    const everything = await call("GET", "/api/v1/audit");
    conforms("AuditList", everything.body);
    expect(everything.body.total).toBeGreaterThan(3);
    expect(new Set(everything.body.items.map((e: any) => e.stationId)).size).toBeGreaterThan(1);
    expect((await call("GET", "/api/v1/audit?stationId=NOBODY")).body).toEqual({ items: [], total: 0 });
    expectError(await call("GET", "/api/v1/audit?limit=0"), 400, "limit");
    expectError(await call("GET", "/api/v1/audit?offset=-2"), 400, "offset");
  });
});

// ---- Trust anchors, certificates, CA --------------------------------------------------------------------------------

describe("trust anchors", () => {
  test("add, list, refuse a duplicate, remove; each change applies to the next handshake and is audited", async () => {
    const ca = await foreignCa();
    const added = await call("POST", "/api/v1/trust-anchors", { pem: ca.certificatePem });
    expect(added.status).toBe(201);
    conforms("AddedTrustAnchor", added.body);
    const certificate = new X509Certificate(ca.certificatePem);
    const fingerprint = createHash("sha256").update(certificate.raw).digest("hex");
    expect(added.body).toEqual({
      fingerprint,
      subject: "O=Elsewhere, CN=Foreign Test CA",
      notBefore: new Date(certificate.validFrom).toISOString(),
      notAfter: new Date(certificate.validTo).toISOString(),
    });

    const list = await call("GET", "/api/v1/trust-anchors");
    expect(list.status).toBe(200);
    conforms("TrustAnchorList", list.body);
    expect(list.body.items.find((a: any) => a.fingerprint === fingerprint)).toEqual({ ...added.body, addedAt: expect.any(String) });
    expect(list.body.total).toBe(list.body.items.length);

    expectError(await call("POST", "/api/v1/trust-anchors", { pem: ca.certificatePem }), 409, "pem");

    // A profile 3 station with a certificate from this CA connects only while the anchor is there.
    await createStation({ id: "TA-1", securityProfile: 3, cpoName: "Foreign CPO" });
    const client = await clientCertificate(ca, { CN: "TA-1", O: "Foreign CPO" });
    const options = { endpoint: wss, wsOpts: { ca: caPems, cert: client.certificatePem, key: client.keyPem } };
    await canConnect("TA-1", options);

    expect((await t.api("DELETE", `/api/v1/trust-anchors/${fingerprint.toUpperCase()}`)).status).toBe(204);
    expect((await call("GET", "/api/v1/trust-anchors")).body.items.map((a: any) => a.fingerprint)).not.toContain(fingerprint);
    await refused("TA-1", options);
    expectError(await call("DELETE", `/api/v1/trust-anchors/${fingerprint}`), 404);

    const audit = (await call("GET", "/api/v1/audit")).body.items as any[];
    expect(audit.find((e) => e.kind === "trust_anchor_added")).toMatchObject({ reason: `O=Elsewhere, CN=Foreign Test CA (${fingerprint})`, actor });
    expect(audit.find((e) => e.kind === "trust_anchor_removed")).toMatchObject({ reason: fingerprint, actor });
  });

  test("refuses what is not one readable, unexpired CA certificate (400, field pem)", async () => {
    const joulesCa = t.joule.services.tls.material.ca.ecdsa;
    const leaf = await clientCertificate(joulesCa, { CN: "LEAF", O: "Acme" });
    const keys = await generateKeys("ecdsa");
    const expired = await x509.X509CertificateGenerator.createSelfSigned({
      serialNumber: "0102",
      name: "CN=Expired CA",
      notBefore: new Date(Date.now() - 2 * 365 * 86_400_000),
      notAfter: new Date(Date.now() - 86_400_000),
      keys,
      signingAlgorithm: { name: "ECDSA", hash: "SHA-256" },
      extensions: [new x509.BasicConstraintsExtension(true, undefined, true)],
    });
    const [one, two] = [await foreignCa(), await foreignCa("rsa")];
    const cases: [string, unknown, RegExp | undefined][] = [
      ["a leaf certificate", leaf.certificatePem, /not a CA/],
      ["an expired CA", expired.toString("pem"), /expired/],
      ["garbage inside PEM armour", "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n", /readable/],
      ["no PEM at all", "hello", /exactly one/],
      ["two certificates", one.certificatePem + two.certificatePem, /exactly one/],
      ["a number", 42, undefined],
    ];
    const before = (await call("GET", "/api/v1/trust-anchors")).body.total;
    for (const [what, pem, message] of cases) {
      const answer = await call("POST", "/api/v1/trust-anchors", { pem });
      expect({ what, status: answer.status, field: answer.body.field }).toEqual({ what, status: 400, field: "pem" });
      if (message) expect(answer.body.message).toMatch(message);
      conforms("Error", answer.body);
    }
    expectError(await call("POST", "/api/v1/trust-anchors", {}), 400, "pem");
    expectError(await call("POST", "/api/v1/trust-anchors", { pem: one.certificatePem, note: "x" }), 400, "note");
    expect((await call("GET", "/api/v1/trust-anchors")).body.total).toBe(before);
  });
});

describe("certificates Joule issued", () => {
  test("listed per station with all their fields; revoked with a reason, audited; unknown serial 404", async () => {
    await createStation({ id: "CERT-1", cpoName: "Acme CPO" });
    const { record } = await issueTo("CERT-1", { CN: "CERT-1", O: "Acme CPO" });
    const list = await call("GET", "/api/v1/certificates?stationId=CERT-1");
    expect(list.status).toBe(200);
    conforms("IssuedCertificateList", list.body);
    expect(list.body).toEqual({ items: [record], total: 1 });
    expect(record).toMatchObject({
      stationId: "CERT-1",
      subject: "O=Acme CPO, CN=CERT-1",
      keyType: "EC",
      keySize: 256,
      answer: null,
      revokedAt: null,
      fingerprint: fingerprintOf(record.pem),
    });
    expect(record.serialNumber).toBe(new X509Certificate(record.pem).serialNumber.toLowerCase());
    expect((await call("GET", "/api/v1/certificates")).body.items.map((c: any) => c.serialNumber)).toContain(record.serialNumber);
    expect((await call("GET", "/api/v1/certificates?stationId=CERT-NONE")).body).toEqual({ items: [], total: 0 });

    const revoked = await call("POST", `/api/v1/certificates/${record.serialNumber.toUpperCase()}/revoke`, { reason: "key leaked" });
    expect(revoked).toEqual({ status: 200, body: { serialNumber: record.serialNumber, stationId: "CERT-1", revokedAt: expect.any(String) } });
    conforms("RevokedCertificate", revoked.body);
    const after = (await call("GET", "/api/v1/certificates?stationId=CERT-1")).body.items[0];
    expect(after.revokedAt).toBe(revoked.body.revokedAt);
    expect((await auditOf("CERT-1"))[0]).toMatchObject({ kind: "certificate_revoked", reason: `serial ${record.serialNumber}: key leaked`, actor });

    // Revoking again answers the first revocation.
    const again = await call("POST", `/api/v1/certificates/${record.serialNumber}/revoke`);
    expect(again).toEqual({ status: 200, body: revoked.body });

    expectError(await call("POST", "/api/v1/certificates/00deadbeef/revoke", { reason: "?" }), 404);
    expectError(await call("POST", "/api/v1/certificates/00deadbeef/revoke"), 404);
    expectError(await call("POST", `/api/v1/certificates/${record.serialNumber}/revoke`, { reason: 5 }), 400, "reason");
  });

  test("a revoked certificate no longer connects", async () => {
    await createStation({ id: "CERT-2", securityProfile: 3, cpoName: "Acme CPO" });
    const { record, keyPem } = await issueTo("CERT-2", { CN: "CERT-2", O: "Acme CPO" });
    const options = { endpoint: wss, wsOpts: { ca: caPems, cert: record.pem, key: keyPem } };
    await canConnect("CERT-2", options);
    await call("POST", `/api/v1/certificates/${record.serialNumber}/revoke`, {});
    await refused("CERT-2", options);
  });
});

describe("GET /api/v1/ca", () => {
  test("public: Joule's ECDSA and RSA CA certificates as a PEM file, with or without a token", async () => {
    const response = await fetch(`${t.joule.httpUrl}/api/v1/ca`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("application/x-pem-file");
    const pems = splitPemCertificates(await response.text());
    expect(pems).toHaveLength(2);
    expect(pems.map(fingerprintOf)).toEqual(t.joule.services.tls.caCertificates().map(fingerprintOf));
    const certificates = pems.map((pem) => new X509Certificate(pem));
    expect(certificates.every((c) => c.ca)).toBe(true);
    expect(certificates.map((c) => c.publicKey.asymmetricKeyType).sort()).toEqual(["ec", "rsa"]);
    expect((await fetch(`${t.joule.httpUrl}/api/v1/ca`, { headers: { authorization: "Bearer wrong" } })).status).toBe(200);
    expect((await t.api("GET", "/api/v1/ca")).status).toBe(200);
    // Only the CA itself is public.
    expect((await fetch(`${t.joule.httpUrl}/api/v1/certificates`)).status).toBe(401);
    expect((await fetch(`${t.joule.httpUrl}/api/v1/audit`)).status).toBe(401);

    const documented = openApi.paths["/api/v1/ca"].get;
    expect(documented.security).toEqual([]);
    expect(Object.keys(documented.responses[200].content)).toEqual(["application/x-pem-file"]);
  });
});

describe("GET /api/v1/stations/{id}/calls", () => {
  test("404 for an unknown station; limit=0 is a 400", async () => {
    expectError(await call("GET", "/api/v1/stations/CALLS-NONE/calls"), 404);
    await createStation({ id: "CALLS-1" });
    expect(await call("GET", "/api/v1/stations/CALLS-1/calls")).toEqual({ status: 200, body: { items: [], total: 0 } });
    expectError(await call("GET", "/api/v1/stations/CALLS-1/calls?limit=0"), 400, "limit");
  });
});

// Last: it changes the certificate every later wss handshake sees.
describe("PUT /api/v1/tls/server-certificate", () => {
  test("replaces the ECDSA certificate for new handshakes; a wrong key or garbage is a 400", async () => {
    const ca = t.joule.services.tls.material.ca.ecdsa;
    const keys = await generateKeys("ecdsa");
    const certificate = await issueCertificate({
      issuer: ca,
      publicKey: keys.publicKey,
      subject: { CN: "replaced.joule.test" },
      usage: "server",
      dnsNames: ["localhost"],
      ipAddresses: ["127.0.0.1"],
    });
    const keyPem = await privateKeyPem(keys.privateKey);
    const otherKey = await privateKeyPem((await generateKeys("ecdsa")).privateKey);

    for (const [body, field] of [
      // A key problem names the key; an unreadable certificate names the certificate.
      [{ certificate, key: otherKey }, "key"],
      [{ certificate: "not a certificate", key: keyPem }, "certificate"],
      [{ certificate, key: "not a key" }, "key"],
      [{ certificate }, "key"],
      [{ certificate, key: keyPem, kind: "ecdsa" }, "kind"],
    ] as [Record<string, unknown>, string][]) {
      expectError(await call("PUT", "/api/v1/tls/server-certificate", body), 400, field);
    }

    const replaced = await call("PUT", "/api/v1/tls/server-certificate", { certificate, key: keyPem });
    expect(replaced).toEqual({
      status: 200,
      body: { kind: "ecdsa", subject: "CN=replaced.joule.test", notAfter: new Date(new X509Certificate(certificate).validTo).toISOString() },
    });
    conforms("ServerCertificate", replaced.body);
    const response = JSON.stringify(replaced.body) + JSON.stringify((await call("GET", "/api/v1/audit")).body);
    expect(response).not.toContain("PRIVATE KEY");
    expect((await call("GET", "/api/v1/audit")).body.items[0]).toMatchObject({ kind: "server_certificate_replaced", actor });

    // An ECDSA-only TLS 1.2 client now sees the new certificate.
    const presented = await new Promise<string>((resolve, reject) => {
      const socket = tlsConnect(
        { host: "127.0.0.1", port: t.joule.httpsPort!, ca: caPems, maxVersion: "TLSv1.2", ciphers: "ECDHE-ECDSA-AES128-GCM-SHA256" },
        () => {
          const raw = socket.getPeerCertificate().raw;
          socket.end();
          resolve(createHash("sha256").update(raw).digest("hex"));
        },
      );
      socket.on("error", reject);
    });
    expect(presented).toBe(fingerprintOf(certificate));
    await createStation({ id: "TLS-1" });
    await canConnect("TLS-1", { endpoint: wss, wsOpts: { ca: caPems } });
  });
});
