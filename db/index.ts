// Opens the database, applies the committed migrations, and hands out the two ways to write:
// drizzle for ordinary queries, the group-commit writer for the charge-point message path.
import { createClient, type Client } from "@libsql/client";
import { drizzle, type LibSQLDatabase } from "drizzle-orm/libsql";
import { migrate } from "drizzle-orm/libsql/migrator";
import { mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { backstopCheckpointPages, startCheckpointer } from "./checkpointer.ts";
import * as schema from "./schema.ts";
import { clientWriteBackend, GroupCommitWriter, threadedFileWriteBackend } from "./writer.ts";

export type Db = LibSQLDatabase<typeof schema>;

export interface Database {
  client: Client;
  db: Db;
  writer: GroupCommitWriter;
  /** True when the database answers a trivial query. */
  answers(): Promise<boolean>;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  url: string;
  authToken?: string;
}

export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  const isFile = options.url.startsWith("file:");
  const filePath = isFile ? options.url.slice("file:".length) : undefined;
  if (filePath) mkdirSync(dirname(filePath), { recursive: true });
  // One connection: per-connection pragmas then hold for every statement. Joule therefore never opens an
  // interactive transaction (it would hold that connection); multi-statement writes go through batch().
  const client = createClient({ url: options.url, authToken: options.authToken, concurrency: 1 });
  if (isFile) {
    await client.execute("PRAGMA journal_mode = WAL");
    await client.execute("PRAGMA synchronous = NORMAL");
    await client.execute("PRAGMA busy_timeout = 5000");
    // A checkpoint here would stall this thread (the driver is synchronous underneath); the checkpoint thread does it.
    await client.execute(`PRAGMA wal_autocheckpoint = ${backstopCheckpointPages}`);
  }
  await client.execute("PRAGMA foreign_keys = ON");
  const db = drizzle(client, { schema });
  await migrate(db, { migrationsFolder: join(import.meta.dir, "migrations") });
  // The writer thread runs commits in the order they arrive, so the next batches can wait there, not here. Small
  // commits, several handed over at once, measured best (bench/README.md): the thread keeps committing while this
  // one answers, and an answer waits for one small commit rather than a large one.
  const writer = filePath
    ? new GroupCommitWriter(await threadedFileWriteBackend(filePath), { maxCommitsInFlight: 4, maxStatementsPerCommit: 200 })
    : new GroupCommitWriter(clientWriteBackend(client));
  const checkpointer = filePath ? await startCheckpointer(filePath) : undefined;
  return {
    client,
    db,
    writer,
    async answers() {
      try {
        await client.execute("SELECT 1");
        return true;
      } catch {
        return false;
      }
    },
    async close() {
      await writer.drain();
      await checkpointer?.stop();
      await writer.close();
      client.close();
    },
  };
}
