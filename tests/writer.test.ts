// The group-commit writer on a real libSQL file, with both backends.
import { afterAll, describe, expect, test } from "bun:test";
import { createClient } from "@libsql/client";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { clientWriteBackend, GroupCommitWriter, nativeFileWriteBackend, threadedFileWriteBackend, type WriteBackend } from "../db/writer.ts";

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
