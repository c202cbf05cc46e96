// OCPP-J framing and error codes, sent as raw frames from the ocpp-rpc station.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { bootPayload, closed, exchangeRaw, nextFrames, startTestJoule, type Station, type TestJoule } from "./support/joule.ts";

let t: TestJoule;
let cp: Station;
beforeAll(async () => {
  t = await startTestJoule({ JOULE_MAX_FRAME_BYTES: "4096" });
  await t.addStation("FRAME-1");
  cp = await t.connect("FRAME-1");
});
afterAll(() => t.stop());

const error = (answer: unknown[]) => ({ type: answer[0], id: answer[1], code: answer[2] });

describe("CALLERROR codes", () => {
  const cases: [string, string, string, string][] = [
    ["unreadable JSON", "{not json", "-1", "FormationViolation"],
    ["not an array", '{"a":1}', "-1", "FormationViolation"],
    ["message id not a string", '[2, 17, "Heartbeat", {}]', "-1", "FormationViolation"],
    ["message id longer than 36", `[2, "${"x".repeat(37)}", "Heartbeat", {}]`, "-1", "FormationViolation"],
    ["missing payload", '[2, "m1", "Heartbeat"]', "m1", "FormationViolation"],
    ["payload not an object", '[2, "m2", "Heartbeat", []]', "m2", "FormationViolation"],
    ["unknown message type", '[7, "m3", "Heartbeat", {}]', "m3", "FormationViolation"],
    ["wrong JSON type", '[2, "m4", "Authorize", {"idTag": 5}]', "m4", "TypeConstraintViolation"],
    ["required field missing", '[2, "m5", "Authorize", {}]', "m5", "OccurenceConstraintViolation"],
    ["string too long", `[2, "m6", "Authorize", {"idTag": "${"a".repeat(21)}"}]`, "m6", "PropertyConstraintViolation"],
    ["extra property", '[2, "m7", "Heartbeat", {"extra": 1}]', "m7", "PropertyConstraintViolation"],
    [
      "enum value not allowed",
      '[2, "m8", "StatusNotification", {"connectorId": 1, "errorCode": "NoError", "status": "Sleeping"}]',
      "m8",
      "PropertyConstraintViolation",
    ],
    ["action the spec does not have", '[2, "m9", "FlyToTheMoon", {}]', "m9", "NotImplemented"],
    ["spec action Joule does not handle from a station", '[2, "m10", "Reset", {"type": "Hard"}]', "m10", "NotSupported"],
  ];
  for (const [name, frame, id, code] of cases) {
    test(`${name} -> ${code}`, async () => {
      expect(error(await exchangeRaw(cp, frame))).toEqual({ type: 4, id, code });
    });
  }

  test("the OccurenceConstraintViolation spelling is the spec's (one r)", async () => {
    const [, , code] = await exchangeRaw(cp, '[2, "spell", "StartTransaction", {"connectorId": 1}]');
    expect(code).toBe("OccurenceConstraintViolation");
  });

  test("a valid CALL still works after all the bad ones (the socket stayed open)", async () => {
    const answer = await exchangeRaw(cp, '[2, "ok-1", "Heartbeat", {}]');
    expect(answer[0]).toBe(3);
    expect(answer[1]).toBe("ok-1");
  });

  test("late and unknown CALLRESULT / CALLERROR are ignored without closing", async () => {
    cp.sendRaw('[3, "never-sent", {}]');
    cp.sendRaw('[4, "never-sent-either", "GenericError", "", {}]');
    const answer = await exchangeRaw(cp, '[2, "ok-2", "Heartbeat", {}]');
    expect(answer.slice(0, 2)).toEqual([3, "ok-2"]);
    expect(t.logLines.some((line) => line.includes("answer to no outstanding call ignored"))).toBe(true);
  });

  test("a duplicate CALL id while the first is in flight gets a CALLERROR, the first still its result", async () => {
    const bothAnswers = nextFrames(cp, 2);
    // A vendor handler that takes a while keeps the first CALL in flight when the second arrives.
    t.joule.services.dataTransfer.register("SlowVendor", async () => {
      await Bun.sleep(200);
      return { status: "Accepted" };
    });
    cp.sendRaw('[2, "dup", "DataTransfer", {"vendorId": "SlowVendor"}]');
    cp.sendRaw('[2, "dup", "DataTransfer", {"vendorId": "SlowVendor"}]');
    const answers = await bothAnswers;
    expect(answers.map((a) => a[0])).toEqual([4, 3]);
    expect(answers[1]![2]).toEqual({ status: "Accepted" });
    expect(answers[0]![2]).toBe("ProtocolError");
  });
});

describe("frames the socket cannot carry", () => {
  test("a binary frame closes with 1003", async () => {
    await t.addStation("BINARY-1");
    const station = await t.connect("BINARY-1");
    const closing = closed(station);
    (station as unknown as { _ws: { send(data: Buffer): void } })._ws.send(Buffer.from([1, 2, 3]));
    expect((await closing).code).toBe(1003);
  });

  test("a frame above JOULE_MAX_FRAME_BYTES closes with 1009", async () => {
    await t.addStation("BIG-1");
    const station = await t.connect("BIG-1");
    const closing = closed(station);
    station.sendRaw(JSON.stringify([2, "big", "DataTransfer", { vendorId: "v", data: "x".repeat(10_000) }]));
    expect((await closing).code).toBe(1009);
  });
});

describe("registration status", () => {
  test("a Pending station gets SecurityError for everything but BootNotification until Accepted", async () => {
    await t.addStation("PENDING-1", "Pending");
    const station = await t.connect("PENDING-1");
    expect((await station.call("BootNotification", bootPayload)).status).toBe("Pending");
    const refused = await exchangeRaw(station, '[2, "p1", "Heartbeat", {}]');
    expect(refused[2]).toBe("SecurityError");
    const response = await t.api("PATCH", "/api/v1/stations/PENDING-1", { registrationStatus: "Accepted" });
    expect(response.status).toBe(200);
    // Accepted now: any request works, even without a new BootNotification.
    expect((await exchangeRaw(station, '[2, "p2", "Heartbeat", {}]'))[0]).toBe(3);
  });

  test("a Rejected station may still send what the central system triggered", async () => {
    await t.addStation("REJECTED-1", "Rejected");
    const station = await t.connect("REJECTED-1");
    expect((await station.call("BootNotification", bootPayload)).status).toBe("Rejected");
    expect((await exchangeRaw(station, '[2, "r1", "StatusNotification", {"connectorId": 0, "errorCode": "NoError", "status": "Available"}]'))[2]).toBe("SecurityError");
    station.handle("TriggerMessage", () => ({ status: "Accepted" }));
    const trigger = await t.api("POST", "/api/v1/stations/REJECTED-1/calls/TriggerMessage", { requestedMessage: "StatusNotification" });
    expect(await trigger.json()).toEqual({ result: { status: "Accepted" } });
    const answer = await exchangeRaw(station, '[2, "r2", "StatusNotification", {"connectorId": 0, "errorCode": "NoError", "status": "Available"}]');
    expect(answer[0]).toBe(3);
    // Only what was triggered: a Heartbeat is still refused.
    expect((await exchangeRaw(station, '[2, "r3", "Heartbeat", {}]'))[2]).toBe("SecurityError");
  });
});
