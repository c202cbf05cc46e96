// The worker side of `threadedFileWriteBackend`: owns the native SQLite connection so that commits run on their own
// core and never block the thread that answers stations.
import { nativeFileWriteBackend, type WriteBackend, type WriteStatement } from "./writer.ts";

declare const self: Worker;

export type WriterRequest = { kind: "open"; path: string } | { kind: "commit"; id: number; statements: WriteStatement[] } | { kind: "close" };
export type WriterReply =
  | { kind: "opened" }
  | { kind: "committed"; id: number; results: { rows: Record<string, unknown>[] }[] }
  | { kind: "failed"; id: number; message: string; code?: string }
  | { kind: "closed" };

let backend: WriteBackend | undefined;

self.onmessage = (event: MessageEvent<WriterRequest>) => {
  const request = event.data;
  const reply = (message: WriterReply) => self.postMessage(message);
  switch (request.kind) {
    case "open":
      backend = nativeFileWriteBackend(request.path);
      return reply({ kind: "opened" });
    case "commit":
      try {
        return reply({ kind: "committed", id: request.id, results: backend!.commit(request.statements) as { rows: Record<string, unknown>[] }[] });
      } catch (error) {
        const { message, code } = error as { message?: string; code?: string };
        return reply({ kind: "failed", id: request.id, message: String(message ?? error), code });
      }
    case "close":
      backend?.close();
      backend = undefined;
      return reply({ kind: "closed" });
  }
};
