// The worker side of `threadedFileWriteBackend`: owns the native SQLite connection so that commits run on their own
// core and never block the thread that answers stations.
//
// Messages are kept cheap to copy between threads (copying measured ~15% of the answering thread when each statement
// travelled as an object with its SQL text): a statement's SQL is sent once and then named by its number, a batch
// travels as one JSON string `[[sqlNumber, args], ...]`, and only rows of RETURNING statements come back.
import { nativeFileWriteBackend, type WriteBackend, type WriteStatement } from "./writer.ts";

declare const self: Worker;

export type WriterRequest =
  | { kind: "open"; path: string }
  | { kind: "define"; number: number; sql: string }
  /** `batch` is the JSON text of `[[sqlNumber or SQL text, args], ...]`. */
  | { kind: "commit"; id: number; batch: string }
  | { kind: "close" };
export type WriterReply =
  | { kind: "opened" }
  /** `rows` holds [statement index, rows] for the statements that returned rows. */
  | { kind: "committed"; id: number; rows: [number, Record<string, unknown>[]][] }
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

function commit(id: number, statements: WriteStatement[]): WriterReply {
  try {
    const results = backend!.commit(statements) as { rows: Record<string, unknown>[] }[];
    const rows: [number, Record<string, unknown>[]][] = [];
    results.forEach((result, index) => result.rows.length > 0 && rows.push([index, result.rows]));
    return { kind: "committed", id, rows };
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
      return self.postMessage(commit(request.id, decode(request.batch)));
    case "close":
      backend?.close();
      backend = undefined;
      return self.postMessage({ kind: "closed" } satisfies WriterReply);
  }
};
