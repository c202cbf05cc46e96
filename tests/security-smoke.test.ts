// wss with profiles 2 and 3, end to end with ocpp-rpc.
import { afterAll, beforeAll, expect, test } from "bun:test";
import { splitPemCertificates } from "../lib/pki/x509.ts";
import { clientCertificate } from "./support/pki.ts";
import { startTestJoule, type TestJoule } from "./support/joule.ts";

let t: TestJoule;
let wss: string;
let caPem: string;
let caPems: string[];
beforeAll(async () => {
  t = await startTestJoule();
  wss = `wss://127.0.0.1:${t.joule.httpsPort}/ocpp`;
  caPem = await (await fetch(`http://127.0.0.1:${t.joule.httpPort}/api/v1/ca`)).text();
  caPems = splitPemCertificates(caPem);
});
afterAll(() => t.stop());

test("profile 2: wss + Basic accepted; ws refused; wrong password refused", async () => {
  const response = await t.api("POST", "/api/v1/stations", { id: "P2", securityProfile: 2, password: "0123456789abcdef" });
  expect(response.status).toBe(201);
  expect(await response.json()).toMatchObject({ securityProfile: 2, passwordSet: true });
  const cp = await t.connect("P2", { endpoint: wss, password: "0123456789abcdef", wsOpts: { ca: caPems } });
  expect((await cp.call("Heartbeat", {})).currentTime).toBeString();
  await expect(t.connect("P2", { password: "0123456789abcdef" })).rejects.toMatchObject({ code: 401 });
  await expect(t.connect("P2", { endpoint: wss, password: "0123456789abcdeX", wsOpts: { ca: caPems } })).rejects.toMatchObject({ code: 401 });
});

test("profile 3: certificate from Joule's CA with the right O and CN accepted, wrong CN refused", async () => {
  await t.api("POST", "/api/v1/stations", { id: "P3", securityProfile: 3, cpoName: "Acme CPO" });
  const ca = t.joule.services.tls.material.ca.ecdsa;
  const good = await clientCertificate(ca, { CN: "P3", O: "Acme CPO" });
  const cp = await t.connect("P3", { endpoint: wss, wsOpts: { ca: caPems, cert: good.certificatePem, key: good.keyPem } });
  expect((await cp.call("Heartbeat", {})).currentTime).toBeString();
  const wrong = await clientCertificate(ca, { CN: "P3-other", O: "Acme CPO" });
  await expect(t.connect("P3", { endpoint: wss, wsOpts: { ca: caPems, cert: wrong.certificatePem, key: wrong.keyPem } })).rejects.toMatchObject({ code: 401 });
  const audit = await (await t.api("GET", "/api/v1/audit?stationId=P3")).json();
  expect(audit.items[0]).toMatchObject({ kind: "handshake_refused", reason: "certificate CN is not the station's identity" });
});

test("the API is served on the TLS listener too", async () => {
  const response = await fetch(`https://127.0.0.1:${t.joule.httpsPort}/health`, { tls: { ca: caPems } } as RequestInit);
  expect(response.status).toBe(200);
});

test("profile 3: a certificate from an intermediate CA is accepted when the station sends the chain, refused without it", async () => {
  const { createIntermediateCa } = await import("../lib/pki/x509.ts");
  await t.api("POST", "/api/v1/stations", { id: "P3-CHAIN", securityProfile: 3, cpoName: "Acme CPO" });
  const intermediate = await createIntermediateCa(t.joule.services.tls.material.ca.ecdsa, "ecdsa", "Joule Sub CA", "Joule");
  const leaf = await clientCertificate(intermediate, { CN: "P3-CHAIN", O: "Acme CPO" });
  const withChain = await t.connect("P3-CHAIN", {
    endpoint: wss,
    wsOpts: { ca: caPems, cert: leaf.certificatePem + intermediate.certificatePem, key: leaf.keyPem },
  });
  expect((await withChain.call("Heartbeat", {})).currentTime).toBeString();
  await withChain.close({ force: true });
  await expect(
    t.connect("P3-CHAIN", { endpoint: wss, wsOpts: { ca: caPems, cert: leaf.certificatePem, key: leaf.keyPem } }),
  ).rejects.toMatchObject({ code: 401 });
});

test("JOULE_TLS_CERT / JOULE_TLS_KEY: the operator's certificate files are presented instead of generated ones", async () => {
  const { mkdtempSync, writeFileSync } = await import("node:fs");
  const { tmpdir } = await import("node:os");
  const { join } = await import("node:path");
  const { connect } = await import("node:tls");
  const { createRootCa, generateKeys, issueCertificate, privateKeyPem } = await import("../lib/pki/x509.ts");
  const dir = mkdtempSync(join(tmpdir(), "joule-operator-cert-"));
  const operatorCa = await createRootCa("rsa", "Operator CA", "Operator");
  const keys = await generateKeys("rsa");
  const certificate = await issueCertificate({ issuer: operatorCa, publicKey: keys.publicKey, subject: { CN: "csms.operator.test" }, usage: "server", ipAddresses: ["127.0.0.1"] });
  writeFileSync(join(dir, "server.crt"), certificate);
  writeFileSync(join(dir, "server.key"), await privateKeyPem(keys.privateKey));
  const own = await startTestJoule({ JOULE_TLS_CERT: join(dir, "server.crt"), JOULE_TLS_KEY: join(dir, "server.key") });
  try {
    const subject = await new Promise<string>((resolve, reject) => {
      const socket = connect({ host: "127.0.0.1", port: own.joule.httpsPort!, ca: [operatorCa.certificatePem], servername: "csms.operator.test" }, () => {
        resolve(String(socket.getPeerCertificate().subject.CN));
        socket.destroy();
      });
      socket.on("error", reject);
    });
    expect(subject).toBe("csms.operator.test");
  } finally {
    await own.stop();
  }
});
