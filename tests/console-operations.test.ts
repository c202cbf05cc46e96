// The station operations panel: forms built from each action's valibot schema (rendered, parsed back, validated),
// and over real HTTP sent to a real ocpp-rpc station, whose answer (or CALLERROR, absence, silence) is shown.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { startTestConsole } from "./support/console.ts";
import { createRPCError } from "ocpp-rpc";
import type { OperatorSession } from "../lib/console/auth.ts";
import { emptyOperation, OperationsPanel, stationActions, type OperationsView } from "../lib/console/operations.tsx";
import { fieldTree, formValues, parseForm, type FieldNode } from "../lib/console/schemaForm.tsx";
import { centralSystemInitiated, requestSchemas, validatePayload, type Action } from "../schemas/index.ts";
import { Browser, decodeEntities } from "./support/browser.ts";
import { type Station, type TestJoule } from "./support/joule.ts";

// ---- unit level: the generic form -----------------------------------------------------------------------------------

const adminSession: OperatorSession = {
  tokenHash: "x",
  csrfToken: "csrf-token-for-tests",
  expiresAt: "2099-01-01T00:00:00Z",
  operatorId: 1,
  username: "admin",
  role: "admin",
};

function renderPanel(view: OperationsView): string {
  return OperationsPanel({ view, session: adminSession })!.toString();
}

/** The fields a browser would submit from the operations form in this HTML (inputs, selected options, text areas). */
function submittedFields(html: string): Record<string, string> {
  const form = html.slice(html.indexOf('<form method="post"'));
  const attr = (tag: string, name: string) => {
    const value = new RegExp(`\\s${name}="([^"]*)"`).exec(tag)?.[1];
    return value === undefined ? undefined : decodeEntities(value);
  };
  const fields: Record<string, string> = {};
  for (const [tag] of form.matchAll(/<input\b[^>]*>/g)) {
    const name = attr(tag, "name");
    if (name !== undefined) fields[name] = attr(tag, "value") ?? "";
  }
  for (const [, tag, options] of form.matchAll(/(<select\b[^>]*>)([\s\S]*?)<\/select>/g)) {
    const selected = /<option value="([^"]*)" selected="">/.exec(options!)?.[1];
    fields[attr(tag!, "name")!] = decodeEntities(selected ?? "");
  }
  for (const [, tag, text] of form.matchAll(/(<textarea\b[^>]*>)([\s\S]*?)<\/textarea>/g)) {
    // As a browser does: one newline right after the start tag is not part of the value.
    fields[attr(tag!, "name")!] = decodeEntities(text!).replace(/^\n/, "");
  }
  return fields;
}

/** Every leaf field name of a tree, with one row per list. */
function leafNames(node: FieldNode, path = ""): string[] {
  const at = (key: string | number) => (path === "" ? String(key) : `${path}.${key}`);
  if (node.kind === "object") return node.entries.flatMap(([key, child]) => leafNames(child, at(key)));
  if (node.kind === "array") return leafNames(node.item, at(0));
  return [path];
}

const samples: Partial<Record<Action, Record<string, unknown>>> = {
  SetChargingProfile: {
    connectorId: 1,
    csChargingProfiles: {
      chargingProfileId: 7,
      stackLevel: 0,
      chargingProfilePurpose: "TxDefaultProfile",
      chargingProfileKind: "Absolute",
      validFrom: "2026-05-01T00:00:00Z",
      chargingSchedule: {
        chargingRateUnit: "A",
        startSchedule: "2026-05-01T08:00:00.000+02:00",
        chargingSchedulePeriod: [
          { startPeriod: 0, limit: 16 },
          { startPeriod: 3600, limit: 7.3, numberPhases: 1 },
          { startPeriod: 7200, limit: 32.1 },
        ],
        minChargingRate: 6.5,
      },
    },
  },
  SendLocalList: {
    listVersion: 4,
    updateType: "Differential",
    localAuthorizationList: [
      { idTag: "TAG-A", idTagInfo: { status: "Accepted", expiryDate: "2027-01-01T00:00:00Z", parentIdTag: "FLEET" } },
      { idTag: "TAG-B" },
      { idTag: "TAG-C", idTagInfo: { status: "Blocked" } },
    ],
  },
  GetConfiguration: { key: ["HeartbeatInterval", "MeterValueSampleInterval"] },
  ChangeConfiguration: { key: "HeartbeatInterval", value: "300" },
  DataTransfer: { vendorId: "com.example", messageId: "m", data: "line one\nline two <b>&amp;</b>\n" },
  GetLog: { log: { remoteLocation: "https://logs.example/up", oldestTimestamp: "2026-01-01T00:00:00Z" }, logType: "SecurityLog", requestId: 3, retries: 2 },
  DeleteCertificate: {
    certificateHashData: { hashAlgorithm: "SHA256", issuerNameHash: "aa", issuerKeyHash: "bb", serialNumber: "01" },
  },
  TriggerMessage: { requestedMessage: "StatusNotification", connectorId: 0 },
  RemoteStartTransaction: {
    idTag: "TAG-A",
    connectorId: 2,
    chargingProfile: {
      chargingProfileId: 1,
      stackLevel: 1,
      chargingProfilePurpose: "TxProfile",
      chargingProfileKind: "Relative",
      chargingSchedule: { chargingRateUnit: "W", chargingSchedulePeriod: [{ startPeriod: 0, limit: 11000 }] },
    },
  },
  ClearCache: {},
};

describe("the form built from a schema", () => {
  test("the picker offers exactly the actions a central system sends", () => {
    expect(new Set(stationActions)).toEqual(new Set(centralSystemInitiated));
    const html = renderPanel(emptyOperation({ stationId: "S", connected: true }, {}));
    for (const action of centralSystemInitiated) expect(html).toContain(`<option value="${action}">${action}</option>`);
    expect(html).not.toContain('<form method="post"');
  });

  test("every station action's form renders with a labelled control for each field", () => {
    for (const action of stationActions) {
      const html = renderPanel(emptyOperation({ stationId: "S", connected: true }, { action }));
      expect(html).toContain(`<h3 id="op-form-heading">${action}</h3>`);
      expect(html).toContain('<input type="hidden" name="action" value="' + action + '"/>');
      for (const name of leafNames(fieldTree(requestSchemas[action]))) {
        expect(html).toContain(`name="${name}"`);
        expect(html).toContain(`<label for="op-${name}">`);
      }
    }
  });

  test("enumerations are selects, dates text with a hint, decimals step 0.1, long texts text areas, nested objects fieldsets", () => {
    const html = renderPanel(emptyOperation({ stationId: "S", connected: true }, { action: "SetChargingProfile" }));
    expect(html).toMatch(/<select id="op-csChargingProfiles\.chargingProfileKind" name="csChargingProfiles\.chargingProfileKind" required="">/);
    expect(html).toContain('<option value="Recurring">Recurring</option>');
    expect(html).toMatch(/<input id="op-csChargingProfiles\.validFrom" name="csChargingProfiles\.validFrom" aria-describedby="[^"]+" type="text"/);
    expect(html).toContain("Date and time with time zone");
    expect(html).toMatch(/name="csChargingProfiles\.chargingSchedule\.chargingSchedulePeriod\.0\.limit"[^>]*step="0\.1"/);
    expect(html).toContain("<legend>chargingSchedule</legend>");
    expect(html).toContain("<legend>chargingSchedulePeriod 1</legend>");
    expect(html).toContain('name="addRow" value="csChargingProfiles.chargingSchedule.chargingSchedulePeriod"');
    const certificate = renderPanel(emptyOperation({ stationId: "S", connected: true }, { action: "InstallCertificate" }));
    expect(certificate).toMatch(/<textarea id="op-certificate" name="certificate" required="" rows="6" maxlength="5500">/);
    // rows.<path> in the query asks for more rows.
    const rows = renderPanel(
      emptyOperation({ stationId: "S", connected: true }, { action: "SendLocalList", "rows.localAuthorizationList": "3" }),
    );
    expect(rows).toContain('name="localAuthorizationList.2.idTagInfo.status"');
    expect(rows).not.toContain('name="localAuthorizationList.3.idTag"');
  });

  test("a valid payload rendered into the form and submitted as a browser would comes back identical", () => {
    for (const [action, payload] of Object.entries(samples) as [Action, Record<string, unknown>][]) {
      expect(validatePayload(requestSchemas[action], payload).ok).toBe(true);
      const tree = fieldTree(requestSchemas[action]);
      const view = emptyOperation({ stationId: "S", connected: true }, { action });
      view.state.values = formValues(tree, payload);
      const fields = submittedFields(renderPanel(view));
      expect({ action, payload: parseForm(tree, fields) }).toEqual({ action, payload });
    }
  });

  test("parsing: empty optional fields and empty rows are left out, text that is no number stays text", () => {
    const tree = fieldTree(requestSchemas.SetChargingProfile);
    const parsed = parseForm(tree, {
      connectorId: " 2 ",
      "csChargingProfiles.transactionId": "",
      "csChargingProfiles.chargingProfileId": "abc",
      "csChargingProfiles.chargingSchedule.chargingSchedulePeriod.0.startPeriod": "",
      "csChargingProfiles.chargingSchedule.chargingSchedulePeriod.0.limit": "",
      "csChargingProfiles.chargingSchedule.chargingSchedulePeriod.1.startPeriod": "60",
      "csChargingProfiles.chargingSchedule.chargingSchedulePeriod.1.limit": "1e1",
    });
    expect(parsed).toEqual({
      connectorId: 2,
      csChargingProfiles: {
        chargingProfileId: "abc",
        chargingSchedule: { chargingSchedulePeriod: [{ startPeriod: 60, limit: 10 }] },
      },
    });
    // Nothing entered in an optional object: the object is left out.
    expect(parseForm(fieldTree(requestSchemas.SendLocalList), { listVersion: "1", "localAuthorizationList.0.idTag": "T" })).toEqual({
      listVersion: 1,
      localAuthorizationList: [{ idTag: "T" }],
    });
  });
});

// ---- over HTTP with a real station ---------------------------------------------------------------------------------

let t: TestJoule;
let admin: Browser;
let csrf: string;
beforeAll(async () => {
  ({ t, admin } = await startTestConsole({ JOULE_CALL_TIMEOUT: "1" }));
  csrf = await admin.csrf();
});
afterAll(() => t.stop());

const opsPath = (id: string) => `/stations/${encodeURIComponent(id)}/operations`;
const send = (id: string, form: Record<string, string>, headers?: Record<string, string>) =>
  admin.post(opsPath(id), { _csrf: csrf, ...form }, headers);
const callCount = async (id: string) => ((await (await t.api("GET", `/api/v1/stations/${encodeURIComponent(id)}/calls`)).json()) as any).total as number;
const callLog = async (id: string) => ((await (await t.api("GET", `/api/v1/stations/${encodeURIComponent(id)}/calls`)).json()) as any).items as any[];
/** The text of the answer's <pre>, as JSON. */
const answerOf = (html: string) => JSON.parse(decodeEntities(/<pre class="answer" aria-label="Answer to \w+">([\s\S]*?)<\/pre>/.exec(html)![1]!));

/** A connected station that records what it receives for the given actions and answers with `answers[action]`. */
async function station(id: string, answers: Record<string, unknown>): Promise<{ cp: Station; received: { action: string; params: unknown }[] }> {
  await t.addStation(id);
  const cp = await t.connect(id);
  const received: { action: string; params: unknown }[] = [];
  for (const [action, answer] of Object.entries(answers)) {
    cp.handle(action, ({ params }) => {
      received.push({ action, params });
      return typeof answer === "function" ? answer() : answer;
    });
  }
  return { cp, received };
}

describe("operations page", () => {
  test("the picker as a whole page, the chosen action's form, the panel alone for htmx, 404 for an unknown station", async () => {
    await t.addStation("OPS PAGE/1");
    const full = await admin.get(opsPath("OPS PAGE/1"));
    expect(full.status).toBe(200);
    const page = await full.text();
    expect(page).toContain("<!DOCTYPE html>");
    expect(page).toContain("<h1>Operations on station OPS PAGE/1</h1>");
    expect(page).toContain('<span class="state off">Not connected</span>');
    expect(page).toContain('<option value="SignedUpdateFirmware">SignedUpdateFirmware</option>');
    expect(page).toContain('hx-get="/stations/OPS%20PAGE%2F1/operations"');
    expect(page).not.toContain('<form method="post" action="/stations/OPS%20PAGE%2F1/operations"');

    const reset = await (await admin.get(`${opsPath("OPS PAGE/1")}?action=Reset`)).text();
    expect(reset).toContain('<option value="Reset" selected="">Reset</option>');
    expect(reset).toContain('<form method="post" action="/stations/OPS%20PAGE%2F1/operations" hx-post="/stations/OPS%20PAGE%2F1/operations" hx-target="#operations-panel" hx-swap="outerHTML"');
    expect(reset).toMatch(/<select id="op-type" name="type" required="">/);
    // Reset interrupts the station: the real button sits behind a confirmation panel.
    expect(reset).toContain('<details class="confirm"><summary>Send Reset…</summary>');

    const panel = await admin.get(`${opsPath("OPS PAGE/1")}?action=GetConfiguration`, { "HX-Request": "true" });
    expect(panel.status).toBe(200);
    const fragment = await panel.text();
    expect(fragment).not.toContain("<html");
    expect(fragment).toStartWith('<section id="operations-panel"');
    expect(fragment).toContain('name="key.0"');
    expect(fragment).toContain('<button type="submit">Send GetConfiguration</button>');

    // A station-initiated action is no choice here: the picker alone.
    expect(await (await admin.get(`${opsPath("OPS PAGE/1")}?action=Heartbeat`)).text()).not.toContain('name="action" value="Heartbeat"');
    expect((await admin.get(opsPath("NOBODY"))).status).toBe(404);
    expect((await send("NOBODY", { action: "ClearCache" })).status).toBe(404);
  });
});

describe("sending an operation to a real station", () => {
  test("Reset: the station gets exactly the payload, its answer is shown with the form kept", async () => {
    const { received } = await station("OPS-RESET", { Reset: { status: "Accepted" } });
    const response = await send("OPS-RESET", { action: "Reset", type: "Soft" });
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(received).toEqual([{ action: "Reset", params: { type: "Soft" } }]);
    expect(html).toContain("The station answered Reset:");
    expect(answerOf(html)).toEqual({ status: "Accepted" });
    expect(html).toContain('<option value="Soft" selected="">Soft</option>');
    const [logged] = await callLog("OPS-RESET");
    expect(logged).toMatchObject({ action: "Reset", payload: { type: "Soft" }, requestedBy: "operator:admin", outcome: "result" });
  });

  test("ChangeConfiguration: values kept; an AuthorizationKey is sent but neither shown again nor stored", async () => {
    const { received } = await station("OPS-CONF", { ChangeConfiguration: { status: "RebootRequired" } });
    const plain = await (await send("OPS-CONF", { action: "ChangeConfiguration", key: "HeartbeatInterval", value: "300" })).text();
    expect(answerOf(plain)).toEqual({ status: "RebootRequired" });
    expect(plain).toMatch(/name="value"[^>]*value="300"/);

    const secret = "0123456789abcdef-secret-key";
    const response = await send("OPS-CONF", { action: "ChangeConfiguration", key: "AuthorizationKey", value: secret });
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(received.at(-1)).toEqual({ action: "ChangeConfiguration", params: { key: "AuthorizationKey", value: secret } });
    expect(html).not.toContain(secret);
    expect(html).toMatch(/name="value"[^>]*value=""/);
    expect(html).toContain("Secret: not shown again");
    expect((await callLog("OPS-CONF"))[0].payload).toEqual({ key: "AuthorizationKey", value: "(secret, not stored)" });
    // Nor on a form sent back with errors.
    const invalid = await send("OPS-CONF", { action: "ChangeConfiguration", key: "AuthorizationKey", value: secret + "x".repeat(500) });
    expect(invalid.status).toBe(400);
    expect(await invalid.text()).not.toContain(secret);
  });

  test("SetChargingProfile: nested objects and a list of periods, empty rows and optional fields left out", async () => {
    const { received } = await station("OPS-SCP", { SetChargingProfile: { status: "Accepted" } });
    const periods = "csChargingProfiles.chargingSchedule.chargingSchedulePeriod";
    const response = await send("OPS-SCP", {
      action: "SetChargingProfile",
      [`rows.${periods}`]: "4",
      connectorId: "1",
      "csChargingProfiles.chargingProfileId": "12",
      "csChargingProfiles.transactionId": "",
      "csChargingProfiles.stackLevel": "2",
      "csChargingProfiles.chargingProfilePurpose": "TxDefaultProfile",
      "csChargingProfiles.chargingProfileKind": "Recurring",
      "csChargingProfiles.recurrencyKind": "Daily",
      "csChargingProfiles.validFrom": "",
      "csChargingProfiles.chargingSchedule.duration": "86400",
      "csChargingProfiles.chargingSchedule.startSchedule": "2026-05-01T00:00:00Z",
      "csChargingProfiles.chargingSchedule.chargingRateUnit": "W",
      "csChargingProfiles.chargingSchedule.minChargingRate": "",
      [`${periods}.0.startPeriod`]: "0",
      [`${periods}.0.limit`]: "11000",
      [`${periods}.0.numberPhases`]: "3",
      [`${periods}.1.startPeriod`]: "",
      [`${periods}.1.limit`]: "",
      [`${periods}.1.numberPhases`]: "",
      [`${periods}.2.startPeriod`]: "28800",
      [`${periods}.2.limit`]: "7400.5",
      [`${periods}.2.numberPhases`]: "",
      [`${periods}.3.startPeriod`]: "64800",
      [`${periods}.3.limit`]: "3700",
      [`${periods}.3.numberPhases`]: "1",
    });
    expect(response.status).toBe(200);
    expect(received).toEqual([
      {
        action: "SetChargingProfile",
        params: {
          connectorId: 1,
          csChargingProfiles: {
            chargingProfileId: 12,
            stackLevel: 2,
            chargingProfilePurpose: "TxDefaultProfile",
            chargingProfileKind: "Recurring",
            recurrencyKind: "Daily",
            chargingSchedule: {
              duration: 86400,
              startSchedule: "2026-05-01T00:00:00Z",
              chargingRateUnit: "W",
              chargingSchedulePeriod: [
                { startPeriod: 0, limit: 11000, numberPhases: 3 },
                { startPeriod: 28800, limit: 7400.5 },
                { startPeriod: 64800, limit: 3700, numberPhases: 1 },
              ],
            },
          },
        },
      },
    ]);
    const html = await response.text();
    expect(answerOf(html)).toEqual({ status: "Accepted" });
    // The form comes back with the rows as sent (the empty one closed up) and the row count kept.
    expect(html).toMatch(new RegExp(`name="${periods.replace(/\./g, "\\.")}\\.2\\.limit"[^>]*value="3700"`));
    expect(html).toContain(`<input type="hidden" name="rows.${periods}" value="4"/>`);
  });

  test("SendLocalList: a list of objects, each with an optional nested object", async () => {
    const { received } = await station("OPS-SLL", { SendLocalList: { status: "Accepted" } });
    const response = await send("OPS-SLL", {
      action: "SendLocalList",
      listVersion: "5",
      updateType: "Differential",
      "localAuthorizationList.0.idTag": "TAG-1",
      "localAuthorizationList.0.idTagInfo.status": "Accepted",
      "localAuthorizationList.0.idTagInfo.expiryDate": "2027-01-01T00:00:00Z",
      "localAuthorizationList.0.idTagInfo.parentIdTag": "",
      "localAuthorizationList.1.idTag": "TAG-2",
      "localAuthorizationList.1.idTagInfo.status": "",
      "localAuthorizationList.2.idTag": "TAG-3",
      "localAuthorizationList.2.idTagInfo.status": "Blocked",
      "localAuthorizationList.2.idTagInfo.parentIdTag": "FLEET",
    });
    expect(response.status).toBe(200);
    expect(received.map((r) => r.params)).toEqual([
      {
        listVersion: 5,
        updateType: "Differential",
        localAuthorizationList: [
          { idTag: "TAG-1", idTagInfo: { status: "Accepted", expiryDate: "2027-01-01T00:00:00Z" } },
          { idTag: "TAG-2" },
          { idTag: "TAG-3", idTagInfo: { status: "Blocked", parentIdTag: "FLEET" } },
        ],
      },
    ]);
    expect(answerOf(await response.text())).toEqual({ status: "Accepted" });
  });

  test("add a row without JavaScript: the form comes back with one more row and the values, nothing is sent", async () => {
    const { received } = await station("OPS-ROWS", { SendLocalList: { status: "Accepted" } });
    const before = await callCount("OPS-ROWS");
    const response = await send("OPS-ROWS", {
      action: "SendLocalList",
      "rows.localAuthorizationList": "1",
      listVersion: "9",
      "localAuthorizationList.0.idTag": "KEEP-ME",
      addRow: "localAuthorizationList",
    });
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toMatch(/name="localAuthorizationList\.0\.idTag"[^>]*value="KEEP-ME"/);
    expect(html).toContain('name="localAuthorizationList.1.idTag"');
    expect(html).not.toContain('name="localAuthorizationList.2.idTag"');
    expect(html).toContain('<input type="hidden" name="rows.localAuthorizationList" value="2"/>');
    expect(html).toMatch(/name="listVersion"[^>]*value="9"/);
    expect(html).not.toContain("nothing was sent");
    expect(received).toEqual([]);
    expect(await callCount("OPS-ROWS")).toBe(before);
  });

  test("GetLog: the answer links to the job whose id Joule put in as requestId", async () => {
    const { received } = await station("OPS-LOG", { GetLog: { status: "Accepted", filename: "security.log" } });
    const html = await (
      await send("OPS-LOG", { action: "GetLog", logType: "SecurityLog", requestId: "1", "log.remoteLocation": "https://logs.example/up" })
    ).text();
    const params = received[0]!.params as { requestId: number };
    expect(params).toMatchObject({ logType: "SecurityLog", log: { remoteLocation: "https://logs.example/up" } });
    expect(html).toContain(`<a href="/jobs/${params.requestId}">job ${params.requestId}</a>`);
    expect(answerOf(html)).toEqual({ status: "Accepted", filename: "security.log" });
  });

  test("a CALLERROR answer is shown with its code and description", async () => {
    const { cp } = await station("OPS-ERR", {});
    cp.handle("UnlockConnector", () => {
      throw createRPCError("NotSupported", "no locks here");
    });
    const html = await (await send("OPS-ERR", { action: "UnlockConnector", connectorId: "1" })).text();
    expect(html).toContain("CALLERROR <strong>NotSupported</strong>: no locks here");
    expect((await callLog("OPS-ERR"))[0]).toMatchObject({ outcome: "error", errorCode: "NotSupported" });
  });

  test("what the station answers is escaped, never markup", async () => {
    await station("OPS-ESC", { DataTransfer: { status: "Accepted", data: '<script>alert("x")</script>' } });
    const html = await (await send("OPS-ESC", { action: "DataTransfer", vendorId: "<b>vendor</b>", data: "</textarea><i>" })).text();
    expect(html).not.toContain("<script>alert");
    expect(html).not.toContain("<b>vendor</b>");
    expect(html).not.toContain("</textarea><i>");
    expect(answerOf(html)).toEqual({ status: "Accepted", data: '<script>alert("x")</script>' });
    expect(submittedFields(html)).toMatchObject({ vendorId: "<b>vendor</b>", data: "</textarea><i>" });
  });

  test("a station that is not connected, and one that does not answer in time", async () => {
    await t.addStation("OPS-OFF");
    const off = await send("OPS-OFF", { action: "ClearCache" });
    expect(off.status).toBe(200);
    expect(await off.text()).toContain("Station not connected: ClearCache was not sent.");
    expect((await callLog("OPS-OFF"))[0]).toMatchObject({ outcome: "not_connected" });

    await station("OPS-SLOW", { ClearCache: () => new Promise(() => {}) });
    expect(await (await send("OPS-SLOW", { action: "ClearCache" })).text()).toContain("Timeout: the station did not answer ClearCache in time.");
  });

  test("htmx: the answer is the panel alone, swapped in place", async () => {
    const { received } = await station("OPS-HX", { TriggerMessage: { status: "Accepted" } });
    const response = await send("OPS-HX", { action: "TriggerMessage", requestedMessage: "StatusNotification", connectorId: "" }, { "HX-Request": "true" });
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).not.toContain("<html");
    expect(html).toStartWith('<section id="operations-panel"');
    expect(answerOf(html)).toEqual({ status: "Accepted" });
    expect(received.map((r) => r.params)).toEqual([{ requestedMessage: "StatusNotification" }]);
  });
});

describe("refused: invalid input, viewers, missing CSRF token", () => {
  test("invalid input: 400 with each error next to its field, the values kept, nothing sent", async () => {
    const { received } = await station("OPS-BAD", { SetChargingProfile: { status: "Accepted" }, Reset: { status: "Accepted" } });
    const periods = "csChargingProfiles.chargingSchedule.chargingSchedulePeriod";
    const response = await send("OPS-BAD", {
      action: "SetChargingProfile",
      connectorId: "one",
      "csChargingProfiles.chargingProfileId": "1.5",
      "csChargingProfiles.chargingProfilePurpose": "TxProfile",
      "csChargingProfiles.chargingProfileKind": "Absolute",
      "csChargingProfiles.validFrom": "tomorrow",
      "csChargingProfiles.chargingSchedule.chargingRateUnit": "A",
      [`${periods}.0.startPeriod`]: "0",
      [`${periods}.0.limit`]: "16.25",
    });
    expect(response.status).toBe(400);
    const html = await response.text();
    const errorOf = (name: string) => new RegExp(`<p id="op-${name.replace(/\./g, "\\.")}-error" class="error">([^<]*)</p>`).exec(html)?.[1];
    expect(errorOf("connectorId")).toBe("Expected a number");
    expect(errorOf("csChargingProfiles.chargingProfileId")).toBe("Expected a whole number");
    expect(errorOf("csChargingProfiles.stackLevel")).toBe("Required");
    expect(errorOf("csChargingProfiles.validFrom")).toBe("Expected RFC 3339 date-time with time zone");
    expect(errorOf(`${periods}.0.limit`)).toBe("Expected a multiple of 0.1");
    expect(html).toMatch(/<input id="op-connectorId" name="connectorId" required="" aria-invalid="true" aria-describedby="op-connectorId-error"[^>]*value="one"/);
    expect(html).toContain("5 fields need correcting: nothing was sent.");
    expect(html).toContain("<!DOCTYPE html>");

    const missing = await send("OPS-BAD", { action: "Reset", type: "" });
    expect(missing.status).toBe(400);
    expect(await missing.text()).toContain('<p id="op-type-error" class="error">Required</p>');
    // Checks beyond the schema, by callStation, land next to their field too.
    const notPem = await send("OPS-BAD", { action: "InstallCertificate", certificateType: "CentralSystemRootCertificate", certificate: "not a certificate" });
    expect(notPem.status).toBe(400);
    expect(await notPem.text()).toContain('<p id="op-certificate-error" class="error">Certificate is not a readable PEM certificate</p>');
    // htmx gets the errors as a fragment, status 400 (swapped in place by the layout's htmx configuration).
    const hx = await send("OPS-BAD", { action: "Reset", type: "Gentle" }, { "HX-Request": "true" });
    expect(hx.status).toBe(400);
    const hxHtml = await hx.text();
    expect(hxHtml).toStartWith('<section id="operations-panel"');
    expect(hxHtml).toContain('<p id="op-type-error" class="error">Expected one of Hard, Soft</p>');
    // Nothing reached the station or the call log.
    expect(received).toEqual([]);
    expect(await callCount("OPS-BAD")).toBe(0);
    // An action that is no station action.
    const heartbeat = await send("OPS-BAD", { action: "Heartbeat" });
    expect(heartbeat.status).toBe(400);
    expect(await heartbeat.text()).toContain('<p id="op-action-error" class="error">');
  });

  test("a viewer sees no form and is refused (403); without the CSRF token an admin is refused (403); nothing sent", async () => {
    const { received } = await station("OPS-GUARD", { Reset: { status: "Accepted" } });
    const viewer = new Browser(t.joule.httpUrl);
    expect((await viewer.login("watcher", "viewer password 123")).status).toBe(303);
    const read = await viewer.get(`${opsPath("OPS-GUARD")}?action=Reset`);
    expect(read.status).toBe(200);
    const html = await read.text();
    expect(html).toContain("needs the admin role");
    expect(html).not.toContain('name="type"');
    const token = await viewer.csrf();
    expect((await viewer.post(opsPath("OPS-GUARD"), { _csrf: token, action: "Reset", type: "Hard" })).status).toBe(403);

    expect((await admin.post(opsPath("OPS-GUARD"), { action: "Reset", type: "Hard" })).status).toBe(403);
    expect((await admin.post(opsPath("OPS-GUARD"), { _csrf: "wrong", action: "Reset", type: "Hard" })).status).toBe(403);
    expect(received).toEqual([]);
    expect(await callCount("OPS-GUARD")).toBe(0);
    // The same form with the token goes through: the refusals above were about the token and the role.
    expect((await send("OPS-GUARD", { action: "Reset", type: "Hard" })).status).toBe(200);
    expect(received).toEqual([{ action: "Reset", params: { type: "Hard" } }]);
  });
});
