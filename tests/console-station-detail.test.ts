// The console's station detail page over real HTTP, with real ocpp-rpc stations (ws:// and wss:// with a client
// certificate): what the page shows, the edit form with errors next to its fields, the security actions and the
// station's answers to them, the installed-certificate inventory, deletion; CSRF and the viewer role refused.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { startTestConsole } from "./support/console.ts";
import { splitPemCertificates } from "../lib/pki/x509.ts";
import { passwordMatches } from "../lib/security/basicAuth.ts";
import { Browser, decodeEntities } from "./support/browser.ts";
import { bootPayload, closed, type Station, type TestJoule } from "./support/joule.ts";
import { clientCertificate, recordedStationCertificate } from "./support/pki.ts";

const password = "sixteen-byte-pwd";
let t: TestJoule;
let admin: Browser;
let viewer: Browser;
let caPems: string[];

beforeAll(async () => {
  // Calls time out after 1 s, so that a station that does not answer is quick to test.
  ({ t, admin, viewer } = await startTestConsole({ JOULE_CALL_TIMEOUT: "1" }));
  caPems = splitPemCertificates(await (await fetch(`${t.joule.httpUrl}/api/v1/ca`)).text());
});
afterAll(() => t.stop());

const href = (id: string) => `/stations/${encodeURIComponent(id)}`;

async function html(path: string, expectedStatus = 200, browser = admin): Promise<string> {
  const response = await browser.get(path);
  expect(response.status).toBe(expectedStatus);
  return response.text();
}

/** Posts a form of the detail page with the CSRF token, as the browser would. */
async function post(path: string, form: Record<string, string> = {}, browser = admin): Promise<Response> {
  return browser.post(path, { _csrf: await browser.csrf("/"), ...form });
}

/** The text of the page's notice (the outcome of the action just posted). */
const notice = (page: string) => decodeEntities(/<p class="notice[^"]*" role="(?:status|alert)">([^<]*)<\/p>/.exec(page)?.[1] ?? "");

async function createStation(body: Record<string, unknown>): Promise<void> {
  const response = await t.api("POST", "/api/v1/stations", body);
  if (response.status !== 201) throw new Error(`creating ${body.id}: ${response.status} ${await response.text()}`);
}

async function stationRow(id: string) {
  const rows = await t.joule.services.database.client.execute({ sql: "SELECT * FROM stations WHERE id = ?", args: [id] });
  return rows.rows[0] as unknown as Record<string, string | number | null> | undefined;
}

describe("what the page shows", () => {
  let cp: Station;
  beforeAll(async () => {
    await createStation({ id: "SHOW-1", description: "Car park level 2", securityProfile: 1, password, cpoName: "Show CPO" });
    cp = await t.connect("SHOW-1", { password });
    await cp.call("BootNotification", { ...bootPayload, firmwareVersion: "4.5.6", chargePointSerialNumber: "SN-991" });
    await cp.call("StatusNotification", { connectorId: 1, status: "Preparing", errorCode: "NoError" });
    await cp.call("StatusNotification", { connectorId: 1, status: "Faulted", errorCode: "GroundFailure", info: "ground fault seen" });
    const started = await cp.call("StartTransaction", { connectorId: 2, idTag: "TAG-SHOW", meterStart: 100, timestamp: new Date().toISOString() });
    await cp.call("StopTransaction", { transactionId: started.transactionId, meterStop: 1600, timestamp: new Date().toISOString() });
    await cp.call("SecurityEventNotification", { type: "FirmwareUpdated", timestamp: new Date().toISOString(), techInfo: "to 4.5.6" });
    const ca = t.joule.services.tls.material.ca;
    await recordedStationCertificate(t.joule.services.database.db, ca, "SHOW-1", { CN: "SHOW-1", O: "Show CPO" });
  });
  afterAll(() => cp.close());

  test("boot information, connection, connectors, security, transactions, status history, events, calls", async () => {
    const page = await html(href("SHOW-1"));
    expect(page).toContain("<h1>Station SHOW-1</h1>");
    expect(page).toContain("Car park level 2");
    // Boot information
    expect(page).toContain("<dd>4.5.6</dd>");
    expect(page).toContain("<dd>SN-991</dd>");
    // Connection (live part) and connectors
    expect(page).toContain('<span class="state on">Connected</span>');
    expect(page).toContain("<dd>ws</dd>");
    expect(page).toContain("<dd>none (plain ws://)</dd>");
    expect(page).toContain('hx-get="/fragments/stations/SHOW-1"');
    expect(page).toContain("<td>Faulted</td>");
    // Security
    expect(page).toMatch(/<dt>Security profile<\/dt><dd>1<\/dd>/);
    expect(page).toMatch(/<dt>Password set<\/dt><dd>yes<\/dd>/);
    expect(page).toMatch(/<dt>CPO name<\/dt><dd>Show CPO<\/dd>/);
    expect(page).toMatch(/<dt>Certificate identity<\/dt><dd>SHOW-1<\/dd>/);
    expect(page).toContain("CN=SHOW-1"); // the issued certificate
    expect(page).toContain('href="/certificates/issued?stationId=SHOW-1"');
    // Recent transactions, with the energy, and the link to all of them
    expect(page).toContain('<a href="/transactions/');
    expect(page).toContain("<td>TAG-SHOW</td>");
    expect(page).toContain("<td>1500</td>");
    expect(page).toContain('href="/transactions?stationId=SHOW-1"');
    // Status history: both notifications, newest first
    const history = page.slice(page.indexOf('id="status-heading"'));
    expect(history.indexOf("<td>Faulted</td>")).toBeLessThan(history.indexOf("<td>Preparing</td>"));
    expect(history).toContain("ground fault seen");
    // Security events, with the link to the filtered list and the audit log
    expect(page).toContain("<td>FirmwareUpdated</td>");
    expect(page).toContain('href="/security-events?stationId=SHOW-1"');
    expect(page).toContain('href="/audit?stationId=SHOW-1"');
    // The calls the station got
    await t.api("POST", "/api/v1/stations/SHOW-1/calls/ClearCache", {});
    expect(await html(href("SHOW-1"))).toContain("<td>ClearCache</td>");
  });

  test("the operations panel: a link without JavaScript, loaded inline by htmx", async () => {
    const page = await html(href("SHOW-1"));
    const section = /<section aria-labelledby="operations-link-heading"[^>]*>[\s\S]*?<\/section>/.exec(page)?.[0] ?? "";
    // The placeholder is replaced whole by the panel, so its ids never meet the panel's.
    expect(section).toContain('hx-get="/stations/SHOW-1/operations" hx-trigger="load" hx-swap="outerHTML"');
    expect(section).toContain('<h2 id="operations-link-heading">Operations</h2>');
    expect(section).toContain('<a href="/stations/SHOW-1/operations">Open the operations panel</a>');
    expect(page).not.toContain('id="operations-panel"');
  });

  test("the fragment carries the live part only", async () => {
    const live = await html("/fragments/stations/SHOW-1");
    expect(live).not.toContain("<html");
    expect(live).toMatch(/^<section id="station-live"/);
    expect(live).toContain('<span class="state on">Connected</span>');
    expect(live).toContain("<td>Faulted</td>");
    expect(live).not.toContain("Boot information");
  });

  test("an unknown station is a 404 page, its fragment a 404", async () => {
    expect(await html("/stations/NOPE-404", 404)).toContain("There is no station with id");
    expect((await admin.get("/fragments/stations/NOPE-404")).status).toBe(404);
  });
});

describe("a wss:// station with a client certificate", () => {
  test("TLS version, cipher, certificate subject and expiry are shown, from the real handshake", async () => {
    await createStation({ id: "TLS-3", securityProfile: 3, cpoName: "TLS CPO" });
    const notAfter = new Date(Date.now() + 10 * 86_400_000);
    notAfter.setUTCMilliseconds(0);
    const identity = await clientCertificate(t.joule.services.tls.material.ca.ecdsa, { CN: "TLS-3", O: "TLS CPO" }, { notAfter });
    const cp = await t.connect("TLS-3", {
      endpoint: `wss://127.0.0.1:${t.joule.httpsPort}/ocpp`,
      wsOpts: { ca: caPems, cert: identity.certificatePem, key: identity.keyPem, maxVersion: "TLSv1.2" },
    });
    try {
      const page = await html(href("TLS-3"));
      expect(page).toContain("<dd>wss</dd>");
      expect(page).toMatch(/<dt>TLS<\/dt><dd>TLSv1\.2 \(TLS_ECDHE_ECDSA_WITH_AES_(128|256)_GCM_SHA(256|384)\)<\/dd>/);
      expect(page).toMatch(/<dt>Client certificate<\/dt><dd>(O=TLS CPO, CN=TLS-3|CN=TLS-3, O=TLS CPO)<\/dd>/);
      expect(page).toContain(`<time datetime="${notAfter.toISOString()}">`);
      expect(await html("/fragments/stations/TLS-3")).toContain("TLSv1.2");
    } finally {
      await cp.close();
    }
  });

  test("TLS 1.3 without a certificate (profile 2): the version, and no certificate", async () => {
    await createStation({ id: "TLS-2", securityProfile: 2, password });
    const cp = await t.connect("TLS-2", { endpoint: `wss://127.0.0.1:${t.joule.httpsPort}/ocpp`, password, wsOpts: { ca: caPems } });
    try {
      const page = await html(href("TLS-2"));
      expect(page).toMatch(/<dt>TLS<\/dt><dd>TLSv1\.3 \(TLS_/);
      expect(page).toContain("<dt>Client certificate</dt><dd>none presented</dd>");
    } finally {
      await cp.close();
    }
  });
});

describe("editing", () => {
  beforeAll(() => createStation({ id: "EDIT-1", description: "before" }));

  test("valid changes are stored; a new registration status applies to the live connection; provisioning is audited", async () => {
    const cp = await t.connect("EDIT-1");
    const response = await post(href("EDIT-1"), {
      description: "after <b>edit</b>",
      registrationStatus: "Pending",
      cpoName: "Edit CPO",
      certificateIdentity: "",
      password: "",
    });
    expect(response.status).toBe(200);
    const page = await response.text();
    expect(notice(page)).toBe("Saved.");
    expect(page).toContain("after &lt;b&gt;edit&lt;/b&gt;");
    const station = (await (await t.api("GET", "/api/v1/stations/EDIT-1")).json()) as Record<string, unknown>;
    expect(station).toMatchObject({ description: "after <b>edit</b>", registrationStatus: "Pending", cpoName: "Edit CPO" });
    expect(t.joule.services.registry.get("EDIT-1")?.registrationStatus).toBe("Pending");
    const boot = await cp.call("BootNotification", bootPayload);
    expect(boot.status).toBe("Pending");
    await cp.close();
    const audit = await t.joule.services.database.client.execute(
      "SELECT reason, actor FROM audit_log WHERE station_id = 'EDIT-1' AND kind = 'credentials_provisioned'",
    );
    expect(audit.rows.map((r) => [r.reason, r.actor])).toEqual([["set cpoName", "operator:admin"]]);

    // Saving again unchanged provisions nothing; a stored password is recorded (and never shown).
    const again = await post(href("EDIT-1"), {
      description: "after <b>edit</b>",
      registrationStatus: "Pending",
      cpoName: "Edit CPO",
      certificateIdentity: "",
      password,
    });
    expect(again.status).toBe(200);
    expect(await again.text()).not.toContain(password);
    const after = await t.joule.services.database.client.execute(
      "SELECT reason FROM audit_log WHERE station_id = 'EDIT-1' AND kind = 'credentials_provisioned' ORDER BY id",
    );
    expect(after.rows.map((r) => r.reason)).toEqual(["set cpoName", "set password"]);
    expect(await passwordMatches(new TextEncoder().encode(password), String((await stationRow("EDIT-1"))!.password_hash))).toBe(true);
  });

  test("invalid input: the page again, 400, the error next to its field, values kept, the password not echoed", async () => {
    const response = await post(href("EDIT-1"), {
      description: "kept text",
      registrationStatus: "Pending",
      cpoName: "x".repeat(65),
      certificateIdentity: "",
      password: "short",
    });
    expect(response.status).toBe(400);
    const page = await response.text();
    expect(page).toMatch(/id="field-cpoName"[^>]*aria-invalid="true"/);
    expect(page).toContain('<p id="field-cpoName-error" class="error">cpoName must be at most 64 characters</p>');
    expect(page).toContain('<p id="field-password-error" class="error">password must be 16 to 20 bytes</p>');
    expect(page).toContain('value="kept text"');
    expect(page).not.toContain('value="short"');
    const badStatus = await (await post(href("EDIT-1"), { description: "", registrationStatus: "Bogus", cpoName: "", certificateIdentity: "" })).text();
    expect(badStatus).toContain('<p id="field-registrationStatus-error" class="error">registrationStatus must be Accepted, Pending or Rejected</p>');
    // Nothing was stored.
    expect((await stationRow("EDIT-1"))!.description).toBe("after <b>edit</b>");
    expect((await stationRow("EDIT-1"))!.cpo_name).toBe("Edit CPO");
  });
});

describe("password rotation", () => {
  let cp: Station;
  const received: Record<string, string>[] = [];
  let answer: "Accepted" | "Rejected" | "silence" = "Accepted";
  beforeAll(async () => {
    await createStation({ id: "ROT-1", securityProfile: 1, password });
    cp = await t.connect("ROT-1", { password });
    cp.handle("ChangeConfiguration", ({ params }) => {
      received.push(params);
      return answer === "silence" ? new Promise(() => {}) : { status: answer };
    });
  });
  afterAll(() => cp.close({ force: true }));

  test("a generated key: sent to the station, stored on Accepted, shown once", async () => {
    const response = await post(`${href("ROT-1")}/password`, { newPassword: "" });
    expect(response.status).toBe(200);
    const page = await response.text();
    expect(notice(page)).toBe("The station answered Accepted; the new password is stored.");
    const key = /<p class="secret" id="generated-secret">([0-9a-f]+)<\/p>/.exec(page)?.[1];
    expect(key).toHaveLength(40);
    expect(received.at(-1)).toEqual({ key: "AuthorizationKey", value: key! });
    const row = (await stationRow("ROT-1"))!;
    expect(await passwordMatches(Buffer.from(key!, "hex"), String(row.pending_password_hash))).toBe(true);
    // Shown once: the page afterwards does not have it.
    expect(await html(href("ROT-1"))).not.toContain(key!);
    const audit = await t.joule.services.database.client.execute(
      "SELECT reason, actor FROM audit_log WHERE station_id = 'ROT-1' AND kind = 'password_rotated'",
    );
    expect(audit.rows.map((r) => [r.reason, r.actor])).toEqual([["station answered Accepted; stored: true", "operator:admin"]]);
  });

  test("the operator's password, refused by the station: nothing stored, the password never echoed", async () => {
    answer = "Rejected";
    const before = (await stationRow("ROT-1"))!;
    const chosen = "operator-chosen-pw";
    const page = await (await post(`${href("ROT-1")}/password`, { newPassword: chosen })).text();
    expect(notice(page)).toBe("The station answered Rejected; nothing changed.");
    expect(received.at(-1)).toEqual({ key: "AuthorizationKey", value: Buffer.from(chosen).toString("hex") });
    expect(page).not.toContain(chosen);
    expect(page).not.toContain('id="generated-secret"');
    expect((await stationRow("ROT-1"))!.pending_password_hash).toBe(before.pending_password_hash);
  });

  test("a station that does not answer: nothing changed", async () => {
    answer = "silence";
    const before = (await stationRow("ROT-1"))!;
    const page = await (await post(`${href("ROT-1")}/password`, { newPassword: "" })).text();
    expect(notice(page)).toBe("The station did not answer in time; nothing changed.");
    expect(page).not.toContain('id="generated-secret"');
    expect((await stationRow("ROT-1"))!.pending_password_hash).toBe(before.pending_password_hash);
    answer = "Accepted";
  });

  test("a password of the wrong length is an error next to the field; a disconnected station is a 409", async () => {
    const short = await post(`${href("ROT-1")}/password`, { newPassword: "short" });
    expect(short.status).toBe(400);
    const page = await short.text();
    expect(page).toContain('<p id="field-newPassword-error" class="error">password must be 16 to 20 bytes</p>');
    expect(page).not.toContain('value="short"');
    await createStation({ id: "ROT-OFF" });
    const offline = await post(`${href("ROT-OFF")}/password`, { newPassword: "" });
    expect(offline.status).toBe(409);
    expect(notice(await offline.text())).toBe("The station is not connected; nothing changed.");
  });
});

describe("security profile", () => {
  test("raising needs a password first (error next to the field), then goes to the station; lowering is forced", async () => {
    await createStation({ id: "PROF-1" });
    const cp = await t.connect("PROF-1");
    const asked: Record<string, string>[] = [];
    cp.handle("ChangeConfiguration", ({ params }) => {
      asked.push(params);
      return { status: "Accepted" };
    });
    try {
      const refused = await post(`${href("PROF-1")}/security-profile`, { profile: "1" });
      expect(refused.status).toBe(409);
      const refusedPage = await refused.text();
      expect(refusedPage).toContain('<p id="field-profile-error" class="error">Cannot raise to profile 1: the station has no password set</p>');
      expect(asked).toEqual([]);

      // The password the station already has, recorded through the edit form; then the raise.
      await post(href("PROF-1"), { description: "", registrationStatus: "Accepted", cpoName: "", certificateIdentity: "", password });
      const raised = await post(`${href("PROF-1")}/security-profile`, { profile: "1" });
      expect(raised.status).toBe(200);
      expect(notice(await raised.text())).toBe("The station answered Accepted; profile 1 is stored.");
      expect(asked).toEqual([{ key: "SecurityProfile", value: "1" }]);
      expect((await stationRow("PROF-1"))!.security_profile).toBe(1);

      // The page now offers lowering, with confirmation; lowering sends nothing.
      const page = await html(href("PROF-1"));
      expect(page).toContain("<summary>Lower to profile 0</summary>");
      const lowered = await post(`${href("PROF-1")}/security-profile`, { profile: "0", force: "yes" });
      expect(notice(await lowered.text())).toBe("Stored profile 0.");
      expect((await stationRow("PROF-1"))!.security_profile).toBe(0);
      expect(asked).toHaveLength(1);

      const invalid = await post(`${href("PROF-1")}/security-profile`, { profile: "9" });
      expect(invalid.status).toBe(400);
      expect(await invalid.text()).toContain('<p id="field-profile-error" class="error">profile must be 0, 1, 2 or 3</p>');
    } finally {
      await cp.close();
    }
  });
});

describe("installed certificates", () => {
  test("refresh asks the station for each type and shows its inventory; delete sends DeleteCertificate", async () => {
    await createStation({ id: "INV-1", securityProfile: 1, password });
    const cp = await t.connect("INV-1", { password });
    const hash = { hashAlgorithm: "SHA256", issuerNameHash: "AB".repeat(32), issuerKeyHash: "CD".repeat(32), serialNumber: "0A1B2C" };
    const asked: string[] = [];
    const deleted: unknown[] = [];
    cp.handle("GetInstalledCertificateIds", ({ params }) => {
      asked.push(params.certificateType);
      return params.certificateType === "CentralSystemRootCertificate" ? { status: "Accepted", certificateHashData: [hash] } : { status: "NotFound" };
    });
    cp.handle("DeleteCertificate", ({ params }) => {
      deleted.push(params.certificateHashData);
      return { status: "Accepted" };
    });
    try {
      expect(await html(href("INV-1"))).toContain("No certificate reported.");
      const refreshed = await post(`${href("INV-1")}/installed-certificates`);
      expect(refreshed.status).toBe(200);
      const page = await refreshed.text();
      expect(asked).toEqual(["CentralSystemRootCertificate", "ManufacturerRootCertificate"]);
      expect(notice(page)).toBe(
        "CentralSystemRootCertificate: the station answered Accepted (1 certificates); ManufacturerRootCertificate: the station answered NotFound (0 certificates). The inventory below is what the station reported.",
      );
      expect(page).toContain("<code>0a1b2c</code>");
      expect(page).toContain('action="/stations/INV-1/installed-certificates/delete"');

      // A hash not in the inventory is not sent.
      const unknown = await post(`${href("INV-1")}/installed-certificates/delete`, { ...hash, serialNumber: "FFFF" });
      expect(unknown.status).toBe(409);
      expect(deleted).toEqual([]);

      const removed = await post(`${href("INV-1")}/installed-certificates/delete`, {
        hashAlgorithm: "SHA256",
        issuerNameHash: hash.issuerNameHash.toLowerCase(),
        issuerKeyHash: hash.issuerKeyHash.toLowerCase(),
        serialNumber: "0a1b2c",
      });
      const after = await removed.text();
      expect(notice(after)).toBe("The station answered Accepted: certificate 0a1b2c is deleted.");
      expect(deleted).toEqual([{ hashAlgorithm: "SHA256", issuerNameHash: "ab".repeat(32), issuerKeyHash: "cd".repeat(32), serialNumber: "0a1b2c" }]);
      expect(after).not.toContain("<code>0a1b2c</code>");
      const inventory = (await (await t.api("GET", "/api/v1/stations/INV-1/installed-certificates")).json()) as { total: number };
      expect(inventory.total).toBe(0);
    } finally {
      await cp.close();
    }
  });

  test("a disconnected station: the inventory is not touched, the page says so", async () => {
    await createStation({ id: "INV-OFF" });
    const response = await post(`${href("INV-OFF")}/installed-certificates`);
    expect(response.status).toBe(409);
    expect(notice(await response.text())).toContain("the station is not connected; nothing was sent");
  });
});

describe("deleting", () => {
  test("the delete button confirms first; deleting closes the connection and removes the station", async () => {
    await createStation({ id: "DEL-1" });
    const cp = await t.connect("DEL-1");
    const page = await html(href("DEL-1"));
    expect(page).toContain('<details class="confirm"><summary>Delete this station</summary><form method="post" action="/stations/DEL-1/delete">');
    const closing = closed(cp);
    const response = await post(`${href("DEL-1")}/delete`);
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe("/stations");
    expect((await closing).code).toBe(1000);
    expect((await t.api("GET", "/api/v1/stations/DEL-1")).status).toBe(404);
    expect((await post(`${href("DEL-1")}/delete`)).status).toBe(404);
  });
});

describe("refusals", () => {
  const actions = (id: string): [string, Record<string, string>][] => [
    [href(id), { description: "changed", registrationStatus: "Rejected", cpoName: "", certificateIdentity: "" }],
    [`${href(id)}/password`, { newPassword: "" }],
    [`${href(id)}/security-profile`, { profile: "0", force: "yes" }],
    [`${href(id)}/installed-certificates`, {}],
    [`${href(id)}/installed-certificates/delete`, { hashAlgorithm: "SHA256", issuerNameHash: "aa", issuerKeyHash: "bb", serialNumber: "01" }],
    [`${href(id)}/delete`, {}],
  ];

  test("without the CSRF token every action is refused (403) and changes nothing", async () => {
    await createStation({ id: "CSRF-1", securityProfile: 1, password });
    for (const [path, form] of actions("CSRF-1")) {
      const response = await admin.post(path, form);
      expect({ path, status: response.status }).toEqual({ path, status: 403 });
    }
    const row = (await stationRow("CSRF-1"))!;
    expect(row).toMatchObject({ description: "", registration_status: "Accepted", security_profile: 1 });
  });

  test("a viewer reads the page without the admin forms and is refused (403) on every action", async () => {
    await createStation({ id: "VIEW-1", securityProfile: 1, password });
    const page = await html(href("VIEW-1"), 200, viewer);
    expect(page).toContain("<h1>Station VIEW-1</h1>");
    expect(page).toContain("Open the operations panel");
    for (const form of ["/password", "/security-profile", "/installed-certificates", "/delete"]) {
      expect(page).not.toContain(`action="/stations/VIEW-1${form}"`);
    }
    expect(page).not.toContain('action="/stations/VIEW-1"');
    for (const [path, form] of actions("VIEW-1")) {
      const response = await post(path, form, viewer);
      expect({ path, status: response.status }).toEqual({ path, status: 403 });
    }
    expect((await stationRow("VIEW-1"))!).toMatchObject({ description: "", registration_status: "Accepted", security_profile: 1 });
    // The admin sees the forms.
    const adminPage = await html(href("VIEW-1"));
    for (const form of ["/password", "/security-profile", "/installed-certificates", "/delete"]) {
      expect(adminPage).toContain(`action="/stations/VIEW-1${form}"`);
    }
  });
});
