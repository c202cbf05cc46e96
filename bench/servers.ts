// The servers under test, each a child process on a free port: Joule itself (fresh data directory, stations
// registered automatically) and the raw echo server. Also reads a child's memory and CPU time from /proc.
import type { Subprocess } from "bun";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const repoRoot = join(import.meta.dir, "..");

export interface ServerUnderTest {
  name: "joule" | "echo";
  pid: number;
  port: number;
  /** Joule's database file (file: URL path), when there is one. */
  databasePath?: string;
  /** Stops the server gracefully (SIGTERM, then SIGKILL after 20 s); resolves with its exit code. */
  stop(): Promise<number | null>;
  /** Removes the temporary data directory, if any. */
  cleanUp(): void;
}

export interface StartOptions {
  /** Run Joule from this checkout instead of the one bench/ is in (e.g. a `git archive` snapshot of a commit). */
  jouleDir?: string;
  /** Write a CPU profile of the server (Bun --cpu-prof, Markdown too) into this directory. */
  cpuProfileDir?: string;
}

async function freePort(): Promise<number> {
  const probe = Bun.listen({ hostname: "127.0.0.1", port: 0, socket: { data() {} } });
  const port = probe.port;
  probe.stop(true);
  return port;
}

function profileFlags(name: string, options: StartOptions): string[] {
  if (!options.cpuProfileDir) return [];
  return ["--cpu-prof", "--cpu-prof-md", `--cpu-prof-dir=${options.cpuProfileDir}`, `--cpu-prof-name=${name}-${Date.now()}`];
}

async function waitForHealth(port: number, child: Subprocess, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited with code ${child.exitCode} before it was ready`);
    try {
      const response = await fetch(`http://127.0.0.1:${port}/health`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await Bun.sleep(100);
  }
  throw new Error(`server not healthy after ${timeoutMs / 1000} s`);
}

function serverUnderTest(name: ServerUnderTest["name"], child: Subprocess, port: number, dataDir?: string): ServerUnderTest {
  return {
    name,
    pid: child.pid,
    port,
    databasePath: dataDir && join(dataDir, "joule.db"),
    async stop() {
      if (child.exitCode === null) child.kill("SIGTERM");
      const exited = await Promise.race([child.exited, Bun.sleep(20_000).then(() => undefined)]);
      if (exited === undefined) {
        child.kill("SIGKILL");
        await child.exited;
      }
      return child.exitCode;
    },
    cleanUp() {
      if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export async function startJoule(options: StartOptions = {}): Promise<ServerUnderTest> {
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), "joule-bench-"));
  const child = Bun.spawn([process.execPath, ...profileFlags("joule", options), "main.ts"], {
    cwd: options.jouleDir ?? repoRoot,
    env: {
      ...process.env,
      JOULE_HOST: "127.0.0.1",
      JOULE_HTTP_PORT: String(port),
      JOULE_HTTPS_PORT: "0",
      JOULE_DATA_DIR: dataDir,
      JOULE_DATABASE_URL: "",
      JOULE_API_TOKEN: `bench-${crypto.randomUUID()}`,
      JOULE_AUTO_REGISTER: "true",
      JOULE_LOG_LEVEL: "warn",
    },
    stdin: "ignore",
    stdout: 2, // keep our stdout clean for --json
    stderr: 2,
  });
  await waitForHealth(port, child);
  return serverUnderTest("joule", child, port, dataDir);
}

export async function startEcho(options: StartOptions = {}): Promise<ServerUnderTest> {
  const port = await freePort();
  const child = Bun.spawn([process.execPath, ...profileFlags("echo", options), join(import.meta.dir, "echo-server.ts"), String(port)], {
    cwd: repoRoot,
    stdin: "ignore",
    stdout: "ignore",
    stderr: 2,
  });
  await waitForHealth(port, child);
  return serverUnderTest("echo", child, port);
}

/** Resident memory of a process in KB (VmRSS), or NaN when it cannot be read. */
export function rssKb(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
    return match ? Number(match[1]) : Number.NaN;
  } catch {
    return Number.NaN;
  }
}

/** CPU time (user + system) a process has used so far, in seconds. */
export function cpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // Fields after the parenthesised command name; utime and stime are fields 14 and 15 (1-based) of the line.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const ticksPerSecond = 100; // getconf CLK_TCK on Linux
    return (Number(fields[11]) + Number(fields[12])) / ticksPerSecond;
  } catch {
    return Number.NaN;
  }
}

/** CPU time all processes on the machine have used so far (every core together), in seconds, from /proc/stat. */
export function machineBusySeconds(): number {
  try {
    const [user, nice, system, _idle, _iowait, irq, softirq, steal] = readFileSync("/proc/stat", "utf8")
      .split("\n", 1)[0]!
      .trim()
      .split(/\s+/)
      .slice(1)
      .map(Number);
    return (user! + nice! + system! + irq! + softirq! + (steal ?? 0)) / 100;
  } catch {
    return Number.NaN;
  }
}
