// The console's security events, audit log, and firmware / log jobs over real HTTP, with real ocpp-rpc stations:
// events reported and filtered, a refused handshake in the audit log, firmware uploaded through the form and sent
// with SignedUpdateFirmware, a log requested with GetLog and uploaded by the station, then downloaded from its job.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { startTestConsole } from "./support/console.ts";
import { Browser, decodeEntities } from "./support/browser.ts";
import { type Station, type TestJoule } from "./support/joule.ts";

let t: TestJoule;
let admin: Browser;
let viewer: Browser;
let base: string;
beforeAll(async () => {
  ({ t, admin, viewer } = await startTestConsole({ JOULE_CALL_TIMEOUT: "2" }));
  base = t.joule.httpUrl;
});
afterAll(() => t.stop());

async function html(path: string, expectedStatus = 200, b = admin): Promise<string> {
  const response = await b.get(path);
  expect(response.status).toBe(expectedStatus);
  return response.text();
}

/** The rows of the first table body, as text cells (tags stripped, entities decoded). */
function rows(page: string): string[][] {
  const body = /<tbody>([\s\S]*?)<\/tbody>/.exec(page)?.[1] ?? "";
  return [...body.matchAll(/<tr[^>]*>([\s\S]*?)<\/tr>/g)].map((row) =>
    [...row[1]!.matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((cell) => decodeEntities(cell[1]!.replace(/<[^>]+>/g, "")).trim()),
  );
}

/** The error shown next to a form field, or undefined. */
const fieldError = (page: string, name: string) =>
  [...page.matchAll(/<p id="field-([\w-]+)-error" class="error">([^<]*)<\/p>/g)].find((m) => m[1] === name)?.[2];

/** A multipart form post with this browser's cookies (the Browser helper only posts urlencoded forms). */
function postMultipart(b: Browser, path: string, form: FormData): Promise<Response> {
  const cookie = [...b.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  return fetch(base + path, { method: "POST", body: form, headers: { cookie }, redirect: "manual" });
}

const today = () => new Date().toISOString().slice(0, 10);

describe("security events", () => {
  let cp: Station;
  beforeAll(async () => {
    await t.addStation("EV-1");
    await t.addStation("EV-2");
    cp = await t.connect("EV-1");
    const now = new Date().toISOString();
    await cp.call("SecurityEventNotification", { type: "SettingSystemTime", timestamp: now, techInfo: "clock moved <script>alert(1)</script>" });
    await cp.call("SecurityEventNotification", { type: "InvalidMessages", timestamp: now, techInfo: "3 bad frames" });
    await cp.call("SecurityEventNotification", { type: "AcmeDoorOpened", timestamp: now });
    await cp.call("SecurityEventNotification", { type: "ResetOrReboot", timestamp: "2024-03-01T12:00:00Z" });
  });

  test("listed newest first with time, station link, type, a critical flag in words, techInfo escaped", async () => {
    const page = await html("/security-events?stationId=EV-1");
    expect(page).toContain("Events 1–4 of 4");
    const listed = rows(page);
    expect(listed.map((r) => r[2])).toEqual(["AcmeDoorOpened", "InvalidMessages", "SettingSystemTime", "ResetOrReboot"]);
    const critical = listed.find((r) => r[2] === "SettingSystemTime")!;
    expect(critical[1]).toBe("EV-1");
    expect(critical[3]).toBe("⚠ Critical");
    expect(critical[4]).toBe("clock moved <script>alert(1)</script>");
    expect(listed.find((r) => r[2] === "InvalidMessages")![3]).toBe("No");
    expect(listed.find((r) => r[2] === "ResetOrReboot")![0]).toBe("2024-03-01 12:00:00 UTC");
    expect(page).toContain('href="/stations/EV-1"');
    expect(page).not.toContain("<script>alert(1)");
    expect(page).toContain("&lt;script&gt;");
  });

  test("the type select offers the whitepaper's types and the types stations reported", async () => {
    const page = await html("/security-events");
    const select = /<select id="field-type"[\s\S]*?<\/select>/.exec(page)![0];
    for (const type of ["InvalidTLSCipherSuite", "TamperDetectionActivated", "AcmeDoorOpened", "InvalidMessages"]) {
      expect(select).toContain(`<option value="${type}">`);
    }
  });

  test("filters: critical, type, station, period (days and timestamps); invalid values are ignored", async () => {
    const types = async (query: string) => rows(await html(`/security-events?${query}`)).map((r) => r[2]);
    expect(await types("stationId=EV-1&critical=yes")).toEqual(["SettingSystemTime", "ResetOrReboot"]);
    expect(await types("stationId=EV-1&critical=no")).toEqual(["AcmeDoorOpened", "InvalidMessages"]);
    expect(await types("stationId=EV-1&type=InvalidMessages")).toEqual(["InvalidMessages"]);
    expect(await types("stationId=EV-2")).toEqual([]);
    expect(await types("stationId=EV-1&from=2024-03-01&to=2024-03-01")).toEqual(["ResetOrReboot"]);
    expect(await types("stationId=EV-1&to=2024-02-29")).toEqual([]);
    expect(await types(`stationId=EV-1&from=${today()}`)).toEqual(["AcmeDoorOpened", "InvalidMessages", "SettingSystemTime"]);
    expect(await types("stationId=EV-1&from=2024-03-01T12:00:01Z&to=2024-12-31")).toEqual([]);
    expect(await types("stationId=EV-1&from=2024-03-01T11:59:00%2B00:00&to=2024-03-01T12:00:00Z")).toEqual(["ResetOrReboot"]);
    // Unknown values do not filter and are not echoed back into the form.
    const ignored = await html("/security-events?stationId=EV-1&critical=maybe&from=last-week&page=zero");
    expect(rows(ignored)).toHaveLength(4);
    expect(ignored).not.toContain("last-week");
    const filtered = await html("/security-events?stationId=EV-1&critical=yes");
    expect(filtered).toContain('<option value="yes" selected="">');
    expect(await html("/security-events?stationId=NOBODY")).toContain("No security event matches.");
  });

  test("pages of 50 keep the filters in the pager links", async () => {
    await t.addStation("EV-MANY");
    const many = await t.connect("EV-MANY");
    const start = Date.parse("2025-06-01T00:00:00Z");
    for (let i = 0; i < 55; i++) {
      await many.call("SecurityEventNotification", { type: "InvalidMessages", timestamp: new Date(start + i * 1000).toISOString() });
    }
    const first = await html("/security-events?stationId=EV-MANY");
    expect(first).toContain("Events 1–50 of 55");
    expect(rows(first)).toHaveLength(50);
    expect(first).toContain('href="/security-events?stationId=EV-MANY&amp;page=2"');
    const second = await html("/security-events?stationId=EV-MANY&page=2");
    expect(second).toContain("Events 51–55 of 55");
    expect(rows(second).map((r) => r[0])).toEqual([4, 3, 2, 1, 0].map((s) => `2025-06-01 00:00:0${s} UTC`));
  });

  test("a viewer reads the list", async () => {
    expect(rows(await html("/security-events?stationId=EV-1", 200, viewer))).toHaveLength(4);
  });
});

describe("audit log", () => {
  beforeAll(async () => {
    expect((await t.api("POST", "/api/v1/stations", { id: "LOCKED-1", securityProfile: 1, password: "sixteen-byte-pwd" })).status).toBe(201);
    await expect(t.connect("LOCKED-1", { password: "a-wrong-password" })).rejects.toBeDefined();
  });

  test("a refused handshake is listed under its kind with station, address and reason", async () => {
    const page = await html("/audit?kind=handshake_refused");
    const listed = rows(page);
    expect(listed.length).toBeGreaterThanOrEqual(1);
    expect(listed.every((r) => r[1] === "handshake refused")).toBe(true);
    const refusal = listed.find((r) => r[2] === "LOCKED-1")!;
    expect(refusal[4]).toBe("127.0.0.1");
    expect(refusal[5].length).toBeGreaterThan(0);
    expect(page).toContain('href="/stations/LOCKED-1"');
    expect(page).toContain('<option value="handshake_refused" selected="">');
  });

  test("filters by kind, station and period; operator logins are there with their actor", async () => {
    const logins = rows(await html("/audit?kind=operator_login"));
    expect(logins.map((r) => r[3])).toContain("admin");
    expect(logins.map((r) => r[3])).toContain("watcher");
    expect(logins.every((r) => r[1] === "operator login")).toBe(true);
    const ofStation = rows(await html("/audit?stationId=LOCKED-1"));
    expect(ofStation.every((r) => r[2] === "LOCKED-1")).toBe(true);
    expect(ofStation.map((r) => r[1])).toContain("handshake refused");
    expect(ofStation.map((r) => r[1])).toContain("credentials provisioned");
    expect(rows(await html(`/audit?kind=handshake_refused&from=${today()}&to=${today()}`)).length).toBeGreaterThanOrEqual(1);
    expect(rows(await html("/audit?kind=handshake_refused&to=2020-01-01"))).toEqual([]);
    expect(rows(await html("/audit?kind=handshake_refused&from=2999-01-01"))).toEqual([]);
    // An invalid kind is ignored, not an error.
    expect(rows(await html("/audit?kind=%3Cbad%3E")).length).toBeGreaterThan(rows(await html("/audit?kind=handshake_refused")).length);
  });

  test("the API keeps its behaviour (stationId filter only)", async () => {
    const body = await (await t.api("GET", "/api/v1/audit?stationId=LOCKED-1&kind=operator_login")).json();
    expect(body.items.map((i: { kind: string }) => i.kind)).toContain("handshake_refused");
    expect(body.items.every((i: { stationId: string }) => i.stationId === "LOCKED-1")).toBe(true);
  });

  test("a viewer reads the audit log", async () => {
    expect(rows(await html("/audit?kind=handshake_refused", 200, viewer)).length).toBeGreaterThanOrEqual(1);
  });
});

describe("firmware: upload through the form, signed update, status timeline", () => {
  const image = new Uint8Array(4000).map((_, i) => (i * 13) % 256);
  let cp: Station;
  const received: Record<string, any> = {};
  let firmwareId: number;
  beforeAll(async () => {
    await t.addStation("FW-1");
    cp = await t.connect("FW-1");
    cp.handle("SignedUpdateFirmware", ({ params }) => {
      received.SignedUpdateFirmware = params;
      return { status: "Accepted" };
    });
  });

  const uploadForm = (fields: Record<string, string>, file?: { content: BlobPart; name: string }) => {
    const form = new FormData();
    for (const [key, value] of Object.entries(fields)) form.append(key, value);
    if (file) form.append("file", new Blob([file.content]), file.name);
    return form;
  };

  test("an admin uploads a firmware file with the multipart form; Joule signs it", async () => {
    const token = await admin.csrf("/jobs/firmware");
    const response = await postMultipart(admin, "/jobs/firmware", uploadForm({ _csrf: token }, { content: image, name: "volt-2.1.bin" }));
    expect(response.status).toBe(303);
    const location = response.headers.get("location")!;
    expect(location).toMatch(/^\/jobs\/firmware\?uploaded=\d+$/);
    firmwareId = Number(location.split("=")[1]);
    const page = await html(location);
    expect(page).toContain("Stored volt-2.1.bin");
    const file = rows(page).find((r) => r[0].startsWith("volt-2.1.bin"))!;
    expect(file[1]).toBe("3.9 KiB");
    expect(file[2]).toBe("Yes, by Joule's key");
    const api = await (await t.api("GET", "/api/v1/firmware")).json();
    expect(api.items.find((f: { id: number }) => f.id === firmwareId)).toMatchObject({ fileName: "volt-2.1.bin", size: 4000, signedBy: "joule" });
    const download = await admin.get(`/jobs/firmware/${firmwareId}/file`);
    expect(download.headers.get("content-disposition")).toBe('attachment; filename="volt-2.1.bin"');
    expect(new Uint8Array(await download.arrayBuffer())).toEqual(image);
  });

  test("an image larger than the 1 MiB cap on other request bodies is stored too", async () => {
    const large = new Uint8Array(1024 * 1024 + 4096).map((_, i) => i % 251);
    const token = await admin.csrf("/jobs/firmware");
    const response = await postMultipart(admin, "/jobs/firmware", uploadForm({ _csrf: token }, { content: large, name: "volt-3.0.bin" }));
    expect(response.status).toBe(303);
    const id = Number(response.headers.get("location")!.split("=")[1]);
    const api = await (await t.api("GET", "/api/v1/firmware")).json();
    expect(api.items.find((f: { id: number }) => f.id === id)).toMatchObject({ fileName: "volt-3.0.bin", size: large.length });
  });

  test("upload errors are shown next to the field; no token is 403; a viewer is refused", async () => {
    const token = await admin.csrf("/jobs/firmware");
    const before = (await (await t.api("GET", "/api/v1/firmware")).json()).total;
    const empty = await postMultipart(admin, "/jobs/firmware", uploadForm({ _csrf: token }, { content: "", name: "" }));
    expect(empty.status).toBe(400);
    expect(fieldError(await empty.text(), "file")).toBe("Choose a firmware file (it must not be empty)");
    const half = await postMultipart(admin, "/jobs/firmware", uploadForm({ _csrf: token, signature: "c2lnbmF0dXJl" }, { content: "x", name: "a.bin" }));
    expect(half.status).toBe(400);
    const halfPage = await half.text();
    expect(fieldError(halfPage, "signingCertificate")).toContain("signature and signingCertificate come together");
    expect(halfPage).toContain('value="c2lnbmF0dXJl"');
    expect((await postMultipart(admin, "/jobs/firmware", uploadForm({}, { content: "x", name: "b.bin" }))).status).toBe(403);
    const viewerToken = await viewer.csrf("/jobs/firmware");
    expect((await postMultipart(viewer, "/jobs/firmware", uploadForm({ _csrf: viewerToken }, { content: "x", name: "c.bin" }))).status).toBe(403);
    expect((await (await t.api("GET", "/api/v1/firmware")).json()).total).toBe(before);
    const viewerPage = await html("/jobs/firmware", 200, viewer);
    expect(viewerPage).toContain("volt-2.1.bin");
    expect(viewerPage).not.toContain('action="/jobs/firmware"');
    expect(viewerPage).not.toContain('action="/jobs/firmware/updates"');
  });

  test("the update form validates next to the fields and sends nothing when invalid", async () => {
    await t.addStation("FW-OFFLINE");
    const token = await admin.csrf("/jobs/firmware");
    const post = (fields: Record<string, string>) => admin.post("/jobs/firmware/updates", { _csrf: token, ...fields });
    const invalid = await post({ stationId: "NO-SUCH", firmwareId: "", retrieveDateTime: "tomorrow", retries: "-1", retryInterval: "x" });
    expect(invalid.status).toBe(400);
    const page = await invalid.text();
    expect(fieldError(page, "stationId")).toBe("There is no station NO-SUCH");
    expect(fieldError(page, "firmwareId")).toBe("Choose a firmware file");
    expect(fieldError(page, "retrieveDateTime")).toBe("Enter a date and time, or leave it empty for now");
    expect(fieldError(page, "retries")).toBe("Enter a whole number from 0, or leave it empty");
    expect(fieldError(page, "retryInterval")).toBe("Enter a whole number of seconds from 0, or leave it empty");
    expect(page).toContain('value="NO-SUCH"');
    const unknownFile = await post({ stationId: "FW-1", firmwareId: "999999" });
    expect(unknownFile.status).toBe(400);
    expect(fieldError(await unknownFile.text(), "firmwareId")).toBe("There is no such firmware file");
    const offline = await post({ stationId: "FW-OFFLINE", firmwareId: String(firmwareId) });
    expect(offline.status).toBe(409);
    expect(fieldError(await offline.text(), "stationId")).toBe("The station is not connected");
    expect(received.SignedUpdateFirmware).toBeUndefined();
    expect((await (await t.api("GET", "/api/v1/firmware-jobs?stationId=FW-1")).json()).total).toBe(0);
    expect((await admin.post("/jobs/firmware/updates", { stationId: "FW-1", firmwareId: String(firmwareId) })).status).toBe(403);
    const viewerToken = await viewer.csrf("/jobs/firmware");
    expect((await viewer.post("/jobs/firmware/updates", { _csrf: viewerToken, stationId: "FW-1", firmwareId: String(firmwareId) })).status).toBe(403);
    expect(received.SignedUpdateFirmware).toBeUndefined();
  });

  test("start a signed update: the station gets the location, answers Accepted, reports statuses shown in order", async () => {
    const token = await admin.csrf("/jobs/firmware");
    const response = await admin.post("/jobs/firmware/updates", {
      _csrf: token,
      stationId: "FW-1",
      firmwareId: String(firmwareId),
      retrieveDateTime: "2030-01-02T03:04",
      retries: "2",
      retryInterval: "30",
    });
    expect(response.status).toBe(303);
    const location = response.headers.get("location")!;
    expect(location).toMatch(/^\/jobs\/firmware\?started=\d+$/);
    const jobId = Number(location.split("=")[1]);

    const sent = received.SignedUpdateFirmware;
    expect(sent).toMatchObject({ requestId: jobId, retries: 2, retryInterval: 30 });
    expect(sent.firmware.retrieveDateTime).toBe("2030-01-02T03:04:00.000Z");
    expect(sent.firmware.location).toMatch(new RegExp(`^${base}/firmware/[A-Za-z0-9_-]{40,}/volt-2\\.1\\.bin$`));
    const api = await (await t.api("GET", "/api/v1/firmware")).json();
    const file = api.items.find((f: { id: number }) => f.id === firmwareId);
    expect(sent.firmware.signature).toBe(file.signature);
    // The station downloads what it was pointed at.
    expect(new Uint8Array(await (await fetch(sent.firmware.location)).arrayBuffer())).toEqual(image);

    const notice = await html(location);
    expect(notice).toContain("SignedUpdateFirmware sent to FW-1: the station answered <strong>Accepted</strong>");
    expect(notice).toContain(`href="/jobs/${jobId}"`);

    const statuses = ["Downloading", "Downloaded", "SignatureVerified", "Installing", "Installed"];
    for (const status of statuses) await cp.call("SignedFirmwareStatusNotification", { status, requestId: jobId });

    const page = await html(`/jobs/${jobId}`);
    const timeline = /<ol class="timeline"[\s\S]*?<\/ol>/.exec(page)![0];
    expect([...timeline.matchAll(/<strong>(\w+)<\/strong>/g)].map((m) => m[1])).toEqual(statuses);
    expect([...timeline.matchAll(/<time datetime="([^"]+)"/g)]).toHaveLength(5);
    expect(page).toContain("Firmware update #" + jobId);
    expect(page).toContain(`href="/jobs/firmware/${firmwareId}/file"`);
    expect(page).toContain("<dt>Downloads by the station</dt><dd>1</dd>");
    expect(page).toContain("<dt>Station&#39;s answer</dt><dd>Accepted</dd>");
    // The request sent, without the one-time download token.
    const token40 = /\/firmware\/([A-Za-z0-9_-]+)\//.exec(sent.firmware.location)![1]!;
    expect(page).toContain("/firmware/(one-time token)/volt-2.1.bin");
    expect(page).not.toContain(token40);
    expect(page).toContain("&quot;retries&quot;: 2");

    // The live part alone for htmx; the list shows the latest status.
    const live = await admin.get(`/jobs/${jobId}`, { "HX-Request": "true" });
    const fragment = await live.text();
    expect(fragment).not.toContain("<html");
    expect(fragment).toContain('id="job-live"');
    expect(fragment).toContain("<strong>Installed</strong>");
    const list = rows(await html("/jobs?kind=firmware&stationId=FW-1"));
    expect(list).toHaveLength(1);
    expect(list[0]![0]).toBe(`#${jobId}`);
    expect(list[0]![5]).toBe("Accepted");
    expect(list[0]![6]).toStartWith("Installed");
    expect(rows(await html("/jobs?kind=log&stationId=FW-1"))).toEqual([]);
    expect(rows(await html(`/jobs/firmware`)).find((r) => r[0].startsWith("volt-2.1.bin"))![5]).toBe(`#${jobId}`);
  });
});

describe("log jobs: GetLog from the form, the station uploads, the file is downloaded from the job", () => {
  let cp: Station;
  const received: Record<string, any> = {};
  beforeAll(async () => {
    await t.addStation("LOG-C");
    cp = await t.connect("LOG-C");
    cp.handle("GetLog", ({ params }) => {
      received.GetLog = params;
      return { status: "Accepted", filename: "station.log" };
    });
  });

  test("validation next to the fields, 403 without token and for a viewer; nothing sent", async () => {
    const token = await admin.csrf("/jobs");
    const invalid = await admin.post("/jobs", { _csrf: token, stationId: "", logType: "Everything", oldestTimestamp: "2025-02-01T00:00", latestTimestamp: "2025-01-01T00:00" });
    expect(invalid.status).toBe(400);
    const page = await invalid.text();
    expect(fieldError(page, "stationId")).toBe("Enter the id of a station");
    expect(fieldError(page, "logType")).toBe("Choose the diagnostics log or the security log");
    expect(fieldError(page, "latestTimestamp")).toBe("The latest entry must not be before the oldest");
    const badTime = await admin.post("/jobs", { _csrf: token, stationId: "LOG-C", logType: "SecurityLog", oldestTimestamp: "soon" });
    expect(badTime.status).toBe(400);
    expect(fieldError(await badTime.text(), "oldestTimestamp")).toBe("Enter a date and time, or leave it empty");
    expect((await admin.post("/jobs", { stationId: "LOG-C", logType: "SecurityLog" })).status).toBe(403);
    const viewerToken = await viewer.csrf("/jobs");
    expect((await viewer.post("/jobs", { _csrf: viewerToken, stationId: "LOG-C", logType: "SecurityLog" })).status).toBe(403);
    expect(await html("/jobs", 200, viewer)).not.toContain("Request a log upload");
    expect(received.GetLog).toBeUndefined();
  });

  test("the station receives GetLog, uploads to the URL, and the job page links the same bytes", async () => {
    const token = await admin.csrf("/jobs");
    const response = await admin.post("/jobs", { _csrf: token, stationId: "LOG-C", logType: "SecurityLog", oldestTimestamp: "2025-01-01T00:00" });
    expect(response.status).toBe(303);
    const location = response.headers.get("location")!;
    expect(location).toMatch(/^\/jobs\?kind=log&requested=\d+$/);
    const jobId = Number(location.split("requested=")[1]);
    const sent = received.GetLog;
    expect(sent).toMatchObject({ logType: "SecurityLog", requestId: jobId, log: { oldestTimestamp: "2025-01-01T00:00:00.000Z" } });
    expect(sent.log.remoteLocation).toStartWith(`${base}/uploads/`);
    const notice = await html(location);
    expect(notice).toContain("GetLog sent to LOG-C: the station answered <strong>Accepted</strong>");
    expect(rows(notice)[0]![0]).toBe(`#${jobId}`);

    const before = await html(`/jobs/${jobId}`);
    expect(before).toContain("Waiting for the station&#39;s upload (announced as station.log).");
    expect(before).not.toContain(sent.log.remoteLocation.split("/uploads/")[1]);

    const content = new Uint8Array(5000).map((_, i) => (i * 31 + 7) % 256);
    await cp.call("LogStatusNotification", { status: "Uploading", requestId: jobId });
    expect((await fetch(sent.log.remoteLocation, { method: "PUT", body: content })).status).toBe(201);
    await cp.call("LogStatusNotification", { status: "Uploaded", requestId: jobId });

    const page = await html(`/jobs/${jobId}`);
    expect(page).toContain("Log upload #" + jobId);
    const timeline = /<ol class="timeline"[\s\S]*?<\/ol>/.exec(page)![0];
    expect([...timeline.matchAll(/<strong>(\w+)<\/strong>/g)].map((m) => m[1])).toEqual(["Uploading", "Uploaded"]);
    const link = new RegExp(`href="(/jobs/${jobId}/files/\\d+)"[^>]*>station\\.log</a>`).exec(page);
    expect(link).not.toBeNull();
    const download = await admin.get(link![1]!);
    expect(download.status).toBe(200);
    expect(download.headers.get("content-disposition")).toBe('attachment; filename="station.log"');
    expect(new Uint8Array(await download.arrayBuffer())).toEqual(content);
    // A viewer reads the job and its file too.
    expect((await viewer.get(link![1]!)).status).toBe(200);

    // The file belongs to this job only; unknown ids are 404.
    const uploadId = link![1]!.split("/").pop();
    expect((await admin.get(`/jobs/${jobId + 1000}/files/${uploadId}`)).status).toBe(404);
    expect((await admin.get(`/jobs/${jobId}/files/999999`)).status).toBe(404);
    expect((await admin.get(`/jobs/${jobId}/files/..%2F..%2Fetc%2Fpasswd`)).status).toBe(404);
  });

  test("a station that is not connected: the error next to the station field, no upload URL left", async () => {
    await t.addStation("LOG-OFF");
    const token = await admin.csrf("/jobs");
    const response = await admin.post("/jobs", { _csrf: token, stationId: "LOG-OFF", logType: "DiagnosticsLog" });
    expect(response.status).toBe(409);
    expect(fieldError(await response.text(), "stationId")).toBe("The station is not connected");
    expect((await (await t.api("GET", "/api/v1/uploads?stationId=LOG-OFF")).json()).total).toBe(0);
  });
});

describe("job pages", () => {
  test("unknown jobs are 404; filters ignore invalid values; the kind filter narrows", async () => {
    expect(await html("/jobs/999999", 404)).toContain("There is no job");
    expect((await admin.get("/jobs/abc")).status).toBe(404);
    const all = rows(await html("/jobs?kind=everything"));
    expect(all.map((r) => r[1])).toContain("Firmware update");
    expect(all.map((r) => r[1])).toContain("Log upload");
    expect(rows(await html("/jobs?kind=log")).every((r) => r[1] === "Log upload")).toBe(true);
    expect(await html("/jobs?stationId=NOBODY")).toContain("No job matches.");
  });

  test("without a session the pages redirect to the login", async () => {
    const anonymous = new Browser(base);
    for (const path of ["/security-events", "/audit", "/jobs", "/jobs/firmware", "/jobs/1", "/jobs/firmware/1/file"]) {
      const response = await anonymous.get(path);
      expect(response.status).toBe(303);
      expect(response.headers.get("location")).toStartWith("/login?next=");
    }
  });
});
