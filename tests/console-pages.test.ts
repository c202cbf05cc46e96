// The console's pages over real HTTP: dashboard figures following a real ocpp-rpc station, the station list
// (filters, paging, live fragment), adding a station with errors next to the fields, escaping, station detail.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { Browser } from "./support/browser.ts";
import { bootPayload, startTestJoule, type TestJoule } from "./support/joule.ts";

const adminPassword = "admin password for tests";
let t: TestJoule;
let admin: Browser;
beforeAll(async () => {
  t = await startTestJoule({ JOULE_ADMIN_PASSWORD: adminPassword });
  admin = new Browser(t.joule.httpUrl);
  const login = await admin.login("admin", adminPassword);
  if (login.status !== 303) throw new Error(`login: ${login.status}`);
});
afterAll(() => t.stop());

const figure = (html: string, id: string) => Number(new RegExp(`id="${id}">(\\d+)<`).exec(html)?.[1]);
/** The station ids linked from a list page, in order. */
const listedIds = (html: string) => [...html.matchAll(/<td><a href="\/stations\/([^"]+)">/g)].map((m) => decodeURIComponent(m[1]!));

async function html(path: string, expectedStatus = 200): Promise<string> {
  const response = await admin.get(path);
  expect(response.status).toBe(expectedStatus);
  return response.text();
}

describe("dashboard", () => {
  test("the figures follow a real station connecting, booting and starting a transaction", async () => {
    await t.addStation("DASH-1");
    await t.addStation("DASH-2");
    const before = await html("/");
    expect(before).toContain('hx-get="/fragments/dashboard"');
    expect(before).toContain('hx-trigger="every 5s"');
    const stations = figure(before, "fig-stations");
    expect(stations).toBeGreaterThanOrEqual(2);
    expect(figure(before, "fig-connected")).toBe(0);
    expect(figure(before, "fig-transactions")).toBe(0);
    expect(before).toContain('href="/stations?connected=yes"');

    const cp = await t.connect("DASH-1");
    await cp.call("BootNotification", bootPayload);
    await cp.call("StartTransaction", { connectorId: 1, idTag: "ANYONE", meterStart: 0, timestamp: new Date().toISOString() });
    const live = await html("/fragments/dashboard");
    expect(live).not.toContain("<html");
    expect(live).toContain('id="figures"');
    expect(figure(live, "fig-connected")).toBe(1);
    expect(figure(live, "fig-stations")).toBe(stations);
    expect(figure(live, "fig-transactions")).toBe(1);
    await cp.close();
    await Bun.sleep(100);
    expect(figure(await html("/fragments/dashboard"), "fig-connected")).toBe(0);
  });

  test("handshake refusals of the last hour are counted", async () => {
    const before = figure(await html("/"), "fig-refusals");
    expect((await t.api("POST", "/api/v1/stations", { id: "LOCKED-1", securityProfile: 1, password: "sixteen-byte-pwd" })).status).toBe(201);
    await expect(t.connect("LOCKED-1", { password: "a-wrong-password" })).rejects.toBeDefined();
    expect(figure(await html("/fragments/dashboard"), "fig-refusals")).toBe(before + 1);
  });
});

describe("stations list", () => {
  beforeAll(async () => {
    for (let i = 1; i <= 60; i++) {
      const id = `PAGE-${String(i).padStart(3, "0")}`;
      const response = await t.api("POST", "/api/v1/stations", {
        id,
        registrationStatus: i % 10 === 0 ? "Pending" : "Accepted",
        ...(i % 20 === 0 ? { securityProfile: 1, password: "sixteen-byte-pwd" } : {}),
      });
      if (response.status !== 201) throw new Error(`${id}: ${response.status}`);
    }
  });

  test("pages of 50 with previous / next links", async () => {
    const first = await html("/stations?q=page-");
    expect(first).toContain("Stations 1–50 of 60");
    expect(listedIds(first)).toHaveLength(50);
    expect(listedIds(first)[0]).toBe("PAGE-001");
    expect(first).toContain('href="/stations?q=page-&amp;page=2"');
    const second = await html("/stations?q=page-&page=2");
    expect(listedIds(second)).toEqual(Array.from({ length: 10 }, (_, i) => `PAGE-${String(51 + i).padStart(3, "0")}`));
    expect(second).toContain("Previous");
    // Nonsense paging falls back to the first page.
    expect(listedIds(await html("/stations?q=page-&page=-3"))[0]).toBe("PAGE-001");
  });

  test("filters: id search, registration status, security profile, connection", async () => {
    expect(listedIds(await html("/stations?q=PAGE-05"))).toEqual(Array.from({ length: 10 }, (_, i) => `PAGE-05${i}`));
    const pending = listedIds(await html("/stations?q=page&status=Pending"));
    expect(pending).toEqual(["PAGE-010", "PAGE-020", "PAGE-030", "PAGE-040", "PAGE-050", "PAGE-060"]);
    expect(listedIds(await html("/stations?q=page&profile=1"))).toEqual(["PAGE-020", "PAGE-040", "PAGE-060"]);
    const filtered = await html("/stations?q=page&profile=1&status=Pending");
    expect(listedIds(filtered)).toEqual(["PAGE-020", "PAGE-040", "PAGE-060"]);
    // The form shows the filters in force.
    expect(filtered).toContain('<option value="Pending" selected="">');

    const cp = await t.connect("PAGE-007");
    await cp.call("BootNotification", bootPayload);
    const connected = await html("/stations?connected=yes");
    expect(listedIds(connected)).toEqual(["PAGE-007"]);
    expect(connected).toContain("Connected");
    const notConnected = listedIds(await html("/stations?q=page&connected=no&page=1"));
    expect(notConnected).not.toContain("PAGE-007");
    expect(notConnected).toHaveLength(50);
    // The table fragment (polled by htmx) carries the same filters and the live state.
    const fragment = await html("/fragments/stations?q=PAGE-007");
    expect(fragment).not.toContain("<html");
    expect(fragment).toContain('hx-get="/fragments/stations?q=PAGE-007"');
    expect(fragment).toContain('<span class="state on">Connected</span>');
    await cp.close();
    await Bun.sleep(100);
    expect(await html("/fragments/stations?q=PAGE-007")).toContain('<span class="state off">Not connected</span>');
    expect(listedIds(await html("/stations?connected=yes"))).toEqual([]);
  });
});

describe("adding a station", () => {
  const add = async (form: Record<string, string>) => admin.post("/stations", { _csrf: await admin.csrf("/stations"), ...form });

  test("valid input creates the station and shows it", async () => {
    const response = await add({ id: "NEW-1", description: "Car park", registrationStatus: "Pending", securityProfile: "1", password: "sixteen-byte-pwd" });
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe("/stations/NEW-1");
    const station = (await (await t.api("GET", "/api/v1/stations/NEW-1")).json()) as any;
    expect(station).toMatchObject({ id: "NEW-1", description: "Car park", registrationStatus: "Pending", securityProfile: 1, passwordSet: true });
    const audit = await t.joule.services.database.client.execute("SELECT actor FROM audit_log WHERE station_id = 'NEW-1'");
    expect(audit.rows.map((r) => r.actor)).toContain("operator:admin");
  });

  test("invalid input: the page is shown again with the error next to its field and the values kept", async () => {
    const missing = await add({ id: "", description: "kept description" });
    expect(missing.status).toBe(400);
    const page = await missing.text();
    expect(page).toMatch(/id="field-id"[^>]*aria-invalid="true"/);
    expect(page).toContain('<p id="field-id-error" class="error">id is required</p>');
    expect(page).toContain('value="kept description"');

    const noPassword = await (await add({ id: "NEW-2", securityProfile: "2" })).text();
    expect(noPassword).toContain('<p id="field-password-error" class="error">profile 2 needs a password</p>');
    const shortPassword = await (await add({ id: "NEW-2", securityProfile: "1", password: "short" })).text();
    expect(shortPassword).toContain('<p id="field-password-error" class="error">password must be 16 to 20 bytes</p>');
    expect(shortPassword).not.toContain('value="short"');
    const badProfile = await add({ id: "NEW-2", securityProfile: "7" });
    expect(badProfile.status).toBe(400);
    expect(await badProfile.text()).toContain('id="field-securityProfile-error"');
    const taken = await (await add({ id: "NEW-1" })).text();
    expect(taken).toContain('<p id="field-id-error" class="error">A station with id NEW-1 exists already</p>');
    expect((await t.api("GET", "/api/v1/stations/NEW-2")).status).toBe(404);
  });
});

describe("station detail", () => {
  test("boot information, live connection, connectors, security and recent calls", async () => {
    await t.addStation("DETAIL-1");
    const cp = await t.connect("DETAIL-1");
    await cp.call("BootNotification", { ...bootPayload, firmwareVersion: "1.2.3" });
    await cp.call("StatusNotification", { connectorId: 1, status: "Charging", errorCode: "NoError" });
    cp.handle("GetConfiguration", () => ({ configurationKey: [] }));
    await t.api("POST", "/api/v1/stations/DETAIL-1/calls/GetConfiguration", {});
    const page = await html("/stations/DETAIL-1");
    expect(page).toContain("<h1>Station DETAIL-1</h1>");
    expect(page).toContain("Acme");
    expect(page).toContain("1.2.3");
    expect(page).toContain('<span class="state on">Connected</span>');
    expect(page).toContain("<dd>ws</dd>");
    expect(page).toContain("<dd>127.0.0.1</dd>");
    expect(page).toContain("<td>Charging</td>");
    expect(page).toContain("<td>GetConfiguration</td>");
    expect(page).toContain('hx-get="/fragments/stations/DETAIL-1"');
    const live = await html("/fragments/stations/DETAIL-1");
    expect(live).toContain("<td>Charging</td>");
    expect(live).not.toContain("<html");
    await cp.close();
  });

  test("an unknown station is a 404 page", async () => {
    expect(await html("/stations/NOPE-404", 404)).toContain("There is no station with id");
    expect((await admin.get("/fragments/stations/NOPE-404")).status).toBe(404);
  });
});

describe("escaping", () => {
  test("a description or id with markup is shown as text, never as HTML", async () => {
    const evil = '<script>alert("x")</script><img src=x onerror=alert(1)>';
    expect((await t.api("POST", "/api/v1/stations", { id: "XSS-<b>1", description: evil })).status).toBe(201);
    for (const path of ["/stations?q=XSS", `/stations/${encodeURIComponent("XSS-<b>1")}`, `/fragments/stations?q=XSS`]) {
      const page = await html(path);
      expect(page).not.toContain("<script>alert");
      expect(page).not.toContain("<img src=x");
      expect(page).not.toContain("XSS-<b>1");
    }
    const list = await html("/stations?q=XSS");
    expect(list).toContain("&lt;script&gt;");
    expect(list).toContain("XSS-&lt;b&gt;1");
    // Reflected input is escaped too.
    const reflected = await html(`/stations?q=${encodeURIComponent('"><script>alert(2)</script>')}`);
    expect(reflected).not.toContain("<script>alert(2)");
  });
});
