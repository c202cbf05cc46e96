// Console account pages over real HTTP: own password (/account), operator management (/operators) and API tokens
// (/api-tokens), with their effects on sessions, logins, the JSON API and the audit log.
import { afterAll, beforeAll, beforeEach, describe, expect, test } from "bun:test";
import { createOperator, disableOperator } from "../db/operators.ts";
import { FailureThrottle } from "../lib/security/throttle.ts";
import { Browser, decodeEntities } from "./support/browser.ts";
import { apiToken, startTestJoule, type TestJoule } from "./support/joule.ts";

const adminPassword = "admin password for tests";
const viewerPassword = "viewer password 123";
let t: TestJoule;

async function addOperator(target: TestJoule, username: string, password: string, role: "admin" | "viewer") {
  const created = await createOperator(target.joule.services.database.db, {
    username,
    passwordHash: await Bun.password.hash(password),
    role,
  });
  return created!.id;
}

beforeAll(async () => {
  t = await startTestJoule({ JOULE_ADMIN_PASSWORD: adminPassword });
  await addOperator(t, "watcher", viewerPassword, "viewer");
});
afterAll(() => t.stop());
// Tests log in with wrong passwords on purpose; start each with a clean throttle so that none waits for another's.
beforeEach(() => {
  t.joule.services.loginThrottle = new FailureThrottle({ maxStationDelayMs: 5_000 });
});

async function loggedIn(username: string, password: string, target = t): Promise<Browser> {
  const b = new Browser(target.joule.httpUrl);
  const response = await b.login(username, password);
  expect(response.status).toBe(303);
  return b;
}
const admin = (target = t) => loggedIn("admin", adminPassword, target);

async function sql(query: string, args: (string | number)[] = [], target = t) {
  return (await target.joule.services.database.client.execute({ sql: query, args })).rows;
}

async function auditRows(kind: string, target = t) {
  return sql("SELECT actor, reason, address FROM audit_log WHERE kind = ? ORDER BY id", [kind], target);
}

/** The text of the error tied to a field (`aria-describedby` -> `field-<name>-error`). */
function fieldError(html: string, name: string): string | undefined {
  const match = new RegExp(`<p id="field-${name}-error" class="error">([^<]*)</p>`).exec(html);
  return match ? decodeEntities(match[1]!) : undefined;
}

/** The one-time secret of a result page. */
function secretOf(html: string): string {
  const secret = /<p class="secret" id="[^"]+"><code>([^<]+)<\/code><\/p>/.exec(html)?.[1];
  if (!secret) throw new Error(`no secret in:\n${html.slice(0, 800)}`);
  return decodeEntities(secret);
}

async function operatorId(username: string, target = t): Promise<number> {
  const [row] = await sql("SELECT id FROM operators WHERE username = ?", [username], target);
  return Number(row!.id);
}

async function sessionCount(username: string): Promise<number> {
  const [row] = await sql(
    "SELECT count(*) AS n FROM operator_sessions s JOIN operators o ON o.id = s.operator_id WHERE o.username = ?",
    [username],
  );
  return Number(row!.n);
}

/** Whether the browser's session still opens a console page. */
async function stillLoggedIn(b: Browser): Promise<boolean> {
  const response = await b.get("/account");
  if (response.status === 200) return true;
  expect(response.status).toBe(303);
  expect(response.headers.get("location")).toStartWith("/login");
  return false;
}

async function canLogIn(username: string, password: string, target = t): Promise<boolean> {
  const response = await new Browser(target.joule.httpUrl).login(username, password);
  return response.status === 303;
}

// ---- /account -------------------------------------------------------------------------------------------------------

describe("/account", () => {
  test("every operator sees their account and the password form with labelled fields", async () => {
    for (const [user, password, role] of [
      ["admin", adminPassword, "admin"],
      ["watcher", viewerPassword, "viewer"],
    ] as const) {
      const b = await loggedIn(user, password);
      const response = await b.get("/account");
      expect(response.status).toBe(200);
      expect(response.headers.get("cache-control")).toBe("no-store");
      const html = await response.text();
      expect(html).toContain("<h1>Your account</h1>");
      expect(html).toContain(`<dd>${user}</dd>`);
      expect(html).toContain(`<dd>${role}</dd>`);
      for (const field of ["currentPassword", "newPassword", "repeatPassword"]) expect(html).toContain(`<label for="field-${field}">`);
      expect(html).toContain('aria-current="page"');
    }
  });

  test("invalid input is refused (400) with the error next to its field; the password stays", async () => {
    await addOperator(t, "pat", "pat password 0001", "viewer");
    const b = await loggedIn("pat", "pat password 0001");
    const csrf = await b.csrf("/account");
    const cases: [Record<string, string>, string, string][] = [
      [{ currentPassword: "pat password 0001", newPassword: "short", repeatPassword: "short" }, "newPassword", "At least 12 characters"],
      [{ currentPassword: "pat password 0001", newPassword: "long enough password", repeatPassword: "long enough passw0rd" }, "repeatPassword", "The two new passwords differ"],
      [{ currentPassword: "", newPassword: "long enough password", repeatPassword: "long enough password" }, "currentPassword", "Enter your current password"],
      [{ currentPassword: "not my password!", newPassword: "long enough password", repeatPassword: "long enough password" }, "currentPassword", "This is not your current password"],
    ];
    for (const [form, field, message] of cases) {
      const response = await b.post("/account", { _csrf: csrf, ...form });
      expect(response.status).toBe(400);
      const html = await response.text();
      expect(fieldError(html, field)).toBe(message);
      expect(html).toMatch(new RegExp(`aria-describedby="[^"]*field-${field}-error"`));
      // Passwords are never echoed back into the form.
      expect(html).not.toContain("long enough password");
    }
    expect(await canLogIn("pat", "pat password 0001")).toBe(true);
    expect(await auditRows("operator_password_changed")).toHaveLength(0);
  });

  test("without the CSRF token the change is refused (403) and nothing changes", async () => {
    const b = await loggedIn("watcher", viewerPassword);
    const form = { currentPassword: viewerPassword, newPassword: "a brand new password", repeatPassword: "a brand new password" };
    expect((await b.post("/account", form)).status).toBe(403);
    expect((await b.post("/account", { ...form, _csrf: "forged" })).status).toBe(403);
    expect(await canLogIn("watcher", viewerPassword)).toBe(true);
  });

  test("a change keeps this session, ends the operator's other sessions, is audited without the password", async () => {
    await addOperator(t, "sam", "sam old password", "viewer");
    const here = await loggedIn("sam", "sam old password");
    const elsewhere = await loggedIn("sam", "sam old password");
    const bystander = await loggedIn("watcher", viewerPassword);
    expect(await sessionCount("sam")).toBe(2);

    const response = await here.post("/account", {
      _csrf: await here.csrf("/account"),
      currentPassword: "sam old password",
      newPassword: "sam new password!",
      repeatPassword: "sam new password!",
    });
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe("/account?changed=1");
    const after = await here.get("/account?changed=1");
    expect(after.status).toBe(200);
    expect(await after.text()).toContain("Password changed.");

    expect(await stillLoggedIn(here)).toBe(true);
    expect(await stillLoggedIn(elsewhere)).toBe(false);
    expect(await stillLoggedIn(bystander)).toBe(true);
    expect(await sessionCount("sam")).toBe(1);
    expect(await canLogIn("sam", "sam old password")).toBe(false);
    expect(await canLogIn("sam", "sam new password!")).toBe(true);

    const audit = await auditRows("operator_password_changed");
    expect(audit).toHaveLength(1);
    expect(audit[0]!.actor).toBe("operator:sam");
    const everything = JSON.stringify(await sql("SELECT * FROM audit_log")) + t.logLines.join("\n");
    expect(everything).not.toContain("sam new password!");
    expect(everything).not.toContain("sam old password");
  });

  test("wrong current passwords are throttled like logins (Services.loginThrottle)", async () => {
    const throttle = t.joule.services.loginThrottle;
    await addOperator(t, "guessed", "guessed password 1", "viewer");
    const b = await loggedIn("guessed", "guessed password 1");
    const csrf = await b.csrf("/account");
    expect(throttle.delayMs("127.0.0.1", "guessed")).toBe(0);
    for (let i = 0; i < 6; i++) {
      const response = await b.post("/account", {
        _csrf: csrf,
        currentPassword: `guess number ${i}`,
        newPassword: "long enough password",
        repeatPassword: "long enough password",
      });
      expect(response.status).toBe(400);
    }
    expect(throttle.delayMs("10.9.9.9", "guessed")).toBeGreaterThan(0);
    expect(throttle.delayMs("127.0.0.1", "someone else")).toBeGreaterThan(0);
  });

  test("failed logins count in the throttle of this Joule's Services, not in another Joule's", async () => {
    const other = await startTestJoule({ JOULE_ADMIN_PASSWORD: adminPassword });
    try {
      for (let i = 0; i < 6; i++) expect(await canLogIn("admin", `wrong ${i}`)).toBe(false);
      expect(t.joule.services.loginThrottle.delayMs("127.0.0.1", "admin")).toBeGreaterThan(0);
      expect(other.joule.services.loginThrottle).not.toBe(t.joule.services.loginThrottle);
      expect(other.joule.services.loginThrottle.delayMs("127.0.0.1", "admin")).toBe(0);
    } finally {
      await other.stop();
    }
  });
});

// ---- /operators -----------------------------------------------------------------------------------------------------

describe("/operators", () => {
  test("a viewer gets 403 on the pages and on every action, and does not see the nav entry", async () => {
    const b = await loggedIn("watcher", viewerPassword);
    const csrf = await b.csrf("/account");
    expect(await (await b.get("/account")).text()).not.toContain('href="/operators"');
    const adminId = await operatorId("admin");
    expect((await b.get("/operators")).status).toBe(403);
    expect((await b.get(`/operators/${adminId}`)).status).toBe(403);
    const before = await sql("SELECT id, role, disabled_at, password_hash FROM operators ORDER BY id");
    expect((await b.post("/operators", { _csrf: csrf, username: "intruder", role: "admin", password: "intruder password" })).status).toBe(403);
    expect((await b.post(`/operators/${adminId}/role`, { _csrf: csrf, role: "viewer" })).status).toBe(403);
    expect((await b.post(`/operators/${adminId}/disable`, { _csrf: csrf })).status).toBe(403);
    expect((await b.post(`/operators/${adminId}/enable`, { _csrf: csrf })).status).toBe(403);
    expect((await b.post(`/operators/${adminId}/reset-password`, { _csrf: csrf })).status).toBe(403);
    expect(await sql("SELECT id, role, disabled_at, password_hash FROM operators ORDER BY id")).toEqual(before);
  });

  test("an admin sees every operator with role, status and creation time, in a table with headers", async () => {
    const b = await admin();
    const response = await b.get("/operators");
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    const html = await response.text();
    expect(html).toContain("<h1>Operators</h1>");
    for (const header of ["User name", "Role", "Status", "Created"]) expect(html).toContain(`<th scope="col">${header}</th>`);
    expect(html).toContain(`<a href="/operators/${await operatorId("watcher")}">watcher</a>`);
    expect(html).toMatch(/>admin<\/a><span class="muted"> \(you\)<\/span>/);
    expect(html).toContain('<label for="field-username">');
    expect(html).toContain('<label for="field-password">');
    expect(html).not.toContain("password_hash");
    expect(html).not.toContain("$argon2");
  });

  test("create with a password the admin enters: the operator logs in with it; audited", async () => {
    const b = await admin();
    const response = await b.post("/operators", {
      _csrf: await b.csrf("/operators"),
      username: "casey",
      role: "viewer",
      password: "casey's own password",
    });
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain("casey can now log in as viewer");
    expect(html).not.toContain('class="secret"');
    expect(html).not.toContain("casey&#39;s own password");
    expect(await canLogIn("casey", "casey's own password")).toBe(true);
    const [row] = await sql("SELECT role, disabled_at FROM operators WHERE username = 'casey'");
    expect(row).toMatchObject({ role: "viewer", disabled_at: null });
    const audit = await auditRows("operator_created");
    expect(audit.at(-1)).toMatchObject({ actor: "operator:admin", reason: "created operator casey (viewer)" });
  });

  test("create without a password: one is generated and shown once; only its hash is stored", async () => {
    const b = await admin();
    const response = await b.post("/operators", { _csrf: await b.csrf("/operators"), username: "dana", role: "admin", password: "" });
    expect(response.status).toBe(200);
    const password = secretOf(await response.text());
    expect(password.length).toBeGreaterThanOrEqual(20);
    expect(await canLogIn("dana", password)).toBe(true);
    const [row] = await sql("SELECT role, password_hash FROM operators WHERE username = 'dana'");
    expect(row!.role).toBe("admin");
    expect(String(row!.password_hash)).not.toContain(password);
    expect(await (await b.get("/operators")).text()).not.toContain(password);
    expect(await (await b.get(`/operators/${await operatorId("dana")}`)).text()).not.toContain(password);
    expect(JSON.stringify(await sql("SELECT * FROM audit_log")) + t.logLines.join("\n")).not.toContain(password);
  });

  test("invalid input is refused (400) with errors next to the fields, the values kept and nothing created", async () => {
    const b = await admin();
    const csrf = await b.csrf("/operators");
    const count = async () => Number((await sql("SELECT count(*) AS n FROM operators"))[0]!.n);
    const before = await count();
    const cases: [Record<string, string>, string, string][] = [
      [{ username: "", role: "viewer", password: "" }, "username", "Enter a user name"],
      [{ username: "bad name<b>", role: "viewer", password: "" }, "username", "Use letters, digits and . _ - @ only"],
      [{ username: "x".repeat(65), role: "viewer", password: "" }, "username", "At most 64 characters"],
      [{ username: "WATCHER", role: "viewer", password: "" }, "username", "An operator named WATCHER exists already"],
      [{ username: "newbie", role: "root", password: "" }, "role", "Choose admin or viewer"],
      [{ username: "newbie", role: "viewer", password: "too short" }, "password", "At least 12 characters"],
    ];
    for (const [form, field, message] of cases) {
      const response = await b.post("/operators", { _csrf: csrf, ...form });
      expect(response.status).toBe(400);
      const html = await response.text();
      expect(fieldError(html, field)).toBe(message);
      if (form.username === "bad name<b>") {
        expect(html).toContain('value="bad name&lt;b&gt;"');
        expect(html).not.toContain("bad name<b>");
      }
    }
    expect(await count()).toBe(before);
  });

  test("without the CSRF token creation is refused (403)", async () => {
    const b = await admin();
    expect((await b.post("/operators", { username: "sneaky", role: "admin", password: "sneaky password" })).status).toBe(403);
    expect(await sql("SELECT id FROM operators WHERE username = 'sneaky'")).toHaveLength(0);
  });

  test("the detail page shows the operator and its actions; unknown ids give 404", async () => {
    const b = await admin();
    const id = await operatorId("watcher");
    const response = await b.get(`/operators/${id}`);
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain("<h1>Operator watcher</h1>");
    expect(html).toContain(`action="/operators/${id}/role"`);
    expect(html).toContain(`action="/operators/${id}/disable"`);
    expect(html).toContain(`action="/operators/${id}/reset-password"`);
    expect(html).toContain("<details class=\"confirm\"><summary>Disable watcher</summary>");
    // An admin's own page has no disable action.
    const own = await (await b.get(`/operators/${await operatorId("admin")}`)).text();
    expect(own).toContain("You cannot disable yourself.");
    expect(own).not.toContain("/disable");
    for (const path of ["/operators/99999", "/operators/abc", "/operators/0"]) expect((await b.get(path)).status).toBe(404);
    expect((await b.post("/operators/99999/role", { _csrf: await b.csrf(), role: "admin" })).status).toBe(404);
  });

  test("role change takes effect on the operator's next request; audited", async () => {
    const id = await addOperator(t, "riley", "riley password 1", "viewer");
    const riley = await loggedIn("riley", "riley password 1");
    expect((await riley.get("/operators")).status).toBe(403);
    const b = await admin();
    const csrf = await b.csrf();
    const invalid = await b.post(`/operators/${id}/role`, { _csrf: csrf, role: "superuser" });
    expect(invalid.status).toBe(400);
    expect(fieldError(await invalid.text(), "role")).toBe("Choose admin or viewer");

    const response = await b.post(`/operators/${id}/role`, { _csrf: csrf, role: "admin" });
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe(`/operators/${id}?done=role`);
    expect(await (await b.get(`/operators/${id}?done=role`)).text()).toContain("Role changed.");
    expect((await sql("SELECT role FROM operators WHERE id = ?", [id]))[0]!.role).toBe("admin");
    expect((await riley.get("/operators")).status).toBe(200);
    expect((await auditRows("operator_role_changed")).at(-1)).toMatchObject({ actor: "operator:admin", reason: "riley: viewer -> admin" });
    // Without the token: refused, no change.
    expect((await b.post(`/operators/${id}/role`, { role: "viewer" })).status).toBe(403);
    expect((await sql("SELECT role FROM operators WHERE id = ?", [id]))[0]!.role).toBe("admin");
  });

  test("disabling logs the operator out at once and refuses their logins; enabling lets them in again", async () => {
    const id = await addOperator(t, "morgan", "morgan password", "viewer");
    const morgan = await loggedIn("morgan", "morgan password");
    const b = await admin();
    const csrf = await b.csrf();
    expect((await b.post(`/operators/${id}/disable`, {})).status).toBe(403);
    expect(await stillLoggedIn(morgan)).toBe(true);

    const response = await b.post(`/operators/${id}/disable`, { _csrf: csrf });
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe(`/operators/${id}?done=disabled`);
    expect(await stillLoggedIn(morgan)).toBe(false);
    expect(await sessionCount("morgan")).toBe(0);
    expect(await canLogIn("morgan", "morgan password")).toBe(false);
    const page = await (await b.get(`/operators/${id}?done=disabled`)).text();
    expect(page).toContain("Operator disabled; their sessions were ended.");
    expect(page).toContain('<span class="state off">Disabled</span>');
    expect((await auditRows("operator_disabled")).at(-1)).toMatchObject({ actor: "operator:admin", reason: "disabled operator morgan; sessions ended" });

    const enabled = await b.post(`/operators/${id}/enable`, { _csrf: csrf });
    expect(enabled.status).toBe(303);
    expect(await canLogIn("morgan", "morgan password")).toBe(true);
    expect((await auditRows("operator_enabled")).at(-1)).toMatchObject({ actor: "operator:admin", reason: "enabled operator morgan" });
  });

  test("an operator cannot disable themselves", async () => {
    await addOperator(t, "selfish", "selfish password", "admin");
    const b = await loggedIn("selfish", "selfish password");
    const id = await operatorId("selfish");
    const response = await b.post(`/operators/${id}/disable`, { _csrf: await b.csrf() });
    expect(response.status).toBe(409);
    expect(await response.text()).toContain("You cannot disable yourself: ask another admin");
    expect((await sql("SELECT disabled_at FROM operators WHERE id = ?", [id]))[0]!.disabled_at).toBeNull();
    expect(await stillLoggedIn(b)).toBe(true);
  });

  test("password reset: generated, shown once, the operator's sessions end, audited without the password", async () => {
    const id = await addOperator(t, "jules", "jules password 1", "viewer");
    const jules = await loggedIn("jules", "jules password 1");
    const b = await admin();
    expect((await b.post(`/operators/${id}/reset-password`, {})).status).toBe(403);
    expect(await stillLoggedIn(jules)).toBe(true);

    const response = await b.post(`/operators/${id}/reset-password`, { _csrf: await b.csrf() });
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    const password = secretOf(await response.text());
    expect(await stillLoggedIn(jules)).toBe(false);
    expect(await stillLoggedIn(b)).toBe(true);
    expect(await canLogIn("jules", "jules password 1")).toBe(false);
    expect(await canLogIn("jules", password)).toBe(true);
    const audit = (await auditRows("operator_password_reset")).at(-1)!;
    expect(audit).toMatchObject({ actor: "operator:admin", reason: "reset the password of jules; their sessions ended" });
    expect(JSON.stringify(await sql("SELECT * FROM audit_log")) + t.logLines.join("\n")).not.toContain(password);
  });
});

describe("the last enabled admin", () => {
  let solo: TestJoule;
  beforeAll(async () => {
    solo = await startTestJoule({ JOULE_ADMIN_PASSWORD: adminPassword });
  });
  afterAll(() => solo.stop());

  const roleOf = async (id: number) => (await sql("SELECT role, disabled_at FROM operators WHERE id = ?", [id], solo))[0];

  test("is never demoted (a disabled admin does not count); with another enabled admin it may be", async () => {
    const b = await admin(solo);
    const csrf = await b.csrf();
    const adminId = await operatorId("admin", solo);
    const demote = await b.post(`/operators/${adminId}/role`, { _csrf: csrf, role: "viewer" });
    expect(demote.status).toBe(409);
    expect(fieldError(await demote.text(), "role")).toBe("This is the last enabled admin: make another operator admin first");
    expect(await roleOf(adminId)).toMatchObject({ role: "admin", disabled_at: null });

    const backupId = await addOperator(solo, "backup", "backup password", "admin");
    await solo.joule.services.database.client.execute({
      sql: "UPDATE operators SET disabled_at = '2020-01-01T00:00:00.000Z' WHERE id = ?",
      args: [backupId],
    });
    expect((await b.post(`/operators/${adminId}/role`, { _csrf: csrf, role: "viewer" })).status).toBe(409);
    expect(await roleOf(adminId)).toMatchObject({ role: "admin" });

    expect((await b.post(`/operators/${backupId}/enable`, { _csrf: csrf })).status).toBe(303);
    expect((await b.post(`/operators/${adminId}/role`, { _csrf: csrf, role: "viewer" })).status).toBe(303);
    expect(await roleOf(adminId)).toMatchObject({ role: "viewer" });
    // The demoted admin's session is a viewer's from its next request on.
    expect((await b.get("/operators")).status).toBe(403);

    // Now "backup" is the last enabled admin.
    const backup = await loggedIn("backup", "backup password", solo);
    const selfDemote = await backup.post(`/operators/${backupId}/role`, { _csrf: await backup.csrf(), role: "viewer" });
    expect(selfDemote.status).toBe(409);
    expect(await roleOf(backupId)).toMatchObject({ role: "admin", disabled_at: null });
    expect((await auditRows("operator_role_changed", solo)).map((r) => r.reason)).toEqual(["admin: admin -> viewer"]);
  });

  test("is never disabled: the guard holds in the database statement itself, not only in the page", async () => {
    const backupId = await operatorId("backup", solo);
    const backup = await loggedIn("backup", "backup password", solo);
    const self = await backup.post(`/operators/${backupId}/disable`, { _csrf: await backup.csrf() });
    expect(self.status).toBe(409);
    expect(await self.text()).toContain("You cannot disable yourself");
    // No session can reach the last-admin case (only that admin could ask, and it may not disable itself), so the
    // statement is checked directly: it refuses, and with a second enabled admin it disables and ends the sessions.
    const { db } = solo.joule.services.database;
    expect(await disableOperator(db, backupId, new Date().toISOString())).toBe("last-admin");
    expect(await roleOf(backupId)).toMatchObject({ disabled_at: null });
    expect(await stillLoggedIn(backup)).toBe(true);
    await addOperator(solo, "third", "third admin password", "admin");
    expect(await disableOperator(db, backupId, new Date().toISOString())).toBe("ok");
    expect(await stillLoggedIn(backup)).toBe(false);
  });
});

// ---- /api-tokens ----------------------------------------------------------------------------------------------------

async function tokenId(name: string, target = t): Promise<number> {
  const [row] = await sql("SELECT id FROM api_tokens WHERE name = ?", [name], target);
  return Number(row!.id);
}

describe("/api-tokens", () => {
  test("a viewer gets 403 on the page and the actions", async () => {
    const b = await loggedIn("watcher", viewerPassword);
    const csrf = await b.csrf("/account");
    expect((await b.get("/api-tokens")).status).toBe(403);
    expect((await b.post("/api-tokens", { _csrf: csrf, name: "viewer's" })).status).toBe(403);
    expect((await b.post(`/api-tokens/${await tokenId("JOULE_API_TOKEN")}/revoke`, { _csrf: csrf })).status).toBe(403);
    expect(await sql("SELECT name FROM api_tokens ORDER BY id")).toEqual([{ name: "JOULE_API_TOKEN" }] as never);
    expect((await t.api("GET", "/api/v1/stations")).status).toBe(200);
  });

  test("an admin sees the tokens by name and creation time, never a hash", async () => {
    const b = await admin();
    const response = await b.get("/api-tokens");
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    const html = await response.text();
    expect(html).toContain("<h1>API tokens</h1>");
    expect(html).toContain("<td>JOULE_API_TOKEN</td>");
    for (const header of ["Name", "Created", "Action"]) expect(html).toContain(`<th scope="col">${header}</th>`);
    const [row] = await sql("SELECT token_hash FROM api_tokens");
    expect(html).not.toContain(String(row!.token_hash));
    expect(html).not.toContain(apiToken);
    expect(html).toContain('<label for="field-name">');
  });

  test("invalid names are refused (400) next to the field; without CSRF 403; nothing is created", async () => {
    const b = await admin();
    const csrf = await b.csrf("/api-tokens");
    for (const [name, message] of [
      ["", "Name the token after the client that will use it"],
      ["   ", "Name the token after the client that will use it"],
      ["x".repeat(101), "At most 100 characters"],
      ["JOULE_API_TOKEN", "A token named JOULE_API_TOKEN exists already"],
    ]) {
      const response = await b.post("/api-tokens", { _csrf: csrf, name: name! });
      expect(response.status).toBe(400);
      expect(fieldError(await response.text(), "name")).toBe(message!);
    }
    expect((await b.post("/api-tokens", { name: "no csrf" })).status).toBe(403);
    expect(await sql("SELECT name FROM api_tokens")).toHaveLength(1);
  });

  test("a created token is shown once and works at once; revoked, it gets 401 at once; both audited", async () => {
    const b = await admin();
    const response = await b.post("/api-tokens", { _csrf: await b.csrf("/api-tokens"), name: "billing <export>" });
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain("API token billing &lt;export&gt; created");
    expect(html).not.toContain("<export>");
    const token = secretOf(html);
    expect(token.length).toBeGreaterThanOrEqual(40);

    expect((await t.api("GET", "/api/v1/stations", undefined, token)).status).toBe(200);
    const list = await (await b.get("/api-tokens")).text();
    expect(list).toContain("<td>billing &lt;export&gt;</td>");
    expect(list).not.toContain(token);
    const [stored] = await sql("SELECT token_hash FROM api_tokens WHERE name = 'billing <export>'");
    expect(String(stored!.token_hash)).not.toContain(token);

    const id = await tokenId("billing <export>");
    expect(list).toContain(`action="/api-tokens/${id}/revoke"`);
    expect(list).toContain("Clients using billing &lt;export&gt; get 401 from the JSON API from their next request on.");
    // Two tokens: no last-token warning.
    expect(list).not.toContain("It is the last API token");
    expect(list).toContain("It is set by JOULE_API_TOKEN and is stored again at the next start");

    expect((await b.post(`/api-tokens/${id}/revoke`, {})).status).toBe(403);
    expect((await t.api("GET", "/api/v1/stations", undefined, token)).status).toBe(200);

    const revoke = await b.post(`/api-tokens/${id}/revoke`, { _csrf: await b.csrf() });
    expect(revoke.status).toBe(303);
    expect(revoke.headers.get("location")).toBe("/api-tokens?revoked=1");
    expect(await (await b.get("/api-tokens?revoked=1")).text()).toContain("Token revoked");
    const refused = await t.api("GET", "/api/v1/stations", undefined, token);
    expect(refused.status).toBe(401);
    expect((await t.api("GET", "/api/v1/stations")).status).toBe(200);
    expect((await b.post(`/api-tokens/${id}/revoke`, { _csrf: await b.csrf() })).status).toBe(404);

    expect((await auditRows("api_token_created")).at(-1)).toMatchObject({ actor: "operator:admin", reason: "created API token billing <export>" });
    expect((await auditRows("api_token_revoked")).at(-1)).toMatchObject({ actor: "operator:admin", reason: "revoked API token billing <export>; 1 left" });
    expect(JSON.stringify(await sql("SELECT * FROM audit_log")) + t.logLines.join("\n")).not.toContain(token);
  });

  test("revoking the last token is allowed; the confirmation says the JSON API then refuses everything", async () => {
    const solo = await startTestJoule({ JOULE_ADMIN_PASSWORD: adminPassword });
    try {
      const b = await admin(solo);
      const html = await (await b.get("/api-tokens")).text();
      expect(html).toContain("It is the last API token: the JSON API refuses every request until you create a new one.");
      const id = await tokenId("JOULE_API_TOKEN", solo);
      expect((await b.post(`/api-tokens/${id}/revoke`, { _csrf: await b.csrf() })).status).toBe(303);
      expect((await solo.api("GET", "/api/v1/stations")).status).toBe(401);
      expect(await (await b.get("/api-tokens")).text()).toContain("No API token: the JSON API refuses every request.");
    } finally {
      await solo.stop();
    }
  });
});
