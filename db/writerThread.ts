// The worker side of `threadedFileWriteBackend`: owns the native SQLite connection so that commits run on their own
// core and never block the thread that answers stations.
//
// Messages are kept cheap to copy between threads (copying measured ~15% of the answering thread when each statement
// travelled as an object with its SQL text): a statement's SQL is sent once and then named by its number, a batch
// travels as one JSON string `[[sqlNumber, args], ...]`, and only rows of RETURNING statements come back.
//
// A batch may also carry stations' MeterValues and Heartbeat frames as they arrived: this thread reads them, writes
// their rows in the same transaction and makes their answers (lib/ocpp/writeOnlyCalls.ts explains why).
import { readWriteOnlyCall, type WriteOnlyCallReading } from "../lib/ocpp/writeOnlyCalls.ts";
import { combineInserts, nativeFileWriteBackend, type WriteBackend, type WriteStatement } from "./writer.ts";

declare const self: Worker;

export type WriterRequest =
  | { kind: "open"; path: string }
  | { kind: "define"; number: number; sql: string }
  /**
   * `batch` is the JSON text of `[[sqlNumber or SQL text, args], ...]`; `frames` holds station id, time received and
   * frame text, three strings per handed-over frame.
   */
  | { kind: "commit"; id: number; batch: string; frames?: string[] }
  | { kind: "close" };
export type WriterReply =
  | { kind: "opened" }
  /**
   * `rows` holds [statement index, rows] for the statements that returned rows; `answers` one frame to send per
   * handed-over frame, or null where the answering thread must answer it the ordinary way.
   */
  | { kind: "committed"; id: number; rows: [number, Record<string, unknown>[]][]; answers?: (string | null)[] }
  | { kind: "failed"; id: number; message: string; code?: string }
  | { kind: "closed" };

let backend: WriteBackend | undefined;
const sqlByNumber: string[] = [];

function decode(batch: string): WriteStatement[] {
  return (JSON.parse(batch) as [number | string, WriteStatement["args"]][]).map(([sql, args]) => ({
    sql: typeof sql === "number" ? sqlByNumber[sql]! : sql,
    args,
  }));
}

/** Each frame read: its reading, or null when it is not one this thread answers (or reading it failed). */
function readFrames(frames: string[]): (WriteOnlyCallReading | null)[] {
  const readings: (WriteOnlyCallReading | null)[] = [];
  for (let f = 0; f < frames.length; f += 3) {
    try {
      readings.push(readWriteOnlyCall(frames[f]!, frames[f + 2]!, frames[f + 1]!) ?? null);
    } catch {
      readings.push(null); // the ordinary path then meets the same problem, and answers and logs it
    }
  }
  return readings;
}

function commit(id: number, statements: WriteStatement[], frames: string[] | undefined): WriterReply {
  try {
    const readings = frames ? readFrames(frames) : [];
    let all = statements;
    if (readings.length > 0) {
      const frameStatements: WriteStatement[] = [];
      for (const reading of readings) if (reading) for (const statement of reading.statements) frameStatements.push(statement);
      all = statements.concat(combineInserts(frameStatements).combined);
    }
    const results = backend!.commit(all) as { rows: Record<string, unknown>[] }[];
    const rows: [number, Record<string, unknown>[]][] = [];
    for (let index = 0; index < statements.length; index++) if (results[index]!.rows.length > 0) rows.push([index, results[index]!.rows]);
    if (!frames) return { kind: "committed", id, rows };
    return { kind: "committed", id, rows, answers: readings.map((reading) => (reading ? reading.answer() : null)) };
  } catch (error) {
    const { message, code } = error as { message?: string; code?: string };
    return { kind: "failed", id, message: String(message ?? error), code };
  }
}

self.onmessage = (event: MessageEvent<WriterRequest>) => {
  const request = event.data;
  switch (request.kind) {
    case "open":
      backend = nativeFileWriteBackend(request.path);
      return self.postMessage({ kind: "opened" } satisfies WriterReply);
    case "define":
      sqlByNumber[request.number] = request.sql;
      return;
    case "commit":
      return self.postMessage(commit(request.id, decode(request.batch), request.frames));
    case "close":
      backend?.close();
      backend = undefined;
      return self.postMessage({ kind: "closed" } satisfies WriterReply);
  }
};
