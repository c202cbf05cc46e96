// Moves WAL checkpoints of the embedded file off the threads that answer stations and write their messages.
//
// A checkpoint copies the WAL into the database file and syncs both; the syncs took 10-25 ms here. Run by SQLite's
// automatic checkpoint inside a commit, they stalled the writer thread several times a second under load, and every
// station waiting on those commits with it (bench: three times as many late answers). This thread's connection runs
// PASSIVE checkpoints, which never block the writer, on a timer. The other connections keep a far larger automatic
// threshold only as a backstop (see db/index.ts).
//
// PASSIVE alone never lets the WAL start over under steady load: the writer only rewinds it when a checkpoint has
// copied every frame, and a commit always lands while one runs. The WAL grew to the backstop, and the writer then
// checkpointed by itself every ~2 s, syncs included. So once the WAL is past `restartPages`, a RESTART follows the
// PASSIVE: it holds writers off only while it copies the few frames committed meanwhile (1-13 ms measured, 50 ms at
// worst seen), and the next commit rewinds the WAL. The WAL then stays near `restartPages` (at most ~17 MB measured)
// and is rewritten in place.
//
// Rewriting in place has its own stall: a WAL frame (24 + 4,096 bytes) covers pages of the file only in part, so the
// kernel reads a page back before the writer may change it, if it has dropped the page since the last round (this
// VM's memory manager drops page cache within seconds). Such a 4 KiB read waited 110 ms behind a checkpoint's sync.
// This thread therefore reads the part of the WAL the writer will reach next, so that the pages are in memory then.
import Sqlite from "libsql";
import { closeSync, openSync, readSync } from "node:fs";

declare const self: Worker;

export type CheckpointRequest = { kind: "start"; path: string; intervalMs: number; restartPages: number } | { kind: "stop" };
export type CheckpointReply = { kind: "started" } | ({ kind: "stopped" } & CheckpointCounts);
/** What the thread did while it ran, reported when it stops (tests and diagnostics). */
export interface CheckpointCounts {
  /** RESTART checkpoints after which the next commit started the WAL over. */
  rewinds: number;
  /** Bytes of WAL read ahead of the writer. */
  warmedBytes: number;
}

/** How long a RESTART waits for the writer's commit or a reader to finish; if they take longer, it is a PASSIVE one. */
const restartWaitMs = 20;
/** WAL frames read ahead of the writer: ~8 MB, what it writes in 0.3 s or more at the bench's 28,000 msg/s. */
const warmFrames = 2_000;
const walHeaderBytes = 32;
const frameHeaderBytes = 24;

let connection: Sqlite.Database | undefined;
let timer: ReturnType<typeof setInterval> | undefined;
const counts: CheckpointCounts = { rewinds: 0, warmedBytes: 0 };

/** Reads WAL frames ahead of the writer into the page cache; each frame at most once per round of the WAL. */
function walWarmer(walPath: string, frameBytes: number): (fromFrame: number, rewound: boolean) => void {
  const buffer = Buffer.alloc(1 << 20);
  let warmedUpTo = 0; // frames; back to 0 when the WAL starts over
  let lastFrom = 0;
  return (fromFrame, rewound) => {
    // A WAL shorter than last time has started over by itself (a PASSIVE checkpoint that found the writer idle).
    if (rewound || fromFrame < lastFrom) warmedUpTo = 0;
    lastFrom = fromFrame;
    const start = walHeaderBytes + Math.max(fromFrame, warmedUpTo) * frameBytes;
    const end = walHeaderBytes + (fromFrame + warmFrames) * frameBytes;
    if (start >= end) return;
    let fd: number;
    try {
      fd = openSync(walPath, "r");
    } catch {
      return; // no WAL yet
    }
    try {
      for (let position = start; position < end; ) {
        const read = readSync(fd, buffer, 0, Math.min(buffer.length, end - position), position);
        if (read <= 0) break; // the end of the file: the writer appends there, with nothing to read back
        position += read;
        counts.warmedBytes += read;
      }
    } finally {
      closeSync(fd);
    }
    warmedUpTo = fromFrame + warmFrames;
  };
}

function checkpointer(db: Sqlite.Database, walPath: string, restartPages: number): () => void {
  const passive = db.prepare("PRAGMA wal_checkpoint(PASSIVE)");
  const restart = db.prepare("PRAGMA wal_checkpoint(RESTART)");
  const pageSize = (db.prepare("PRAGMA page_size").get([]) as { page_size: number }).page_size;
  const warm = walWarmer(walPath, frameHeaderBytes + pageSize);
  return () => {
    try {
      // PASSIVE: copies what no reader still needs and returns; it never waits for the writer or for readers.
      const { log } = passive.get([]) as { log: number };
      // busy = 0: every frame copied and no reader left in the WAL, so the next commit writes from its start.
      const rewound = log >= restartPages && (restart.get([]) as { busy: number }).busy === 0;
      if (rewound) counts.rewinds++;
      warm(rewound ? 0 : log, rewound);
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
    timer = setInterval(checkpointer(connection, `${request.path}-wal`, request.restartPages), request.intervalMs);
    return self.postMessage({ kind: "started" } satisfies CheckpointReply);
  }
  clearInterval(timer);
  connection?.close();
  connection = undefined;
  self.postMessage({ kind: "stopped", ...counts } satisfies CheckpointReply);
};
