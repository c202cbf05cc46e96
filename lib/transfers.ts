// What uploads and firmware downloads share: URL tokens, safe file names, and writing a stream to disk under a limit.
import { createHash, randomBytes } from "node:crypto";
import { open, rm } from "node:fs/promises";

/** A URL token: 32 random bytes. Only its hash is stored, so a database leak does not hand out working URLs. */
export function newUrlToken(): { token: string; tokenHash: string } {
  const token = randomBytes(32).toString("base64url");
  return { token, tokenHash: hashUrlToken(token) };
}

export function hashUrlToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/** A file name that is safe on disk and in a URL: no directories, no leading dot, a conservative alphabet. */
export function safeFileName(name: string | undefined, fallback: string): string {
  const base = (name ?? "").split(/[/\\]/).pop()!;
  const cleaned = base.replace(/[^A-Za-z0-9._-]+/g, "_").replace(/^[._]+/, "").slice(-100);
  return cleaned || fallback;
}

export class TooLargeError extends Error {
  constructor(readonly maxBytes: number) {
    super(`The file is larger than ${maxBytes} bytes`);
  }
}

/** Writes the chunks to `path`, refusing more than `maxBytes` as they arrive; on any failure nothing is left behind. */
export async function writeLimited(
  chunks: AsyncIterable<Uint8Array>,
  path: string,
  maxBytes: number,
  onChunk?: (chunk: Uint8Array) => void,
): Promise<number> {
  const file = await open(path, "wx", 0o600);
  let size = 0;
  try {
    for await (const chunk of chunks) {
      size += chunk.length;
      if (size > maxBytes) throw new TooLargeError(maxBytes);
      onChunk?.(chunk);
      await file.write(chunk);
    }
    await file.close();
    return size;
  } catch (error) {
    await file.close().catch(() => {});
    await rm(path, { force: true });
    throw error;
  }
}
