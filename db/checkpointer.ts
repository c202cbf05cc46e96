// Starts and stops the checkpoint thread (db/checkpointThread.ts) for an embedded database file.
import type { CheckpointReply, CheckpointRequest } from "./checkpointThread.ts";

/** WAL pages after which a connection checkpoints by itself: the backstop if the checkpoint thread falls behind. */
export const backstopCheckpointPages = 10_000;

export interface Checkpointer {
  stop(): Promise<void>;
}

export async function startCheckpointer(path: string, intervalMs = 100): Promise<Checkpointer> {
  const worker = new Worker(new URL("./checkpointThread.ts", import.meta.url).href);
  const post = (request: CheckpointRequest) => worker.postMessage(request);
  let answered: ((reply: CheckpointReply) => void) | undefined;
  worker.onmessage = (event: MessageEvent<CheckpointReply>) => answered?.(event.data);
  const ask = (request: CheckpointRequest) =>
    new Promise<void>((resolve, reject) => {
      answered = () => resolve();
      worker.onerror = (event) => reject(new Error(`checkpoint thread failed: ${event.message}`));
      post(request);
    });
  await ask({ kind: "start", path, intervalMs });
  return {
    async stop() {
      await ask({ kind: "stop" });
      worker.terminate();
    },
  };
}
