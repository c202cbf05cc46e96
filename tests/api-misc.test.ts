// Unknown stations and their registration (end to end with ocpp-rpc), the OpenAPI document (complete, and true to
// real responses), and the bearer token on every API operation.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { readdirSync, statSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { createRPCError } from "ocpp-rpc";
import { recordUnknownStation } from "../db/unknownStations.ts";
import { centralSystemInitiated } from "../schemas/index.ts";
import { apiToken, bootPayload, startTestJoule, type TestJoule } from "./support/joule.ts";
import { documentSchemas } from "./support/openapi.ts";

let t: TestJoule;
let openApi: any;
beforeAll(async () => {
  t = await startTestJoule();
  openApi = await (await fetch(`${t.joule.httpUrl}/api/v1/openapi.json`)).json();
});
afterAll(() => t.stop());

const json = async (response: Response) => ({ status: response.status, body: (await response.json()) as any });

/** Checks a value against a schema of the served OpenAPI document (compiled once per schema). */
let documentCheck: ReturnType<typeof documentSchemas> | undefined;
function conforms(schemaName: string, value: unknown): void {
  documentCheck ??= documentSchemas(openApi);
  documentCheck(schemaName, value);
}

describe("unknown stations", () => {
  test("a refused station is listed with its attempts, registered through the API, then connects", async () => {
    await expect(t.connect("YARD-7")).rejects.toMatchObject({ code: 404 });
    await expect(t.connect("YARD-7")).rejects.toMatchObject({ code: 404 });
    await expect(t.connect("YARD-7")).rejects.toMatchObject({ code: 404 });

    const listed = await json(await t.api("GET", "/api/v1/unknown-stations"));
    expect(listed.status).toBe(200);
    conforms("UnknownStationList", listed.body);
    const entry = listed.body.items.find((item: any) => item.id === "YARD-7");
    expect(entry).toEqual({
      id: "YARD-7",
      lastAddress: "127.0.0.1",
      attempts: 3,
      firstSeenAt: expect.any(String),
      lastSeenAt: expect.any(String),
    });
    expect(entry.firstSeenAt <= entry.lastSeenAt).toBe(true);

    const registered = await json(
      await t.api("POST", "/api/v1/unknown-stations/YARD-7/register", { description: "Found in the yard", registrationStatus: "Pending" }),
    );
    expect(registered.status).toBe(201);
    conforms("Station", registered.body);
    expect(registered.body).toMatchObject({
      id: "YARD-7",
      description: "Found in the yard",
      registrationStatus: "Pending",
      connected: false,
      boot: null,
      connectors: [],
    });
    expect(await json(await t.api("GET", "/api/v1/stations/YARD-7"))).toEqual({ status: 200, body: registered.body });
    const after = await json(await t.api("GET", "/api/v1/unknown-stations"));
    expect(after.body.items.map((item: any) => item.id)).not.toContain("YARD-7");
    expect(after.body.total).toBe(listed.body.total - 1);

    const cp = await t.connect("YARD-7");
    expect(((await cp.call("BootNotification", bootPayload)) as any).status).toBe("Pending");
    expect((await json(await t.api("GET", "/api/v1/stations/YARD-7"))).body.connected).toBe(true);
  });

  test("an empty body registers with the defaults", async () => {
    await expect(t.connect("YARD-8")).rejects.toMatchObject({ code: 404 });
    const response = await fetch(`${t.joule.httpUrl}/api/v1/unknown-stations/YARD-8/register`, {
      method: "POST",
      headers: { authorization: `Bearer ${apiToken}` },
    });
    const registered = await json(response);
    expect(registered.status).toBe(201);
    expect(registered.body).toMatchObject({ id: "YARD-8", description: "", registrationStatus: "Accepted" });
    const cp = await t.connect("YARD-8");
    expect(((await cp.call("BootNotification", bootPayload)) as any).status).toBe("Accepted");
  });

  test("registering checks its body, and leaves the station unknown when the body is refused", async () => {
    await expect(t.connect("YARD-9")).rejects.toMatchObject({ code: 404 });
    const cases: [unknown, string | undefined][] = [
      [{ registrationStatus: "Maybe" }, "registrationStatus"],
      [{ description: 42 }, "description"],
      [{ description: "d".repeat(501) }, "description"],
      [{ id: "OTHER-ID" }, "id"],
    ];
    for (const [body, field] of cases) {
      const answer = await json(await t.api("POST", "/api/v1/unknown-stations/YARD-9/register", body));
      expect(answer.status).toBe(400);
      expect(answer.body.field).toBe(field);
    }
    const notJson = await fetch(`${t.joule.httpUrl}/api/v1/unknown-stations/YARD-9/register`, {
      method: "POST",
      headers: { authorization: `Bearer ${apiToken}`, "content-type": "application/json" },
      body: "{description:",
    });
    expect(notJson.status).toBe(400);
    expect((await t.api("GET", "/api/v1/stations/YARD-9")).status).toBe(404);
    const list = await json(await t.api("GET", "/api/v1/unknown-stations"));
    expect(list.body.items.map((item: any) => item.id)).toContain("YARD-9");
  });

  test("an id that never tried to connect is 404; a station that exists meanwhile is 409 and leaves the list", async () => {
    const missing = await json(await t.api("POST", "/api/v1/unknown-stations/NEVER-SEEN/register", {}));
    expect(missing.status).toBe(404);
    expect(missing.body.message).toBeString();
    expect((await t.api("GET", "/api/v1/stations/NEVER-SEEN")).status).toBe(404);

    // A refused attempt racing with the station's creation leaves both records.
    await t.addStation("RACE-1");
    await recordUnknownStation(t.joule.services.database.db, "RACE-1", "10.0.0.9");
    const conflict = await json(await t.api("POST", "/api/v1/unknown-stations/RACE-1/register", { description: "again" }));
    expect(conflict.status).toBe(409);
    expect(conflict.body.field).toBe("id");
    expect((await json(await t.api("GET", "/api/v1/stations/RACE-1"))).body.description).toBe("");
    const list = await json(await t.api("GET", "/api/v1/unknown-stations"));
    expect(list.body.items.map((item: any) => item.id)).not.toContain("RACE-1");
  });

  test("the list is paged, latest attempt first", async () => {
    for (const id of ["PAGE-1", "PAGE-2", "PAGE-3"]) await expect(t.connect(id)).rejects.toMatchObject({ code: 404 });
    const all = await json(await t.api("GET", "/api/v1/unknown-stations"));
    const ids = all.body.items.map((item: any) => item.id);
    expect(ids.slice(0, 3)).toEqual(["PAGE-3", "PAGE-2", "PAGE-1"]);
    const page = await json(await t.api("GET", "/api/v1/unknown-stations?limit=2&offset=1"));
    expect(page.body).toEqual({ items: all.body.items.slice(1, 3), total: all.body.total });
    const bad = await json(await t.api("GET", "/api/v1/unknown-stations?offset=-1"));
    expect(bad.status).toBe(400);
    expect(bad.body.field).toBe("offset");
  });
});

// ---- OpenAPI ------------------------------------------------------------------------------------------------------

const routesDir = join(import.meta.dir, "..", "routes");
/** Served without a token, by design: /health, the OpenAPI document, and Joule's CA bundle (PEM) for stations. */
const publicPaths = ["/health", "/api/v1/openapi.json", "/api/v1/ca"];
const methods = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

/** Every "METHOD /path" the route files under routes/api/v1 serve, in OpenAPI path syntax. */
async function apiRouteOperations(): Promise<string[]> {
  const operations: string[] = [];
  for (const file of filesUnder(join(routesDir, "api", "v1"))) {
    const name = file.split(sep).at(-1)!;
    if (!/\.tsx?$/.test(name) || name.startsWith("_")) continue;
    const segments = relative(routesDir, file).replace(/\.tsx?$/, "").split(sep);
    if (segments.at(-1) === "index") segments.pop();
    const path = "/" + segments.map((s) => s.replace(/^\[(\w+)\]$/, "{$1}")).join("/");
    const module = await import(file);
    for (const method of methods) if (module[method]) operations.push(`${method} ${path}`);
  }
  return operations.sort();
}

function documentedOperations(): string[] {
  return Object.entries(openApi.paths as Record<string, Record<string, unknown>>)
    .flatMap(([path, item]) => Object.keys(item).filter((key) => methods.includes(key.toUpperCase() as never)).map((m) => `${m.toUpperCase()} ${path}`))
    .sort();
}

describe("OpenAPI document", () => {
  test("is served without a token, as OpenAPI 3.1 JSON", async () => {
    const response = await fetch(`${t.joule.httpUrl}/api/v1/openapi.json`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("application/json");
    const document = (await response.json()) as any;
    expect(document.openapi).toBe("3.1.0");
    expect(document.info.title).toBeString();
    expect(document.info.version).toBe((await json(await fetch(`${t.joule.httpUrl}/health`))).body.version);
  });

  test("documents every route file under routes/api/v1 with its methods, and nothing else besides /health", async () => {
    const served = await apiRouteOperations();
    expect(served.length).toBeGreaterThanOrEqual(14);
    expect(served).toContain("POST /api/v1/stations/{id}/calls/{action}");
    expect(documentedOperations()).toEqual([...served, "GET /health"].sort());
  });

  test("every $ref points at something in the document", () => {
    const refs: string[] = [];
    const walk = (node: unknown) => {
      if (Array.isArray(node)) node.forEach(walk);
      else if (node && typeof node === "object") {
        for (const [key, value] of Object.entries(node)) key === "$ref" ? refs.push(value as string) : walk(value);
      }
    };
    walk(openApi);
    expect(refs.length).toBeGreaterThan(20);
    for (const ref of refs) {
      expect(ref.startsWith("#/")).toBe(true);
      const target = ref.slice(2).split("/").reduce((node: any, key) => node?.[key], openApi);
      if (target === undefined) throw new Error(`dangling $ref ${ref}`);
    }
  });

  test("bearer auth everywhere but /health, the document itself and the public CA bundle; errors are {message, field}", () => {
    expect(openApi.components.securitySchemes.bearerAuth).toEqual(expect.objectContaining({ type: "http", scheme: "bearer" }));
    expect(openApi.security).toEqual([{ bearerAuth: [] }]);
    expect(openApi.paths["/health"].get.security).toEqual([]);
    expect(openApi.paths["/api/v1/openapi.json"].get.security).toEqual([]);
    expect(openApi.paths["/api/v1/ca"].get.security).toEqual([]);
    expect(openApi.components.schemas.Error.properties).toEqual({
      message: expect.objectContaining({ type: "string" }),
      field: expect.objectContaining({ type: "string" }),
    });
    for (const [path, item] of Object.entries<any>(openApi.paths)) {
      for (const [method, operation] of Object.entries<any>(item)) {
        if (method === "parameters" || publicPaths.includes(path)) continue;
        expect({ operation: `${method} ${path}`, has401: "401" in operation.responses }).toEqual({ operation: `${method} ${path}`, has401: true });
      }
    }
  });

  test("the station call action is the enum of central-system-initiated actions", () => {
    const parameter = openApi.paths["/api/v1/stations/{id}/calls/{action}"].parameters.find((p: any) => p.name === "action");
    expect([...parameter.schema.enum].sort()).toEqual([...centralSystemInitiated].sort());
    expect(parameter.schema.enum).toContain("RemoteStartTransaction");
    expect(parameter.schema.enum).toContain("DataTransfer");
    expect(parameter.schema.enum).not.toContain("BootNotification");
  });

  test("real answers conform to the documented schemas", async () => {
    conforms("Health", (await json(await fetch(`${t.joule.httpUrl}/health`))).body);

    await t.addStation("DOC-1");
    const cp = await t.connect("DOC-1");
    cp.handle("Reset", () => ({ status: "Accepted" }));
    cp.handle("UnlockConnector", () => {
      throw createRPCError("NotSupported", "No locks here", { connectors: 0 });
    });
    await cp.call("BootNotification", { ...bootPayload, firmwareVersion: "9.9" });
    await cp.call("StatusNotification", { connectorId: 1, status: "Available", errorCode: "NoError" });
    conforms("Station", (await json(await t.api("GET", "/api/v1/stations/DOC-1"))).body);
    conforms("StationList", (await json(await t.api("GET", "/api/v1/stations"))).body);

    const result = await json(await t.api("POST", "/api/v1/stations/DOC-1/calls/Reset", { type: "Soft" }));
    expect(result).toEqual({ status: 200, body: { result: { status: "Accepted" } } });
    conforms("StationCallOutcome", result.body);
    const callError = await json(await t.api("POST", "/api/v1/stations/DOC-1/calls/UnlockConnector", { connectorId: 1 }));
    expect(callError.body.error).toEqual({ code: "NotSupported", description: "No locks here", details: { connectors: 0 } });
    conforms("StationCallOutcome", callError.body);
    const calls = await json(await t.api("GET", "/api/v1/stations/DOC-1/calls"));
    expect(calls.body.total).toBe(2);
    conforms("StationCallList", calls.body);

    await t.api("POST", "/api/v1/id-tags", { idTag: "DOC-PARENT" });
    const tag = await json(await t.api("POST", "/api/v1/id-tags", { idTag: "DOC-TAG", parentIdTag: "DOC-PARENT", expiryDate: "2040-01-01T00:00:00Z" }));
    conforms("IdTag", tag.body);
    conforms("IdTagList", (await json(await t.api("GET", "/api/v1/id-tags"))).body);

    const { transactionId } = (await cp.call("StartTransaction", {
      connectorId: 1,
      idTag: "DOC-TAG",
      meterStart: 10,
      timestamp: new Date().toISOString(),
      reservationId: 3,
    })) as any;
    await cp.call("MeterValues", {
      connectorId: 1,
      transactionId,
      meterValue: [{ timestamp: new Date().toISOString(), sampledValue: [{ value: "11", unit: "Wh" }, { value: "230", measurand: "Voltage", unit: "V" }] }],
    });
    conforms("TransactionList", (await json(await t.api("GET", "/api/v1/transactions"))).body);
    conforms("TransactionDetail", (await json(await t.api("GET", `/api/v1/transactions/${transactionId}`))).body);
    await cp.call("StopTransaction", { transactionId, meterStop: 20, timestamp: new Date().toISOString(), reason: "Local" });
    const stopped = await json(await t.api("GET", `/api/v1/transactions/${transactionId}`));
    expect(stopped.body.energyWh).toBe(10);
    conforms("TransactionDetail", stopped.body);

    for (const errorAnswer of [
      await t.api("GET", "/api/v1/stations/NOPE"),
      await t.api("POST", "/api/v1/id-tags", { idTag: "" }),
      await t.api("GET", "/api/v1/transactions?active=maybe"),
      await t.api("GET", "/api/v1/id-tags", undefined, "wrong-token"),
    ]) {
      conforms("Error", (await json(errorAnswer)).body);
    }
  });

  test("upload and firmware answers conform to the documented schemas", async () => {
    await t.addStation("DOC-2");
    const cp = await t.connect("DOC-2");
    cp.handle("GetLog", () => ({ status: "Accepted", filename: "doc.log" }));
    cp.handle("GetDiagnostics", () => {
      throw createRPCError("InternalError", "No diagnostics today");
    });
    cp.handle("SignedUpdateFirmware", () => ({ status: "Accepted" }));

    const log = await json(await t.api("POST", "/api/v1/stations/DOC-2/log-requests", { logType: "SecurityLog", retries: 1 }));
    expect(log.status).toBe(200);
    expect(log.body).toEqual({
      requestId: expect.any(Number),
      result: { status: "Accepted", filename: "doc.log" },
      uploadId: expect.any(Number),
      uploadUrl: expect.any(String),
    });
    conforms("LogRequestOutcome", log.body);
    const elsewhere = await json(
      await t.api("POST", "/api/v1/stations/DOC-2/log-requests", { logType: "DiagnosticsLog", remoteLocation: "ftp://logs.example.com/in" }),
    );
    expect(elsewhere.body.uploadUrl).toBeUndefined();
    conforms("LogRequestOutcome", elsewhere.body);
    const refused = await json(await t.api("POST", "/api/v1/stations/DOC-2/diagnostics-requests", {}));
    expect(refused.body.error).toMatchObject({ code: "InternalError" });
    conforms("DiagnosticsRequestOutcome", refused.body);
    conforms("Upload", (await json(await t.api("GET", "/api/v1/uploads?stationId=DOC-2"))).body.items[0]);
    expect((await fetch(log.body.uploadUrl, { method: "PUT", body: "a log line\n" })).status).toBe(201);
    const listed = await json(await t.api("GET", `/api/v1/uploads?jobId=${log.body.requestId}`));
    expect(listed.body.items).toEqual([expect.objectContaining({ id: log.body.uploadId, kind: "log", fileName: "doc.log", size: 11 })]);
    conforms("UploadList", listed.body);

    const form = new FormData();
    form.append("file", new Blob(["firmware image"]), "doc-fw.bin");
    const uploaded = await json(
      await fetch(`${t.joule.httpUrl}/api/v1/firmware`, { method: "POST", headers: { authorization: `Bearer ${apiToken}` }, body: form }),
    );
    expect(uploaded.status).toBe(201);
    conforms("FirmwareFile", uploaded.body);
    const update = await json(
      await t.api("POST", "/api/v1/stations/DOC-2/firmware-updates", { firmwareId: uploaded.body.id, retrieveDateTime: "2030-01-01T00:00:00Z" }),
    );
    expect(update.body).toEqual({ requestId: expect.any(Number), result: { status: "Accepted" } });
    conforms("FirmwareUpdateOutcome", update.body);
    const firmware = await json(await t.api("GET", "/api/v1/firmware"));
    expect(firmware.body.items[0].downloads).toEqual([
      { jobId: update.body.requestId, stationId: "DOC-2", createdAt: expect.any(String), downloads: 0 },
    ]);
    conforms("FirmwareList", firmware.body);

    for (const errorAnswer of [
      await t.api("POST", "/api/v1/stations/DOC-2/firmware-updates", { firmwareId: 999999, retrieveDateTime: "2030-01-01T00:00:00Z" }),
      await t.api("GET", "/api/v1/uploads?jobId=x"),
      await t.api("GET", "/api/v1/uploads/999999/file"),
    ]) {
      conforms("Error", (await json(errorAnswer)).body);
    }
    expect(() => conforms("LogRequestOutcome", { result: { status: "Accepted" } })).toThrow();
    expect(() => conforms("Upload", { ...listed.body.items[0], kind: "firmware" })).toThrow();
  });

  test("the schema check itself rejects a wrong answer", () => {
    expect(() => conforms("IdTag", { idTag: "X" })).toThrow();
    expect(() => conforms("Transaction", { id: "1" })).toThrow();
  });
});

// ---- Request bodies -----------------------------------------------------------------------------------------------

describe("request bodies read whole are capped at 1 MiB (files stream under their own limits)", () => {
  const base = () => `http://127.0.0.1:${t.joule.httpPort}`;
  const mib = 1024 * 1024;
  /** A body of `size` bytes sent in chunks with no Content-Length (chunked transfer encoding). */
  const chunked = (size: number) => {
    let left = size;
    return new ReadableStream<Uint8Array>({
      pull(controller) {
        if (left <= 0) return controller.close();
        const chunk = new Uint8Array(Math.min(left, 64 * 1024)).fill(0x61);
        left -= chunk.length;
        controller.enqueue(chunk);
      },
    });
  };

  test("the API: 413 beyond 1 MiB; a padded body under it still reaches the route", async () => {
    const padded = (size: number) => `{"idTag":"BODY-${size}"}`.padEnd(size, " ");
    const tooLarge = await fetch(`${base()}/api/v1/id-tags`, {
      method: "POST",
      headers: { authorization: `Bearer ${apiToken}`, "content-type": "application/json" },
      body: padded(mib + 1),
    });
    expect(tooLarge.status).toBe(413);
    expect((await tooLarge.json()).message).toBe(`The request body is larger than ${mib} bytes`);
    const fits = await fetch(`${base()}/api/v1/id-tags`, {
      method: "POST",
      headers: { authorization: `Bearer ${apiToken}`, "content-type": "application/json" },
      body: padded(mib - 1),
    });
    expect(fits.status).toBe(201);
    expect((await fits.json()).idTag).toBe(`BODY-${mib - 1}`);
  });

  test("a larger JOULE_MAX_FRAME_BYTES raises the cap with it: an OCPP payload a frame can carry can be posted", async () => {
    const wide = await startTestJoule({ JOULE_MAX_FRAME_BYTES: String(2 * mib) });
    try {
      const post = (size: number) =>
        fetch(`http://127.0.0.1:${wide.joule.httpPort}/api/v1/id-tags`, {
          method: "POST",
          headers: { authorization: `Bearer ${apiToken}`, "content-type": "application/json" },
          body: `{"idTag":"WIDE-${size}"}`.padEnd(size, " "),
        });
      expect((await post(mib + 4096)).status).toBe(201);
      expect((await post(2 * mib + 1)).status).toBe(413);
    } finally {
      await wide.stop();
    }
  }, 30_000);

  test("before any login: the console's login form, by Content-Length and while a chunked body arrives", async () => {
    const form = { "content-type": "application/x-www-form-urlencoded" };
    const declared = await fetch(`${base()}/login`, { method: "POST", headers: form, body: `username=admin&password=${"a".repeat(2 * mib)}` });
    expect(declared.status).toBe(413);
    const streamed = await fetch(`${base()}/login`, { method: "POST", headers: form, body: chunked(2 * mib), duplex: "half" } as RequestInit);
    expect(streamed.status).toBe(413);
  });
});

// ---- Authentication -----------------------------------------------------------------------------------------------

describe("bearer token", () => {
  /** Every documented operation under /api/v1 but the public ones, with sample path parameters. */
  const protectedOperations = () =>
    documentedOperations()
      .filter((operation) => operation.includes(" /api/v1/") && !publicPaths.includes(operation.split(" ")[1]!))
      .map((operation) => {
        const [method, path] = operation.split(" ") as [string, string];
        return { method, path: path.replace("{action}", "Reset").replace(/\{\w+\}/g, "1") };
      });

  test.each([
    ["no Authorization header", undefined],
    ["a wrong token", "Bearer not-the-token"],
    ["the token without the Bearer scheme", apiToken],
    ["Basic auth", `Basic ${btoa(`admin:${apiToken}`)}`],
    ["an empty bearer token", "Bearer "],
  ])("%s: every API operation answers 401 with a message", async (_, authorization) => {
    const operations = protectedOperations();
    expect(operations.length).toBeGreaterThanOrEqual(15);
    for (const { method, path } of operations) {
      const response = await fetch(t.joule.httpUrl + path, {
        method,
        headers: { "content-type": "application/json", ...(authorization === undefined ? {} : { authorization }) },
        body: method === "GET" || method === "DELETE" ? undefined : "{}",
      });
      expect({ operation: `${method} ${path}`, status: response.status }).toEqual({ operation: `${method} ${path}`, status: 401 });
      expect(response.headers.get("www-authenticate")).toContain("Bearer");
      expect(((await response.json()) as any).message).toBeString();
    }
  });

  test("the public paths answer 200 without any token", async () => {
    for (const path of publicPaths) {
      const response = await fetch(t.joule.httpUrl + path);
      expect({ path, status: response.status }).toEqual({ path, status: 200 });
      expect(response.headers.get("www-authenticate")).toBeNull();
    }
    const ca = await fetch(`${t.joule.httpUrl}/api/v1/ca`);
    expect(ca.headers.get("content-type")).toContain("application/x-pem-file");
    expect(await ca.text()).toContain("-----BEGIN CERTIFICATE-----");
  });

  test("the right token is accepted, and a 401 changed nothing", async () => {
    expect((await t.api("POST", "/api/v1/id-tags", { idTag: "AUTH-TAG" }, "wrong")).status).toBe(401);
    expect((await t.api("GET", "/api/v1/id-tags/AUTH-TAG")).status).toBe(404);
    expect((await t.api("GET", "/api/v1/id-tags")).status).toBe(200);
    expect((await fetch(`${t.joule.httpUrl}/health`)).status).toBe(200);
  });
});
