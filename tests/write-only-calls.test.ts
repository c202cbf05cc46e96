// MeterValues and Heartbeat handed to the writer thread whole: read, written and answered there. Whatever that path
// does not answer must get exactly the ordinary path's answer, and both paths must store the same rows.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { createClient } from "@libsql/client";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { clientWriteBackend, GroupCommitWriter, threadedFileWriteBackend, type CallJob } from "../db/writer.ts";
import { meterValuesStatements } from "../lib/ocpp/handlers/meterValues.ts";
import { readWriteOnlyCall, writeOnlyCallOf } from "../lib/ocpp/writeOnlyCalls.ts";
import { bootPayload, exchangeRaw, nextFrames, startTestJoule, type Station, type TestJoule } from "./support/joule.ts";

const meterValuesPayload = (value: string) => ({
  connectorId: 2,
  meterValue: [
    {
      timestamp: "2026-11-22T08:00:00.000Z",
      sampledValue: [
        { value, measurand: "Energy.Active.Import.Register", unit: "Wh" },
        { value: "7200", measurand: "Power.Active.Import", unit: "W", phase: "L1", context: "Sample.Periodic" },
      ],
    },
    { timestamp: "2026-11-22T08:00:10+01:00", sampledValue: [{ value: `${value}-later` }] },
  ],
});
const compact = (id: string, action: string, payload: unknown) => JSON.stringify([2, id, action, payload]);
const spaced = (id: string, action: string, payload: unknown) => `[2, "${id}", "${action}", ${JSON.stringify(payload)}]`;

describe("spotting the frames to hand over", () => {
  test("only MeterValues and Heartbeat CALLs as stations write them, with a plain id of 1 to 36 characters", () => {
    expect(writeOnlyCallOf('[2,"m-1","MeterValues",{"connectorId":1}]')).toEqual({ id: "m-1", action: "MeterValues" });
    expect(writeOnlyCallOf('[2,"h","Heartbeat",{}]')).toEqual({ id: "h", action: "Heartbeat" });
    expect(writeOnlyCallOf(`[2,"${"x".repeat(36)}","Heartbeat",{}]`)?.id).toBe("x".repeat(36));
    for (const other of [
      '[2, "h", "Heartbeat", {}]', // blanks
      '[2,"h","Heartbeat", {}]',
      '[2,"a\\"b","Heartbeat",{}]', // an escaped id
      `[2,"${"x".repeat(37)}","Heartbeat",{}]`,
      '[2,"","Heartbeat",{}]',
      '[2,"h","StatusNotification",{}]',
      '[2,"h","HeartbeatX",{}]',
      '[2,"h","Heartbeat",[]]',
      '[3,"h",{}]',
    ]) {
      expect([other, writeOnlyCallOf(other)]).toEqual([other, undefined]);
    }
  });

  test("reading: valid calls give the ordinary handler's statements; anything else is left to the ordinary path", () => {
    const payload = meterValuesPayload("1.5");
    const reading = readWriteOnlyCall("CP-R", compact("r1", "MeterValues", payload), "2026-11-22T09:00:00.000Z")!;
    expect(reading.statements).toEqual(meterValuesStatements("CP-R", payload as never, "2026-11-22T09:00:00.000Z"));
    expect(reading.answer()).toBe('[3,"r1",{}]');
    const heartbeat = readWriteOnlyCall("CP-R", '[2,"r2","Heartbeat",{}]', "2026-11-22T09:00:00.000Z")!;
    expect(heartbeat.statements[0]!.args).toEqual(["2026-11-22T09:00:00.000Z", "CP-R"]);
    const [type, id, answer] = JSON.parse(heartbeat.answer());
    expect([type, id, Math.abs(Date.parse(answer.currentTime) - Date.now()) < 5_000]).toEqual([3, "r2", true]);
    for (const declined of [
      '[2,"r3","Heartbeat",{"extra":1}]',
      '[2,"r4","MeterValues",{"connectorId":"1","meterValue":[]}]',
      '[2,"r5","MeterValues",{',
      '[2,"r6","Authorize",{"idTag":"A"}]',
      '[2,"r7","Heartbeat",{}, 1]',
    ]) {
      expect([declined, readWriteOnlyCall("CP-R", declined, "2026-11-22T09:00:00.000Z")]).toEqual([declined, undefined]);
    }
  });
});

describe("the writer answers handed-over frames in its commits", () => {
  const dir = mkdtempSync(join(tmpdir(), "joule-write-only-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** A CallJob that records what the writer made of it. */
  const callJob = (stationId: string, text: string) => {
    const job = {
      stationId,
      receivedAt: "2026-11-22T09:30:00.000Z",
      text,
      outcome: undefined as undefined | { answer?: string } | { error: unknown },
      settled: undefined as unknown as Promise<void>,
      answered(answer: string | undefined) {},
      failed(error: unknown) {},
    };
    job.settled = new Promise<void>((resolve) => {
      job.answered = (answer) => resolve(void (job.outcome = { answer }));
      job.failed = (error) => resolve(void (job.outcome = { error }));
    });
    return job satisfies CallJob;
  };

  test("frames and statements share commits; a declined frame writes nothing; a failing frame fails alone", async () => {
    const path = join(dir, "calls.db");
    const setup = createClient({ url: `file:${path}` });
    // The columns the two actions write, with a CHECK that lets one frame's rows fail.
    await setup.executeMultiple(`
      CREATE TABLE meter_values (id INTEGER PRIMARY KEY, station_id TEXT NOT NULL, connector_id INTEGER NOT NULL,
        transaction_id INTEGER, timestamp TEXT NOT NULL, value TEXT NOT NULL CHECK (value <> 'boom'), context TEXT,
        format TEXT, measurand TEXT, phase TEXT, location TEXT, unit TEXT);
      CREATE TABLE stations (id TEXT PRIMARY KEY, last_heartbeat_at TEXT);
      CREATE TABLE t (v TEXT);
      INSERT INTO stations (id) VALUES ('CP-1'), ('CP-2');`);
    setup.close();
    const writer = new GroupCommitWriter(await threadedFileWriteBackend(path), { maxCommitsInFlight: 2 });
    expect(writer.answersCalls).toBe(true);

    const jobs = [
      callJob("CP-1", compact("a", "MeterValues", meterValuesPayload("10"))),
      callJob("CP-2", '[2,"b","Heartbeat",{}]'),
      callJob("CP-2", '[2,"c","Heartbeat",{"extra":1}]'),
      callJob("CP-2", compact("d", "MeterValues", meterValuesPayload("boom"))),
      callJob("CP-1", compact("e", "MeterValues", meterValuesPayload("11"))),
    ];
    const write = writer.write([{ sql: "INSERT INTO t (v) VALUES (?) RETURNING v", args: ["statement"] }]);
    jobs.forEach((job) => writer.answerCall(job));
    const [results] = await Promise.all([write, ...jobs.map((job) => job.settled)]);
    await writer.drain();
    await writer.close();

    expect(results![0]!.rows).toEqual([{ v: "statement" }]);
    expect(jobs.map((job) => job.outcome)).toEqual([
      { answer: '[3,"a",{}]' },
      { answer: expect.stringMatching(/^\[3,"b",\{"currentTime":"[^"]+"\}\]$/) },
      { answer: undefined },
      { error: expect.objectContaining({ message: expect.stringContaining("CHECK") }) },
      { answer: '[3,"e",{}]' },
    ]);
    const check = createClient({ url: `file:${path}` });
    const rows = (await check.execute("SELECT station_id, timestamp, value, context, measurand, phase, unit FROM meter_values ORDER BY id")).rows;
    expect(rows.map((r): Record<string, unknown> => ({ ...r }))).toEqual(
      ["10", "11"].flatMap((v) => [
        { station_id: "CP-1", timestamp: "2026-11-22T08:00:00.000Z", value: v, context: null, measurand: "Energy.Active.Import.Register", phase: null, unit: "Wh" },
        { station_id: "CP-1", timestamp: "2026-11-22T08:00:00.000Z", value: "7200", context: "Sample.Periodic", measurand: "Power.Active.Import", phase: "L1", unit: "W" },
        { station_id: "CP-1", timestamp: "2026-11-22T07:00:10.000Z", value: `${v}-later`, context: null, measurand: null, phase: null, unit: null },
      ]),
    );
    const stations = (await check.execute("SELECT id, last_heartbeat_at FROM stations ORDER BY id")).rows.map((r): Record<string, unknown> => ({ ...r }));
    expect(stations).toEqual([
      { id: "CP-1", last_heartbeat_at: null },
      { id: "CP-2", last_heartbeat_at: "2026-11-22T09:30:00.000Z" },
    ]);
    expect((await check.execute("SELECT v FROM t")).rows.length).toBe(1);
    check.close();
  });

  test("a frame of many values counts as the statements its rows will take, so a commit stays bounded", async () => {
    const path = join(dir, "weights.db");
    const setup = createClient({ url: `file:${path}` });
    await setup.execute(`CREATE TABLE meter_values (id INTEGER PRIMARY KEY, station_id TEXT NOT NULL, connector_id INTEGER NOT NULL,
      transaction_id INTEGER, timestamp TEXT NOT NULL, value TEXT NOT NULL, context TEXT, format TEXT, measurand TEXT,
      phase TEXT, location TEXT, unit TEXT)`);
    setup.close();
    const backend = await threadedFileWriteBackend(path);
    const framesPerCommit: number[] = [];
    const commitWithCalls = backend.commitWithCalls!;
    backend.commitWithCalls = (statements, calls) => (framesPerCommit.push(calls.length), commitWithCalls(statements, calls));
    const writer = new GroupCommitWriter(backend, { maxStatementsPerCommit: 4 });
    const many = {
      connectorId: 1,
      meterValue: [{ timestamp: "2026-11-22T08:00:00.000Z", sampledValue: Array.from({ length: 300 }, (_, i) => ({ value: `${i}`, measurand: "Voltage", unit: "V" })) }],
    };
    const big = callJob("CP-1", compact("big", "MeterValues", many));
    expect(big.text.length).toBeGreaterThan(3 * 4096);
    const jobs = [1, 2, 3].map((i) => callJob("CP-1", compact(`small-${i}`, "MeterValues", meterValuesPayload(`${i}`)))).concat(big);
    jobs.forEach((job) => writer.answerCall(job));
    await Promise.all(jobs.map((job) => job.settled));
    await writer.close();
    expect(jobs.map((job) => job.outcome)).toEqual(["small-1", "small-2", "small-3", "big"].map((id) => ({ answer: `[3,"${id}",{}]` })));
    // Three small frames fill a commit of four statements; the big one (four by its size) takes its own.
    expect(framesPerCommit).toEqual([3, 1]);
  });

  test("a writer that commits on this thread (libSQL server) takes no frames", () => {
    const writer = new GroupCommitWriter(clientWriteBackend(createClient({ url: `file:${join(dir, "client.db")}` })));
    expect(writer.answersCalls).toBe(false);
    expect(() => writer.answerCall({} as CallJob)).toThrow("does not answer calls");
  });
});

describe("end to end: a station's frames, handed over or not", () => {
  let t: TestJoule;
  let cp: Station;
  let handedOver: string[];
  beforeAll(async () => {
    t = await startTestJoule();
    await t.addStation("WO-1");
    await t.addStation("WO-PENDING", "Pending");
    cp = await t.connect("WO-1");
    // Counts what the sessions hand to the writer, which still does the work.
    const writer = t.joule.services.database.writer;
    const answerCall = writer.answerCall.bind(writer);
    handedOver = [];
    writer.answerCall = (call) => {
      handedOver.push(writeOnlyCallOf(call.text)!.id);
      answerCall(call);
    };
  });
  afterAll(() => t.stop());

  const query = (sql: string, args: unknown[] = []) =>
    t.joule.services.database.client
      .execute({ sql, args: args as never })
      .then((r) => r.rows.map((row): Record<string, any> => ({ ...row })));

  test("the same MeterValues stores the same rows whichever path answered it", async () => {
    expect(await exchangeRaw(cp, compact("mv-compact", "MeterValues", meterValuesPayload("20")))).toEqual([3, "mv-compact", {}]);
    expect(await exchangeRaw(cp, spaced("mv-spaced", "MeterValues", meterValuesPayload("20")))).toEqual([3, "mv-spaced", {}]);
    // ocpp-rpc writes frames the compact way, as stations do.
    expect(await cp.call("MeterValues", meterValuesPayload("20"))).toEqual({});
    expect(handedOver).toEqual(["mv-compact", expect.any(String)]);
    const rows = await query(
      "SELECT connector_id, transaction_id, timestamp, value, context, format, measurand, phase, location, unit FROM meter_values WHERE station_id = 'WO-1' ORDER BY id",
    );
    expect(rows.length).toBe(9);
    expect(rows.slice(3, 6)).toEqual(rows.slice(0, 3));
    expect(rows.slice(6, 9)).toEqual(rows.slice(0, 3));
  });

  test("a Heartbeat handed over is stored with its arrival time and answered with the time", async () => {
    const before = new Date().toISOString();
    const [type, id, payload] = (await exchangeRaw(cp, '[2,"hb-compact","Heartbeat",{}]')) as [number, string, { currentTime: string }];
    expect([type, id, payload.currentTime >= before]).toEqual([3, "hb-compact", true]);
    expect(handedOver).toContain("hb-compact");
    const [station] = await query("SELECT last_heartbeat_at FROM stations WHERE id = 'WO-1'");
    expect(station!.last_heartbeat_at >= before && station!.last_heartbeat_at <= payload.currentTime).toBe(true);
  });

  test("frames the writer declines get the ordinary path's CALLERROR, and store nothing", async () => {
    const count = async () => (await query("SELECT count(*) AS n FROM meter_values WHERE station_id = 'WO-1'"))[0]!.n;
    const stored = await count();
    const cases: [string, string, string][] = [
      ['[2,"bad-1","Heartbeat",{"extra":1}]', "bad-1", "PropertyConstraintViolation"],
      ['[2,"bad-2","MeterValues",{"connectorId":"1","meterValue":[]}]', "bad-2", "TypeConstraintViolation"],
      ['[2,"bad-3","MeterValues",{"meterValue":[]}]', "bad-3", "OccurenceConstraintViolation"],
      ['[2,"bad-4","MeterValues",{"connectorId":1,"meterValue":[{"timestamp":"soon","sampledValue":[]}]}]', "bad-4", "PropertyConstraintViolation"],
      ['[2,"bad-5","Heartbeat",{"unclosed":', "-1", "FormationViolation"],
    ];
    for (const [frame, id, code] of cases) {
      const answer = await exchangeRaw(cp, frame);
      expect([frame, answer[0], answer[1], answer[2]]).toEqual([frame, 4, id, code]);
    }
    expect(handedOver).toEqual(expect.arrayContaining(["bad-1", "bad-2", "bad-3", "bad-4", "bad-5"]));
    expect(await count()).toBe(stored);
  });

  test("a repeated message id while the first is with the writer gets ProtocolError, the first its result", async () => {
    const both = nextFrames(cp, 2);
    const frame = compact("twice", "MeterValues", meterValuesPayload("30"));
    cp.sendRaw(frame);
    cp.sendRaw(frame);
    const answers = await both;
    expect(answers.map((a) => a.slice(0, 3))).toEqual([
      [4, "twice", "ProtocolError"],
      [3, "twice", {}],
    ]);
    expect(handedOver.filter((id) => id === "twice")).toEqual(["twice"]);
  });

  test("a station that is not Accepted is refused as before: its frames are not handed over", async () => {
    const pending = await t.connect("WO-PENDING");
    const answer = await exchangeRaw(pending, '[2,"p-1","Heartbeat",{}]');
    expect(answer.slice(0, 3)).toEqual([4, "p-1", "SecurityError"]);
    expect((await pending.call("BootNotification", bootPayload)).status).toBe("Pending");
    expect(handedOver).not.toContain("p-1");
  });
});
