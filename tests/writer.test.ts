// The group-commit writer on a real libSQL file, with both backends.
import { afterAll, describe, expect, test } from "bun:test";
import { createClient } from "@libsql/client";
import Sqlite from "libsql";
import { closeSync, copyFileSync, existsSync, mkdtempSync, openSync, readSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startCheckpointer } from "../db/checkpointer.ts";
import type { CheckpointCounts } from "../db/checkpointThread.ts";
import { openDatabase } from "../db/index.ts";
import { insertMeterValues } from "../db/transactions.ts";
import {
  clientWriteBackend,
  combineInserts,
  GroupCommitWriter,
  nativeFileWriteBackend,
  threadedFileWriteBackend,
  type WriteBackend,
  type WriteStatement,
} from "../db/writer.ts";

const dir = mkdtempSync(join(tmpdir(), "joule-writer-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const backends: [string, (path: string) => WriteBackend | Promise<WriteBackend>, number][] = [
  ["native file backend", (path) => nativeFileWriteBackend(path), 1],
  ["native file backend on a worker thread", (path) => threadedFileWriteBackend(path), 1],
  ["native file backend on a worker thread, two commits in flight", (path) => threadedFileWriteBackend(path), 2],
  ["@libsql/client backend", (path) => clientWriteBackend(createClient({ url: `file:${path}`, concurrency: 1 })), 1],
];

for (const [name, makeBackend, maxCommitsInFlight] of backends) {
  describe(name, () => {
    test("concurrent jobs share commits, each gets its own results, and a failing job fails alone and atomically", async () => {
      const path = join(dir, `${name.replace(/\W/g, "")}.db`);
      const setup = createClient({ url: `file:${path}` });
      await setup.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL UNIQUE)");
      setup.close();
      const writer = new GroupCommitWriter(await makeBackend(path), { maxCommitsInFlight });

      const good = Array.from({ length: 100 }, (_, i) =>
        writer.write([{ sql: "INSERT INTO t (v) VALUES (?) RETURNING v", args: [`v${i}`] }]),
      );
      // A job whose second statement violates the UNIQUE constraint: its first statement must not persist.
      const bad = writer.write([
        { sql: "INSERT INTO t (v) VALUES (?)", args: ["only-if-atomic-fails"] },
        { sql: "INSERT INTO t (v) VALUES (?)", args: ["v1"] },
      ]);
      const results = await Promise.all(good);
      expect(results.map((r) => r[0]!.rows[0]!.v)).toEqual(Array.from({ length: 100 }, (_, i) => `v${i}`));
      // Awaited here rather than with expect().rejects, which does not let a worker thread's answer in.
      const failure = await bad.then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(String(failure)).toContain("UNIQUE");
      await writer.drain();
      await writer.close();

      const check = createClient({ url: `file:${path}` });
      const { rows } = await check.execute("SELECT count(*) AS n, sum(v = 'only-if-atomic-fails') AS leaked FROM t");
      check.close();
      expect(rows[0]).toMatchObject({ n: 100, leaked: 0 });
    });
  });
}

test("past its bound of named statements the writer thread still runs new SQL texts (sent inline)", async () => {
  const path = join(dir, "bounded.db");
  const setup = createClient({ url: `file:${path}` });
  await setup.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)");
  setup.close();
  const writer = new GroupCommitWriter(await threadedFileWriteBackend(path, 1));
  const texts = ["INSERT INTO t (v) VALUES (?)", "INSERT INTO t (v) VALUES (? || '!')", "INSERT INTO t (v) VALUES (? || '?')"];
  for (let round = 0; round < 2; round++) {
    for (const sql of texts) await writer.write([{ sql, args: [`r${round}`] }]);
  }
  await writer.drain();
  await writer.close();
  const check = createClient({ url: `file:${path}` });
  const { rows } = await check.execute("SELECT v FROM t ORDER BY id");
  check.close();
  expect(rows.map((r) => r.v)).toEqual(["r0", "r0!", "r0?", "r1", "r1!", "r1?"]);
});

test("a write to a closed writer thread fails at once instead of waiting forever", async () => {
  const path = join(dir, "closed.db");
  const backend = await threadedFileWriteBackend(path);
  await backend.close();
  const outcome = await Promise.race([
    Promise.resolve(backend.commit([{ sql: "SELECT 1", args: [] }])).then(
      () => "committed",
      (error: Error) => error.message,
    ),
    Bun.sleep(2_000).then(() => "no answer"),
  ]);
  expect(outcome).toBe("the database writer is closed");
  await backend.close(); // closing twice is harmless
});

test("with two commits in flight: never more than two, committed in the order written, and drain waits for both", async () => {
  const path = join(dir, "in-flight.db");
  const setup = createClient({ url: `file:${path}` });
  await setup.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, v INTEGER NOT NULL)");
  setup.close();
  const threaded = await threadedFileWriteBackend(path);
  let inFlight = 0;
  let mostInFlight = 0;
  const counting: WriteBackend = {
    async commit(statements) {
      mostInFlight = Math.max(mostInFlight, ++inFlight);
      try {
        return await threaded.commit(statements);
      } finally {
        inFlight--;
      }
    },
    close: () => threaded.close(),
  };
  const writer = new GroupCommitWriter(counting, { maxCommitsInFlight: 2, maxStatementsPerCommit: 50 });
  // Written in waves, as messages arrive, so that later batches are handed over while earlier ones commit.
  const writes: Promise<unknown>[] = [];
  for (let wave = 0; wave < 20; wave++) {
    for (let i = 0; i < 100; i++) writes.push(writer.write([{ sql: "INSERT INTO t (v) VALUES (?)", args: [wave * 100 + i] }]));
    await new Promise((resolve) => setImmediate(resolve));
  }
  await writer.drain();
  expect(inFlight).toBe(0);
  const check = createClient({ url: `file:${path}` });
  const { rows } = await check.execute("SELECT v FROM t ORDER BY id");
  check.close();
  expect(rows.map((row) => row.v)).toEqual(Array.from({ length: 2_000 }, (_, i) => i));
  await Promise.all(writes);
  await writer.close();
  expect(mostInFlight).toBe(2);
});

test("drain settles when finished commits took the queue before the start that was scheduled for it", async () => {
  const path = join(dir, "drain-race.db");
  const setup = createClient({ url: `file:${path}` });
  await setup.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)");
  setup.close();
  const native = nativeFileWriteBackend(path);
  // The first commit waits for the test to let it finish; the real file is written either way.
  let releaseFirst!: () => void;
  const firstMayFinish = new Promise<void>((resolve) => (releaseFirst = resolve));
  let commits = 0;
  const gated: WriteBackend = {
    async commit(statements) {
      if (commits++ === 0) await firstMayFinish;
      return native.commit(statements);
    },
    close: () => native.close(),
  };
  const writer = new GroupCommitWriter(gated, { maxCommitsInFlight: 2 });
  const first = writer.write([{ sql: "INSERT INTO t (v) VALUES ('a')", args: [] }]);
  await new Promise((resolve) => setImmediate(resolve)); // the first commit is now running
  // The second write schedules a start; the first commit finishes before it and takes the second write along.
  const second = writer.write([{ sql: "INSERT INTO t (v) VALUES ('b')", args: [] }]);
  releaseFirst();
  const drained = await Promise.race([writer.drain().then(() => "drained"), Bun.sleep(2_000).then(() => "still waiting")]);
  expect(drained).toBe("drained");
  await Promise.all([first, second]);
  await writer.close();
  const check = createClient({ url: `file:${path}` });
  const { rows } = await check.execute("SELECT v FROM t ORDER BY id");
  check.close();
  expect(rows.map((row) => row.v)).toEqual(["a", "b"]);
});

describe("inserts of one shape run combined", () => {
  // Three shapes of real meter-value inserts (4 rows with measurand and unit, 1 row with value only, three readings of
  // one value at three times), an UPDATE between.
  const fourRows = (value: string) =>
    ["Energy", "Power", "Current", "Voltage"].map((measurand) => ({ timestamp: "2026-11-21T10:00:00.000Z", value, measurand, unit: "Wh" }));
  const oneRow = (value: string) => [{ timestamp: "2026-11-21T10:00:00.000Z", value }];
  const threeReadings = (value: string) => [1, 2, 3].map((minute) => ({ timestamp: `2026-11-21T10:0${minute}:00.000Z`, value: `${value}-${minute}` }));
  const rowsOf = (i: number) => (i % 7 === 0 ? oneRow(`v${i}`) : i % 11 === 5 ? threeReadings(`v${i}`) : fourRows(`v${i}`));

  test("many messages' inserts are joined, every row is stored in order, and the caller's statements are unchanged", async () => {
    const database = await openDatabase({ url: `file:${join(dir, "combined.db")}` });
    await database.client.execute("INSERT INTO stations (id, registration_status) VALUES ('CP-1', 'Accepted')");
    const jobs: WriteStatement[][] = [];
    for (let i = 0; i < 300; i++) {
      if (i % 10 === 3) jobs.push([{ sql: "UPDATE stations SET description = ? WHERE id = 'CP-1'", args: [`d${i}`] }]);
      else jobs.push(insertMeterValues(`CP-${i}`, i % 3, i % 5 === 0 ? i : undefined, rowsOf(i)));
    }
    const before = structuredClone(jobs.map((job) => job.map((s) => [s.sql, s.args])));
    const results = await Promise.all(jobs.map((job) => database.writer.write(job)));
    expect(results.every((r, i) => r.length === jobs[i]!.length && r.every((x) => x.rows.length === 0))).toBe(true);
    expect(jobs.map((job) => job.map((s) => [s.sql, s.args]))).toEqual(before);

    const expected = jobs.flatMap((job, i) =>
      job[0]!.shape
        ? rowsOf(i).map((row) => [`CP-${i}`, i % 3, i % 5 === 0 ? i : null, row.timestamp, row.value, "measurand" in row ? row.measurand : null])
        : [],
    );
    const { rows } = await database.client.execute(
      "SELECT station_id, connector_id, transaction_id, timestamp, value, measurand FROM meter_values ORDER BY id",
    );
    expect(rows.map((r): unknown[] => [r.station_id, r.connector_id, r.transaction_id, r.timestamp, r.value, r.measurand])).toEqual(expected);
    const station = await database.client.execute("SELECT description FROM stations WHERE id = 'CP-1'");
    expect(station.rows[0]!.description).toBe("d293");
    await database.close();
  });

  test("a job whose insert fails inside a joined statement fails alone; its neighbours are stored", async () => {
    const database = await openDatabase({ url: `file:${join(dir, "combined-failure.db")}` });
    const bad = insertMeterValues("CP-bad", 1, undefined, fourRows("x"));
    bad[0]!.args[4] = null; // the first row's value, which is NOT NULL
    const writes = [0, 1, 2].map((i) => database.writer.write(insertMeterValues(`CP-${i}`, 1, undefined, fourRows(`v${i}`))));
    const failed = database.writer.write(bad).then(
      () => "stored",
      (error: Error) => error.message,
    );
    writes.push(...[3, 4].map((i) => database.writer.write(insertMeterValues(`CP-${i}`, 1, undefined, fourRows(`v${i}`)))));
    await Promise.all(writes);
    expect(await failed).toContain("NOT NULL");
    const { rows } = await database.client.execute("SELECT station_id, count(*) AS n FROM meter_values GROUP BY station_id ORDER BY station_id");
    expect(rows.map((r) => [r.station_id, r.n])).toEqual([0, 1, 2, 3, 4].map((i) => [`CP-${i}`, 4]));
    await database.close();
  });

  test("a joined statement holds at most 8 statements and 1,000 values", () => {
    const many = Array.from({ length: 20 }, (_, i) => insertMeterValues(`CP-${i}`, 1, undefined, fourRows("1"))[0]!);
    const { combined, origin } = combineInserts(many);
    // Station, connector, transaction and timestamp once, then value, measurand and unit for each of the four rows.
    expect(combined.map((s) => s.args.length)).toEqual([8 * 16, 8 * 16, 4 * 16]);
    expect(origin).toEqual(many.map((_, i) => Math.floor(i / 8)));
    // The 32-row statements of a long message with every field: 4 + 32 × 7 values each, so four fit under 1,000.
    const sample = { value: "1", context: "Sample.Clock", format: "Raw", measurand: "Voltage", phase: "L1", location: "Inlet", unit: "V" };
    const rows = Array.from({ length: 32 * 10 }, () => ({ timestamp: "2026-11-21T10:00:00.000Z", ...sample }));
    expect(combineInserts(insertMeterValues("CP-long", 1, 9, rows)).combined.map((s) => s.args.length)).toEqual([4 * 228, 4 * 228, 2 * 228]);
  });

  test("each run of rows with one timestamp binds that timestamp once", () => {
    const rows = [
      ...fourRows("a"),
      { timestamp: "2026-11-21T10:00:05.000Z", value: "b" },
      { timestamp: "2026-11-21T10:00:05.000Z", value: "c", unit: "W" },
      ...fourRows("d"),
    ];
    const [statement, ...more] = insertMeterValues("CP-ts", 1, undefined, rows);
    expect(more).toEqual([]);
    expect(statement!.args).toEqual([
      "CP-ts", 1, null,
      "2026-11-21T10:00:00.000Z", "a", "Energy", "Wh", "a", "Power", "Wh", "a", "Current", "Wh", "a", "Voltage", "Wh",
      "2026-11-21T10:00:05.000Z", "b", null, null, "c", null, "W",
      "2026-11-21T10:00:00.000Z", "d", "Energy", "Wh", "d", "Power", "Wh", "d", "Current", "Wh", "d", "Voltage", "Wh",
    ]);
    const [readings] = insertMeterValues("CP-ts", 1, 7, threeReadings("x"));
    expect(readings!.args).toEqual(["CP-ts", 1, 7, "2026-11-21T10:01:00.000Z", "x-1", "2026-11-21T10:02:00.000Z", "x-2", "2026-11-21T10:03:00.000Z", "x-3"]);
    expect(readings!.sql).toBe(
      "INSERT INTO meter_values (station_id, connector_id, transaction_id, timestamp, value) VALUES (?1, ?2, ?3, ?4, ?5), (?1, ?2, ?3, ?6, ?7), (?1, ?2, ?3, ?8, ?9)",
    );
    // Two copies joined: the second binds ?10 onwards.
    expect(readings!.shape!.sqlFor(2)).toEndWith("(?1, ?2, ?3, ?8, ?9), (?10, ?11, ?12, ?13, ?14), (?10, ?11, ?12, ?15, ?16), (?10, ?11, ?12, ?17, ?18)");
    // The same pattern from another station is the same shape, so the writer joins the two.
    expect(insertMeterValues("CP-other", 2, undefined, threeReadings("y"))[0]!.shape).toBe(readings!.shape);
  });

  test("a station cannot grow the kept shapes without bound: past 256 patterns of runs, shapes are built per message", () => {
    // Runs of a, then b rows, at most 32 rows (one statement): 496 patterns.
    const pattern = (a: number, b: number) => [
      ...Array.from({ length: a }, () => ({ timestamp: "2026-11-21T10:00:00.000Z", value: "1" })),
      ...Array.from({ length: b }, () => ({ timestamp: "2026-11-21T10:01:00.000Z", value: "2" })),
    ];
    const shapeOf = (a: number, b: number) => insertMeterValues("CP-p", 1, undefined, pattern(a, b))[0]!.shape;
    for (let a = 1; a < 32; a++) for (let b = 1; a + b <= 32; b++) shapeOf(a, b);
    expect(shapeOf(1, 1)).toBe(shapeOf(1, 1));
    expect(shapeOf(31, 1)).not.toBe(shapeOf(31, 1));
    const [last] = insertMeterValues("CP-p", 1, undefined, pattern(31, 1));
    expect(last!.args.length).toBe(3 + 2 + 32);
    expect(last!.sql).toEndWith("(?1, ?2, ?3, ?4, ?35), (?1, ?2, ?3, ?36, ?37)");
  });
});

test("the checkpoint thread copies committed writes into the database file without a connection's own checkpoint", async () => {
  const path = join(dir, "checkpointed.db");
  const database = await openDatabase({ url: `file:${path}` });
  const rows = Array.from({ length: 8 }, (_, i) => ({ timestamp: "2026-11-21T10:00:00.000Z", value: String(i), unit: "Wh" }));
  // ~1 MB of WAL: far below the connections' own threshold (backstopCheckpointPages), so only the thread moves it.
  await Promise.all(Array.from({ length: 2_000 }, (_, i) => database.writer.write(insertMeterValues(`CP-${i}`, 1, undefined, rows))));
  // The database file alone (no -wal beside it) holds exactly what has been checkpointed into it.
  const rowsInFileAlone = () => {
    const copy = join(dir, `file-alone-${crypto.randomUUID()}.db`);
    copyFileSync(path, copy);
    const reader = new Sqlite(copy, { readonly: true });
    try {
      const tables = reader.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'meter_values'").get() as { n: number };
      return tables.n === 0 ? 0 : (reader.prepare("SELECT count(*) AS n FROM meter_values").get() as { n: number }).n;
    } finally {
      reader.close();
    }
  };
  let found = rowsInFileAlone();
  for (let waited = 0; found < 16_000 && waited < 3_000; waited += 50) {
    await Bun.sleep(50);
    found = rowsInFileAlone();
  }
  expect(found).toBe(16_000);
  await database.close();
});

/** The largest size the WAL file reached, and how often it was started over, while a steady stream of commits ran. */
async function walDuringSteadyCommits(
  name: string,
  restartPages: number,
): Promise<{ largest: number; restarts: number; thread: CheckpointCounts | undefined }> {
  const path = join(dir, `${name}.db`);
  const setup = new Sqlite(path);
  setup.exec("PRAGMA journal_mode = WAL; CREATE TABLE pages (id INTEGER PRIMARY KEY, body BLOB NOT NULL)");
  setup.close();
  const backend = await threadedFileWriteBackend(path);
  const checkpointer = await startCheckpointer(path, 10, restartPages);
  // The WAL header's checkpoint sequence number (bytes 12-15, big-endian) counts the times the WAL started over.
  const header = Buffer.alloc(16);
  const wal = { largest: 0, firstSequence: -1, sequence: -1 };
  const sample = () => {
    if (!existsSync(`${path}-wal`)) return;
    wal.largest = Math.max(wal.largest, statSync(`${path}-wal`).size);
    const fd = openSync(`${path}-wal`, "r");
    if (readSync(fd, header, 0, 16, 0) === 16) {
      wal.sequence = header.readUInt32BE(12);
      if (wal.firstSequence < 0) wal.firstSequence = wal.sequence;
    }
    closeSync(fd);
  };
  // 6,000 pages in 400 commits, one every millisecond or so, as under steady load: a commit lands during nearly every
  // PASSIVE checkpoint, which then never finds every frame copied; only a RESTART makes the next commit rewind the WAL.
  const body = "x".repeat(4_000);
  const commits = (async () => {
    for (let c = 0; c < 400; c++) {
      await backend.commit(Array.from({ length: 15 }, (_, r) => ({ sql: "INSERT INTO pages (id, body) VALUES (?1, ?2)", args: [c * 15 + r, body] })));
      await Bun.sleep(1);
    }
  })();
  const sampler = setInterval(sample, 1);
  await commits;
  clearInterval(sampler);
  sample();
  const thread = await checkpointer.stop();
  await backend.close();
  const reader = new Sqlite(path, { readonly: true });
  expect(reader.prepare("SELECT count(*) AS n, sum(length(body)) AS bytes FROM pages").get([])).toMatchObject({ n: 6_000, bytes: 6_000 * 4_000 });
  reader.close();
  return { largest: wal.largest, restarts: wal.sequence - wal.firstSequence, thread };
}

test("the checkpoint thread starts the WAL over while the writer keeps committing, so the WAL file stays small", async () => {
  // The same commits with PASSIVE checkpoints only: the WAL grew to ~28 MB, nearly all that was written (0-1 restarts).
  const passiveOnly = await walDuringSteadyCommits("passive-only", Number.POSITIVE_INFINITY);
  // With a RESTART past 100 pages: 29-37 restarts and 1-6 MB measured.
  const restarted = await walDuringSteadyCommits("restarted", 100);
  expect(restarted.restarts).toBeGreaterThanOrEqual(5);
  expect(restarted.largest).toBeLessThan(passiveOnly.largest / 2);
  // The thread counts the rewinds it caused (a few more may happen by themselves, in the writer's pauses) and read
  // ahead of the writer.
  expect(restarted.thread!.rewinds).toBeGreaterThanOrEqual(5);
  expect(restarted.thread!.warmedBytes).toBeGreaterThan(0);
  expect(passiveOnly.thread).toEqual({ rewinds: 0, warmedBytes: expect.any(Number) });
});

test("the checkpoint thread: a file it cannot open fails the start; stopping a thread that is gone returns at once", async () => {
  const start = await startCheckpointer(join(dir, "no-such-directory", "x.db")).then(
    () => "started",
    (error: Error) => error.message,
  );
  expect(start).toContain("checkpoint thread failed");
  const checkpointer = await startCheckpointer(join(dir, "stop-twice.db"));
  await checkpointer.stop();
  const second = await Promise.race([checkpointer.stop().then(() => "stopped"), Bun.sleep(2_000).then(() => "still waiting")]);
  expect(second).toBe("stopped");
});
