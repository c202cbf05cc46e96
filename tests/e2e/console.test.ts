// The operator console end to end in headless Chromium (Debian's package, driven by playwright-core) against a real
// Joule and real ocpp-rpc stations: log in through the form, add a station, watch it connect live, rotate its
// password, register an unknown station, add a trust anchor, open a transaction's chart, and visit every section of
// the navigation. Every page
// visited gets the same checks (checkPage): one h1, every control named, a working skip link, nothing that breaks the
// strict Content-Security-Policy or logs an error, no horizontal overflow on a phone. Screenshots of each page, on a
// desktop and on a phone, land in tests/e2e/screenshots/ (not committed): look at them after changing a page.
//
// One browser and one page for the whole file, so the run stays short. The tests run in order and build on each
// other (the logged-in page, the station added and connected). A new flow is one more `test` that drives `page` and
// ends with `expect(await checkPage("name")).toEqual([])`.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { sessionCookie } from "../../lib/console/auth.ts";
import { fingerprintOf } from "../../lib/pki/x509.ts";
import { Browser as HttpBrowser } from "../support/browser.ts";
import { launchChromium } from "../support/chromium.ts";
import { bootPayload, startTestJoule, type Station, type TestJoule } from "../support/joule.ts";
import { foreignCa } from "../support/pki.ts";

const adminPassword = "admin password for e2e tests";
const screenshots = join(import.meta.dir, "screenshots");
const desktop = { width: 1280, height: 800 };
const phone = { width: 390, height: 844 };
/** The console's live sections poll every 5 s; the page's clock is fast-forwarded past a poll instead of waiting. */
const pollMs = 5_000;
const slow = 30_000;

let t: TestJoule;
let browser: Browser;
let page: Page;
let base: string;
/** Console errors, uncaught exceptions, CSP violations and server errors since the last checkPage. */
let problems: string[] = [];
/** The station added in the browser, once connected. */
let station: Station | undefined;

beforeAll(async () => {
  rmSync(screenshots, { recursive: true, force: true });
  mkdirSync(screenshots, { recursive: true });
  t = await startTestJoule({ JOULE_ADMIN_PASSWORD: adminPassword });
  base = t.joule.httpUrl;
  browser = await launchChromium();
  const context = await browser.newContext({ viewport: desktop });
  // Reports each CSP violation with the element that caused it (Chromium's own message names no element).
  await context.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (event) => {
      const target = event.target instanceof Element ? event.target.outerHTML.slice(0, 200) : String(event.target);
      console.error(`CSP violation of ${event.violatedDirective} by ${target} (${event.sourceFile}:${event.lineNumber}) ${event.sample}`);
    });
  });
  await context.clock.install();
  page = await context.newPage();
  page.setDefaultTimeout(5_000); // fail a step well before the test's time is up (bun then ends Chromium)
  page.on("console", (message) => {
    const source = message.location().url;
    if (message.type() === "error") problems.push(`console error on ${page.url()}: ${message.text()}${source ? ` (${source})` : ""}`);
  });
  page.on("pageerror", (error) => problems.push(`uncaught on ${page.url()}: ${error.message}`));
  page.on("response", (response) => {
    if (response.status() >= 500) problems.push(`${response.status()} for ${response.url()}`);
  });
}, slow);

afterAll(async () => {
  await browser?.close();
  await t?.stop();
});

/**
 * Checks the page as it is, takes its screenshots (`name`.png and `name`-phone.png) and answers what is wrong:
 * console errors since the last check, not exactly one h1, form controls or buttons without an accessible name, a
 * skip link that is not the first stop or does not move focus to main, horizontal overflow on a phone.
 */
async function checkPage(name: string): Promise<string[]> {
  const found: string[] = [];
  await page.waitForLoadState("load");
  await page.setViewportSize(desktop);
  await page.screenshot({ path: join(screenshots, `${name}.png`), fullPage: true });

  const h1 = await page.locator("h1").count();
  if (h1 !== 1) found.push(`${name}: ${h1} h1 elements`);
  const unnamed = await page.evaluate(() => {
    const text = (ids: string | null) =>
      (ids ?? "")
        .split(/\s+/)
        .filter(Boolean)
        .map((id) => document.getElementById(id)?.textContent?.trim() ?? "")
        .join("");
    const controls = [...document.querySelectorAll("input, select, textarea")].filter(
      (element) => !(element instanceof HTMLInputElement && element.type === "hidden") && !element.closest("[hidden]"),
    );
    const unlabelled = controls.filter(
      (element) =>
        ((element as HTMLInputElement).labels?.length ?? 0) === 0 &&
        !element.getAttribute("aria-label")?.trim() &&
        !text(element.getAttribute("aria-labelledby")) &&
        !element.getAttribute("title")?.trim(),
    );
    const clickable = [...document.querySelectorAll("button, a[href], summary")].filter(
      (element) => !element.textContent?.trim() && !element.getAttribute("aria-label")?.trim() && !text(element.getAttribute("aria-labelledby")),
    );
    return [...unlabelled, ...clickable].map((element) => element.outerHTML.slice(0, 160));
  });
  for (const element of unnamed) found.push(`${name}: no accessible name: ${element}`);
  const duplicateIds = await page.evaluate(() => {
    const ids = [...document.querySelectorAll("[id]")].map((element) => element.id);
    return [...new Set(ids.filter((id, i) => ids.indexOf(id) !== i))];
  });
  if (duplicateIds.length > 0) found.push(`${name}: ids used more than once (labels then name the wrong control): ${duplicateIds.join(", ")}`);

  // The skip link is the first stop of Tab, it shows when focused, and following it focuses main.
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await page.keyboard.press("Tab");
  const first = await page.evaluate(() => document.activeElement?.outerHTML.slice(0, 120));
  const skip = await page.locator("a.skip").boundingBox();
  if (!first?.includes('class="skip"')) found.push(`${name}: the first Tab stop is ${first}, not the skip link`);
  else if (!skip || skip.x < 0 || skip.y < 0) found.push(`${name}: the focused skip link is off screen`);
  else {
    await page.keyboard.press("Enter");
    const focused = await page
      .waitForFunction(() => document.activeElement?.id === "main", undefined, { timeout: 2_000 })
      .then(() => true, () => false);
    if (!focused) found.push(`${name}: following the skip link does not focus main`);
  }
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());

  await page.setViewportSize(phone);
  const overflow = await page.evaluate(() => {
    // The innermost elements sticking out or holding content wider than themselves (tables scroll in .table-wrap).
    const sticksOut = (element: Element) =>
      !element.closest(".table-wrap") &&
      (element.getBoundingClientRect().right > window.innerWidth + 1 || element.scrollWidth > element.clientWidth + 1);
    const wide = [...document.querySelectorAll("body *")].filter(sticksOut);
    const innermost = wide.filter((element) => !wide.some((other) => other !== element && element.contains(other)));
    return { by: document.documentElement.scrollWidth - window.innerWidth, wide: innermost.slice(0, 3).map((e) => e.outerHTML.slice(0, 100)) };
  });
  await page.screenshot({ path: join(screenshots, `${name}-phone.png`), fullPage: true });
  if (overflow.by > 0) found.push(`${name}: ${overflow.by}px wider than a phone, because of ${overflow.wide.join(" | ")}`);
  await page.setViewportSize(desktop);

  found.push(...problems);
  problems = [];
  return found;
}

/** Gives the page an admin session made over plain HTTP (only when logging in through the form failed). */
async function logInWithoutTheForm() {
  const http = new HttpBrowser(base);
  expect((await http.login("admin", adminPassword)).status).toBe(303);
  await page.context().addCookies([{ name: sessionCookie, value: http.cookies.get(sessionCookie)!, url: base }]);
  await page.goto(`${base}/stations`);
}

/** Lets the page's htmx polls fire now (its clock jumps past the poll interval) until the text shows. */
async function afterPoll(selector: string, text: string) {
  const locator = page.locator(selector, { hasText: text });
  for (let i = 0; i < 3 && !(await locator.count()); i++) {
    await page.clock.fastForward(pollMs);
    await locator.waitFor({ timeout: 1_500 }).catch(() => {});
  }
  await locator.waitFor({ timeout: 500 });
}

/** The browser logs the status of a page answered with 4xx (a form re-rendered with errors): expected there. */
function forgetStatus(status: number) {
  problems = problems.filter((p) => !p.includes(`status of ${status}`) || p.includes("favicon"));
}

describe("the console in Chromium", () => {
  test("without a session the console sends the browser to the login form, which logs in", async () => {
    await page.goto(`${base}/stations`);
    expect(new URL(page.url()).pathname).toBe("/login");
    const findings = await checkPage("login");

    /** Fills and posts the login form; answers the page's notice or, if not a login page, its text. */
    const submit = async (password: string) => {
      await page.getByLabel("User name").fill("admin");
      await page.getByLabel("Password").fill(password);
      await page.getByRole("button", { name: "Log in" }).click();
      await page.waitForLoadState("load");
      if (new URL(page.url()).pathname !== "/login") return "";
      const notice = page.locator(".notice");
      return (await notice.count()) ? await notice.textContent() : await page.locator("body").textContent();
    };
    const refusal = await submit("not the password");
    if ((await page.getByLabel("Password").count()) === 0) await page.goto(`${base}/login?next=%2Fstations`);
    const answer = await submit(adminPassword);
    const landed = new URL(page.url()).pathname;
    forgetStatus(401);
    forgetStatus(403);
    if (landed !== "/stations") await logInWithoutTheForm(); // so that the later tests still run

    expect(findings).toEqual([]);
    expect(refusal, "the answer to a wrong password").toBe("Wrong user name or password");
    expect(landed, `the login form's answer to the right password: ${answer}`).toBe("/stations");
    expect(await page.locator("h1").textContent()).toBe("Stations");
  }, slow);

  test("the dashboard shows the fleet at a glance", async () => {
    await t.addStation("CP-NORTH-01");
    const described = await t.api("POST", "/api/v1/stations", {
      id: "CP-WITH-A-RATHER-LONG-IDENTIFIER-0123456789",
      description: "Depot south, bay 14, behind the wash hall next to the long wall (a description that wraps)",
    });
    expect(described.status).toBe(201);
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Dashboard" }).click();
    await page.waitForURL(`${base}/`);
    expect(await page.locator("#fig-stations").textContent()).toBe("2");
    expect(await page.locator("#fig-connected").textContent()).toBe("0");
    expect(await checkPage("dashboard")).toEqual([]);
  }, slow);

  test("adding a station with the form: errors next to the field, then its page", async () => {
    await page.goto(`${base}/stations`);
    const form = page.locator("form", { has: page.getByRole("heading", { name: "Add a station" }) });
    await form.getByRole("button", { name: "Add station" }).click();
    await page.waitForLoadState("load");
    const id = page.getByLabel("Charge point id");
    expect(await id.getAttribute("aria-invalid")).toBe("true");
    const errorId = (await id.getAttribute("aria-describedby"))!;
    expect(await page.locator(`#${errorId}`).textContent()).toBeTruthy();
    forgetStatus(400);

    await id.fill("E2E-1");
    await page.getByLabel("Description").first().fill("Added in the browser");
    await form.getByRole("button", { name: "Add station" }).click();
    await page.waitForURL(`${base}/stations/E2E-1`);
    expect(await page.locator("h1").textContent()).toBe("Station E2E-1");
    expect(await page.locator("#station-live .state").textContent()).toBe("Not connected");
    expect((await t.api("GET", "/api/v1/stations/E2E-1")).status).toBe(200);
  }, slow);

  test("the station's page turns connected live when the station connects and boots", async () => {
    await page.evaluate(() => ((window as unknown as { notReloaded: boolean }).notReloaded = true));
    station = await t.connect("E2E-1");
    expect((await station.call("BootNotification", bootPayload)).status).toBe("Accepted");
    await station.call("StatusNotification", { connectorId: 1, errorCode: "NoError", status: "Preparing" });

    await afterPoll("#station-live .state", "Connected");
    await afterPoll("#station-live td", "Preparing");
    expect(await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);

    await page.reload(); // the boot information is not live; after a reload it is there
    const boot = page.locator("section", { has: page.getByRole("heading", { name: "Boot information" }) });
    expect(await boot.textContent()).toContain("Volt 22");
    expect(await checkPage("station-detail")).toEqual([]);
  }, slow);

  test("rotating the station's password: the station gets the generated key, shown once", async () => {
    const received: { key: string; value: string }[] = [];
    station!.handle("ChangeConfiguration", ({ params }) => {
      received.push(params);
      return { status: "Accepted" };
    });
    const form = page.locator("form", { has: page.getByRole("heading", { name: "Rotate the password" }) });
    await form.getByRole("button", { name: "Send the new password" }).click();
    await page.waitForLoadState("load");
    const shown = (await page.locator("#generated-secret").textContent())?.trim();
    expect(received).toEqual([{ key: "AuthorizationKey", value: shown! }]);
    expect(shown).toMatch(/^[0-9a-f]{40}$/);
    const findings = await checkPage("station-password-rotated");

    await page.goto(`${base}/stations/E2E-1`);
    expect(await page.locator("#generated-secret").count()).toBe(0);
    const security = page.locator("section", { has: page.getByRole("heading", { name: "Security", exact: true }) });
    expect(await security.locator("dl").first().textContent()).toContain("Password setyes");
    expect(findings).toEqual([]);
  }, slow);

  test("the station list shows the connection state and follows a disconnect live", async () => {
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Stations" }).click();
    await page.waitForURL(`${base}/stations`);
    const row = page.locator("#station-table tr", { has: page.getByRole("link", { name: "E2E-1", exact: true }) });
    expect(await row.locator(".state").textContent()).toBe("Connected");
    expect(await checkPage("stations")).toEqual([]);

    await station!.close();
    await afterPoll('#station-table tr:has(a[href="/stations/E2E-1"]) .state', "Not connected");
  }, slow);

  test("an unknown station that tried to connect is registered in one click, and then let in", async () => {
    await expect(t.connect("STRANGER-7")).rejects.toBeDefined();
    await page.goto(`${base}/stations`);
    await page.getByRole("link", { name: /^Unknown stations/ }).click();
    await page.waitForURL(`${base}/unknown-stations`);
    const findings = await checkPage("unknown-stations");
    await page.getByRole("button", { name: "Register STRANGER-7" }).click();
    await page.waitForLoadState("load");
    expect(await page.getByRole("status").textContent()).toContain("Registered STRANGER-7");
    expect(await page.getByRole("button", { name: "Register STRANGER-7" }).count()).toBe(0);
    const stranger = await t.connect("STRANGER-7");
    expect((await stranger.call("BootNotification", bootPayload)).status).toBe("Accepted");
    await stranger.close();
    expect(findings).toEqual([]);
  }, slow);

  test("adding a trust anchor by pasting its PEM: listed, and trusted at once", async () => {
    const ca = await foreignCa();
    await page.goto(`${base}/certificates/anchors`);
    await page.getByLabel("CA certificate (PEM)").fill(ca.certificatePem);
    await page.getByRole("button", { name: "Add trust anchor" }).click();
    await page.waitForLoadState("load");
    const fingerprint = fingerprintOf(ca.certificatePem);
    const listed = page.locator("tr", { hasText: "Foreign Test CA" });
    expect(await listed.count()).toBe(1);
    expect((await listed.textContent())!.replace(/\W/g, "").toLowerCase()).toContain(fingerprint.toLowerCase());
    expect(t.joule.services.trustStore.caPems().map((pem) => fingerprintOf(pem))).toContain(fingerprint);
    expect(await checkPage("trust-anchors")).toEqual([]);
  }, slow);

  test("a transaction's page draws its meter values", async () => {
    await t.addStation("E2E-METER");
    const cp = await t.connect("E2E-METER");
    await cp.call("BootNotification", bootPayload);
    const start = Date.parse("2026-01-05T10:00:00Z");
    const at = (minutes: number) => new Date(start + minutes * 60_000).toISOString();
    const { transactionId } = await cp.call("StartTransaction", { connectorId: 1, idTag: "E2E-TAG", meterStart: 0, timestamp: at(0) });
    await cp.call("MeterValues", {
      connectorId: 1,
      transactionId,
      meterValue: [5, 10, 15, 20, 25].map((minutes) => ({
        timestamp: at(minutes),
        sampledValue: [
          { value: String(minutes * 180), measurand: "Energy.Active.Import.Register", unit: "Wh" },
          { value: String(11 - minutes / 10), measurand: "Power.Active.Import", unit: "kW" },
        ],
      })),
    });
    await cp.call("StopTransaction", { transactionId, meterStop: 5400, timestamp: at(30) });

    await page.goto(`${base}/transactions?stationId=E2E-METER`);
    await page.getByRole("link", { name: String(transactionId), exact: true }).first().click();
    await page.waitForURL(`${base}/transactions/${transactionId}`);
    const energy = page.getByRole("img", { name: `Energy meter register of transaction ${transactionId}` });
    expect(await energy.isVisible()).toBe(true);
    expect(await energy.locator("polyline").getAttribute("points")).toMatch(/^[\d.]+,[\d.]+( [\d.]+,[\d.]+){4,}$/);
    expect(await page.getByRole("img", { name: `Active power of transaction ${transactionId}` }).isVisible()).toBe(true);
    expect(await checkPage("transaction")).toEqual([]);
    await cp.close();
  }, slow);

  test("every section of the navigation passes the page checks", async () => {
    await page.goto(`${base}/`);
    const sections = await page
      .getByRole("navigation", { name: "Main" })
      .locator("a")
      .evaluateAll((links) => links.map((link) => link.getAttribute("href")!));
    expect(sections.length).toBeGreaterThanOrEqual(10);
    const findings: string[] = [];
    for (const href of sections) {
      const response = await page.goto(base + href);
      if (response?.status() !== 200) findings.push(`${href}: status ${response?.status()}`);
      const name = href === "/" ? "home" : href.slice(1).replaceAll("/", "-");
      findings.push(...(await checkPage(`section-${name}`)));
    }
    expect(findings).toEqual([]);
  }, slow);
});
