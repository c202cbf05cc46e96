// POST /api/v1/stations/{id}/calls/{action}: central-system calls carried to an ocpp-rpc station.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { startTestJoule, type TestJoule } from "./support/joule.ts";

let t: TestJoule;
beforeAll(async () => {
  t = await startTestJoule({ JOULE_CALL_TIMEOUT: "1" });
});
afterAll(() => t.stop());

const callApi = (station: string, action: string, payload: unknown) =>
  t.api("POST", `/api/v1/stations/${encodeURIComponent(station)}/calls/${action}`, payload);

describe("calls to a station", () => {
  test("the station's answer comes back as result, and the call is recorded", async () => {
    await t.addStation("CALL-1");
    const cp = await t.connect("CALL-1");
    let received: unknown;
    cp.handle("ChangeConfiguration", ({ params }: { params: unknown }) => {
      received = params;
      return { status: "Accepted" };
    });
    const response = await callApi("CALL-1", "ChangeConfiguration", { key: "HeartbeatInterval", value: "60" });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ result: { status: "Accepted" } });
    expect(received).toEqual({ key: "HeartbeatInterval", value: "60" });

    const log = await (await t.api("GET", "/api/v1/stations/CALL-1/calls")).json();
    expect(log.total).toBe(1);
    expect(log.items[0]).toMatchObject({
      action: "ChangeConfiguration",
      payload: { key: "HeartbeatInterval", value: "60" },
      requestedBy: "JOULE_API_TOKEN",
      outcome: "result",
      result: { status: "Accepted" },
    });
    expect(log.items[0].completedAt).toBeString();
  });

  test("a CALLERROR from the station comes back as error", async () => {
    await t.addStation("CALL-2");
    await t.connect("CALL-2"); // ocpp-rpc answers an action it has no handler for with NotImplemented
    const response = await callApi("CALL-2", "Reset", { type: "Soft" });
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body.error.code).toBe("NotImplemented");
    const log = await (await t.api("GET", "/api/v1/stations/CALL-2/calls")).json();
    expect(log.items[0]).toMatchObject({ outcome: "error", errorCode: "NotImplemented" });
  });

  test("a response that fails its schema is reported as an error, not passed on", async () => {
    await t.addStation("CALL-3");
    const cp = await t.connect("CALL-3", { strictMode: false });
    cp.handle("ClearCache", () => ({ status: "Maybe" }));
    const body = await (await callApi("CALL-3", "ClearCache", {})).json();
    expect(body.error.code).toBe("PropertyConstraintViolation");
  });

  test("400 for an unknown action, a station-only action, or a payload that fails the schema", async () => {
    await t.addStation("CALL-4");
    await t.connect("CALL-4");
    let response = await callApi("CALL-4", "FlyToTheMoon", {});
    expect(response.status).toBe(400);
    expect((await response.json()).field).toBe("action");
    response = await callApi("CALL-4", "Heartbeat", {});
    expect(response.status).toBe(400);
    response = await callApi("CALL-4", "Reset", { type: "Gentle" });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ field: "type" });
    response = await callApi("CALL-4", "ChangeConfiguration", { key: "k" });
    expect(response.status).toBe(400);
    expect((await response.json()).message).toContain("value");
    // Nothing was sent, so nothing was recorded.
    expect((await (await t.api("GET", "/api/v1/stations/CALL-4/calls")).json()).total).toBe(0);
  });

  test("404 for an unknown station, 409 when it is not connected", async () => {
    expect((await callApi("NO-SUCH", "ClearCache", {})).status).toBe(404);
    await t.addStation("OFFLINE");
    expect((await callApi("OFFLINE", "ClearCache", {})).status).toBe(409);
    const log = await (await t.api("GET", "/api/v1/stations/OFFLINE/calls")).json();
    expect(log.items[0]).toMatchObject({ outcome: "not_connected" });
  });

  test("504 when the station does not answer in time (JOULE_CALL_TIMEOUT)", async () => {
    await t.addStation("SLOW");
    const cp = await t.connect("SLOW");
    cp.handle("ClearCache", () => new Promise(() => {}));
    const started = Date.now();
    const response = await callApi("SLOW", "ClearCache", {});
    expect(response.status).toBe(504);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    const log = await (await t.api("GET", "/api/v1/stations/SLOW/calls")).json();
    expect(log.items[0]).toMatchObject({ outcome: "timeout" });
  });

  test("one outstanding call per station; the others queue; the station's own calls are answered meanwhile", async () => {
    await t.addStation("QUEUE");
    const cp = await t.connect("QUEUE");
    let inFlight = 0;
    let maxInFlight = 0;
    const order: string[] = [];
    cp.handle("GetConfiguration", async ({ params }: { params: { key: string[] } }) => {
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      order.push(params.key[0]!);
      // While our call is outstanding, the station's own request is answered.
      const heartbeat = await cp.call("Heartbeat", {});
      expect(heartbeat.currentTime).toBeString();
      await Bun.sleep(50);
      inFlight--;
      return { configurationKey: [{ key: params.key[0]!, readonly: true, value: "v" }] };
    });
    const responses = await Promise.all(
      ["A", "B", "C"].map((key) => callApi("QUEUE", "GetConfiguration", { key: [key] })),
    );
    expect(responses.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(maxInFlight).toBe(1);
    expect(order.sort()).toEqual(["A", "B", "C"]);
  });

  test("the timeout covers time spent queued", async () => {
    await t.addStation("QUEUE-2");
    const cp = await t.connect("QUEUE-2");
    cp.handle("ClearCache", async () => {
      await Bun.sleep(700);
      return { status: "Accepted" };
    });
    const [first, second] = await Promise.all([callApi("QUEUE-2", "ClearCache", {}), callApi("QUEUE-2", "ClearCache", {})]);
    // The first takes 0.7 s; the second waits 0.7 s in the queue then needs 0.7 s more: over the 1 s budget.
    expect(first.status).toBe(200);
    expect(second.status).toBe(504);
  });
});
