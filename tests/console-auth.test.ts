// The operator console's access control over real HTTP: first admin, login, session cookie, CSRF, roles, logout.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createOperator } from "../db/operators.ts";
import { safeNext } from "../lib/console/auth.ts";
import { Browser, csrfOf } from "./support/browser.ts";
import { startTestJoule, type TestJoule } from "./support/joule.ts";
import { runMain } from "./support/main.ts";

const adminPassword = "admin password for tests";
let t: TestJoule;
beforeAll(async () => {
  t = await startTestJoule({ JOULE_ADMIN_PASSWORD: adminPassword });
  await createOperator(t.joule.services.database.db, {
    username: "watcher",
    passwordHash: await Bun.password.hash("viewer password 123"),
    role: "viewer",
  });
});
afterAll(() => t.stop());

const browser = () => new Browser(t.joule.httpUrl);

describe("the first admin", () => {
  test("without JOULE_ADMIN_PASSWORD a password is generated once, stored only as a hash", async () => {
    const t = await startTestJoule();
    try {
      const password = t.joule.generatedAdminPassword;
      expect(password).toBeString();
      expect(password!.length).toBeGreaterThanOrEqual(20);
      const rows = await t.joule.services.database.client.execute("SELECT username, password_hash, role FROM operators");
      expect(rows.rows).toHaveLength(1);
      expect(rows.rows[0]!.username).toBe("admin");
      expect(rows.rows[0]!.role).toBe("admin");
      expect(String(rows.rows[0]!.password_hash)).not.toContain(password!);
      expect(await Bun.password.verify(password!, String(rows.rows[0]!.password_hash))).toBe(true);
      expect(t.logLines.join("\n")).not.toContain(password!);
    } finally {
      await t.stop();
    }
  });

  test("JOULE_ADMIN_USER / JOULE_ADMIN_PASSWORD name the first admin; nothing is generated", async () => {
    const t = await startTestJoule({ JOULE_ADMIN_USER: "root", JOULE_ADMIN_PASSWORD: "correct horse battery" });
    try {
      expect(t.joule.generatedAdminPassword).toBeUndefined();
      const rows = await t.joule.services.database.client.execute("SELECT username FROM operators");
      expect(rows.rows.map((r) => r.username)).toEqual(["root"]);
    } finally {
      await t.stop();
    }
  });
});

describe("main.ts and the generated admin password", () => {
  test("printed once on the first start, never again; it logs in", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "joule-console-"));
    try {
      const first = await runMain({ JOULE_HTTPS_PORT: "off", JOULE_DATA_DIR: dataDir, JOULE_TLS_DIR: join(dataDir, "tls") });
      let password: string | undefined;
      try {
        password = /Operator console[^\n]*user "admin", password[^\n]*\n\s+(\S+)/.exec(first.output)?.[1];
        expect(password).toBeString();
        expect(first.output.split(password!).length).toBe(2); // exactly once
        const b = new Browser(`http://127.0.0.1:${first.port}`);
        expect((await b.login("admin", password!)).status).toBe(303);
        expect((await b.get("/")).status).toBe(200);
      } finally {
        first.proc.kill("SIGTERM");
        await first.proc.exited;
      }
      const second = await runMain({ JOULE_HTTPS_PORT: "off", JOULE_DATA_DIR: dataDir, JOULE_TLS_DIR: join(dataDir, "tls") });
      second.proc.kill("SIGTERM");
      await second.proc.exited;
      expect(second.output).toContain("Joule listening");
      expect(second.output).not.toContain("Operator console");
      expect(second.output).not.toContain(password!);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe("safeNext", () => {
  test("keeps same-site paths, drops everything that could leave the site", () => {
    expect(safeNext("/stations?connected=yes")).toBe("/stations?connected=yes");
    expect(safeNext("/stations/CP%2F1")).toBe("/stations/CP%2F1");
    for (const bad of ["//evil.example", "https://evil.example/", "/\\evil.example", "evil.example", "/\t/evil.example", "", undefined, "/login"]) {
      expect(safeNext(bad)).toBeUndefined();
    }
  });
});

describe("without a session", () => {
  test("console pages redirect (303) to /login remembering the page; the login page itself is public", async () => {
    const b = browser();
    for (const path of ["/", "/stations", "/stations?connected=yes", "/stations/CP-1", "/fragments/dashboard"]) {
      const response = await b.get(path);
      expect(response.status).toBe(303);
      expect(response.headers.get("location")).toBe(`/login?next=${encodeURIComponent(path)}`);
    }
    const login = await b.get("/login");
    expect(login.status).toBe(200);
    expect(login.headers.get("cache-control")).toBe("no-store");
    const html = await login.text();
    expect(html).toContain('<label for="field-username">');
    expect(html).toContain('<label for="field-password">');
  });

  test("htmx requests get HX-Redirect instead of a page swap; a POST is redirected without a next", async () => {
    const b = browser();
    const fragment = await b.get("/fragments/dashboard", { "HX-Request": "true" });
    expect(fragment.status).toBe(401);
    expect(fragment.headers.get("hx-redirect")).toBe("/login?next=%2Ffragments%2Fdashboard");
    const post = await b.post("/stations", { id: "X" });
    expect(post.status).toBe(303);
    expect(post.headers.get("location")).toBe("/login");
  });

  test("API, OCPP, health and static paths are untouched by the console", async () => {
    expect((await fetch(`${t.joule.httpUrl}/health`)).status).toBe(200);
    expect((await fetch(`${t.joule.httpUrl}/api/v1/stations`)).status).toBe(401);
    expect((await t.api("GET", "/api/v1/stations")).status).toBe(200);
    expect((await t.api("POST", "/api/v1/stations", { id: "API-1" })).status).toBe(201);
    expect((await fetch(`${t.joule.httpUrl}/ocpp/API-1`)).status).toBe(426);
    const css = await fetch(`${t.joule.httpUrl}/public/console.css`);
    expect(css.status).toBe(200);
    expect(css.headers.get("content-type")).toStartWith("text/css");
    const htmx = await fetch(`${t.joule.httpUrl}/public/htmx.min.js`);
    expect(htmx.status).toBe(200);
    expect(await htmx.text()).toContain("htmx");
    expect((await fetch(`${t.joule.httpUrl}/public/..%2Fpackage.json`)).status).toBe(404);
    expect((await fetch(`${t.joule.httpUrl}/public/.env`)).status).toBe(404);
  });
});

describe("login", () => {
  test("a wrong password shows a message, sets no session and is audited", async () => {
    const b = browser();
    const response = await b.login("admin", "not the password");
    expect(response.status).toBe(401);
    const html = await response.text();
    expect(html).toContain("Wrong user name or password");
    expect(html).toContain('value="admin"');
    expect(b.cookies.has("joule_session")).toBe(false);
    expect((await b.get("/")).status).toBe(303);
    const audit = await t.joule.services.database.client.execute("SELECT kind, actor FROM audit_log WHERE kind = 'operator_login_failed'");
    expect(audit.rows.length).toBeGreaterThan(0);
  });

  test("an unknown user gets the same answer", async () => {
    const response = await browser().login("nobody", "whatever");
    expect(response.status).toBe(401);
    expect(await response.text()).toContain("Wrong user name or password");
  });

  test("empty fields are named next to the field", async () => {
    const response = await browser().login("", "");
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toContain('id="field-username-error"');
    expect(html).toContain("Enter your user name");
    expect(html).toContain('aria-invalid="true"');
  });

  test("success sets an HttpOnly, SameSite session cookie (not Secure over http), then pages are no-store", async () => {
    const b = browser();
    const response = await b.login("admin", adminPassword);
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe("/");
    const cookie = b.lastSetCookies.find((line) => line.startsWith("joule_session="))!;
    expect(cookie).toBeString();
    expect(cookie).toMatch(/;\s*HttpOnly/i);
    expect(cookie).toMatch(/;\s*SameSite=(Lax|Strict)/i);
    expect(cookie).toMatch(/;\s*Path=\//i);
    expect(cookie).toMatch(/;\s*Max-Age=43200/i);
    expect(cookie).not.toMatch(/;\s*Secure/i);
    // Only the SHA-256 of the token is stored.
    const token = b.cookies.get("joule_session")!;
    expect(token.length).toBeGreaterThanOrEqual(43);
    const stored = await t.joule.services.database.client.execute("SELECT token_hash FROM operator_sessions");
    const hash = new Bun.CryptoHasher("sha256").update(token).digest("hex");
    expect(stored.rows.map((r) => r.token_hash)).toContain(hash);
    expect(stored.rows.map((r) => r.token_hash)).not.toContain(token);

    const dashboard = await b.get("/");
    expect(dashboard.status).toBe(200);
    expect(dashboard.headers.get("cache-control")).toBe("no-store");
    expect(dashboard.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
    const html = await dashboard.text();
    expect(html).toStartWith("<!DOCTYPE html>");
    expect(html).toContain("admin");
    expect(html).toContain('href="#main"');
    expect(html).toContain('src="/public/htmx.min.js"');
  });

  test("over https (the wss:// listener) the cookie is also Secure", async () => {
    const ca = await (await t.api("GET", "/api/v1/ca")).text();
    const b = new Browser(`https://127.0.0.1:${t.joule.httpsPort}`, { tls: { ca } });
    const response = await b.login("admin", adminPassword);
    expect(response.status).toBe(303);
    const cookie = b.lastSetCookies.find((line) => line.startsWith("joule_session="))!;
    expect(cookie).toMatch(/;\s*Secure/i);
    expect(cookie).toMatch(/;\s*HttpOnly/i);
    expect((await b.get("/")).status).toBe(200);
  });

  test("next brings the operator back to the page; an open-redirect attempt is ignored", async () => {
    const b = browser();
    const back = await b.login("admin", adminPassword, "/stations?connected=yes");
    expect(back.headers.get("location")).toBe("/stations?connected=yes");
    for (const evil of ["//evil.example", "https://evil.example/x", "/\\evil.example"]) {
      const c = browser();
      const form = await (await c.get(`/login?next=${encodeURIComponent(evil)}`)).text();
      expect(form).not.toContain("evil.example");
      const response = await c.post("/login", { _csrf: csrfOf(form), username: "admin", password: adminPassword, next: evil });
      expect(response.status).toBe(303);
      expect(response.headers.get("location")).toBe("/");
    }
  });

  test("the login form needs its own token (login CSRF) and this site's Origin", async () => {
    const b = browser();
    await b.get("/login");
    expect((await b.post("/login", { username: "admin", password: adminPassword })).status).toBe(403);
    expect((await b.post("/login", { _csrf: "forged", username: "admin", password: adminPassword })).status).toBe(403);
    const form = await (await b.get("/login")).text();
    const crossSite = await b.post("/login", { _csrf: csrfOf(form), username: "admin", password: adminPassword }, { origin: "https://evil.example" });
    expect(crossSite.status).toBe(403);
    expect(b.cookies.has("joule_session")).toBe(false);
  });

  test("a second load of the login page (another tab, a favicon bounced here) keeps the first form valid", async () => {
    const b = browser();
    const form = await (await b.get("/login")).text();
    await b.get("/login?next=%2Ffavicon.ico");
    const response = await b.post("/login", { _csrf: csrfOf(form), username: "admin", password: adminPassword });
    expect(response.status).toBe(303);
    expect(b.cookies.has("joule_session")).toBe(true);
  });

});

describe("with a session", () => {
  test("CSRF: a state-changing request without the token or with a wrong one gets 403, with it succeeds", async () => {
    const b = browser();
    await b.login("admin", adminPassword);
    const token = await b.csrf("/stations");
    expect((await b.post("/stations", { id: "CSRF-1" })).status).toBe(403);
    expect((await b.post("/stations", { id: "CSRF-1", _csrf: "x".repeat(token.length) })).status).toBe(403);
    expect((await b.post("/stations", { id: "CSRF-1" }, { "X-CSRF-Token": "wrong" })).status).toBe(403);
    expect((await t.api("GET", "/api/v1/stations/CSRF-1")).status).toBe(404);
    // Another session's token does not work either.
    const other = browser();
    await other.login("admin", adminPassword);
    expect((await b.post("/stations", { id: "CSRF-1", _csrf: await other.csrf() })).status).toBe(403);
    // The right token, as a form field or as htmx's header.
    const created = await b.post("/stations", { id: "CSRF-1", _csrf: token });
    expect(created.status).toBe(303);
    expect(created.headers.get("location")).toBe("/stations/CSRF-1");
    expect((await b.post("/stations", { id: "CSRF-2" }, { "X-CSRF-Token": token })).status).toBe(303);
    // A cross-site Origin is refused even with the token.
    expect((await b.post("/stations", { id: "CSRF-3", _csrf: token }, { origin: "https://evil.example" })).status).toBe(403);
    expect((await t.api("GET", "/api/v1/stations/CSRF-3")).status).toBe(404);
  });

  test("a viewer reads the console but is refused (403) on admin actions", async () => {
    const b = browser();
    expect((await b.login("watcher", "viewer password 123")).status).toBe(303);
    const list = await b.get("/stations");
    expect(list.status).toBe(200);
    const html = await list.text();
    expect(html).toContain("watcher");
    expect(html).not.toContain("Add a station");
    const token = await b.csrf("/stations");
    const refused = await b.post("/stations", { id: "VIEWER-1", _csrf: token });
    expect(refused.status).toBe(403);
    expect((await t.api("GET", "/api/v1/stations/VIEWER-1")).status).toBe(404);
  });

  test("logout ends the session: the old cookie no longer opens a page", async () => {
    const b = browser();
    await b.login("admin", adminPassword);
    const cookie = b.cookies.get("joule_session")!;
    const token = await b.csrf();
    expect((await b.post("/logout", {})).status).toBe(403);
    const out = await b.post("/logout", { _csrf: token });
    expect(out.status).toBe(303);
    expect(out.headers.get("location")).toBe("/login");
    expect(b.cookies.has("joule_session")).toBe(false);
    const replay = await fetch(`${t.joule.httpUrl}/`, { headers: { cookie: `joule_session=${cookie}` }, redirect: "manual" });
    expect(replay.status).toBe(303);
  });

  test("an expired session no longer opens a page", async () => {
    const b = browser();
    await b.login("admin", adminPassword);
    const hash = new Bun.CryptoHasher("sha256").update(b.cookies.get("joule_session")!).digest("hex");
    await t.joule.services.database.client.execute({
      sql: "UPDATE operator_sessions SET expires_at = ? WHERE token_hash = ?",
      args: [new Date(Date.now() - 1000).toISOString(), hash],
    });
    expect((await b.get("/")).status).toBe(303);
  });
});

// Last: the throttle slows every later login from 127.0.0.1.
describe("login throttling", () => {
  test("failures are throttled: after a few, every further attempt waits longer", async () => {
    const b = browser();
    for (let i = 0; i < 5; i++) expect((await b.login("throttled-user", "wrong")).status).toBe(401);
    const started = performance.now();
    expect((await b.login("throttled-user", "wrong")).status).toBe(401);
    expect(performance.now() - started).toBeGreaterThanOrEqual(200);
  });
});
