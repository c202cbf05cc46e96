// Runs main.ts as a new user would (`npm start`), with the given environment.
import type { Subprocess } from "bun";
import { join } from "node:path";

/** Starts main.ts and reads its output until it has gone quiet after the listening line. */
export async function runMain(env: Record<string, string>): Promise<{ proc: Subprocess<"ignore", "pipe", "pipe">; output: string; port: number }> {
  const proc = Bun.spawn([process.execPath, "run", "main.ts"], {
    cwd: join(import.meta.dir, "..", ".."),
    env: { PATH: process.env.PATH ?? "", JOULE_HOST: "127.0.0.1", JOULE_HTTP_PORT: "0", JOULE_HTTPS_PORT: "0", ...env },
    stdout: "pipe",
    stderr: "pipe",
  });
  const reader = proc.stdout.getReader();
  const decoder = new TextDecoder();
  let output = "";
  let pending = reader.read();
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    const chunk = await Promise.race([pending, Bun.sleep(300).then(() => null)]);
    if (chunk === null) {
      if (output.includes("Joule listening")) break;
      continue;
    }
    if (chunk.done) break;
    output += decoder.decode(chunk.value);
    pending = reader.read();
  }
  return { proc, output, port: Number(/port=(\d+)/.exec(output)?.[1]) };
}
