// Starts and stops the checkpoint thread (db/checkpointThread.ts) for an embedded database file.
import type { CheckpointCounts, CheckpointReply, CheckpointRequest } from "./checkpointThread.ts";

/** WAL pages after which a connection checkpoints by itself: the backstop if the checkpoint thread falls behind. */
export const backstopCheckpointPages = 10_000;

/** WAL pages (~16 MB) past which the checkpoint thread makes the next commit start the WAL over (checkpointThread.ts). */
export const walRestartPages = 4_000;

export interface Checkpointer {
  /**
   * Stops the thread and tells what it did (undefined if it was gone). Never fails and never waits for a thread that
   * is already gone: closing must go on.
   */
  stop(): Promise<CheckpointCounts | undefined>;
}

export async function startCheckpointer(path: string, intervalMs = 100, restartPages = walRestartPages): Promise<Checkpointer> {
  const worker = new Worker(new URL("./checkpointThread.ts", import.meta.url).href);
  let gone: Error | undefined;
  let waiting: { resolve(reply: CheckpointReply): void; reject(error: Error): void } | undefined;
  const settle = (error?: Error, reply?: CheckpointReply) => {
    const current = waiting;
    waiting = undefined;
    if (error) current?.reject(error);
    else current?.resolve(reply!);
  };
  worker.onmessage = (event: MessageEvent<CheckpointReply>) => settle(undefined, event.data);
  // A thread that failed or exited answers nothing more: whoever waits is told at once, and so is every later ask.
  worker.onerror = (event) => settle((gone ??= new Error(`checkpoint thread failed: ${event.message}`)));
  worker.addEventListener("close", () => settle((gone ??= new Error("checkpoint thread exited"))));
  const ask = (request: CheckpointRequest) =>
    new Promise<CheckpointReply>((resolve, reject) => {
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
      const reply = await ask({ kind: "stop" }).catch(() => undefined);
      worker.terminate();
      if (reply?.kind !== "stopped") return undefined;
      const { kind: _, ...counts } = reply;
      return counts;
    },
  };
}
