// Uploads and downloads without an extra server: GetLog / GetDiagnostics files sent to Joule's one-time URLs, and
// signed firmware served by Joule, driven by an ocpp-rpc station that really uploads and downloads.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { execFileSync } from "node:child_process";
import { X509Certificate } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createRPCError } from "ocpp-rpc";
import { createLogger } from "../lib/log.ts";
import { startJoule, type Joule } from "../lib/server.ts";
import { apiToken, startTestJoule, type TestJoule } from "./support/joule.ts";

let t: TestJoule;
let small: TestJoule; // JOULE_MAX_UPLOAD_BYTES at its minimum, JOULE_MAX_FIRMWARE_BYTES a little above
let work: string; // scratch files for openssl
beforeAll(async () => {
  [t, small] = await Promise.all([startTestJoule({ JOULE_CALL_TIMEOUT: "2" }), startTestJoule({ JOULE_MAX_UPLOAD_BYTES: "1024", JOULE_MAX_FIRMWARE_BYTES: "4096" })]);
  work = mkdtempSync(join(tmpdir(), "joule-firmware-"));
});
afterAll(async () => {
  await Promise.all([t.stop(), small.stop()]);
  rmSync(work, { recursive: true, force: true });
});

const base = (j: TestJoule) => `http://127.0.0.1:${j.joule.httpPort}`;
const json = async (response: Response | Promise<Response>) => (await response).json();

/** A connected station answering GetLog / GetDiagnostics / SignedUpdateFirmware, remembering what it was sent. */
async function station(j: TestJoule, id: string, answers: { log?: unknown; diagnostics?: unknown; firmware?: string } = {}) {
  await j.addStation(id);
  const cp = await j.connect(id);
  const received: Record<string, any> = {};
  cp.handle("GetLog", ({ params }) => {
    received.GetLog = params;
    return answers.log ?? { status: "Accepted", filename: "station.log" };
  });
  cp.handle("GetDiagnostics", ({ params }) => {
    received.GetDiagnostics = params;
    if (answers.diagnostics instanceof Error) throw answers.diagnostics;
    return answers.diagnostics ?? { fileName: "diagnostics.zip" };
  });
  cp.handle("SignedUpdateFirmware", ({ params }) => {
    received.SignedUpdateFirmware = params;
    return { status: answers.firmware ?? "Accepted" };
  });
  return { cp, received };
}

const multipart = (name: string, content: BlobPart, fileName: string, extra: Record<string, string> = {}) => {
  const form = new FormData();
  for (const [key, value] of Object.entries(extra)) form.append(key, value);
  form.append(name, new Blob([content]), fileName);
  return form;
};

const uploads = (j: TestJoule, query: string) => json(j.api("GET", `/api/v1/uploads?${query}`));
const filesIn = (dir: string) => (existsSync(dir) ? readdirSync(dir) : []);

describe("GetLog to Joule's one-time upload URL", () => {
  test("raw PUT once: stored, listed with the job, timeline in order, second upload refused", async () => {
    const { cp, received } = await station(t, "LOG-1");
    const response = await t.api("POST", "/api/v1/stations/LOG-1/log-requests", {
      logType: "DiagnosticsLog",
      oldestTimestamp: "2025-01-01T00:00:00Z",
      retries: 2,
    });
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body.result).toEqual({ status: "Accepted", filename: "station.log" });
    expect(body.uploadUrl).toStartWith(`${base(t)}/uploads/`);
    expect(received.GetLog).toEqual({
      logType: "DiagnosticsLog",
      requestId: body.requestId,
      retries: 2,
      log: { remoteLocation: body.uploadUrl, oldestTimestamp: "2025-01-01T00:00:00Z" },
    });

    const content = "2025-01-01T00:00:00Z boot\n".repeat(100);
    await cp.call("LogStatusNotification", { status: "Uploading", requestId: body.requestId });
    const put = await fetch(body.uploadUrl, { method: "PUT", body: content });
    expect(put.status).toBe(201);
    await cp.call("LogStatusNotification", { status: "Uploaded", requestId: body.requestId });

    // One time only, whichever method.
    expect((await fetch(body.uploadUrl, { method: "PUT", body: "again" })).status).toBe(410);
    expect((await fetch(body.uploadUrl, { method: "POST", body: multipart("file", "again", "x.log") })).status).toBe(410);

    const jobs = await json(t.api("GET", "/api/v1/log-jobs?stationId=LOG-1"));
    expect(jobs.items).toHaveLength(1);
    expect(jobs.items[0]).toMatchObject({ requestId: body.requestId, answer: "Accepted" });
    expect(jobs.items[0].timeline.map((s: { status: string }) => s.status)).toEqual(["Uploading", "Uploaded"]);
    for (const s of jobs.items[0].timeline) expect(Number.isNaN(Date.parse(s.at))).toBeFalse();

    const listed = await uploads(t, `jobId=${body.requestId}`);
    expect(listed.total).toBe(1);
    const slot = listed.items[0];
    expect(slot).toMatchObject({ id: body.uploadId, stationId: "LOG-1", kind: "log", jobId: body.requestId, fileName: "station.log", size: content.length });
    expect(slot.uploadedAt).toBeString();
    expect(Object.keys(slot).sort()).toEqual(["createdAt", "fileName", "id", "jobId", "kind", "size", "stationId", "uploadedAt"]);
    expect(readFileSync(join(t.dataDir, "uploads", `${slot.id}-station.log`), "utf8")).toBe(content);

    const file = await t.api("GET", `/api/v1/uploads/${slot.id}/file`);
    expect(file.status).toBe(200);
    expect(file.headers.get("content-disposition")).toBe('attachment; filename="station.log"');
    expect(await file.text()).toBe(content);
    expect((await t.api("GET", `/api/v1/uploads/${slot.id}/file`, undefined, "wrong-token-0123456789")).status).toBe(401);
  });

  test("multipart POST: the first file part and its (sanitized) name; a Rejected GetLog is answered and recorded", async () => {
    const { cp } = await station(t, "LOG-2");
    const body = await json(t.api("POST", "/api/v1/stations/LOG-2/log-requests", { logType: "SecurityLog" }));
    const form = multipart("file", "security log\n", "../../etc/sec urity.log", { note: "a field before the file" });
    form.append("second", new Blob(["not this one"]), "other.log");
    const post = await fetch(body.uploadUrl, { method: "POST", body: form });
    expect(post.status).toBe(201);
    expect(await post.json()).toEqual({ fileName: "sec_urity.log", size: 13 });
    const [slot] = (await uploads(t, "stationId=LOG-2")).items;
    expect(slot).toMatchObject({ jobId: body.requestId, fileName: "sec_urity.log", size: 13 });
    expect(await (await t.api("GET", `/api/v1/uploads/${slot.id}/file`)).text()).toBe("security log\n");

    cp.handle("GetLog", () => ({ status: "Rejected" }));
    const rejected = await json(t.api("POST", "/api/v1/stations/LOG-2/log-requests", { logType: "SecurityLog" }));
    expect(rejected.result).toEqual({ status: "Rejected" });
    const jobs = await json(t.api("GET", "/api/v1/log-jobs?stationId=LOG-2"));
    expect(jobs.items.find((j: { requestId: number }) => j.requestId === rejected.requestId).answer).toBe("Rejected");
  });

  test("a CALLERROR or no answer still names the job: the CALLERROR is its answer; after a timeout it waits", async () => {
    const { cp } = await station(t, "LOG-6");
    cp.handle("GetLog", () => {
      throw createRPCError("NotSupported", "No logs on this model");
    });
    const refused = await t.api("POST", "/api/v1/stations/LOG-6/log-requests", { logType: "SecurityLog" });
    expect(refused.status).toBe(200);
    const refusal = await refused.json();
    expect(refusal.error.code).toBe("NotSupported");
    expect(refusal.requestId).toBeInteger();
    expect((await uploads(t, "stationId=LOG-6")).total).toBe(0); // the station never got a usable URL

    cp.handle("GetLog", () => new Promise(() => {})); // never answers (JOULE_CALL_TIMEOUT=2)
    const late = await t.api("POST", "/api/v1/stations/LOG-6/log-requests", { logType: "SecurityLog" });
    expect(late.status).toBe(504);
    const timeout = await late.json();
    expect(timeout.message).toContain("did not answer");
    expect(timeout.requestId).toBe(refusal.requestId + 1);
    // The station may still have got it: its upload slot stays, and its statuses land on this job.
    expect((await uploads(t, "stationId=LOG-6")).items.map((u: { jobId: number }) => u.jobId)).toEqual([timeout.requestId]);
    await cp.call("LogStatusNotification", { status: "Uploading", requestId: timeout.requestId });

    const jobs = (await json(t.api("GET", "/api/v1/log-jobs?stationId=LOG-6"))).items;
    const job = (id: number) => jobs.find((j: { requestId: number }) => j.requestId === id);
    expect(job(refusal.requestId)).toMatchObject({ answer: "CALLERROR NotSupported", timeline: [] });
    expect(job(timeout.requestId)).toMatchObject({ answer: null, timeline: [{ status: "Uploading", at: expect.any(String) }] });
  }, 10_000);

  test("a log larger than the 1 MiB cap on other request bodies is stored (raw and multipart)", async () => {
    await station(t, "LOG-7");
    const big = "l".repeat(1024 * 1024 + 4096);
    for (const send of [(url: string) => fetch(url, { method: "PUT", body: big }), (url: string) => fetch(url, { method: "POST", body: multipart("file", big, "big.log") })]) {
      const { uploadUrl } = await json(t.api("POST", "/api/v1/stations/LOG-7/log-requests", { logType: "DiagnosticsLog" }));
      expect((await send(uploadUrl)).status).toBe(201);
    }
    expect((await uploads(t, "stationId=LOG-7")).items.map((u: { size: number }) => u.size)).toEqual([big.length, big.length]);
  });

  test("a remoteLocation of the operator's is sent as is, and no upload URL is made", async () => {
    const { received } = await station(t, "LOG-3");
    const body = await json(
      t.api("POST", "/api/v1/stations/LOG-3/log-requests", { logType: "DiagnosticsLog", remoteLocation: "ftp://files.example.com/logs/" }),
    );
    expect(body.uploadUrl).toBeUndefined();
    expect(received.GetLog.log.remoteLocation).toBe("ftp://files.example.com/logs/");
    expect((await uploads(t, "stationId=LOG-3")).total).toBe(0);
  });

  test("a LogStatusNotification for a requestId Joule never sent is kept as unmatched", async () => {
    const { cp } = await station(t, "LOG-4");
    await cp.call("LogStatusNotification", { status: "Uploading", requestId: 987654 });
    const jobs = await json(t.api("GET", "/api/v1/log-jobs?stationId=LOG-4"));
    expect(jobs.items).toEqual([]);
    expect(jobs.unmatchedStatuses).toEqual([{ stationId: "LOG-4", requestId: 987654, status: "Uploading", at: expect.any(String) }]);
  });

  test("404 unknown station, 409 not connected, 400 bad input; no upload URL is left behind", async () => {
    expect((await t.api("POST", "/api/v1/stations/NOPE/log-requests", { logType: "SecurityLog" })).status).toBe(404);
    await t.addStation("LOG-5");
    expect((await t.api("POST", "/api/v1/stations/LOG-5/log-requests", { logType: "SecurityLog" })).status).toBe(409);
    const bad = await t.api("POST", "/api/v1/stations/LOG-5/log-requests", { logType: "SecurityLog", oldestTimestamp: "yesterday" });
    expect(bad.status).toBe(400);
    expect((await bad.json()).field).toBe("oldestTimestamp");
    expect((await t.api("POST", "/api/v1/stations/LOG-5/log-requests", { logType: "Everything" })).status).toBe(400);
    expect((await uploads(t, "stationId=LOG-5")).total).toBe(0);
    expect((await uploads(t, "stationId=NOPE")).total).toBe(0);
    expect((await fetch(`${base(t)}/uploads/not-a-token`, { method: "PUT", body: "x" })).status).toBe(404);
  });
});

describe("GetDiagnostics to Joule's one-time upload URL", () => {
  test("Accepted: the station uploads with multipart POST; listed as diagnostics without a job", async () => {
    const { received } = await station(t, "DIAG-1");
    const response = await t.api("POST", "/api/v1/stations/DIAG-1/diagnostics-requests", { startTime: "2025-01-01T00:00:00Z", retryInterval: 30 });
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body.result).toEqual({ fileName: "diagnostics.zip" });
    expect(body.requestId).toBeUndefined();
    expect(received.GetDiagnostics).toEqual({ location: body.uploadUrl, startTime: "2025-01-01T00:00:00Z", retryInterval: 30 });
    const zip = new Uint8Array(3000).map((_, i) => (i * 7) % 256); // binary, with CR and LF bytes inside
    expect((await fetch(body.uploadUrl, { method: "POST", body: multipart("file", zip, "diagnostics.zip") })).status).toBe(201);
    const [slot] = (await uploads(t, "stationId=DIAG-1")).items;
    expect(slot).toMatchObject({ id: body.uploadId, kind: "diagnostics", jobId: null, fileName: "diagnostics.zip", size: 3000 });
    expect(new Uint8Array(await (await t.api("GET", `/api/v1/uploads/${slot.id}/file`)).arrayBuffer())).toEqual(zip);
  });

  test("a raw upload without a name takes the name the station announced", async () => {
    await station(t, "DIAG-2", { diagnostics: { fileName: "diag-2.tar.gz" } });
    const body = await json(t.api("POST", "/api/v1/stations/DIAG-2/diagnostics-requests", {}));
    expect((await fetch(body.uploadUrl, { method: "PUT", body: "tarball" })).status).toBe(201);
    expect((await uploads(t, "stationId=DIAG-2")).items[0]).toMatchObject({ fileName: "diag-2.tar.gz", size: 7 });
  });

  test("a station that refuses with a CALLERROR: the error is answered and the upload URL withdrawn", async () => {
    await station(t, "DIAG-3", { diagnostics: new Error("no diagnostics here") });
    const response = await t.api("POST", "/api/v1/stations/DIAG-3/diagnostics-requests", {});
    expect(response.status).toBe(200);
    expect((await response.json()).error.code).toBeString();
    expect((await uploads(t, "stationId=DIAG-3")).total).toBe(0);
  });
});

describe("an upload cut off by a crash", () => {
  test("the next start frees its URL and removes its partial file; the station's retry is stored", async () => {
    const first = await startTestJoule();
    const dataDir = first.dataDir;
    let second: Joule | undefined;
    try {
      await station(first, "CRASH-1");
      const { uploadUrl, uploadId } = await json(first.api("POST", "/api/v1/stations/CRASH-1/log-requests", { logType: "SecurityLog" }));
      // What a process killed mid-upload leaves: the slot claimed, half a file.
      const partial = `uploads/${uploadId}.partial`;
      await first.joule.services.database.client.execute({ sql: "UPDATE upload_slots SET path = ? WHERE id = ?", args: [partial, uploadId] });
      mkdirSync(join(dataDir, "uploads"), { recursive: true });
      writeFileSync(join(dataDir, partial), "half a lo");
      expect((await fetch(uploadUrl, { method: "PUT", body: "retry" })).status).toBe(409);
      await first.joule.stop();

      second = await startJoule(first.config, createLogger("error"));
      expect(existsSync(join(dataDir, partial))).toBe(false);
      const retryUrl = uploadUrl.replace(`:${first.joule.httpPort}/`, `:${second.httpPort}/`);
      expect((await fetch(retryUrl, { method: "PUT", body: "the whole log" })).status).toBe(201);
      expect((await fetch(retryUrl, { method: "PUT", body: "again" })).status).toBe(410);
      const slot = await second.services.database.client.execute({ sql: "SELECT size, uploaded_at FROM upload_slots WHERE id = ?", args: [uploadId] });
      expect(slot.rows[0]).toMatchObject({ size: 13, uploaded_at: expect.any(String) });
    } finally {
      await second?.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe("the upload size limit (JOULE_MAX_UPLOAD_BYTES=1024)", () => {
  let url: string;
  let uploadId: number;
  beforeAll(async () => {
    await station(small, "BIG-1");
    const body = await json(small.api("POST", "/api/v1/stations/BIG-1/log-requests", { logType: "DiagnosticsLog" }));
    url = body.uploadUrl;
    uploadId = body.uploadId;
  });
  const nothingStored = async () => {
    expect(filesIn(join(small.dataDir, "uploads"))).toEqual([]);
    expect((await uploads(small, "stationId=BIG-1")).items[0]).toMatchObject({ uploadedAt: null, size: null });
  };

  test("413 by Content-Length, raw or multipart", async () => {
    expect((await fetch(url, { method: "PUT", body: "x".repeat(1025) })).status).toBe(413);
    expect((await fetch(url, { method: "POST", body: multipart("file", "x".repeat(2000), "big.log") })).status).toBe(413);
    await nothingStored();
  });

  test("413 while streaming a chunked body that declares no length", async () => {
    const chunks = Array.from({ length: 8 }, () => new TextEncoder().encode("y".repeat(400)));
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        const next = chunks.shift();
        if (next) controller.enqueue(next);
        else controller.close();
      },
    });
    const response = await fetch(url, { method: "PUT", body: stream, duplex: "half" } as RequestInit);
    expect(response.status).toBe(413);
    await nothingStored();
  });

  test("413 for a multipart file beyond the limit inside a body within the overhead allowance", async () => {
    // 1024 + 1 bytes of file: Content-Length is below limit + framing allowance, so the streaming check must act.
    expect((await fetch(url, { method: "POST", body: multipart("file", "z".repeat(1025), "big.log") })).status).toBe(413);
    await nothingStored();
  });

  test("after refused uploads the same URL still takes a file within the limit, once", async () => {
    expect((await fetch(url, { method: "PUT", body: "z".repeat(1024) })).status).toBe(201);
    expect(filesIn(join(small.dataDir, "uploads"))).toEqual([`${uploadId}-station.log`]);
    expect((await fetch(url, { method: "PUT", body: "z" })).status).toBe(410);
  });
});

/** POST /api/v1/firmware with a multipart body. */
const uploadFirmware = (j: TestJoule, form: FormData) =>
  fetch(`${base(j)}/api/v1/firmware`, { method: "POST", headers: { authorization: `Bearer ${apiToken}` }, body: form });

describe("the firmware size limit (JOULE_MAX_FIRMWARE_BYTES=4096), apart from the station upload limit (1024)", () => {
  test("with the default limit, an image larger than the 1 MiB cap on other request bodies is stored", async () => {
    const response = await uploadFirmware(t, multipart("file", new Uint8Array(1024 * 1024 + 4096).fill(3), "large.bin"));
    expect(response.status).toBe(201);
    expect(await response.json()).toMatchObject({ fileName: "large.bin", size: 1024 * 1024 + 4096 });
  });

  test("an image above the upload limit is stored; one above the firmware limit is refused and leaves nothing", async () => {
    const stored = await uploadFirmware(small, multipart("file", new Uint8Array(3000).fill(7), "fits.bin"));
    expect(stored.status).toBe(201);
    expect(await stored.json()).toMatchObject({ fileName: "fits.bin", size: 3000 });

    const refused = await uploadFirmware(small, multipart("file", new Uint8Array(4097).fill(7), "too-big.bin"));
    expect(refused.status).toBe(413);
    expect((await refused.json()).message).toBe("The file is larger than 4096 bytes (JOULE_MAX_FIRMWARE_BYTES)");
    expect((await json(small.api("GET", "/api/v1/firmware"))).items.map((f: { fileName: string }) => f.fileName)).toEqual(["fits.bin"]);
    expect(filesIn(join(small.dataDir, "firmware")).filter((name) => name.startsWith(".upload-"))).toEqual([]);
  });
});

const openssl = (...args: string[]) => execFileSync("openssl", args, { cwd: work, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });

/** `openssl dgst -sha256 -verify` with the public key of `certificatePem`: true when it prints Verified OK. */
function opensslVerifies(name: string, content: Uint8Array | string, signatureBase64: string, certificatePem: string): boolean {
  writeFileSync(join(work, `${name}.bin`), content);
  writeFileSync(join(work, `${name}.sig`), Buffer.from(signatureBase64, "base64"));
  writeFileSync(join(work, `${name}.crt`), certificatePem);
  writeFileSync(join(work, `${name}.pub`), openssl("x509", "-pubkey", "-noout", "-in", `${name}.crt`));
  try {
    return openssl("dgst", "-sha256", "-verify", `${name}.pub`, "-signature", `${name}.sig`, `${name}.bin`).includes("Verified OK");
  } catch {
    return false;
  }
}

describe("firmware", () => {
  const image = new Uint8Array(5000).map((_, i) => (i * 31 + 7) % 256);
  let signedByJoule: any;

  test("uploaded without a signature, Joule signs it; openssl dgst -verify accepts the signature", async () => {
    const response = await uploadFirmware(t, multipart("file", image, "volt-22 v1.2.bin"));
    expect(response.status).toBe(201);
    signedByJoule = await response.json();
    expect(signedByJoule).toMatchObject({ fileName: "volt-22_v1.2.bin", size: 5000, signedBy: "joule" });
    expect(signedByJoule.sha256).toBe(new Bun.CryptoHasher("sha256").update(image).digest("hex"));
    expect(opensslVerifies("joule", image, signedByJoule.signature, signedByJoule.signingCertificate)).toBeTrue();
    expect(opensslVerifies("joule-wrong", image.map((b) => b ^ 1), signedByJoule.signature, signedByJoule.signingCertificate)).toBeFalse();

    // The signing certificate: ECDSA P-256, issued by Joule's ECDSA CA, for code signing only.
    const certificate = new X509Certificate(signedByJoule.signingCertificate);
    const ca = new X509Certificate(t.joule.services.tls.material.ca.ecdsa.certificatePem);
    expect(certificate.checkIssued(ca) && certificate.verify(ca.publicKey)).toBeTrue();
    expect(certificate.ca).toBeFalse();
    expect(certificate.publicKey.asymmetricKeyDetails?.namedCurve).toBe("prime256v1");
    expect(certificate.keyUsage).toEqual(["1.3.6.1.5.5.7.3.3"]);
    const text = openssl("x509", "-noout", "-text", "-in", "joule.crt");
    expect(text).toContain("Code Signing");
    expect(text).toMatch(/Key Usage: critical\s+Digital Signature\n/);
    const keyFile = join(t.config.tlsDir, "firmware-signing.key");
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    expect(readFileSync(join(t.config.tlsDir, "firmware-signing.crt"), "utf8")).toBe(signedByJoule.signingCertificate);

    // The next file is signed with the same key.
    const second = await json(uploadFirmware(t, multipart("file", "second image", "second.bin")));
    expect(second.signingCertificate).toBe(signedByJoule.signingCertificate);
    expect(opensslVerifies("second", "second image", second.signature, second.signingCertificate)).toBeTrue();
  });

  test("uploaded with a vendor's signature: kept when it verifies, refused when it does not", async () => {
    writeFileSync(join(work, "vendor.bin"), image);
    openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "vendor.key", "-out", "vendor.crt", "-subj", "/CN=Vendor Firmware", "-days", "2");
    openssl("dgst", "-sha256", "-sign", "vendor.key", "-out", "vendor.sig", "vendor.bin");
    const signature = readFileSync(join(work, "vendor.sig")).toString("base64");
    const signingCertificate = readFileSync(join(work, "vendor.crt"), "utf8");

    const good = await uploadFirmware(t, multipart("file", image, "vendor.bin", { signature, signingCertificate }));
    expect(good.status).toBe(201);
    expect(await good.json()).toMatchObject({ fileName: "vendor.bin", signedBy: "uploaded", signature, signingCertificate });

    const before = (await json(t.api("GET", "/api/v1/firmware"))).total;
    const filesBefore = filesIn(join(t.dataDir, "firmware"));
    const tampered = image.slice();
    tampered[100]! ^= 0xff;
    const wrong = await uploadFirmware(t, multipart("file", tampered, "vendor.bin", { signature, signingCertificate }));
    expect(wrong.status).toBe(400);
    expect((await wrong.json()).field).toBe("signature");
    const alone = await uploadFirmware(t, multipart("file", image, "vendor.bin", { signature }));
    expect(alone.status).toBe(400);
    expect((await alone.json()).field).toBe("signingCertificate");
    const notPem = await uploadFirmware(t, multipart("file", image, "vendor.bin", { signature, signingCertificate: "hello" }));
    expect((await notPem.json()).field).toBe("signingCertificate");
    expect((await json(t.api("GET", "/api/v1/firmware"))).total).toBe(before);
    expect(filesIn(join(t.dataDir, "firmware"))).toEqual(filesBefore);

    const noFile = await fetch(`${base(t)}/api/v1/firmware`, { method: "POST", headers: { authorization: `Bearer ${apiToken}` }, body: "raw" });
    expect(noFile.status).toBe(400);
    expect((await fetch(`${base(t)}/api/v1/firmware`, { method: "POST", body: multipart("file", image, "x.bin") })).status).toBe(401);
  });

  test("SignedUpdateFirmware: the station downloads with its token, reports its statuses in order", async () => {
    const { cp, received } = await station(t, "FW-1");
    const response = await t.api("POST", "/api/v1/stations/FW-1/firmware-updates", {
      firmwareId: signedByJoule.id,
      retrieveDateTime: "2025-06-01T02:00:00Z",
      installDateTime: "2025-06-01T03:00:00Z",
      retries: 3,
    });
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body.result).toEqual({ status: "Accepted" });
    const sent = received.SignedUpdateFirmware;
    expect(sent).toMatchObject({
      requestId: body.requestId,
      retries: 3,
      firmware: {
        retrieveDateTime: "2025-06-01T02:00:00Z",
        installDateTime: "2025-06-01T03:00:00Z",
        signature: signedByJoule.signature,
        signingCertificate: signedByJoule.signingCertificate,
      },
    });
    expect(sent.firmware.location).toMatch(new RegExp(`^${base(t)}/firmware/[A-Za-z0-9_-]{43}/volt-22_v1\\.2\\.bin$`));

    // The station's side: download, check the signature as a station would, report.
    const statuses = ["Downloading", "Downloaded", "SignatureVerified", "Installing", "Installed"];
    await cp.call("SignedFirmwareStatusNotification", { status: statuses[0], requestId: body.requestId });
    const download = await fetch(sent.firmware.location);
    expect(download.status).toBe(200);
    const downloaded = new Uint8Array(await download.arrayBuffer());
    expect(downloaded).toEqual(image);
    expect(opensslVerifies("station", downloaded, sent.firmware.signature, sent.firmware.signingCertificate)).toBeTrue();
    for (const status of statuses.slice(1)) await cp.call("SignedFirmwareStatusNotification", { status, requestId: body.requestId });

    const jobs = await json(t.api("GET", "/api/v1/firmware-jobs?stationId=FW-1"));
    expect(jobs.items[0]).toMatchObject({ requestId: body.requestId, answer: "Accepted" });
    expect(jobs.items[0].timeline.map((s: { status: string }) => s.status)).toEqual(statuses);

    // Without the token, or with another, nothing.
    const token = sent.firmware.location.split("/").at(-2);
    expect((await fetch(`${base(t)}/firmware/${"A".repeat(43)}/volt-22_v1.2.bin`)).status).toBe(404);
    expect((await fetch(`${base(t)}/firmware/volt-22_v1.2.bin`)).status).toBe(404);
    expect((await fetch(`${base(t)}/firmware/${token}`)).status).toBe(404);

    const listed = (await json(t.api("GET", "/api/v1/firmware"))).items.find((f: { id: number }) => f.id === signedByJoule.id);
    expect(listed.downloads).toEqual([{ jobId: body.requestId, stationId: "FW-1", createdAt: expect.any(String), downloads: 1 }]);
  });

  test("SignedUpdateFirmware Rejected, unknown firmware, unknown or disconnected station", async () => {
    await station(t, "FW-2", { firmware: "Rejected" });
    const rejected = await json(t.api("POST", "/api/v1/stations/FW-2/firmware-updates", { firmwareId: signedByJoule.id, retrieveDateTime: "2025-06-01T02:00:00Z" }));
    expect(rejected.result).toEqual({ status: "Rejected" });
    const jobs = await json(t.api("GET", "/api/v1/firmware-jobs?stationId=FW-2"));
    expect(jobs.items[0]).toMatchObject({ requestId: rejected.requestId, answer: "Rejected", timeline: [] });

    const unknownFirmware = await t.api("POST", "/api/v1/stations/FW-2/firmware-updates", { firmwareId: 99999, retrieveDateTime: "2025-06-01T02:00:00Z" });
    expect(unknownFirmware.status).toBe(400);
    expect((await unknownFirmware.json()).field).toBe("firmwareId");
    const update = { firmwareId: signedByJoule.id, retrieveDateTime: "2025-06-01T02:00:00Z" };
    expect((await t.api("POST", "/api/v1/stations/NOPE/firmware-updates", update)).status).toBe(404);
    await t.addStation("FW-3");
    expect((await t.api("POST", "/api/v1/stations/FW-3/firmware-updates", update)).status).toBe(409);
    const downloads = (await json(t.api("GET", "/api/v1/firmware"))).items.find((f: { id: number }) => f.id === signedByJoule.id).downloads;
    expect(downloads.map((d: { stationId: string }) => d.stationId)).toEqual(["FW-1", "FW-2"]);
  });

  test("SignedUpdateFirmware without an answer: 504 names the job, and the download stays the job's", async () => {
    const { cp } = await station(t, "FW-5");
    cp.handle("SignedUpdateFirmware", () => new Promise(() => {})); // never answers (JOULE_CALL_TIMEOUT=2)
    const late = await t.api("POST", "/api/v1/stations/FW-5/firmware-updates", { firmwareId: signedByJoule.id, retrieveDateTime: "2025-06-01T02:00:00Z" });
    expect(late.status).toBe(504);
    const { requestId } = await late.json();
    expect(requestId).toBeInteger();
    const downloads = (await json(t.api("GET", "/api/v1/firmware"))).items.find((f: { id: number }) => f.id === signedByJoule.id).downloads;
    expect(downloads.find((d: { stationId: string }) => d.stationId === "FW-5")).toMatchObject({ jobId: requestId });
    const job = (await json(t.api("GET", "/api/v1/firmware-jobs?stationId=FW-5"))).items[0];
    expect(job).toMatchObject({ requestId, answer: null });
  }, 10_000);
});

describe("over wss:// as well", () => {
  test("a station uploads its log to an https:// upload URL", async () => {
    await station(t, "TLS-1");
    const https = `https://127.0.0.1:${t.joule.httpsPort}`;
    const ca = t.joule.services.tls.material.ca.ecdsa.certificatePem + t.joule.services.tls.material.ca.rsa.certificatePem;
    const body = await json(
      fetch(`${https}/api/v1/stations/TLS-1/log-requests`, {
        method: "POST",
        headers: { authorization: `Bearer ${apiToken}`, "content-type": "application/json" },
        body: JSON.stringify({ logType: "SecurityLog" }),
        tls: { ca },
      } as RequestInit),
    );
    expect(body.uploadUrl).toStartWith(`${https}/uploads/`);
    const put = await fetch(body.uploadUrl, { method: "PUT", body: "over tls", tls: { ca } } as RequestInit);
    expect(put.status).toBe(201);
    expect((await uploads(t, "stationId=TLS-1")).items[0]).toMatchObject({ size: 8, fileName: "station.log" });
  });
});
