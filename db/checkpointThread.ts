// Moves WAL checkpoints of the embedded file off the threads that answer stations and write their messages.
//
// A checkpoint copies the WAL into the database file and syncs both; the syncs took 10-25 ms here. Run by SQLite's
// automatic checkpoint inside a commit, they stalled the writer thread several times a second under load, and every
// station waiting on those commits with it (bench: three times as many late answers). This thread's connection runs
// PASSIVE checkpoints, which never block the writer, on a timer. The other connections keep a far larger automatic
// threshold only as a backstop (see db/index.ts).
//
// PASSIVE alone never lets the WAL start over under steady load: the writer only rewinds it when a checkpoint has
// copied every frame, and a commit always lands while one runs. The WAL then grew to the backstop and the writer
// checkpointed by itself every ~2 s (bench: p99 63-149 ms). So once the WAL is past `restartPages`, a RESTART follows
// the PASSIVE: it holds writers off only while it copies the few frames committed meanwhile (1-13 ms measured), and
// the next commit starts the WAL over. The WAL file then stays a few MB, rewritten in place (p99 29-47 ms).
import Sqlite from "libsql";

declare const self: Worker;

export type CheckpointRequest = { kind: "start"; path: string; intervalMs: number; restartPages: number } | { kind: "stop" };
export type CheckpointReply = { kind: "started" } | { kind: "stopped" };

/** How long a RESTART waits for the writer's commit or a reader to finish; if they take longer, it is a PASSIVE one. */
const restartWaitMs = 20;

let connection: Sqlite.Database | undefined;
let timer: ReturnType<typeof setInterval> | undefined;

function checkpointer(db: Sqlite.Database, restartPages: number): () => void {
  const passive = db.prepare("PRAGMA wal_checkpoint(PASSIVE)");
  const restart = db.prepare("PRAGMA wal_checkpoint(RESTART)");
  return () => {
    try {
      // PASSIVE: copies what no reader still needs and returns; it never waits for the writer or for readers.
      const { log } = passive.get([]) as { log: number };
      if (log >= restartPages) restart.get([]);
    } catch {
      // Tried again at the next tick. A fault of the file itself also fails the writer's commits, which report it.
    }
  };
}

self.onmessage = (event: MessageEvent<CheckpointRequest>) => {
  const request = event.data;
  if (request.kind === "start") {
    connection = new Sqlite(request.path);
    connection.exec(`PRAGMA busy_timeout = ${restartWaitMs}`);
    timer = setInterval(checkpointer(connection, request.restartPages), request.intervalMs);
    return self.postMessage({ kind: "started" } satisfies CheckpointReply);
  }
  clearInterval(timer);
  connection?.close();
  connection = undefined;
  self.postMessage({ kind: "stopped" } satisfies CheckpointReply);
};
