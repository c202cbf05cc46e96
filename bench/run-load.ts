// Drives one server through the load: spawns the load-generator processes, connects the stations, runs warm-up and
// the measurement window, and gathers what the workers and /proc report into one TargetResult.
import type { Subprocess } from "bun";
import { join } from "node:path";
import { LatencyHistogram } from "./histogram.ts";
import type { Command, ConnectReport, RunReport, WorkerConfig, WorkerMessage } from "./protocol.ts";
import { cpuSeconds, machineBusySeconds, rssKb, type ServerUnderTest } from "./servers.ts";

export interface LoadOptions {
  stations: number;
  /** Total CALLs per second over all stations; 0 = as fast as one outstanding CALL per station allows. */
  rate: number;
  mix: number;
  durationSeconds: number;
  warmupSeconds: number;
  workers: number;
  connectConcurrency: number;
}

export interface TargetResult {
  server: ServerUnderTest["name"];
  stations: { requested: number; opened: number; booted: number; connectFailures: number; failureSamples: string[]; connectSeconds: number; held: number };
  window: {
    seconds: number;
    sent: number;
    acknowledged: number;
    perSecond: number;
    meterValuesPerSecond: number;
    heartbeatsPerSecond: number;
    queuedAtEnd: number;
  };
  latencyMs: { p50: number; p90: number; p99: number; p999: number };
  errors: {
    callErrors: number;
    callErrorCodes: Record<string, number>;
    closes: number;
    closeCodes: Record<string, number>;
    unanswered: number;
    /** CALLs from the server to the stations, refused by the load generator. */
    serverCalls: number;
  };
  memory: { rssBeforeConnectKb: number; rssIdleKb: number; rssEndKb: number; perConnectionKb: number };
  /** Cores busy during the window (1.0 = one core fully used); `others`: the rest of the machine, which skews results. */
  cpu: { server: number; loadGenerators: number; others: number };
  /** Over the whole run (warm-up, window, drain): what the server should have persisted. */
  acknowledgedTotal: { meterValues: number; heartbeats: number };
}

const log = (message: string) => console.error(`[bench] ${message}`);

/** A load-generator child process and the messages it has sent us. */
class Worker {
  private readonly inbox: WorkerMessage[] = [];
  private waiting: { resolve(message: WorkerMessage): void; reject(error: Error): void } | undefined;
  private exitError: Error | undefined;
  readonly process: Subprocess;

  constructor(config: WorkerConfig) {
    this.process = Bun.spawn([process.execPath, join(import.meta.dir, "station-worker.ts"), JSON.stringify(config)], {
      stdin: "ignore",
      stdout: 2,
      stderr: 2,
      ipc: (message: WorkerMessage) => {
        if (this.waiting) this.waiting.resolve(message);
        else this.inbox.push(message);
        this.waiting = undefined;
      },
      onExit: (_process, exitCode) => {
        this.exitError = new Error(`a load generator exited with code ${exitCode}`);
        this.waiting?.reject(this.exitError);
        this.waiting = undefined;
      },
    });
  }

  send(command: Command): void {
    if (this.process.exitCode === null) this.process.send(command);
  }

  /** The next message, which must be of the given type (a worker sends "connected", then "report"). */
  async receive<T extends WorkerMessage["type"]>(type: T): Promise<Extract<WorkerMessage, { type: T }>> {
    const message =
      this.inbox.shift() ??
      (await new Promise<WorkerMessage>((resolve, reject) => {
        if (this.exitError) reject(this.exitError);
        else this.waiting = { resolve, reject };
      }));
    if (message.type !== type) throw new Error(`expected "${type}" from a load generator, got "${message.type}"`);
    return message as Extract<WorkerMessage, { type: T }>;
  }
}

function sum<T>(items: T[], value: (item: T) => number): number {
  return items.reduce((total, item) => total + value(item), 0);
}

function addCounts(into: Record<string, number>, from: Record<string, number>): Record<string, number> {
  for (const [key, n] of Object.entries(from)) into[key] = (into[key] ?? 0) + n;
  return into;
}

export async function runLoad(server: ServerUnderTest, options: LoadOptions): Promise<TargetResult> {
  await Bun.sleep(500);
  const rssBeforeConnectKb = rssKb(server.pid);

  // Share the stations, the rate and the connect concurrency among the workers.
  const workers: Worker[] = [];
  const stationIdPrefix = `bench-${server.name}-`;
  let firstStation = 0;
  for (let i = 0; i < options.workers; i++) {
    const stations = Math.floor(options.stations / options.workers) + (i < options.stations % options.workers ? 1 : 0);
    workers.push(
      new Worker({
        baseUrl: `ws://127.0.0.1:${server.port}/ocpp/`,
        stationIdPrefix,
        firstStation,
        stations,
        rate: (options.rate * stations) / options.stations,
        mix: options.mix,
        acceptAnyBootResult: server.name === "echo",
        connectConcurrency: Math.max(1, Math.round(options.connectConcurrency / options.workers)),
        connectTimeoutMs: 60_000,
        drainTimeoutMs: 10_000,
      }),
    );
    firstStation += stations;
  }

  try {
    log(`${server.name}: connecting ${options.stations} stations (${options.workers} load-generator process(es))`);
    const connected: ConnectReport[] = await Promise.all(workers.map((w) => w.receive("connected")));
    const booted = sum(connected, (c) => c.booted);
    log(`${server.name}: ${booted} stations connected and booted in ${Math.max(...connected.map((c) => c.seconds)).toFixed(1)} s`);

    await Bun.sleep(2_000); // let the server settle before measuring idle memory
    const rssIdleKb = rssKb(server.pid);

    for (const w of workers) w.send({ type: "run" });
    log(`${server.name}: warm-up ${options.warmupSeconds} s, then measuring ${options.durationSeconds} s`);
    await Bun.sleep(options.warmupSeconds * 1000);
    const serverCpuAtMark = cpuSeconds(server.pid);
    const machineCpuAtMark = machineBusySeconds();
    const markedAt = performance.now();
    for (const w of workers) w.send({ type: "mark" });
    await Bun.sleep(options.durationSeconds * 1000);
    for (const w of workers) w.send({ type: "stop" });
    const elapsed = (performance.now() - markedAt) / 1000;
    const serverCores = (cpuSeconds(server.pid) - serverCpuAtMark) / elapsed;
    const machineCores = (machineBusySeconds() - machineCpuAtMark) / elapsed;

    const reports: RunReport[] = await Promise.all(workers.map((w) => w.receive("report")));
    const rssEndKb = rssKb(server.pid);

    const latency = new LatencyHistogram();
    for (const r of reports) latency.merge(new LatencyHistogram(r.window.latencyCounts));
    const seconds = Math.max(...reports.map((r) => r.window.seconds));
    const held = sum(reports, (r) => r.held);

    return {
      server: server.name,
      stations: {
        requested: options.stations,
        opened: sum(connected, (c) => c.opened),
        booted,
        connectFailures: sum(connected, (c) => c.failed),
        failureSamples: connected.flatMap((c) => c.failures).slice(0, 5),
        connectSeconds: Math.max(...connected.map((c) => c.seconds)),
        held,
      },
      window: {
        seconds,
        sent: sum(reports, (r) => r.window.sent),
        acknowledged: sum(reports, (r) => r.window.results),
        perSecond: sum(reports, (r) => r.window.results) / seconds,
        meterValuesPerSecond: sum(reports, (r) => r.window.meterValuesResults) / seconds,
        heartbeatsPerSecond: sum(reports, (r) => r.window.heartbeatResults) / seconds,
        queuedAtEnd: sum(reports, (r) => r.total.queuedAtEnd),
      },
      latencyMs: { p50: latency.percentile(0.5), p90: latency.percentile(0.9), p99: latency.percentile(0.99), p999: latency.percentile(0.999) },
      errors: {
        callErrors: sum(reports, (r) => r.total.callErrors),
        callErrorCodes: reports.reduce((all, r) => addCounts(all, r.callErrorCodes), {} as Record<string, number>),
        closes: sum(reports, (r) => r.closes),
        closeCodes: reports.reduce((all, r) => addCounts(all, r.closeCodes), {} as Record<string, number>),
        unanswered: sum(reports, (r) => r.unanswered),
        serverCalls: sum(reports, (r) => r.serverCalls),
      },
      memory: {
        rssBeforeConnectKb,
        rssIdleKb,
        rssEndKb,
        perConnectionKb: booted > 0 ? (rssIdleKb - rssBeforeConnectKb) / booted : Number.NaN,
      },
      cpu: {
        server: serverCores,
        loadGenerators: sum(reports, (r) => r.cpuSeconds) / seconds,
        others: Math.max(0, machineCores - serverCores - sum(reports, (r) => r.cpuSeconds) / seconds),
      },
      acknowledgedTotal: {
        meterValues: sum(reports, (r) => r.total.meterValuesResults),
        heartbeats: sum(reports, (r) => r.total.heartbeatResults),
      },
    };
  } finally {
    for (const w of workers) w.send({ type: "close" });
    await Promise.race([Promise.all(workers.map((w) => w.process.exited)), Bun.sleep(5_000)]);
    for (const w of workers) if (w.process.exitCode === null) w.process.kill("SIGKILL");
  }
}
