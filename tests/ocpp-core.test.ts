// Charge-point messages end to end: ocpp-rpc as the station, real sockets, real libSQL file, data checked after.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { nowIso } from "../lib/dateTime.ts";
import { stationTime } from "../lib/ocpp/handlers/context.ts";
import { bootPayload, startTestJoule, type TestJoule } from "./support/joule.ts";

let t: TestJoule;
beforeAll(async () => {
  t = await startTestJoule();
});
afterAll(() => t.stop());

const query = (sql: string, args: unknown[] = []) =>
  t.joule.services.database.client.execute({ sql, args: args as never }).then((r) => r.rows);

describe("timestamps", () => {
  test("a station's timestamp is stored as UTC with milliseconds, whatever form it came in", () => {
    for (const [sent, stored] of [
      ["2026-11-21T10:00:00.000Z", "2026-11-21T10:00:00.000Z"],
      ["2026-11-21t10:00:00.5z", "2026-11-21T10:00:00.500Z"],
      ["2026-11-21T10:00:00+01:00", "2026-11-21T09:00:00.000Z"],
      ["2026-11-21T00:30:00.123456-02:30", "2026-11-21T03:00:00.123Z"],
      ["2016-12-31T23:59:60.000Z", "2016-12-31T23:59:60.000Z"], // a leap second Date cannot read: kept as sent
    ]) {
      expect([sent, stationTime(sent!)]).toEqual([sent, stored]);
    }
    // Already canonical texts skip the round trip through Date; the round trip would give the same text.
    for (let i = 0; i < 1_000; i++) {
      const canonical = new Date(Date.UTC(1970 + (i % 130), i % 12, 1 + (i % 28), i % 24, i % 60, (i * 7) % 60, i)).toISOString();
      expect(stationTime(canonical)).toBe(canonical);
    }
  });

  test("the receive time is now, one text per millisecond", async () => {
    const before = Date.now();
    const stamped = nowIso();
    expect(Date.parse(stamped)).toBeGreaterThanOrEqual(before);
    expect(Date.parse(stamped)).toBeLessThanOrEqual(Date.now());
    expect(stamped).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    // The text is reused only within its millisecond.
    await Bun.sleep(3);
    expect(Date.parse(nowIso())).toBeGreaterThan(Date.parse(stamped));
  });
});

describe("BootNotification and Heartbeat", () => {
  test("boot stores the station's details and answers its registration status and interval", async () => {
    await t.addStation("BOOT-1");
    const cp = await t.connect("BOOT-1");
    const answer = await cp.call("BootNotification", {
      ...bootPayload,
      chargePointSerialNumber: "SN-1",
      chargeBoxSerialNumber: "CB-1",
      firmwareVersion: "1.2.3",
      iccid: "8944",
      imsi: "2620",
      meterType: "MT",
      meterSerialNumber: "MSN",
    });
    expect(answer.status).toBe("Accepted");
    expect(answer.interval).toBe(300);
    expect(Math.abs(Date.parse(answer.currentTime) - Date.now())).toBeLessThan(5000);
    const [row] = await query("SELECT * FROM stations WHERE id = ?", ["BOOT-1"]);
    expect(row).toMatchObject({
      charge_point_vendor: "Acme",
      charge_point_model: "Volt 22",
      charge_point_serial_number: "SN-1",
      charge_box_serial_number: "CB-1",
      firmware_version: "1.2.3",
      iccid: "8944",
      imsi: "2620",
      meter_type: "MT",
      meter_serial_number: "MSN",
    });
    expect(row!.last_boot_at).toBeString();
  });

  test("heartbeat answers the time and records it", async () => {
    await t.addStation("HB-1");
    const cp = await t.connect("HB-1");
    const answer = await cp.call("Heartbeat", {});
    expect(Math.abs(Date.parse(answer.currentTime) - Date.now())).toBeLessThan(5000);
    const [row] = await query("SELECT last_heartbeat_at FROM stations WHERE id = ?", ["HB-1"]);
    expect(row!.last_heartbeat_at).toBeString();
  });
});

async function addTag(tag: Record<string, unknown>) {
  const response = await t.api("POST", "/api/v1/id-tags", tag);
  if (response.status !== 201) throw new Error(`tag: ${response.status} ${await response.text()}`);
}

describe("Authorize", () => {
  test("unknown, blocked, expired, accepted with parent, concurrent", async () => {
    await t.addStation("AUTH-1");
    const cp = await t.connect("AUTH-1");
    await addTag({ idTag: "PARENT" });
    await addTag({ idTag: "GOOD", parentIdTag: "PARENT", expiryDate: "2099-01-01T00:00:00.000Z" });
    await addTag({ idTag: "BLOCKED", blocked: true });
    await addTag({ idTag: "OLD", expiryDate: "2001-01-01T00:00:00.000Z" });
    expect((await cp.call("Authorize", { idTag: "NOBODY" })).idTagInfo).toEqual({ status: "Invalid" });
    expect((await cp.call("Authorize", { idTag: "BLOCKED" })).idTagInfo.status).toBe("Blocked");
    expect((await cp.call("Authorize", { idTag: "OLD" })).idTagInfo.status).toBe("Expired");
    expect((await cp.call("Authorize", { idTag: "GOOD" })).idTagInfo).toEqual({
      status: "Accepted",
      parentIdTag: "PARENT",
      expiryDate: "2099-01-01T00:00:00.000Z",
    });
    // IdToken is case-insensitive.
    expect((await cp.call("Authorize", { idTag: "good" })).idTagInfo.status).toBe("Accepted");
    await cp.call("StartTransaction", { connectorId: 1, idTag: "GOOD", meterStart: 0, timestamp: new Date().toISOString() });
    expect((await cp.call("Authorize", { idTag: "GOOD" })).idTagInfo.status).toBe("ConcurrentTx");
  });
});

describe("transactions", () => {
  test("start, repeat start, meter values, stop: all stored", async () => {
    await t.addStation("TX-1");
    await addTag({ idTag: "TX-TAG", maxActiveTransactions: 2 });
    const cp = await t.connect("TX-1");
    const start = { connectorId: 2, idTag: "TX-TAG", meterStart: 1000, timestamp: "2026-11-21T10:00:00.000Z", reservationId: 7 };
    const first = await cp.call("StartTransaction", start);
    expect(first.idTagInfo.status).toBe("Accepted");
    // A repeated identical start (the station lost our answer) gets the same id and answer.
    const again = await cp.call("StartTransaction", start);
    expect(again).toEqual(first);

    await cp.call("MeterValues", {
      connectorId: 2,
      transactionId: first.transactionId,
      meterValue: [
        {
          timestamp: "2026-11-21T10:05:00.000Z",
          sampledValue: [
            { value: "1500", measurand: "Energy.Active.Import.Register", unit: "Wh", context: "Sample.Periodic", location: "Outlet" },
            { value: "16.1", measurand: "Current.Import", unit: "A", phase: "L1", format: "Raw" },
          ],
        },
      ],
    });
    const stop = await cp.call("StopTransaction", {
      transactionId: first.transactionId,
      idTag: "TX-TAG",
      meterStop: 2500,
      timestamp: "2026-11-21T11:00:00.000Z",
      reason: "EVDisconnected",
      transactionData: [{ timestamp: "2026-11-21T11:00:00.000Z", sampledValue: [{ value: "2500", context: "Transaction.End" }] }],
    });
    expect(stop.idTagInfo.status).toBe("Accepted");

    const [tx] = await query("SELECT * FROM transactions WHERE id = ?", [first.transactionId]);
    expect(tx).toMatchObject({
      station_id: "TX-1",
      connector_id: 2,
      id_tag: "TX-TAG",
      meter_start: 1000,
      reservation_id: 7,
      start_status: "Accepted",
      meter_stop: 2500,
      stop_timestamp: "2026-11-21T11:00:00.000Z",
      stop_reason: "EVDisconnected",
      stop_id_tag: "TX-TAG",
    });
    expect((await query("SELECT count(*) AS n FROM transactions WHERE station_id = 'TX-1'"))[0]!.n).toBe(1);
    const values = await query(
      "SELECT value, context, format, measurand, phase, location, unit, timestamp, connector_id FROM meter_values WHERE transaction_id = ? ORDER BY id",
      [first.transactionId],
    );
    expect(values).toEqual([
      { value: "1500", context: "Sample.Periodic", format: null, measurand: "Energy.Active.Import.Register", phase: null, location: "Outlet", unit: "Wh", timestamp: "2026-11-21T10:05:00.000Z", connector_id: 2 },
      { value: "16.1", context: null, format: "Raw", measurand: "Current.Import", phase: "L1", location: null, unit: "A", timestamp: "2026-11-21T10:05:00.000Z", connector_id: 2 },
      { value: "2500", context: "Transaction.End", format: null, measurand: null, phase: null, location: null, unit: null, timestamp: "2026-11-21T11:00:00.000Z", connector_id: 2 },
    ] as never);
  });

  test("a rejected tag still records the transaction and answers the tag's status", async () => {
    await t.addStation("TX-2");
    const cp = await t.connect("TX-2");
    const answer = await cp.call("StartTransaction", { connectorId: 1, idTag: "STRANGER", meterStart: 5, timestamp: new Date().toISOString() });
    expect(answer.idTagInfo.status).toBe("Invalid");
    const [tx] = await query("SELECT start_status, id_tag FROM transactions WHERE id = ?", [answer.transactionId]);
    expect(tx).toMatchObject({ start_status: "Invalid", id_tag: "STRANGER" });
  });

  test("ConcurrentTx when the tag has reached its active transaction limit", async () => {
    await t.addStation("TX-3");
    await addTag({ idTag: "ONE-AT-A-TIME" });
    const cp = await t.connect("TX-3");
    const now = new Date().toISOString();
    const first = await cp.call("StartTransaction", { connectorId: 1, idTag: "ONE-AT-A-TIME", meterStart: 0, timestamp: now });
    expect(first.idTagInfo.status).toBe("Accepted");
    const second = await cp.call("StartTransaction", { connectorId: 2, idTag: "ONE-AT-A-TIME", meterStart: 0, timestamp: now });
    expect(second.idTagInfo.status).toBe("ConcurrentTx");
    expect(second.transactionId).not.toBe(first.transactionId);
  });

  test("inconsistent stops are answered and recorded as anomalies", async () => {
    await t.addStation("TX-4");
    const cp = await t.connect("TX-4");
    const ts = new Date().toISOString();
    // Unknown transaction
    expect(await cp.call("StopTransaction", { transactionId: 999_999, meterStop: 10, timestamp: ts })).toEqual({});
    // meterStop < meterStart
    const started = await cp.call("StartTransaction", { connectorId: 1, idTag: "X", meterStart: 500, timestamp: ts });
    await cp.call("StopTransaction", { transactionId: started.transactionId, meterStop: 100, timestamp: ts });
    // already stopped
    await cp.call("StopTransaction", { transactionId: started.transactionId, meterStop: 900, timestamp: ts });
    const anomalies = await query("SELECT kind, transaction_id FROM transaction_anomalies WHERE station_id = 'TX-4' ORDER BY id");
    expect(anomalies.map((a) => a.kind)).toEqual(["unknown_transaction", "meter_decreased", "already_stopped"]);
    // The first stop is kept; the repeated one did not overwrite it.
    const [tx] = await query("SELECT meter_stop FROM transactions WHERE id = ?", [started.transactionId]);
    expect(tx!.meter_stop).toBe(100);
  });

  test("a MeterValues of 5,001 sampled values over several timestamps, each with its own fields, is stored whole", async () => {
    // 5,001 values of eight bound columns each are more than one SQL statement may bind (32,766): the rows are split.
    await t.addStation("MV-BULK");
    const cp = await t.connect("MV-BULK");
    const measurands = ["Energy.Active.Import.Register", "Power.Active.Import", "Voltage"] as const;
    const meterValue = Array.from({ length: 3 }, (_, m) => ({
      timestamp: `2026-11-21T1${m}:00:00+01:00`,
      sampledValue: Array.from({ length: 1_667 }, (_, i) =>
        i % 7 === 3
          ? { value: `v${m}-${i}` }
          : { value: `v${m}-${i}`, measurand: measurands[i % 3], unit: i % 3 === 2 ? "V" : "Wh", ...(i % 5 === 0 ? { phase: "L2" } : {}), ...(i % 11 === 0 ? { context: "Sample.Clock", format: "Raw", location: "Inlet" } : {}) },
      ),
    }));
    await cp.call("MeterValues", { connectorId: 3, meterValue });
    const stored = await query(
      "SELECT station_id, connector_id, transaction_id, timestamp, value, context, format, measurand, phase, location, unit FROM meter_values WHERE station_id = 'MV-BULK' ORDER BY id",
    );
    const expected = meterValue.flatMap((mv, m) =>
      mv.sampledValue.map((sample) => ({
        station_id: "MV-BULK",
        connector_id: 3,
        transaction_id: null,
        timestamp: `2026-11-21T${String(9 + m).padStart(2, "0")}:00:00.000Z`,
        context: null,
        format: null,
        measurand: null,
        phase: null,
        location: null,
        unit: null,
        ...sample,
      })),
    );
    expect(stored.length).toBe(5_001);
    expect(stored.map((row) => ({ ...row }))).toEqual(expected as never);
  });

  test("MeterValues naming another station's transaction are kept and recorded as an anomaly", async () => {
    await t.addStation("TX-6A");
    await t.addStation("TX-6B");
    const a = await t.connect("TX-6A");
    const b = await t.connect("TX-6B");
    const started = await a.call("StartTransaction", { connectorId: 1, idTag: "Z", meterStart: 1, timestamp: new Date().toISOString() });
    const sample = { timestamp: new Date().toISOString(), sampledValue: [{ value: "5" }] };
    await a.call("MeterValues", { connectorId: 1, transactionId: started.transactionId, meterValue: [sample] });
    await b.call("MeterValues", { connectorId: 1, transactionId: started.transactionId, meterValue: [sample] });
    expect((await query("SELECT count(*) AS n FROM transaction_anomalies WHERE station_id = 'TX-6A'"))[0]!.n).toBe(0);
    const anomalies = await query("SELECT kind, transaction_id FROM transaction_anomalies WHERE station_id = 'TX-6B'");
    expect(anomalies).toEqual([{ kind: "unknown_transaction", transaction_id: started.transactionId }] as never);
    expect((await query("SELECT count(*) AS n FROM meter_values WHERE station_id = 'TX-6B'"))[0]!.n).toBe(1);
  });

  test("a StopTransaction of another station's transaction is an anomaly, not a stop", async () => {
    await t.addStation("TX-5A");
    await t.addStation("TX-5B");
    const a = await t.connect("TX-5A");
    const b = await t.connect("TX-5B");
    const started = await a.call("StartTransaction", { connectorId: 1, idTag: "Y", meterStart: 1, timestamp: new Date().toISOString() });
    await b.call("StopTransaction", { transactionId: started.transactionId, meterStop: 2, timestamp: new Date().toISOString() });
    const [tx] = await query("SELECT stop_timestamp FROM transactions WHERE id = ?", [started.transactionId]);
    expect(tx!.stop_timestamp).toBeNull();
    expect((await query("SELECT kind FROM transaction_anomalies WHERE station_id = 'TX-5B'"))[0]!.kind).toBe("unknown_transaction");
  });
});

describe("status notifications", () => {
  test("current connector status and its history; connector 0 is the station", async () => {
    await t.addStation("ST-1");
    const cp = await t.connect("ST-1");
    await cp.call("StatusNotification", { connectorId: 0, errorCode: "NoError", status: "Available" });
    await cp.call("StatusNotification", { connectorId: 1, errorCode: "NoError", status: "Preparing", timestamp: "2026-11-21T09:00:00Z" });
    await cp.call("StatusNotification", {
      connectorId: 1,
      errorCode: "GroundFailure",
      status: "Faulted",
      info: "RCD tripped",
      vendorId: "Acme",
      vendorErrorCode: "E42",
      timestamp: "2026-11-21T09:01:00Z",
    });
    const station = await (await t.api("GET", "/api/v1/stations/ST-1")).json();
    expect(station.connectors).toEqual([
      expect.objectContaining({ connectorId: 0, status: "Available", errorCode: "NoError" }),
      expect.objectContaining({ connectorId: 1, status: "Faulted", errorCode: "GroundFailure", info: "RCD tripped", vendorId: "Acme", vendorErrorCode: "E42", timestamp: "2026-11-21T09:01:00.000Z" }),
    ]);
    // Times are stored in UTC whatever offset the station used.
    await cp.call("StatusNotification", { connectorId: 2, errorCode: "NoError", status: "Available", timestamp: "2026-11-21T11:30:00+02:00" });
    const [connector2] = await query("SELECT timestamp FROM connectors WHERE station_id = 'ST-1' AND connector_id = 2");
    expect(connector2!.timestamp).toBe("2026-11-21T09:30:00.000Z");
    const history = await query("SELECT status FROM status_notifications WHERE station_id = 'ST-1' AND connector_id = 1 ORDER BY id");
    expect(history.map((h) => h.status)).toEqual(["Preparing", "Faulted"]);
  });

  test("firmware and diagnostics status notifications are stored with history", async () => {
    await t.addStation("ST-2");
    const cp = await t.connect("ST-2");
    await cp.call("FirmwareStatusNotification", { status: "Downloading" });
    await cp.call("FirmwareStatusNotification", { status: "Installed" });
    await cp.call("DiagnosticsStatusNotification", { status: "Uploaded" });
    const station = await (await t.api("GET", "/api/v1/stations/ST-2")).json();
    expect(station).toMatchObject({ firmwareStatus: "Installed", diagnosticsStatus: "Uploaded" });
    const history = await query("SELECT kind, status FROM station_notifications WHERE station_id = 'ST-2' ORDER BY id");
    expect(history).toEqual([
      { kind: "firmware", status: "Downloading" },
      { kind: "firmware", status: "Installed" },
      { kind: "diagnostics", status: "Uploaded" },
    ] as never);
  });
});

describe("DataTransfer", () => {
  test("no handler -> UnknownVendorId; registered handlers by vendor and message id", async () => {
    await t.addStation("DT-1");
    const cp = await t.connect("DT-1");
    expect(await cp.call("DataTransfer", { vendorId: "Nobody" })).toEqual({ status: "UnknownVendorId" });
    t.joule.services.dataTransfer.register("Acme", ({ data }) => ({ status: "Accepted", data: `echo:${data}` }), "Echo");
    expect(await cp.call("DataTransfer", { vendorId: "Acme", messageId: "Echo", data: "hi" })).toEqual({ status: "Accepted", data: "echo:hi" });
    expect(await cp.call("DataTransfer", { vendorId: "Acme", messageId: "Other" })).toEqual({ status: "UnknownMessageId" });
    const rows = await query("SELECT vendor_id, message_id, data, status FROM data_transfers WHERE station_id = 'DT-1' ORDER BY id");
    expect(rows.map((r) => r.status)).toEqual(["UnknownVendorId", "Accepted", "UnknownMessageId"]);
  });
});
