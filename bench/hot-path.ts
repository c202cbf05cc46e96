// Micro-benchmark of the answering thread's own work per message, without sockets: frame parsing, dispatch,
// validation, handler, group commit, CALLRESULT framing. Storage is either instant (`--storage none`, the default)
// or the real writer thread on a temporary file (`--storage file`), whose thread is not counted.
// `bun bench/hot-path.ts [--storage none|file] [--messages N]`: prints CPU µs per message of this thread.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { openDatabase } from "../db/index.ts";
import { GroupCommitWriter, type WriteBackend } from "../db/writer.ts";
import { createCallHandler } from "../lib/ocpp/handlers/index.ts";
import { StationSession } from "../lib/ocpp/session.ts";
import type { Services } from "../lib/services.ts";
import { meterValuesPayload } from "./protocol.ts";

const { values } = parseArgs({
  args: Bun.argv.slice(2),
  options: { storage: { type: "string", default: "none" }, messages: { type: "string", default: "300000" } },
});
const messages = Number(values.messages);
const stations = 1_000;

const dataDir = mkdtempSync(join(tmpdir(), "joule-hot-path-"));
const database = values.storage === "file" ? await openDatabase({ url: `file:${join(dataDir, "joule.db")}` }) : undefined;
// Instant storage: what is left is the answering thread's own cost.
const instantBackend: WriteBackend = { commit: (statements) => statements.map(() => ({ rows: [] })), close() {} };
const writer = database?.writer ?? new GroupCommitWriter(instantBackend);
const services = { database: { writer }, config: { heartbeatIntervalSeconds: 300 }, log: console } as unknown as Services;
const handleCall = createCallHandler(services);

let answered = 0;
const sessions = Array.from({ length: stations }, (_, i) =>
  new StationSession(
    { send: () => void answered++, close() {}, terminate() {}, ping() {} },
    { stationId: `CP${i}` } as never,
    "Accepted",
    { handleCall, callTimeoutMs: 30_000, log: console as never, writeOnlyCalls: writer.answersCalls ? writer : undefined },
  ),
);

const meterValues = (id: number) => `[2,"${id}","MeterValues",${meterValuesPayload(new Date().toISOString())}]`;
// As the load benchmark: 90% MeterValues, 10% Heartbeat.
const frames = Array.from({ length: 1_000 }, (_, i) => (i % 10 === 9 ? `[2,"${i}","Heartbeat",{}]` : meterValues(i)));

/** CPU seconds this (main) thread has used: /proc/self/task/<pid>/stat, utime + stime. */
function threadCpuSeconds(): number {
  const stat = readFileSync(`/proc/self/task/${process.pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

async function round(count: number): Promise<{ wallMicros: number; cpuMicros: number }> {
  answered = 0;
  const start = performance.now();
  const cpuStart = threadCpuSeconds();
  for (let sent = 0; sent < count; ) {
    // One burst: every station sends one frame, then the event loop runs (as after one socket read per station).
    for (let s = 0; s < stations && sent < count; s++, sent++) sessions[s]!.handleText(frames[sent % frames.length]!);
    await new Promise((resolve) => setImmediate(resolve));
    await writer.drain();
  }
  while (answered < count) await new Promise((resolve) => setImmediate(resolve));
  return { wallMicros: ((performance.now() - start) * 1000) / count, cpuMicros: ((threadCpuSeconds() - cpuStart) * 1e6) / count };
}

await round(messages / 4); // warm-up
for (let i = 0; i < 3; i++) {
  const { wallMicros, cpuMicros } = await round(messages);
  console.log(`storage ${values.storage}: ${cpuMicros.toFixed(2)} µs CPU of the answering thread per message (${wallMicros.toFixed(2)} µs wall)`);
}
await database?.close();
rmSync(dataDir, { recursive: true, force: true });
