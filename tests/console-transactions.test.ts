// The console's transactions and id tags over real HTTP: transactions made by a real ocpp-rpc charge point, the list
// with its filters and paging, the detail page with its SVG charts, both CSV downloads, id tag CRUD with errors next
// to the fields, CSRF refusal and the viewer role. Also the chart builder and the meter series as pure functions.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { startTestConsole } from "./support/console.ts";
import { downsample, LineChart, linearScale, niceTicks, timeTicks, type ChartPoint } from "../lib/console/chart.tsx";
import { meterSeries } from "../lib/console/transactions.tsx";
import type { MeterValueView } from "../lib/transactions.ts";
import { Browser, decodeEntities } from "./support/browser.ts";
import { bootPayload, type Station, type TestJoule } from "./support/joule.ts";

let t: TestJoule;
let admin: Browser;
let viewer: Browser;
let cp1: Station;
let cp2: Station;
const ids = { charged: 0, active: 0, formula: 0, long: 0 };
const formulaTag = "=SUM(A1)";
const longReadings = 1500;

async function start(cp: Station, request: Record<string, unknown>): Promise<number> {
  return ((await cp.call("StartTransaction", request)) as { transactionId: number }).transactionId;
}

const reading = (timestamp: string, energy: string, energyUnit: string, power: string, powerUnit: string) => ({
  timestamp,
  sampledValue: [
    { value: energy, measurand: "Energy.Active.Import.Register", unit: energyUnit, context: "Sample.Periodic" },
    { value: power, measurand: "Power.Active.Import", unit: powerUnit, context: "Sample.Periodic" },
  ],
});

beforeAll(async () => {
  ({ t, admin, viewer } = await startTestConsole());

  await t.addStation("CTX-1");
  await t.addStation("CTX-2");
  for (const idTag of ["CARD-1", "OTHER"]) {
    if ((await t.api("POST", "/api/v1/id-tags", { idTag })).status !== 201) throw new Error(idTag);
  }
  cp1 = await t.connect("CTX-1");
  cp2 = await t.connect("CTX-2");
  await cp1.call("BootNotification", bootPayload);
  await cp2.call("BootNotification", bootPayload);

  // Charged 8 kWh between 10:00 and 11:00; readings in Wh and kWh, power in W and kW.
  ids.charged = await start(cp1, { connectorId: 1, idTag: "CARD-1", meterStart: 1000, timestamp: "2025-03-01T10:00:00Z" });
  await cp1.call("MeterValues", {
    connectorId: 1,
    transactionId: ids.charged,
    meterValue: [
      reading("2025-03-01T10:15:00Z", "3500", "Wh", "11000", "W"),
      reading("2025-03-01T10:30:00Z", "6.0", "kWh", "7.4", "kW"),
      reading("2025-03-01T10:45:00Z", "8000", "Wh", "3000", "W"),
    ],
  });
  await cp1.call("StopTransaction", {
    transactionId: ids.charged,
    meterStop: 9000,
    timestamp: "2025-03-01T11:00:00Z",
    idTag: "CARD-1",
    reason: "EVDisconnected",
  });
  // Still charging: 0.4 kWh so far by its one reading.
  ids.active = await start(cp2, { connectorId: 2, idTag: "OTHER", meterStart: 100, timestamp: "2025-03-02T08:00:00Z" });
  await cp2.call("MeterValues", {
    connectorId: 2,
    transactionId: ids.active,
    meterValue: [{ timestamp: "2025-03-02T08:30:00Z", sampledValue: [{ value: "500" }] }],
  });
  // An unknown tag that reads as a spreadsheet formula; its meter ran backwards (an anomaly).
  ids.formula = await start(cp1, { connectorId: 2, idTag: formulaTag, meterStart: 300, timestamp: "2025-03-03T12:00:00Z" });
  await cp1.call("StopTransaction", { transactionId: ids.formula, meterStop: 250, timestamp: "2025-03-03T13:00:00Z" });
  // A long one: one energy reading a minute.
  ids.long = await start(cp2, { connectorId: 1, idTag: "OTHER", meterStart: 0, timestamp: "2025-03-04T00:00:00Z" });
  await cp2.call("MeterValues", {
    connectorId: 1,
    transactionId: ids.long,
    meterValue: Array.from({ length: longReadings }, (_, i) => ({
      timestamp: new Date(Date.parse("2025-03-04T00:00:00Z") + i * 60_000).toISOString(),
      sampledValue: [{ value: String(i * 100), measurand: "Energy.Active.Import.Register" }],
    })),
  });
  await cp2.call("StopTransaction", { transactionId: ids.long, meterStop: longReadings * 100, timestamp: "2025-03-05T01:00:00Z" });
}, 30_000);
afterAll(() => t.stop());

async function html(path: string, expectedStatus = 200, browser = admin): Promise<string> {
  const response = await browser.get(path);
  expect(response.status).toBe(expectedStatus);
  return response.text();
}

/** The transaction ids linked from a list page, in order. */
const listedTransactions = (page: string) => [...page.matchAll(/<td><a href="\/transactions\/(\d+)">/g)].map((m) => Number(m[1]));
/** The row of one transaction in the list. */
const rowOf = (page: string, id: number) => new RegExp(`<tr[^>]*><td><a href="/transactions/${id}">[\\s\\S]*?</tr>`).exec(page)?.[0] ?? "";
/** The number of points of the polyline in the chart with this id prefix. */
function polylinePoints(page: string, chartId: string): number {
  const svg = new RegExp(`<svg[^>]*aria-labelledby="${chartId}-title ${chartId}-desc"[\\s\\S]*?</svg>`).exec(page)?.[0];
  if (!svg) return -1;
  const points = /<polyline[^>]*points="([^"]*)"/.exec(svg)?.[1] ?? "";
  return points.trim() === "" ? 0 : points.trim().split(/\s+/).length;
}
const csvLines = (text: string) => text.split("\r\n").filter((line) => line !== "");

describe("transaction list", () => {
  test("newest first, with station links, energy, state and anomalies", async () => {
    const page = await html("/transactions");
    expect(page).toContain("<h1>Transactions</h1>");
    expect(listedTransactions(page)).toEqual([ids.long, ids.formula, ids.active, ids.charged]);
    expect(page).toContain("Transactions 1–4 of 4");

    const charged = rowOf(page, ids.charged);
    expect(charged).toContain('href="/stations/CTX-1"');
    expect(charged).toContain("8.000 kWh");
    expect(charged).toContain("Stopped: EVDisconnected");
    expect(charged).toContain("2025-03-01 10:00:00 UTC");
    expect(charged).toContain("2025-03-01 11:00:00 UTC");
    expect(charged).toContain("None");

    const active = rowOf(page, ids.active);
    expect(active).toContain("Active");
    expect(active).toContain('0.400 kWh <span class="muted">so far</span>');

    const formula = rowOf(page, ids.formula);
    expect(formula).toContain("⚠ 1");
    expect(formula).toContain("Tag Invalid at start");
    expect(formula).toContain("-0.050 kWh");
  });

  test("filters by station, id tag (case-insensitively), state and period; bad values are ignored", async () => {
    const listed = async (query: string) => listedTransactions(await html(`/transactions${query}`));
    expect(await listed("?stationId=CTX-2")).toEqual([ids.long, ids.active]);
    expect(await listed("?idTag=card-1")).toEqual([ids.charged]);
    expect(await listed("?active=yes")).toEqual([ids.active]);
    expect(await listed("?active=no")).toEqual([ids.long, ids.formula, ids.charged]);
    expect(await listed("?from=2025-03-02&to=2025-03-03")).toEqual([ids.formula, ids.active]);
    expect(await listed("?to=2025-03-01")).toEqual([ids.charged]);
    expect(await listed("?from=2025-03-02T08:00:01Z")).toEqual([ids.long, ids.formula]);
    expect(await listed("?stationId=CTX-1&active=no&from=2025-03-02")).toEqual([ids.formula]);
    expect(await listed("?stationId=NOBODY")).toEqual([]);
    expect(await html("/transactions?stationId=NOBODY")).toContain("No transaction matches.");
    // Invalid values are no filter (and are not written back into the form).
    const ignored = await html("/transactions?active=maybe&from=yesterday&to=2025-02-30&page=-3");
    expect(listedTransactions(ignored)).toHaveLength(4);
    expect(ignored).not.toContain('value="yesterday"');
    // The form keeps what was entered, and the CSV link carries the filter.
    const filtered = await html("/transactions?stationId=CTX-1&active=no");
    expect(filtered).toContain('id="field-stationId" name="stationId" type="text" value="CTX-1"');
    expect(filtered).toMatch(/<option value="no" selected="">Stopped<\/option>/);
    expect(decodeEntities(filtered)).toContain('href="/transactions/export.csv?stationId=CTX-1&active=no"');
  });

  test("pages of 50", async () => {
    await t.addStation("CTX-PAGE");
    const cp = await t.connect("CTX-PAGE");
    const started: number[] = [];
    for (let i = 0; i < 52; i++) {
      const timestamp = new Date(Date.parse("2025-04-01T00:00:00Z") + i * 3_600_000).toISOString();
      started.push(await start(cp, { connectorId: 1, idTag: "PAGER", meterStart: i, timestamp }));
    }
    const first = await html("/transactions?stationId=CTX-PAGE");
    expect(first).toContain("Transactions 1–50 of 52");
    expect(listedTransactions(first)).toEqual(started.slice(2).reverse());
    expect(decodeEntities(first)).toContain('href="/transactions?stationId=CTX-PAGE&page=2"');
    const second = await html("/transactions?stationId=CTX-PAGE&page=2");
    expect(second).toContain("Transactions 51–52 of 52");
    expect(listedTransactions(second)).toEqual([started[1], started[0]]);
    await cp.close();
  });

  test("the CSV download has every matching transaction, injection-safe", async () => {
    const response = await admin.get("/transactions/export.csv?stationId=CTX-1");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("content-disposition")).toContain("attachment");
    const lines = csvLines(await response.text());
    expect(lines[0]).toBe(
      "id,stationId,connectorId,idTag,meterStart,startTimestamp,reservationId,startStatus,meterStop,stopTimestamp,stopReason,stopIdTag,energyWh,active",
    );
    expect(lines).toHaveLength(3);
    expect(lines[1]).toStartWith(`${ids.formula},CTX-1,2,'=SUM(A1),300,`);
    expect(lines[2]).toStartWith(`${ids.charged},CTX-1,1,CARD-1,1000,2025-03-01T10:00:00.000Z,`);
    expect(lines[2]).toContain(",EVDisconnected,CARD-1,8000,false");

    const all = csvLines(await (await admin.get("/transactions/export.csv")).text());
    expect(all).toHaveLength(1 + 4 + 52);
    // Invalid filter values are ignored here too.
    expect(csvLines(await (await admin.get("/transactions/export.csv?active=perhaps")).text())).toHaveLength(1 + 4 + 52);
    expect(csvLines(await (await admin.get("/transactions/export.csv?active=yes&stationId=CTX-2")).text())).toHaveLength(2);
  });

  test("without a session the pages and downloads send to the login", async () => {
    const anonymous = new Browser(t.joule.httpUrl);
    for (const path of ["/transactions", "/transactions/export.csv", `/transactions/${ids.charged}`, `/transactions/${ids.charged}/meter-values.csv`]) {
      const response = await anonymous.get(path);
      expect(response.status).toBe(303);
      expect(response.headers.get("location")).toStartWith("/login");
    }
  });
});

describe("transaction detail", () => {
  test("all fields, and energy and power drawn as two accessible SVG charts", async () => {
    const page = await html(`/transactions/${ids.charged}`);
    expect(page).toContain(`<h1>Transaction ${ids.charged}</h1>`);
    for (const fact of ["EVDisconnected", "1000 Wh", "9000 Wh", "8.000 kWh", 'href="/stations/CTX-1"', 'href="/id-tags/CARD-1"']) {
      expect(page).toContain(fact);
    }
    expect(page).toContain("None recorded.");
    // Two charts, one quantity each, with their units on the axes.
    expect(page.match(/<svg[^>]*role="img"/g)).toHaveLength(2);
    expect(page).toContain(`<title id="chart-energy-title">Energy meter register of transaction ${ids.charged}</title>`);
    expect(page).toContain('<desc id="chart-energy-desc">3 readings from 2025-03-01 10:15:00 UTC to 2025-03-01 10:45:00 UTC;');
    expect(page).toContain("lowest 3.5 kWh, highest 8 kWh");
    expect(page).toContain(">Energy (kWh)</text>");
    expect(page).toContain(">Power (kW)</text>");
    expect(page).toContain(">Time (UTC)</text>");
    expect(page).toContain(">10:30</text>");
    expect(polylinePoints(page, "chart-energy")).toBe(3);
    expect(polylinePoints(page, "chart-power")).toBe(3);
    // The data as tables for screen readers: kWh and kW whatever unit the station used.
    expect(page).toContain("<summary>Energy meter register of transaction");
    expect(page).toMatch(/<td>2025-03-01 10:30:00 UTC<\/td><td>6<\/td>/);
    expect(page).toMatch(/<td>2025-03-01 10:15:00 UTC<\/td><td>11<\/td>/);
    expect(page).toMatch(/<td>2025-03-01 10:30:00 UTC<\/td><td>7.4<\/td>/);
    expect(page).toContain(`href="/transactions/${ids.charged}/meter-values.csv"`);
  });

  test("one reading is a point; no power readings is said in words; anomalies are listed", async () => {
    const active = await html(`/transactions/${ids.active}`);
    expect(polylinePoints(active, "chart-energy")).toBe(1);
    expect(active).toMatch(/<circle class="series"/);
    expect(active).toContain(`Active power of transaction ${ids.active}: no readings.`);
    expect(active).toContain('0.400 kWh <span class="muted">so far</span>');

    const formula = await html(`/transactions/${ids.formula}`);
    expect(formula).toContain("meter decreased");
    expect(formula).toContain("meterStop 250 &lt; meterStart 300");
    expect(formula).toContain(`Energy meter register of transaction ${ids.formula}: no readings.`);
    expect(formula).not.toContain("<svg");
  });

  test("thousands of readings are downsampled to at most 500 points", async () => {
    const page = await html(`/transactions/${ids.long}`);
    const points = polylinePoints(page, "chart-energy");
    expect(points).toBeGreaterThan(400);
    expect(points).toBeLessThanOrEqual(500);
    expect(page).toContain(`${longReadings} readings from 2025-03-04 00:00:00 UTC`);
    expect(page).toContain(`highest ${((longReadings - 1) * 100) / 1000} kWh`);
    expect(page).toContain(`of ${longReadings} readings shown; the CSV has them all.`);
  });

  test("unknown or malformed ids are 404", async () => {
    expect(await html("/transactions/999999", 404)).toContain("Unknown transaction");
    expect(await html("/transactions/abc", 404)).toContain("<code>abc</code>");
    expect((await admin.get("/transactions/999999/meter-values.csv")).status).toBe(404);
  });

  test("the meter values CSV has every sampled value as sent", async () => {
    const response = await admin.get(`/transactions/${ids.charged}/meter-values.csv`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("content-disposition")).toContain(`transaction-${ids.charged}-meter-values.csv`);
    const lines = csvLines(await response.text());
    expect(lines[0]).toBe("timestamp,connectorId,measurand,value,unit,phase,location,context,format");
    expect(lines).toHaveLength(1 + 6);
    expect(lines[1]).toBe("2025-03-01T10:15:00.000Z,1,Energy.Active.Import.Register,3500,Wh,,,Sample.Periodic,");
    expect(lines).toContain("2025-03-01T10:30:00.000Z,1,Power.Active.Import,7.4,kW,,,Sample.Periodic,");
    expect(csvLines(await (await admin.get(`/transactions/${ids.long}/meter-values.csv`)).text())).toHaveLength(1 + longReadings);
  });
});

// ---- id tags --------------------------------------------------------------------------------------------------------

const tagApi = async (idTag: string) => {
  const response = await t.api("GET", `/api/v1/id-tags/${encodeURIComponent(idTag)}`);
  return { status: response.status, body: response.status === 200 ? ((await response.json()) as Record<string, unknown>) : undefined };
};
const fieldError = (page: string, field: string) =>
  decodeEntities(new RegExp(`<p id="field-${field}-error" class="error">([^<]*)</p>`).exec(page)?.[1] ?? "");

describe("id tags", () => {
  test("the list shows the tags and searches by tag", async () => {
    const page = await html("/id-tags");
    expect(page).toContain("<h1>Id tags</h1>");
    expect(page).toContain('href="/id-tags/CARD-1"');
    expect(page).toContain('href="/id-tags/OTHER"');
    expect(page).toContain("Add an id tag");
    const searched = await html("/id-tags?q=card");
    expect(searched).toContain('href="/id-tags/CARD-1"');
    expect(searched).not.toContain('href="/id-tags/OTHER"');
    expect(await html("/id-tags?q=nothing-like-it")).toContain("No id tag matches.");
  });

  test("adding a tag: it exists with the fields entered", async () => {
    const response = await admin.post("/id-tags", {
      _csrf: await admin.csrf("/id-tags"),
      idTag: "FLEET",
      parentIdTag: "",
      expiryDate: "",
      maxActiveTransactions: "",
      description: "Fleet group",
    });
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe("/id-tags/FLEET?saved=created");
    const child = await admin.post("/id-tags", {
      _csrf: await admin.csrf("/id-tags"),
      idTag: "FLEET-CAR 1",
      parentIdTag: "fleet",
      expiryDate: "2030-01-31T12:00:00+01:00",
      maxActiveTransactions: "3",
      blocked: "yes",
      description: "",
    });
    expect(child.status).toBe(303);
    expect(child.headers.get("location")).toBe("/id-tags/FLEET-CAR%201?saved=created");
    expect((await tagApi("FLEET")).body).toMatchObject({ maxActiveTransactions: 1, blocked: false, parentIdTag: null, expiryDate: null, description: "Fleet group" });
    expect((await tagApi("FLEET-CAR 1")).body).toMatchObject({
      parentIdTag: "fleet",
      expiryDate: "2030-01-31T11:00:00.000Z",
      maxActiveTransactions: 3,
      blocked: true,
    });
    const page = await html("/id-tags/FLEET-CAR%201?saved=created");
    expect(page).toContain("Id tag added.");
    expect(page).toContain("<h1>Id tag FLEET-CAR 1</h1>");
    expect(page).toContain("Blocked</strong>");
    expect(page).toContain("2030-01-31 11:00:00 UTC");
    expect(page).toContain('href="/transactions?idTag=FLEET-CAR+1"');
  });

  test("invalid input is refused with the errors next to the fields, and nothing is stored", async () => {
    const post = async (fields: Record<string, string>) => {
      const response = await admin.post("/id-tags", { _csrf: await admin.csrf("/id-tags"), ...fields });
      expect(response.status).toBe(400);
      return response.text();
    };
    const empty = await post({ idTag: "", maxActiveTransactions: "0", expiryDate: "next week" });
    expect(fieldError(empty, "idTag")).toBe("idTag is required");
    expect(fieldError(empty, "maxActiveTransactions")).toBe("maxActiveTransactions must be at least 1");
    expect(fieldError(empty, "expiryDate")).toContain("Enter a date");
    expect(empty).toContain('id="field-expiryDate" name="expiryDate" type="text" value="next week" aria-invalid="true"');

    const long = await post({ idTag: "X".repeat(21), maxActiveTransactions: "two", parentIdTag: "NO-SUCH-PARENT" });
    expect(fieldError(long, "idTag")).toBe("idTag must be at most 20 characters");
    expect(fieldError(long, "maxActiveTransactions")).toBe("Enter a whole number of at least 1");
    expect((await tagApi("X".repeat(21))).status).toBe(404);

    const orphan = await post({ idTag: "ORPHAN", parentIdTag: "NO-SUCH-PARENT" });
    expect(fieldError(orphan, "parentIdTag")).toBe("There is no id tag NO-SUCH-PARENT; add it first");
    expect(orphan).toContain('value="ORPHAN"');
    expect((await tagApi("ORPHAN")).status).toBe(404);

    const duplicate = await post({ idTag: "card-1" });
    expect(fieldError(duplicate, "idTag")).toBe("The id tag card-1 exists already (tags are compared case-insensitively)");
  });

  test("editing a tag: changes saved, errors next to the fields, empty fields clear", async () => {
    const path = "/id-tags/FLEET-CAR%201";
    const bad = await admin.post(path, { _csrf: await admin.csrf(path), parentIdTag: "GHOST", maxActiveTransactions: "-1", expiryDate: "2030-02-30" });
    expect(bad.status).toBe(400);
    const badPage = await bad.text();
    expect(fieldError(badPage, "parentIdTag")).toBe("");
    expect(fieldError(badPage, "maxActiveTransactions")).toBe("Enter a whole number of at least 1");
    expect(fieldError(badPage, "expiryDate")).toContain("Enter a date");
    expect((await tagApi("FLEET-CAR 1")).body).toMatchObject({ maxActiveTransactions: 3, blocked: true });

    const ghost = await admin.post(path, { _csrf: await admin.csrf(path), parentIdTag: "GHOST", maxActiveTransactions: "2" });
    expect(ghost.status).toBe(400);
    expect(fieldError(await ghost.text(), "parentIdTag")).toBe("There is no id tag GHOST; add it first");

    const saved = await admin.post(path, {
      _csrf: await admin.csrf(path),
      parentIdTag: "FLEET",
      expiryDate: "2031-06-30",
      maxActiveTransactions: "2",
      description: "Van",
    });
    expect(saved.status).toBe(303);
    expect(saved.headers.get("location")).toBe("/id-tags/FLEET-CAR%201?saved=changed");
    expect((await tagApi("FLEET-CAR 1")).body).toMatchObject({
      parentIdTag: "FLEET",
      expiryDate: "2031-06-30T23:59:59.999Z",
      maxActiveTransactions: 2,
      blocked: false,
      description: "Van",
    });
    // The form shows the stored values.
    const page = await html(path);
    expect(page).toContain('name="expiryDate" type="text" value="2031-06-30T23:59:59.999Z"');
    expect(page).toContain('name="maxActiveTransactions" type="text" value="2"');
    expect(page).not.toMatch(/name="blocked" value="yes" checked/);

    const cleared = await admin.post(path, { _csrf: await admin.csrf(path), parentIdTag: "", expiryDate: "", maxActiveTransactions: "", blocked: "yes" });
    expect(cleared.status).toBe(303);
    expect((await tagApi("FLEET-CAR 1")).body).toMatchObject({ parentIdTag: null, expiryDate: null, maxActiveTransactions: 1, blocked: true });
    await admin.post(path, { _csrf: await admin.csrf(path), parentIdTag: "FLEET" });

    expect((await admin.post("/id-tags/NOT-THERE", { _csrf: await admin.csrf("/id-tags") })).status).toBe(404);
    expect(await html("/id-tags/NOT-THERE", 404)).toContain("There is no id tag <code>NOT-THERE</code>");
  });

  test("deleting asks first, and is refused while the tag has children", async () => {
    const page = await html("/id-tags/FLEET");
    expect(page).toMatch(/<details class="confirm"><summary>Delete this id tag<\/summary><form method="post" action="\/id-tags\/FLEET\/delete">/);

    const refused = await admin.post("/id-tags/FLEET/delete", { _csrf: await admin.csrf("/id-tags/FLEET") });
    expect(refused.status).toBe(409);
    expect(await refused.text()).toContain("FLEET was not deleted: it is the parent of 1 other tag.");
    expect((await tagApi("FLEET")).status).toBe(200);

    const child = await admin.post("/id-tags/FLEET-CAR%201/delete", { _csrf: await admin.csrf("/id-tags") });
    expect(child.status).toBe(303);
    expect(decodeEntities(child.headers.get("location")!)).toBe("/id-tags?deleted=FLEET-CAR+1");
    expect(await html(child.headers.get("location")!)).toContain("Id tag FLEET-CAR 1 deleted.");
    expect((await tagApi("FLEET-CAR 1")).status).toBe(404);

    const parent = await admin.post("/id-tags/FLEET/delete", { _csrf: await admin.csrf("/id-tags") });
    expect(parent.status).toBe(303);
    expect((await tagApi("FLEET")).status).toBe(404);
  });

  test("a request without the CSRF token is refused (403) and changes nothing", async () => {
    expect((await admin.post("/id-tags", { idTag: "NO-TOKEN" })).status).toBe(403);
    expect((await tagApi("NO-TOKEN")).status).toBe(404);
    expect((await admin.post("/id-tags/OTHER", { maxActiveTransactions: "9", _csrf: "forged" })).status).toBe(403);
    expect((await admin.post("/id-tags/OTHER/delete", {})).status).toBe(403);
    expect((await tagApi("OTHER")).body).toMatchObject({ maxActiveTransactions: 1 });
  });
});

describe("viewer", () => {
  test("reads every page and download", async () => {
    expect(listedTransactions(await html("/transactions", 200, viewer))).toHaveLength(50);
    expect(await html(`/transactions/${ids.charged}`, 200, viewer)).toContain('role="img"');
    expect((await viewer.get("/transactions/export.csv")).status).toBe(200);
    expect((await viewer.get(`/transactions/${ids.charged}/meter-values.csv`)).status).toBe(200);
    const list = await html("/id-tags", 200, viewer);
    expect(list).toContain('href="/id-tags/OTHER"');
    expect(list).not.toContain("Add an id tag");
    const tag = await html("/id-tags/OTHER", 200, viewer);
    expect(tag).toContain("<h1>Id tag OTHER</h1>");
    expect(tag).not.toContain("Edit OTHER");
    expect(tag).not.toContain("Delete this id tag");
  });

  test("is refused (403) on every change", async () => {
    const token = await viewer.csrf("/id-tags");
    expect((await viewer.post("/id-tags", { _csrf: token, idTag: "BY-VIEWER" })).status).toBe(403);
    expect((await viewer.post("/id-tags/OTHER", { _csrf: token, maxActiveTransactions: "5" })).status).toBe(403);
    expect((await viewer.post("/id-tags/OTHER/delete", { _csrf: token })).status).toBe(403);
    expect((await tagApi("BY-VIEWER")).status).toBe(404);
    expect((await tagApi("OTHER")).body).toMatchObject({ maxActiveTransactions: 1 });
  });
});

// ---- the chart and the series as pure functions -----------------------------------------------------------------------

const minutes = (n: number, v: (i: number) => number): ChartPoint[] =>
  Array.from({ length: n }, (_, i) => ({ t: Date.UTC(2025, 0, 1, 10) + i * 60_000, v: v(i) }));
const render = (props: Parameters<typeof LineChart>[0]) => String(LineChart(props));

describe("chart", () => {
  test("scales map the domain onto the range, flipped for the vertical axis", () => {
    const y = linearScale([0, 10], [200, 0]);
    expect(y(0)).toBe(200);
    expect(y(10)).toBe(0);
    expect(y(2.5)).toBe(150);
    expect(linearScale([5, 5], [0, 100])(5)).toBe(0);
  });

  test("ticks are round numbers covering the values; time ticks on whole minutes and hours", () => {
    expect(niceTicks(0, 7.2)).toEqual({ domain: [0, 8], step: 2, ticks: [0, 2, 4, 6, 8] });
    expect(niceTicks(1.23, 1.51).ticks).toEqual([1.2, 1.3, 1.4, 1.5, 1.6]);
    const flat = niceTicks(5, 5);
    expect(flat.domain[0]).toBeLessThan(5);
    expect(flat.domain[1]).toBeGreaterThan(5);
    const hourly = timeTicks(Date.UTC(2025, 0, 1, 10, 7), Date.UTC(2025, 0, 1, 16, 0));
    expect(hourly.step).toBe(3_600_000);
    expect(hourly.ticks.map((t) => new Date(t).toISOString().slice(11, 16))).toEqual(["11:00", "12:00", "13:00", "14:00", "15:00", "16:00"]);
  });

  test("downsampling keeps the ends, the peaks and the order, within the limit", () => {
    const few = minutes(10, (i) => i);
    expect(downsample(few, 500)).toBe(few);
    const many = minutes(5000, (i) => Math.sin(i / 100));
    many[2345] = { t: many[2345]!.t, v: 99 };
    many[3456] = { t: many[3456]!.t, v: -99 };
    const kept = downsample(many, 500);
    expect(kept.length).toBeLessThanOrEqual(500);
    expect(kept.length).toBeGreaterThan(450);
    expect(kept[0]).toBe(many[0]!);
    expect(kept.at(-1)).toBe(many.at(-1)!);
    expect(kept.some((p) => p.v === 99)).toBe(true);
    expect(kept.some((p) => p.v === -99)).toBe(true);
    expect(kept.every((p, i) => i === 0 || p.t > kept[i - 1]!.t)).toBe(true);
  });

  test("no points: a sentence and no image", () => {
    const markup = render({ id: "c", title: "Energy", quantity: "Energy", unit: "kWh", points: [] });
    expect(markup).toBe('<p class="muted" id="c-empty">Energy: no readings.</p>');
  });

  test("points: a labelled image with axes, units and the data table; values placed by the scales", () => {
    const markup = render({ id: "p", title: "Power <of> car", quantity: "Power", unit: "kW", points: minutes(3, (i) => i * 5), fromZero: true });
    expect(markup).toContain('role="img" aria-labelledby="p-title p-desc" viewBox="0 0 720 260"');
    expect(markup).toContain('<title id="p-title">Power &lt;of&gt; car</title>');
    expect(markup).toContain("3 readings from 2025-01-01 10:00:00 UTC to 2025-01-01 10:02:00 UTC; lowest 0 kW, highest 10 kW, last 10 kW.");
    expect(markup).toContain(">Power (kW)</text>");
    expect(markup).toContain(">Time (UTC)</text>");
    expect(markup).toContain(">10:01:00</text>");
    // The plot spans x 72..680 and y 208..16 for 0..10 kW.
    expect(/<polyline[^>]*points="([^"]*)"/.exec(markup)?.[1]).toBe("72.0,208.0 376.0,112.0 680.0,16.0");
    expect(markup).toContain("<details><summary>Power &lt;of&gt; car: the values as a table</summary>");
    expect(markup.match(/<tr><td>2025-01-01 10:0\d:00 UTC<\/td>/g)).toHaveLength(3);
  });

  test("one point is drawn as a dot in a padded domain", () => {
    const markup = render({ id: "o", title: "One", quantity: "Energy", unit: "kWh", points: [{ t: Date.UTC(2025, 0, 1), v: 12.5 }] });
    expect(markup).toContain('<circle class="series"');
    expect(markup).not.toContain("NaN");
    expect(markup).not.toContain("Infinity");
  });

  test("thousands of points: at most 500 drawn, the description says so", () => {
    const markup = render({ id: "m", title: "Many", quantity: "Energy", unit: "kWh", points: minutes(3000, (i) => i / 10) });
    const drawn = /<polyline[^>]*points="([^"]*)"/.exec(markup)![1]!.split(" ").length;
    expect(drawn).toBeLessThanOrEqual(500);
    expect(markup).toContain(`Drawn with ${drawn} of them`);
    expect(markup.match(/<tr><td>/g)).toHaveLength(drawn);
  });
});

describe("meter series", () => {
  const sample = (fields: Partial<MeterValueView> & { value: string; timestamp: string }): MeterValueView => ({
    context: null,
    format: null,
    measurand: null,
    phase: null,
    location: null,
    unit: null,
    connectorId: 1,
    ...fields,
  });

  test("energy in kWh from Wh or kWh; power in kW, phases added up when there is no total; others left out", () => {
    const at = "2025-01-01T10:00:00.000Z";
    const later = "2025-01-01T10:01:00.000Z";
    const series = meterSeries([
      sample({ timestamp: at, value: "1500" }),
      sample({ timestamp: later, value: "2.5", unit: "kWh", measurand: "Energy.Active.Import.Register" }),
      sample({ timestamp: later, value: "9", unit: "kWh", location: "Inlet" }),
      sample({ timestamp: later, value: "abc", format: "SignedData" }),
      sample({ timestamp: later, value: "1", phase: "L1" }),
      sample({ timestamp: at, value: "7400", measurand: "Power.Active.Import" }),
      sample({ timestamp: later, value: "3.7", unit: "kW", measurand: "Power.Active.Import", phase: "L1-N" }),
      sample({ timestamp: later, value: "3700", unit: "W", measurand: "Power.Active.Import", phase: "L2" }),
      sample({ timestamp: later, value: "16", unit: "A", measurand: "Current.Import" }),
    ]);
    expect(series.energy).toEqual([
      { t: Date.parse(at), v: 1.5 },
      { t: Date.parse(later), v: 2.5 },
    ]);
    expect(series.power).toEqual([
      { t: Date.parse(at), v: 7.4 },
      { t: Date.parse(later), v: 7.4 },
    ]);
    expect(series.powerPhasesSummed).toBe(true);
  });
});
