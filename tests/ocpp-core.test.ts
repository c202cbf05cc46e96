// Charge-point messages end to end: ocpp-rpc as the station, real sockets, real libSQL file, data checked after.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { bootPayload, startTestJoule, type TestJoule } from "./support/joule.ts";

let t: TestJoule;
beforeAll(async () => {
  t = await startTestJoule();
});
afterAll(() => t.stop());

const query = (sql: string, args: unknown[] = []) =>
  t.joule.services.database.client.execute({ sql, args: args as never }).then((r) => r.rows);

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
