// The transactions API end to end: transactions are made by a real charge point (ocpp-rpc) over a real socket,
// then read back through the API as JSON and as CSV.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { csvField } from "../lib/csv.ts";
import { startTestJoule, type Station, type TestJoule } from "./support/joule.ts";

let t: TestJoule;
let cpA: Station;
let cpB: Station;

// Free-text id tags, chosen to stress CSV: a comma and quotes, and a spreadsheet formula.
const quotedTag = 'Smith, "J"';
const formulaTag = "=HYPERLINK(1)";

const ids = { aliceStopped: 0, smithActive: 0, formulaStopped: 0, aliceLowerActive: 0 };

async function start(cp: Station, request: Record<string, unknown>): Promise<number> {
  const answer = (await cp.call("StartTransaction", request)) as { transactionId: number };
  return answer.transactionId;
}

beforeAll(async () => {
  t = await startTestJoule();
  await t.addStation("TX-A");
  await t.addStation("TX-B");
  for (const idTag of ["ALICE", quotedTag]) {
    const response = await t.api("POST", "/api/v1/id-tags", { idTag });
    if (response.status !== 201) throw new Error(`tag ${idTag}: ${response.status}`);
  }
  cpA = await t.connect("TX-A");
  cpB = await t.connect("TX-B");

  ids.aliceStopped = await start(cpA, { connectorId: 1, idTag: "ALICE", meterStart: 1000, timestamp: "2025-01-01T10:00:00Z" });
  await cpA.call("MeterValues", {
    connectorId: 1,
    transactionId: ids.aliceStopped,
    meterValue: [
      {
        timestamp: "2025-01-01T10:15:00Z",
        sampledValue: [
          { value: "1200" },
          { value: "7.2", measurand: "Power.Active.Import", unit: "kW", phase: "L1", location: "Outlet", context: "Sample.Periodic", format: "Raw" },
        ],
      },
    ],
  });
  await cpA.call("StopTransaction", {
    transactionId: ids.aliceStopped,
    meterStop: 1500,
    timestamp: "2025-01-01T11:00:00Z",
    idTag: "ALICE",
    reason: "EVDisconnected",
    transactionData: [
      { timestamp: "2025-01-01T11:00:00Z", sampledValue: [{ value: "1500", context: "Transaction.End", unit: "Wh" }] },
    ],
  });
  // 2025-01-02T08:00:00Z, written with an offset as a station may.
  ids.smithActive = await start(cpA, {
    connectorId: 2,
    idTag: quotedTag,
    meterStart: 200,
    timestamp: "2025-01-02T10:00:00+02:00",
    reservationId: 77,
  });
  // Unknown tag: the transaction is still recorded, with the status we answered. Its meter ran backwards.
  ids.formulaStopped = await start(cpB, { connectorId: 1, idTag: formulaTag, meterStart: 300, timestamp: "2025-01-03T00:00:00.5Z" });
  await cpB.call("StopTransaction", { transactionId: ids.formulaStopped, meterStop: 250, timestamp: "2025-01-03T01:00:00Z" });
  ids.aliceLowerActive = await start(cpB, { connectorId: 2, idTag: "alice", meterStart: 0, timestamp: "2025-01-04T00:00:00Z" });
  // TX-B claims a transaction number that belongs to TX-A: not part of TX-A's transaction.
  await cpB.call("MeterValues", {
    connectorId: 1,
    transactionId: ids.aliceStopped,
    meterValue: [{ timestamp: "2025-01-01T10:30:00Z", sampledValue: [{ value: "999999" }] }],
  });
});
afterAll(() => t.stop());

const getJson = async (path: string) => {
  const response = await t.api("GET", path);
  return { status: response.status, body: (await response.json()) as any };
};
const listIds = async (query: string) => {
  const { status, body } = await getJson(`/api/v1/transactions${query}`);
  expect(status).toBe(200);
  return { ids: body.items.map((item: any) => item.id) as number[], total: body.total as number };
};

describe("one transaction", () => {
  test("a stopped transaction with its meter values, in time order, including those sent with the stop", async () => {
    const { status, body } = await getJson(`/api/v1/transactions/${ids.aliceStopped}`);
    expect(status).toBe(200);
    expect(body).toEqual({
      id: ids.aliceStopped,
      stationId: "TX-A",
      connectorId: 1,
      idTag: "ALICE",
      meterStart: 1000,
      startTimestamp: "2025-01-01T10:00:00.000Z",
      reservationId: null,
      startStatus: "Accepted",
      meterStop: 1500,
      stopTimestamp: "2025-01-01T11:00:00.000Z",
      stopReason: "EVDisconnected",
      stopIdTag: "ALICE",
      energyWh: 500,
      active: false,
      meterValues: [
        {
          timestamp: "2025-01-01T10:15:00.000Z",
          value: "1200",
          context: null,
          format: null,
          measurand: null,
          phase: null,
          location: null,
          unit: null,
          connectorId: 1,
        },
        {
          timestamp: "2025-01-01T10:15:00.000Z",
          value: "7.2",
          context: "Sample.Periodic",
          format: "Raw",
          measurand: "Power.Active.Import",
          phase: "L1",
          location: "Outlet",
          unit: "kW",
          connectorId: 1,
        },
        {
          timestamp: "2025-01-01T11:00:00.000Z",
          value: "1500",
          context: "Transaction.End",
          format: null,
          measurand: null,
          phase: null,
          location: null,
          unit: "Wh",
          connectorId: 1,
        },
      ],
    });
  });

  test("an active transaction has no stop, no energy yet, and no meter values", async () => {
    const { body } = await getJson(`/api/v1/transactions/${ids.smithActive}`);
    expect(body).toMatchObject({
      id: ids.smithActive,
      stationId: "TX-A",
      connectorId: 2,
      idTag: quotedTag,
      meterStart: 200,
      startTimestamp: "2025-01-02T08:00:00.000Z", // stored in UTC
      reservationId: 77,
      startStatus: "Accepted",
      meterStop: null,
      stopTimestamp: null,
      stopReason: null,
      stopIdTag: null,
      energyWh: null,
      active: true,
      meterValues: [],
    });
  });

  test("a stop without reason or tag, after an unknown tag started it: Local, status Invalid, energy negative", async () => {
    const { body } = await getJson(`/api/v1/transactions/${ids.formulaStopped}`);
    expect(body).toMatchObject({ startStatus: "Invalid", stopReason: "Local", stopIdTag: null, energyWh: -50, active: false });
  });

  test.each(["999999", "0", "abc", "1.5", "-1", "00001"])("/transactions/%s is 404", async (id) => {
    const { status, body } = await getJson(`/api/v1/transactions/${id}`);
    expect(status).toBe(404);
    expect(body.message).toBeString();
  });
});

describe("the list", () => {
  test("all transactions, newest first, with the same shape as one transaction minus meter values", async () => {
    const { status, body } = await getJson("/api/v1/transactions");
    expect(status).toBe(200);
    expect(body.total).toBe(4);
    expect(body.items.map((item: any) => item.id)).toEqual([
      ids.aliceLowerActive,
      ids.formulaStopped,
      ids.smithActive,
      ids.aliceStopped,
    ]);
    const { meterValues: _, ...withoutMeterValues } = (await getJson(`/api/v1/transactions/${ids.aliceStopped}`)).body;
    expect(body.items[3]).toEqual(withoutMeterValues);
  });

  test.each([
    ["?stationId=TX-A", () => [ids.smithActive, ids.aliceStopped]],
    ["?stationId=tx-a", () => []],
    ["?stationId=NOBODY", () => []],
    ["?idTag=ALICE", () => [ids.aliceLowerActive, ids.aliceStopped]],
    ["?idTag=Alice", () => [ids.aliceLowerActive, ids.aliceStopped]],
    [`?idTag=${encodeURIComponent(quotedTag)}`, () => [ids.smithActive]],
    ["?active=true", () => [ids.aliceLowerActive, ids.smithActive]],
    ["?active=false", () => [ids.formulaStopped, ids.aliceStopped]],
    ["?stationId=TX-B&active=false", () => [ids.formulaStopped]],
    ["?idTag=alice&active=true&stationId=TX-B", () => [ids.aliceLowerActive]],
    // from/to are instants: the +02:00 start is 08:00Z, and both ends are inclusive.
    ["?from=2025-01-02T08:00:00Z", () => [ids.aliceLowerActive, ids.formulaStopped, ids.smithActive]],
    ["?from=2025-01-02T08:00:00.001Z", () => [ids.aliceLowerActive, ids.formulaStopped]],
    [`?to=${encodeURIComponent("2025-01-02T09:00:00+01:00")}`, () => [ids.smithActive, ids.aliceStopped]],
    ["?to=2025-01-02T07:59:59Z", () => [ids.aliceStopped]],
    ["?from=2025-01-01T10:00:00Z&to=2025-01-01T10:00:00Z", () => [ids.aliceStopped]],
    ["?from=2025-01-03T00:00:00.5Z&to=2025-01-03T00:00:00.500Z", () => [ids.formulaStopped]],
    ["?from=2025-01-02T00:00:00Z&to=2025-01-03T12:00:00Z&active=true", () => [ids.smithActive]],
    ["?from=2030-01-01T00:00:00Z", () => []],
  ])("filter %s", async (query, expected) => {
    const { ids: found, total } = await listIds(query);
    expect(found).toEqual(expected());
    expect(total).toBe(expected().length);
  });

  test("paging keeps the total of the whole filtered list", async () => {
    expect(await listIds("?limit=2")).toEqual({ ids: [ids.aliceLowerActive, ids.formulaStopped], total: 4 });
    expect(await listIds("?limit=2&offset=2")).toEqual({ ids: [ids.smithActive, ids.aliceStopped], total: 4 });
    expect(await listIds("?active=true&limit=1&offset=1")).toEqual({ ids: [ids.smithActive], total: 2 });
    expect(await listIds("?offset=4")).toEqual({ ids: [], total: 4 });
  });

  test.each([
    ["?active=yes", "active"],
    ["?active=", "active"],
    ["?from=yesterday", "from"],
    ["?from=2025-01-01", "from"],
    ["?to=2025-01-01T00:00:00", "to"],
    ["?to=2025-02-30T00:00:00Z", "to"],
    ["?stationId=", "stationId"],
    ["?idTag=", "idTag"],
  ])("bad filter %s answers 400 naming %s, for the list and the export", async (query, field) => {
    for (const path of ["/api/v1/transactions", "/api/v1/transactions/export.csv"]) {
      const { status, body } = await getJson(path + query);
      expect(status).toBe(400);
      expect(body.field).toBe(field);
      expect(body.message).toBeString();
    }
  });

  test.each([
    ["?limit=-1", "limit"],
    ["?limit=1001", "limit"],
    ["?offset=x", "offset"],
  ])("bad paging %s answers 400 naming %s", async (query, field) => {
    const { status, body } = await getJson("/api/v1/transactions" + query);
    expect(status).toBe(400);
    expect(body.field).toBe(field);
  });
});

/** RFC 4180 parser (test-side, independent of lib/csv.ts): rows of fields. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') (field += '"'), i++;
      else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") row.push(field), (field = "");
    else if (ch === "\r" && text[i + 1] === "\n") row.push(field), rows.push(row), (row = []), (field = ""), i++;
    else field += ch;
  }
  if (field !== "" || row.length > 0) throw new Error("CSV does not end with CRLF");
  return rows;
}

const header = "id,stationId,connectorId,idTag,meterStart,startTimestamp,reservationId,startStatus,meterStop,stopTimestamp,stopReason,stopIdTag,energyWh,active";

describe("CSV export", () => {
  test("text/csv with a header row and one row per transaction, in the list's order and values", async () => {
    const response = await t.api("GET", "/api/v1/transactions/export.csv");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    const text = await response.text();
    expect(text.startsWith(header + "\r\n")).toBe(true);
    const [columns, ...rows] = parseCsv(text);
    expect(columns!.join(",")).toBe(header);
    const list = (await getJson("/api/v1/transactions")).body.items as Record<string, unknown>[];
    expect(rows.length).toBe(list.length);
    rows.forEach((row, i) => {
      const expected = columns!.map((column) => {
        const value = list[i]![column];
        if (value === null) return "";
        return typeof value === "string" && /^[=+\-@\t\r]/.test(value) ? `'${value}` : String(value);
      });
      expect(row).toEqual(expected);
    });
  });

  test("quotes a comma and quotes, neutralises a formula, and leaves numbers (even negative) alone", async () => {
    const text = await (await t.api("GET", "/api/v1/transactions/export.csv")).text();
    const lines = text.split("\r\n");
    const smith = lines.find((line) => line.startsWith(`${ids.smithActive},`))!;
    expect(smith).toBe(`${ids.smithActive},TX-A,2,"Smith, ""J""",200,2025-01-02T08:00:00.000Z,77,Accepted,,,,,,true`);
    const formula = lines.find((line) => line.startsWith(`${ids.formulaStopped},`))!;
    expect(formula).toBe(
      `${ids.formulaStopped},TX-B,1,'=HYPERLINK(1),300,2025-01-03T00:00:00.500Z,,Invalid,250,2025-01-03T01:00:00.000Z,Local,,-50,false`,
    );
  });

  test("applies the same filters as the list", async () => {
    const text = await (await t.api("GET", "/api/v1/transactions/export.csv?stationId=TX-B&active=false")).text();
    const [, ...rows] = parseCsv(text);
    expect(rows.map((row) => Number(row[0]))).toEqual([ids.formulaStopped]);
    const none = parseCsv(await (await t.api("GET", "/api/v1/transactions/export.csv?from=2030-01-01T00:00:00Z")).text());
    expect(none).toEqual([header.split(",")]);
  });

  test("exports every matching transaction, beyond one read batch and regardless of paging", async () => {
    await t.addStation("TX-BULK");
    const bulk = await t.connect("TX-BULK");
    const started: number[] = [];
    for (let i = 0; i < 1203; i++) {
      const timestamp = new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString();
      started.push(await start(bulk, { connectorId: 1 + (i % 4), idTag: `BULK-${i}`, meterStart: i, timestamp }));
    }
    const text = await (await t.api("GET", "/api/v1/transactions/export.csv?stationId=TX-BULK&limit=5")).text();
    const [, ...rows] = parseCsv(text);
    expect(rows.map((row) => Number(row[0]))).toEqual(started.toReversed());
    expect(new Set(rows.map((row) => row[3])).size).toBe(1203);
  }, 60_000);
});

describe("csvField", () => {
  test.each([
    ["plain", "plain"],
    ["", ""],
    ["a,b", '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ["two\nlines", '"two\nlines"'],
    ["cr\rhere", '"cr\rhere"'],
    ["=1+1", "'=1+1"],
    ["+1", "'+1"],
    ["-1", "'-1"],
    ["@SUM(A1)", "'@SUM(A1)"],
    ["\tx", "'\tx"],
    ["\rx", "\"'\rx\""],
    ['=A1,"x"', `"'=A1,""x"""`],
    ["a=b", "a=b"],
  ])("text %j is written %j", (value, expected) => {
    expect(csvField(value)).toBe(expected);
  });

  test.each([
    [-50, "-50"],
    [0, "0"],
    [1.5, "1.5"],
    [true, "true"],
    [false, "false"],
    [null, ""],
  ])("value %j is written %j", (value, expected) => {
    expect(csvField(value)).toBe(expected);
  });
});
