// `npm run bench`: the station load benchmark (arguments go to it, see bench/README.md), then the answering thread's
// cost per message, then the wss handshake and idle-memory benchmark, then CSR signing throughput, then the console's
// 5,000-station list. `--only load|hot-path|tls|csr|console` runs one of them.
import { join } from "node:path";

const args = process.argv.slice(2);
const onlyIndex = args.indexOf("--only");
const only = onlyIndex >= 0 ? args.splice(onlyIndex, 2)[1] : undefined;
const parts: [string, string, string[]][] = [
  ["load", "load.ts", args],
  ["hot-path", "hot-path.ts", ["--storage", "file"]],
  ["tls", "tls-handshakes.ts", []],
  ["csr", "csr-signing.ts", []],
  ["console", "console-stations.ts", []],
];
for (const [name, file, partArgs] of parts) {
  if (only !== undefined && only !== name) continue;
  const child = Bun.spawn([process.execPath, join(import.meta.dir, file), ...partArgs], { stdout: "inherit", stderr: "inherit" });
  const code = await child.exited;
  if (code !== 0) process.exit(code);
  console.log();
}
