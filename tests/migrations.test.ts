// Upgrading a database written by an earlier version: the committed migrations keep what is stored.
import { afterAll, expect, test } from "bun:test";
import { createClient } from "@libsql/client";
import { drizzle } from "drizzle-orm/libsql";
import { migrate } from "drizzle-orm/libsql/migrator";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openDatabase } from "../db/index.ts";
import { insertMeterValues } from "../db/transactions.ts";

const dir = mkdtempSync(join(tmpdir(), "joule-migrations-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The committed migrations up to and including `lastTag`, as a folder drizzle's migrator reads. */
function migrationsUpTo(lastTag: string): string {
  const folder = join(dir, `migrations-${lastTag}`);
  cpSync(join(import.meta.dir, "..", "db", "migrations"), folder, { recursive: true });
  const journalPath = join(folder, "meta", "_journal.json");
  const journal = JSON.parse(readFileSync(journalPath, "utf8")) as { entries: { tag: string }[] };
  const last = journal.entries.findIndex((entry) => entry.tag === lastTag);
  expect(last).toBeGreaterThanOrEqual(0);
  journal.entries = journal.entries.slice(0, last + 1);
  writeFileSync(journalPath, JSON.stringify(journal));
  return folder;
}

test("meter_values loses AUTOINCREMENT without losing a row, and new rows continue after the highest id", async () => {
  const path = join(dir, "upgrade.db");
  const before = createClient({ url: `file:${path}` });
  await migrate(drizzle(before), { migrationsFolder: migrationsUpTo("0007_operators") });
  const tableSql = async (client: typeof before) =>
    String((await client.execute("SELECT sql FROM sqlite_master WHERE name = 'meter_values'")).rows[0]!.sql);
  expect(await tableSql(before)).toContain("AUTOINCREMENT");
  for (const [id, transactionId, value] of [
    [3, 7, "10.5"],
    [9, null, "11"],
    [41, 7, "12.25"],
  ] as const) {
    await before.execute({
      sql: `INSERT INTO meter_values (id, station_id, connector_id, transaction_id, timestamp, value, measurand, unit)
            VALUES (?, 'CP-1', 1, ?, '2026-11-21T10:00:00.000Z', ?, 'Energy.Active.Import.Register', 'Wh')`,
      args: [id, transactionId, value],
    });
  }
  before.close();

  const database = await openDatabase({ url: `file:${path}` });
  try {
    expect(await tableSql(database.client)).not.toContain("AUTOINCREMENT");
    const kept = await database.client.execute("SELECT id, transaction_id, value, measurand FROM meter_values ORDER BY id");
    expect(kept.rows.map((row) => ({ ...row }) as Record<string, unknown>)).toEqual([
      { id: 3, transaction_id: 7, value: "10.5", measurand: "Energy.Active.Import.Register" },
      { id: 9, transaction_id: null, value: "11", measurand: "Energy.Active.Import.Register" },
      { id: 41, transaction_id: 7, value: "12.25", measurand: "Energy.Active.Import.Register" },
    ]);
    const indexes = await database.client.execute("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'meter_values'");
    expect(indexes.rows.map((row) => row.name)).toEqual(["meter_values_transaction"]);

    await database.writer.write(
      insertMeterValues("CP-1", 1, 7, [{ timestamp: "2026-11-21T10:01:00.000Z", value: "13" }]),
    );
    const newest = await database.client.execute("SELECT id, value FROM meter_values ORDER BY id DESC LIMIT 1");
    expect({ ...newest.rows[0] } as Record<string, unknown>).toEqual({ id: 42, value: "13" });
  } finally {
    await database.close();
  }
});
