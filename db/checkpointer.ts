// Starts and stops the checkpoint thread (db/checkpointThread.ts) for an embedded database file.
import type { CheckpointReply, CheckpointRequest } from "./checkpointThread.ts";

/** WAL pages after which a connection checkpoints by itself: the backstop if the checkpoint thread falls behind. */
export const backstopCheckpointPages = 10_000;

/** WAL pages (~8 MB) past which the checkpoint thread makes the next commit start the WAL over (checkpointThread.ts). */
export const walRestartPages = 2_000;

export interface Checkpointer {
  /** Stops the thread. Never fails and never waits for a thread that is already gone: closing must go on. */
  stop(): Promise<void>;
}

export async function startCheckpointer(path: string, intervalMs = 100, restartPages = walRestartPages): Promise<Checkpointer> {
  const worker = new Worker(new URL("./checkpointThread.ts", import.meta.url).href);
  let gone: Error | undefined;
  let waiting: { resolve(): void; reject(error: Error): void } | undefined;
  const settle = (error?: Error) => {
    const current = waiting;
    waiting = undefined;
    if (error) current?.reject(error);
    else current?.resolve();
  };
  worker.onmessage = (_event: MessageEvent<CheckpointReply>) => settle();
  // A thread that failed or exited answers nothing more: whoever waits is told at once, and so is every later ask.
  worker.onerror = (event) => settle((gone ??= new Error(`checkpoint thread failed: ${event.message}`)));
  worker.addEventListener("close", () => settle((gone ??= new Error("checkpoint thread exited"))));
  const ask = (request: CheckpointRequest) =>
    new Promise<void>((resolve, reject) => {
      if (gone) return reject(gone);
      waiting = { resolve, reject };
      worker.postMessage(request);
    });
  try {
    await ask({ kind: "start", path, intervalMs, restartPages });
  } catch (error) {
    worker.terminate();
    throw error;
  }
  return {
    async stop() {
      await ask({ kind: "stop" }).catch(() => {});
      worker.terminate();
    },
  };
}
