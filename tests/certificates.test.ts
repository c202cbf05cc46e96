// The certificate lifecycle end to end: ExtendedTriggerMessage -> SignCertificate -> CertificateSigned -> mTLS.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { splitPemCertificates } from "../lib/pki/x509.ts";
import { startTestJoule, type TestJoule } from "./support/joule.ts";
import { stationCsr } from "./support/pki.ts";

let t: TestJoule;
let caPems: string[];
const password = "0123456789abcdef";
beforeAll(async () => {
  t = await startTestJoule();
  caPems = splitPemCertificates(await (await fetch(`http://127.0.0.1:${t.joule.httpPort}/api/v1/ca`)).text());
});
afterAll(() => t.stop());

const wss = () => `wss://127.0.0.1:${t.joule.httpsPort}/ocpp`;

/** A station on profile 2 that answers CertificateSigned and remembers what it got. */
async function profile2Station(id: string, answer = "Accepted") {
  const created = await t.api("POST", "/api/v1/stations", { id, securityProfile: 2, password, cpoName: "Acme CPO" });
  expect(created.status).toBe(201);
  const cp = await t.connect(id, { endpoint: wss(), password, wsOpts: { ca: caPems } });
  const received: string[] = [];
  const signed = new Promise<string>((resolve) => {
    cp.handle("CertificateSigned", ({ params }) => {
      received.push(params.certificateChain);
      resolve(params.certificateChain);
      return { status: answer };
    });
  });
  return { cp, signed, received };
}

describe("SignCertificate", () => {
  test("the whole loop, then a reconnect over mTLS on profile 3 with the issued certificate", async () => {
    const { cp, signed } = await profile2Station("CERT-1");
    const { csrPem, keyPem } = await stationCsr({ CN: "CERT-1", O: "Acme CPO" });
    cp.handle("ExtendedTriggerMessage", ({ params }) => {
      expect(params.requestedMessage).toBe("SignChargePointCertificate");
      setTimeout(() => void cp.call("SignCertificate", { csr: csrPem }).then((answer: { status: string }) => expect(answer.status).toBe("Accepted")), 10);
      return { status: "Accepted" };
    });
    const trigger = await t.api("POST", "/api/v1/stations/CERT-1/calls/ExtendedTriggerMessage", { requestedMessage: "SignChargePointCertificate" });
    expect(await trigger.json()).toEqual({ result: { status: "Accepted" } });
    const chain = await signed;
    const certificates = await (await t.api("GET", "/api/v1/certificates?stationId=CERT-1")).json();
    expect(certificates.total).toBe(1);
    expect(certificates.items[0]).toMatchObject({ stationId: "CERT-1", keyType: "EC", keySize: 256 });
    // The station's answer to CertificateSigned is recorded once it arrives.
    for (let i = 0; i < 50 && (await (await t.api("GET", "/api/v1/certificates?stationId=CERT-1")).json()).items[0].answer === null; i++) await Bun.sleep(20);
    expect((await (await t.api("GET", "/api/v1/certificates?stationId=CERT-1")).json()).items[0].answer).toBe("Accepted");

    // Raise to profile 3: the precondition (a valid certificate Joule issued) holds without force.
    cp.handle("ChangeConfiguration", () => ({ status: "Accepted" }));
    const raise = await t.api("POST", "/api/v1/stations/CERT-1/security-profile", { profile: 3 });
    expect(await raise.json()).toEqual({ stationStatus: "Accepted", stored: true });
    await cp.close({ force: true });
    const mtls = await t.connect("CERT-1", { endpoint: wss(), wsOpts: { ca: caPems, cert: chain, key: keyPem } });
    expect((await mtls.call("Heartbeat", {})).currentTime).toBeString();

    // Revoking it disconnects the station and refuses the next handshake.
    const closedCode = new Promise<number>((resolve) => mtls.once("close", ({ code }: { code: number }) => resolve(code)));
    const revoke = await t.api("POST", `/api/v1/certificates/${certificates.items[0].serialNumber}/revoke`, { reason: "key lost" });
    expect(revoke.status).toBe(200);
    expect(await closedCode).toBe(1008);
    await expect(t.connect("CERT-1", { endpoint: wss(), wsOpts: { ca: caPems, cert: chain, key: keyPem } })).rejects.toMatchObject({ code: 401 });
  });

  const bad: [string, () => Promise<string>, string][] = [
    ["wrong CN", async () => (await stationCsr({ CN: "SOMEONE-ELSE", O: "Acme CPO" })).csrPem, "CSR CN is not the station's identity"],
    ["wrong O", async () => (await stationCsr({ CN: "CERT-2", O: "Other CPO" })).csrPem, "CSR O is not the station's CPO name"],
    ["broken signature", async () => {
      const pem = (await stationCsr({ CN: "CERT-2", O: "Acme CPO" })).csrPem;
      const der = Buffer.from(pem.replace(/-----[^-]+-----|\s/g, ""), "base64");
      der[der.length - 5]! ^= 0xff;
      return `-----BEGIN CERTIFICATE REQUEST-----\n${der.toString("base64")}\n-----END CERTIFICATE REQUEST-----\n`;
    }, "CSR signature does not verify"],
  ];
  bad.push([
    "weak (RSA 1024) key",
    async () => {
      // openssl makes what a badly configured station would send.
      const dir = mkdtempSync(join(tmpdir(), "joule-weak-csr-"));
      const out = `${dir}/weak.csr`;
      const made = Bun.spawnSync(["openssl", "req", "-new", "-newkey", "rsa:1024", "-nodes", "-keyout", `${dir}/weak.key`, "-out", out, "-subj", "/O=Acme CPO/CN=CERT-2"]);
      if (made.exitCode !== 0) throw new Error(made.stderr.toString());
      return readFileSync(out, "utf8");
    },
    "RSA key smaller than 2048 bits",
  ]);
  for (const [name, make, reason] of bad) {
    test(`a CSR with a ${name} is Rejected and recorded`, async () => {
      const id = `CERT-2`;
      const exists = (await t.api("GET", `/api/v1/stations/${id}`)).status === 200;
      const station = exists ? { cp: await t.connect(id, { endpoint: wss(), password, wsOpts: { ca: caPems } }) } : await profile2Station(id);
      expect(await station.cp.call("SignCertificate", { csr: await make() })).toEqual({ status: "Rejected" });
      const requests = await (await t.api("GET", `/api/v1/csr-requests?stationId=${id}&status=rejected`)).json();
      expect(requests.items[0].reason).toBe(reason);
    });
  }

  test("an RSA CSR is signed by the RSA issuer", async () => {
    const { cp, signed } = await profile2Station("CERT-RSA");
    const { csrPem } = await stationCsr({ CN: "CERT-RSA", O: "Acme CPO" }, "rsa");
    expect(await cp.call("SignCertificate", { csr: csrPem })).toEqual({ status: "Accepted" });
    await signed;
    const [issued] = (await (await t.api("GET", "/api/v1/certificates?stationId=CERT-RSA")).json()).items;
    expect(issued).toMatchObject({ keyType: "RSA", keySize: 2048 });
    expect(issued.issuer).toContain("RSA");
  });

  test("a profile-0 station's CSR is Rejected", async () => {
    await t.addStation("CERT-P0");
    const cp = await t.connect("CERT-P0");
    const { csrPem } = await stationCsr({ CN: "CERT-P0", O: "Acme CPO" });
    expect(await cp.call("SignCertificate", { csr: csrPem })).toEqual({ status: "Rejected" });
  });
});

describe("manual CSR policy", () => {
  test("valid CSRs wait for approval; approval sends CertificateSigned; rejection does not", async () => {
    const manual = await startTestJoule({ JOULE_CSR_POLICY: "manual" });
    const [saved, savedCaPems] = [t, caPems];
    // profile2Station works on `t` and `caPems`: point them at this instance for the test.
    t = manual;
    try {
      caPems = splitPemCertificates(await (await fetch(`http://127.0.0.1:${manual.joule.httpPort}/api/v1/ca`)).text());
      const { cp, signed, received } = await profile2Station("MAN-1");
      const first = await stationCsr({ CN: "MAN-1", O: "Acme CPO" });
      expect(await cp.call("SignCertificate", { csr: first.csrPem })).toEqual({ status: "Accepted" });
      const pending = (await (await manual.api("GET", "/api/v1/csr-requests?status=pending")).json()).items;
      expect(pending).toHaveLength(1);
      await Bun.sleep(100);
      expect(received).toHaveLength(0);
      const approved = await manual.api("POST", `/api/v1/csr-requests/${pending[0].id}/approve`);
      expect((await approved.json()).status).toBe("signed");
      await signed;
      expect((await manual.api("POST", `/api/v1/csr-requests/${pending[0].id}/approve`)).status).toBe(409);

      const second = await stationCsr({ CN: "MAN-1", O: "Acme CPO" });
      await cp.call("SignCertificate", { csr: second.csrPem });
      const [again] = (await (await manual.api("GET", "/api/v1/csr-requests?status=pending")).json()).items;
      const rejected = await manual.api("POST", `/api/v1/csr-requests/${again.id}/reject`, { reason: "not now" });
      expect(await rejected.json()).toMatchObject({ status: "rejected", reason: "not now" });
      await Bun.sleep(100);
      expect(received).toHaveLength(1);
    } finally {
      [t, caPems] = [saved, savedCaPems];
      await manual.stop();
    }
  });
});

describe("CertificateSignedMaxChainSize", () => {
  test("learned from a GetConfiguration answer; a certificate that does not fit is not sent and the request fails", async () => {
    const { cp, received } = await profile2Station("CERT-SMALL");
    cp.handle("GetConfiguration", () => ({ configurationKey: [{ key: "CertificateSignedMaxChainSize", readonly: true, value: "100" }] }));
    const asked = await t.api("POST", "/api/v1/stations/CERT-SMALL/calls/GetConfiguration", { key: ["CertificateSignedMaxChainSize"] });
    expect(asked.status).toBe(200);
    const { csrPem } = await stationCsr({ CN: "CERT-SMALL", O: "Acme CPO" });
    expect(await cp.call("SignCertificate", { csr: csrPem })).toEqual({ status: "Accepted" });
    let request: { status: string; reason: string } | undefined;
    for (let i = 0; i < 50 && request?.status !== "failed"; i++) {
      await Bun.sleep(20);
      [request] = (await (await t.api("GET", "/api/v1/csr-requests?stationId=CERT-SMALL")).json()).items;
    }
    expect(request).toMatchObject({ status: "failed", reason: expect.stringContaining("CertificateSignedMaxChainSize (100)") });
    expect(received).toHaveLength(0);
  });
});
