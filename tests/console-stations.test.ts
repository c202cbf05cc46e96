// The console's station list filters (vendor, model, faulted), adding stations by list, the unknown stations with
// one-click register and forget, and the dashboard's faulted and energy-today figures, over real HTTP with real
// ocpp-rpc stations.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { startTestConsole } from "./support/console.ts";
import { createStation, filteredStations } from "../db/stations.ts";
import { recordUnknownStation } from "../db/unknownStations.ts";
import { Browser, decodeEntities } from "./support/browser.ts";
import { type TestJoule } from "./support/joule.ts";

let t: TestJoule;
let admin: Browser;
let viewer: Browser;
beforeAll(async () => {
  ({ t, admin, viewer } = await startTestConsole());
});
afterAll(() => t.stop());

async function html(path: string, expectedStatus = 200, browser = admin): Promise<string> {
  const response = await browser.get(path);
  expect(response.status).toBe(expectedStatus);
  return response.text();
}
/** The station ids linked from the station list, in order. */
const listedIds = (page: string) => [...page.matchAll(/<td><a href="\/stations\/([^"]+)">/g)].map((m) => decodeURIComponent(m[1]!));
const figure = (page: string, id: string) => new RegExp(`id="${id}">([\\d.]+)<`).exec(page)?.[1];
const station = async (id: string) => {
  const response = await t.api("GET", `/api/v1/stations/${encodeURIComponent(id)}`);
  return response.status === 200 ? ((await response.json()) as any) : undefined;
};
const unknownIds = async () =>
  (await t.joule.services.database.client.execute("SELECT id FROM unknown_stations ORDER BY id")).rows.map((r) => String(r.id));

describe("station list filters", () => {
  beforeAll(async () => {
    const boots: [string, string, string][] = [
      ["FLT-1", "Acme", "Volt 22"],
      ["FLT-2", "Acme", "Volt 11"],
      ["FLT-3", "Zap & Co", "Volt 22"],
    ];
    for (const [id, vendor, model] of boots) {
      await t.addStation(id);
      const cp = await t.connect(id);
      await cp.call("BootNotification", { chargePointVendor: vendor, chargePointModel: model });
      if (id === "FLT-2") await cp.call("StatusNotification", { connectorId: 2, status: "Faulted", errorCode: "GroundFailure" });
      if (id === "FLT-1") await cp.call("StatusNotification", { connectorId: 1, status: "Available", errorCode: "NoError" });
      if (id !== "FLT-3") await cp.close();
    }
    await t.addStation("FLT-4"); // never booted
  });

  test("the connection filter holds for a fleet with more connected stations than SQLite has variables", async () => {
    const connectedIds = ["FLT-3", ...Array.from({ length: 39_999 }, (_, i) => `ELSEWHERE-${i}`)];
    const page = { limit: 50, offset: 0 };
    const { db } = t.joule.services.database;
    const on = await filteredStations(db, { q: "FLT", connected: true, connectedIds }, page);
    const off = await filteredStations(db, { q: "FLT", connected: false, connectedIds }, page);
    expect(on.items.map((s) => s.id)).toEqual(["FLT-3"]);
    expect(off.items.map((s) => s.id)).toEqual(["FLT-1", "FLT-2", "FLT-4"]);
    expect((await filteredStations(db, { q: "FLT", connected: true, connectedIds: [] }, page)).total).toBe(0);
  });

  test("vendor and model come from the boot information, as selects of the values stations reported", async () => {
    const all = await html("/stations?q=FLT");
    expect(all).toContain('<select id="field-vendor" name="vendor"');
    expect(all).toContain('<option value="Acme">Acme</option>');
    expect(all).toContain('<option value="Zap &amp; Co">Zap &amp; Co</option>');
    expect(all).toContain('<option value="Volt 11">Volt 11</option>');
    expect(listedIds(all)).toEqual(["FLT-1", "FLT-2", "FLT-3", "FLT-4"]);

    expect(listedIds(await html("/stations?q=FLT&vendor=Acme"))).toEqual(["FLT-1", "FLT-2"]);
    expect(listedIds(await html(`/stations?vendor=${encodeURIComponent("Zap & Co")}`))).toEqual(["FLT-3"]);
    expect(listedIds(await html("/stations?q=FLT&model=Volt+22"))).toEqual(["FLT-1", "FLT-3"]);
    const both = await html("/stations?vendor=Acme&model=Volt+22");
    expect(listedIds(both)).toEqual(["FLT-1"]);
    expect(both).toContain('<option value="Acme" selected="">Acme</option>');
    // With a vendor chosen, the model select offers that vendor's models only.
    const acme = await html("/stations?vendor=Zap+%26+Co");
    expect(acme).toContain('<option value="Volt 22">Volt 22</option>');
    expect(acme).not.toContain('<option value="Volt 11">');
    // A vendor nobody reports matches nothing but stays in the form; the other filters still apply with it.
    const none = await html("/stations?vendor=Nobody");
    expect(listedIds(none)).toEqual([]);
    expect(none).toContain('<option value="Nobody" selected="">Nobody</option>');
    expect(listedIds(await html("/stations?q=FLT&vendor=Acme&connected=yes"))).toEqual([]);
    expect(listedIds(await html("/stations?q=FLT&model=Volt+22&connected=yes"))).toEqual(["FLT-3"]);
    // Paging keeps the new filters.
    expect(await html("/fragments/stations?vendor=Acme&faulted=yes")).toContain('hx-get="/fragments/stations?vendor=Acme&amp;faulted=yes"');
  });

  test("faulted=yes lists stations with a connector whose current status is Faulted, and says which", async () => {
    const faulted = await html("/stations?faulted=yes");
    expect(listedIds(faulted)).toEqual(["FLT-2"]);
    expect(faulted).toContain("Faulted (connector 2)");
    expect(faulted).toContain('<option value="yes" selected="">Any connector faulted</option>');
    // Any other value is ignored, not an error.
    expect(listedIds(await html("/stations?q=FLT&faulted=maybe"))).toHaveLength(4);

    // A fault on connector 0 (the station itself) counts; a recovered connector no longer does.
    const cp = await t.connect("FLT-4");
    await cp.call("BootNotification", { chargePointVendor: "Acme", chargePointModel: "Volt 22" });
    await cp.call("StatusNotification", { connectorId: 0, status: "Faulted", errorCode: "PowerMeterFailure" });
    const both = await html("/stations?faulted=yes");
    expect(listedIds(both)).toEqual(["FLT-2", "FLT-4"]);
    expect(both).toContain("Faulted (station)");
    await cp.call("StatusNotification", { connectorId: 0, status: "Available", errorCode: "NoError" });
    expect(listedIds(await html("/stations?faulted=yes"))).toEqual(["FLT-2"]);
    expect(listedIds(await html("/stations?faulted=yes&vendor=Acme&model=Volt+11"))).toEqual(["FLT-2"]);
    expect(listedIds(await html("/stations?faulted=yes&model=Volt+22"))).toEqual([]);
    await cp.close();
  });

  test("the list links to the unknown stations with their count, and admins to adding by list", async () => {
    const before = await html("/stations");
    const count = Number(/href="\/unknown-stations">Unknown stations \((\d+)\)</.exec(before)?.[1]);
    await recordUnknownStation(t.joule.services.database.db, "COUNT-ME", "10.0.0.9");
    expect(await html("/stations")).toContain(`Unknown stations (${count + 1})`);
    expect(before).toContain('href="/stations/batch"');
    const asViewer = await html("/stations", 200, viewer);
    expect(asViewer).toContain('href="/unknown-stations"');
    expect(asViewer).not.toContain('href="/stations/batch"');
  });
});

describe("adding stations by list", () => {
  const post = async (form: Record<string, string>, browser = admin) =>
    browser.post("/stations/batch", { _csrf: await browser.csrf("/stations"), ...form });

  test("the form", async () => {
    const page = await html("/stations/batch");
    expect(page).toContain("<h1>Add stations by list</h1>");
    expect(page).toContain('<label for="field-ids">Charge point ids</label>');
    expect(page).toContain('name="_csrf"');
    expect(page).toContain('<select id="field-registrationStatus" name="registrationStatus"');
  });

  test("adds each valid new id and reports each id: added, already exists, invalid with the reason", async () => {
    await t.addStation("BATCH-OLD", "Rejected");
    await recordUnknownStation(t.joule.services.database.db, "BATCH-2", "10.0.0.2");
    const tooLong = "X".repeat(49);
    const response = await post({
      ids: `BATCH-1\nBATCH-2, BATCH-3  BATCH-OLD\r\n\n${tooLong},BATCH-1`,
      description: "Depot north",
      registrationStatus: "Pending",
    });
    expect(response.status).toBe(200);
    const page = await response.text();
    expect(page).toContain("3 added, 1 already existed, 2 invalid.");
    const rows = [...page.matchAll(/<tr(?: class="bad")?><td class="wrap">(?:<a href="[^"]*">)?([^<]+)(?:<\/a>)?<\/td><td>([^<]+)<\/td><td>([^<]*)<\/td><\/tr>/g)].map(
      (m) => [decodeEntities(m[1]!), m[2], decodeEntities(m[3]!)],
    );
    expect(rows).toEqual([
      ["BATCH-1", "Added", ""],
      ["BATCH-2", "Added", ""],
      ["BATCH-3", "Added", ""],
      ["BATCH-OLD", "Already exists", "a station with this id exists; not changed"],
      [tooLong, "Invalid", "id must be at most 48 characters"],
      ["BATCH-1", "Invalid", "listed more than once; added or checked once"],
    ]);
    for (const id of ["BATCH-1", "BATCH-2", "BATCH-3"]) {
      expect(await station(id)).toMatchObject({ id, description: "Depot north", registrationStatus: "Pending", securityProfile: 0, passwordSet: false });
    }
    // The existing station is left as it was; the invalid id is not created; the added id is no longer unknown.
    expect(await station("BATCH-OLD")).toMatchObject({ registrationStatus: "Rejected", description: "" });
    expect(await station(tooLong)).toBeUndefined();
    expect(await unknownIds()).not.toContain("BATCH-2");
    // The shared fields stay for the next batch, the ids do not.
    expect(page).toContain('value="Depot north"');
    expect(page).toContain('<option value="Pending" selected="">');
    expect(page).toMatch(/<textarea id="field-ids" name="ids" rows="10"[^>]*><\/textarea>/);

    // The added stations really connect (as Pending, from their registration status).
    const cp = await t.connect("BATCH-3");
    expect((await cp.call("BootNotification", { chargePointVendor: "Acme", chargePointModel: "Volt 22" })).status).toBe("Pending");
    await cp.close();
  });

  test("invalid input: 400, the error next to its field, nothing added", async () => {
    const empty = await post({ ids: " \n , ", description: "kept" });
    expect(empty.status).toBe(400);
    const emptyPage = await empty.text();
    expect(emptyPage).toMatch(/id="field-ids"[^>]*aria-invalid="true"/);
    expect(emptyPage).toContain('<p id="field-ids-error" class="error">Enter at least one charge point id</p>');
    expect(emptyPage).toContain('value="kept"');

    const many = Array.from({ length: 1001 }, (_, i) => `MANY-${i}`).join("\n");
    const tooMany = await post({ ids: many });
    expect(tooMany.status).toBe(400);
    expect(await tooMany.text()).toContain('<p id="field-ids-error" class="error">At most 1,000 ids per batch (this list has 1,001)</p>');
    expect(await station("MANY-0")).toBeUndefined();

    const badStatus = await post({ ids: "STATUS-1", registrationStatus: "Maybe" });
    expect(badStatus.status).toBe(400);
    const badStatusPage = await badStatus.text();
    expect(badStatusPage).toContain('<p id="field-registrationStatus-error" class="error">registrationStatus must be Accepted, Pending or Rejected</p>');
    expect(badStatusPage).toContain("STATUS-1</textarea>");
    const longDescription = await post({ ids: "STATUS-1", description: "d".repeat(501) });
    expect(longDescription.status).toBe(400);
    expect(await longDescription.text()).toContain('id="field-description-error"');
    expect(await station("STATUS-1")).toBeUndefined();
  });

  test("a thousand ids in one batch", async () => {
    const ids = Array.from({ length: 1000 }, (_, i) => `BULK-${String(i).padStart(4, "0")}`);
    const response = await post({ ids: ids.join(",") });
    expect(response.status).toBe(200);
    expect(await response.text()).toContain("1000 added, 0 already existed, 0 invalid.");
    expect(await html("/stations?q=BULK-")).toContain("Stations 1–50 of 1000");
  });

  test("CSRF and role: without the token 403; a viewer is refused and sees no form", async () => {
    const noToken = await admin.post("/stations/batch", { ids: "CSRF-1" });
    expect(noToken.status).toBe(403);
    const asViewer = await post({ ids: "VIEWER-1" }, viewer);
    expect(asViewer.status).toBe(403);
    expect(await station("CSRF-1")).toBeUndefined();
    expect(await station("VIEWER-1")).toBeUndefined();
    const viewerPage = await html("/stations/batch", 403, viewer);
    expect(viewerPage).toContain("Adding stations needs the admin role.");
    expect(viewerPage).not.toContain('name="ids"');
  });
});

describe("unknown stations", () => {
  test("an id that tried to connect is listed with address, attempts and last seen; one click registers it", async () => {
    await expect(t.connect("STRANGER-1")).rejects.toBeDefined();
    await expect(t.connect("STRANGER-1")).rejects.toBeDefined();
    const page = await html("/unknown-stations");
    expect(page).toContain("<h1>Unknown stations</h1>");
    const row = /<tr><td>STRANGER-1<\/td><td>([^<]*)<\/td><td>(\d+)<\/td><td>([^<]*)<\/td><td>([^<]*)<\/td>/.exec(page);
    expect(row?.[1]).toBe("127.0.0.1");
    expect(row?.[2]).toBe("2");
    expect(row?.[4]).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC$/);
    expect(page).toContain('action="/unknown-stations/STRANGER-1/register"');

    const registered = await admin.post("/unknown-stations/STRANGER-1/register", { _csrf: await admin.csrf("/unknown-stations") });
    expect(registered.status).toBe(303);
    expect(registered.headers.get("location")).toBe("/unknown-stations?registered=STRANGER-1");
    expect(await station("STRANGER-1")).toMatchObject({ registrationStatus: "Accepted", securityProfile: 0 });
    expect(await unknownIds()).not.toContain("STRANGER-1");
    const after = await html(registered.headers.get("location")!);
    expect(after).toContain('Registered <a href="/stations/STRANGER-1">STRANGER-1</a>');
    expect(after).not.toContain("<td>STRANGER-1</td>");
    // Its next attempt is let in.
    const cp = await t.connect("STRANGER-1");
    expect((await cp.call("BootNotification", { chargePointVendor: "Acme", chargePointModel: "Volt 22" })).status).toBe("Accepted");
    await cp.close();
  });

  test("registering an id someone registered meanwhile says so; an id that is not unknown is a 404", async () => {
    const { db } = t.joule.services.database;
    await recordUnknownStation(db, "RACE-1", "10.0.0.3");
    await createStation(db, { id: "RACE-1", description: "first", registrationStatus: "Rejected" });
    const csrf = await admin.csrf("/unknown-stations");
    const response = await admin.post("/unknown-stations/RACE-1/register", { _csrf: csrf });
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe("/unknown-stations?existed=RACE-1");
    expect(await station("RACE-1")).toMatchObject({ description: "first", registrationStatus: "Rejected" });
    expect(await unknownIds()).not.toContain("RACE-1");
    const missing = await admin.post("/unknown-stations/NEVER-SEEN/register", { _csrf: csrf });
    expect(missing.status).toBe(404);
    expect(await missing.text()).toContain("Not an unknown station");
    expect(await station("NEVER-SEEN")).toBeUndefined();
  });

  test("forget asks first (without JavaScript) and removes the id from the list", async () => {
    await recordUnknownStation(t.joule.services.database.db, "FORGET-<b>me", "10.0.0.4");
    const page = await html("/unknown-stations");
    const action = `/unknown-stations/${encodeURIComponent("FORGET-<b>me")}/forget`;
    // The confirmation panel: a <details> with the consequence and the real button.
    expect(page).toContain(`<details class="confirm"><summary>Forget</summary><form method="post" action="${action.replace(/&/g, "&amp;")}">`);
    expect(page).toContain("FORGET-&lt;b&gt;me leaves this list.");
    expect(page).not.toContain("FORGET-<b>me");
    const response = await admin.post(action, { _csrf: await admin.csrf("/unknown-stations") });
    expect(response.status).toBe(303);
    expect(await unknownIds()).not.toContain("FORGET-<b>me");
    expect(await station("FORGET-<b>me")).toBeUndefined();
    const after = await html(response.headers.get("location")!);
    expect(after).toContain("Forgot FORGET-&lt;b&gt;me.");
    expect((await admin.post(action, { _csrf: await admin.csrf("/unknown-stations") })).status).toBe(404);
  });

  test("pages of 50, latest first", async () => {
    const { db } = t.joule.services.database;
    for (let i = 0; i < 60; i++) {
      await recordUnknownStation(db, `PAGED-${String(i).padStart(2, "0")}`, "10.0.1.1");
      await Bun.sleep(2); // a later last-seen time for each
    }
    const total = (await unknownIds()).length;
    const first = await html("/unknown-stations");
    expect(first).toContain(`Unknown stations 1–50 of ${total}, latest first`);
    expect(first.indexOf("<td>PAGED-59</td>")).toBeLessThan(first.indexOf("<td>PAGED-58</td>"));
    expect(first).toContain('href="/unknown-stations?page=2"');
    const second = await html("/unknown-stations?page=2");
    expect(second).toContain(`Unknown stations 51–${total} of ${total}`);
    expect(second).toContain("<td>PAGED-00</td>");
    expect(await html("/unknown-stations?page=nonsense")).toContain("Unknown stations 1–50");
  });

  test("CSRF and role: without the token 403; a viewer reads the list without the actions and is refused", async () => {
    await recordUnknownStation(t.joule.services.database.db, "GUARDED-1", "10.0.0.5");
    expect((await admin.post("/unknown-stations/GUARDED-1/register", {})).status).toBe(403);
    expect((await admin.post("/unknown-stations/GUARDED-1/forget", {})).status).toBe(403);
    const page = await html("/unknown-stations", 200, viewer);
    expect(page).toContain("<td>GUARDED-1</td>");
    expect(page).not.toContain("/register");
    expect(page).not.toContain("/forget");
    const csrf = await viewer.csrf("/unknown-stations");
    expect((await viewer.post("/unknown-stations/GUARDED-1/register", { _csrf: csrf })).status).toBe(403);
    expect((await viewer.post("/unknown-stations/GUARDED-1/forget", { _csrf: csrf })).status).toBe(403);
    expect(await unknownIds()).toContain("GUARDED-1");
    expect(await station("GUARDED-1")).toBeUndefined();
  });
});

describe("dashboard", () => {
  test("faulted stations: the figure follows StatusNotification and links to the filtered list", async () => {
    await t.addStation("DASH-F");
    const before = await html("/");
    expect(before).toContain('href="/stations?faulted=yes"');
    const faulted = Number(figure(before, "fig-faulted"));
    const cp = await t.connect("DASH-F");
    await cp.call("BootNotification", { chargePointVendor: "Acme", chargePointModel: "Volt 22" });
    await cp.call("StatusNotification", { connectorId: 1, status: "Faulted", errorCode: "HighTemperature" });
    await cp.call("StatusNotification", { connectorId: 2, status: "Faulted", errorCode: "HighTemperature" });
    expect(Number(figure(await html("/fragments/dashboard"), "fig-faulted"))).toBe(faulted + 1);
    await cp.call("StatusNotification", { connectorId: 1, status: "Available", errorCode: "NoError" });
    await cp.call("StatusNotification", { connectorId: 2, status: "Available", errorCode: "NoError" });
    expect(Number(figure(await html("/fragments/dashboard"), "fig-faulted"))).toBe(faulted);
    await cp.close();
  });

  test("energy today sums the transactions started today: stopped ones and the latest register of active ones", async () => {
    const before = await html("/");
    expect(figure(before, "fig-energy")).toBe("0.0");
    await t.addStation("DASH-E");
    const cp = await t.connect("DASH-E");
    await cp.call("BootNotification", { chargePointVendor: "Acme", chargePointModel: "Volt 22" });
    const now = new Date().toISOString();
    const yesterday = new Date(Date.now() - 86_400_000).toISOString();
    const start = async (connectorId: number, meterStart: number, timestamp = now) =>
      (await cp.call("StartTransaction", { connectorId, idTag: "ANYONE", meterStart, timestamp })).transactionId as number;
    const sample = (connectorId: number, transactionId: number, sampledValue: unknown[]) =>
      cp.call("MeterValues", { connectorId, transactionId, meterValue: [{ timestamp: new Date().toISOString(), sampledValue }] });

    // Active, Wh: 1,000 → 4,500 (the per-phase register, power and an older reading are not the total).
    const active = await start(1, 1000);
    await sample(1, active, [{ value: "3000", measurand: "Energy.Active.Import.Register", unit: "Wh" }]);
    await sample(1, active, [
      { value: "4500" },
      { value: "9999", measurand: "Energy.Active.Import.Register", phase: "L1", unit: "Wh" },
      { value: "7400", measurand: "Power.Active.Import", unit: "W" },
    ]);
    // Active, kWh register: 10,000 Wh → 12.5 kWh.
    const inKwh = await start(2, 10_000);
    await sample(2, inKwh, [{ value: "12.5", measurand: "Energy.Active.Import.Register", unit: "kWh" }]);
    // Active without a reading yet: 0.
    await start(3, 50_000);
    // Stopped today: 0 → 2,000.
    const stopped = await start(4, 0);
    await cp.call("StopTransaction", { transactionId: stopped, meterStop: 2000, timestamp: now });
    // Started yesterday: not today's.
    const old = await start(5, 0, yesterday);
    await cp.call("StopTransaction", { transactionId: old, meterStop: 7000, timestamp: now });

    const after = await html("/fragments/dashboard");
    // 3,500 + 2,500 + 0 + 2,000 Wh.
    expect(figure(after, "fig-energy")).toBe("8.0");
    const today = now.slice(0, 10);
    expect(after).toContain(`href="/transactions?from=${today}"`);
    expect(after).toContain("kWh today (transactions started since 00:00 UTC)");
    await cp.close();
  });

  test("each figure links to its filtered list", async () => {
    const page = await html("/");
    const hrefs = [...page.matchAll(/<li(?: class="alert")?><a href="([^"]+)"><span class="value" id="(fig-[a-z]+)"/g)].map((m) => [
      m[2],
      decodeEntities(m[1]!),
    ]);
    const links = Object.fromEntries(hrefs);
    expect(links["fig-stations"]).toBe("/stations");
    expect(links["fig-connected"]).toBe("/stations?connected=yes");
    expect(links["fig-faulted"]).toBe("/stations?faulted=yes");
    expect(links["fig-transactions"]).toBe("/transactions?active=yes");
    expect(links["fig-energy"]).toMatch(/^\/transactions\?from=\d{4}-\d\d-\d\d$/);
    expect(links["fig-certificates"]).toBe("/certificates/issued?expiring=yes");
    const critical = new URL(links["fig-critical"]!, "http://x");
    expect(critical.pathname).toBe("/security-events");
    expect(critical.searchParams.get("critical")).toBe("yes");
    expect(Math.abs(Date.parse(critical.searchParams.get("from")!) - (Date.now() - 86_400_000))).toBeLessThan(60_000);
    const refusals = new URL(links["fig-refusals"]!, "http://x");
    expect(refusals.pathname).toBe("/audit");
    expect(refusals.searchParams.get("kind")).toBe("handshake_refused");
    expect(Math.abs(Date.parse(refusals.searchParams.get("from")!) - (Date.now() - 3_600_000))).toBeLessThan(60_000);
  });
});
