// Moves WAL checkpoints of the embedded file off the threads that answer stations and write their messages.
//
// A checkpoint copies the WAL into the database file and syncs both; the syncs took 10-25 ms here. Run by SQLite's
// automatic checkpoint inside a commit, they stalled the writer thread several times a second under load, and every
// station waiting on those commits with it (bench: three times as many late answers). This thread's connection runs
// PASSIVE checkpoints, which never block the writer, on a timer. The other connections keep a far larger automatic
// threshold only as a backstop (see db/index.ts).
import Sqlite from "libsql";

declare const self: Worker;

export type CheckpointRequest = { kind: "start"; path: string; intervalMs: number } | { kind: "stop" };
export type CheckpointReply = { kind: "started" } | { kind: "stopped" };

let connection: Sqlite.Database | undefined;
let timer: ReturnType<typeof setInterval> | undefined;

function checkpoint(): void {
  try {
    // PASSIVE: copies what no reader still needs and returns; it never waits for the writer or for readers.
    connection!.exec("PRAGMA wal_checkpoint(PASSIVE)");
  } catch {
    // Tried again at the next tick. A fault of the file itself also fails the writer's commits, which report it.
  }
}

self.onmessage = (event: MessageEvent<CheckpointRequest>) => {
  const request = event.data;
  if (request.kind === "start") {
    connection = new Sqlite(request.path);
    timer = setInterval(checkpoint, request.intervalMs);
    return self.postMessage({ kind: "started" } satisfies CheckpointReply);
  }
  clearInterval(timer);
  connection?.close();
  connection = undefined;
  self.postMessage({ kind: "stopped" } satisfies CheckpointReply);
};
