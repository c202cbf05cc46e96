// `npm run bench [-- options]`: load test of Joule against the ceiling of a raw Bun WebSocket echo server.
// See bench/README.md for what is measured.
import { Database } from "bun:sqlite";
import { mkdirSync } from "node:fs";
import { availableParallelism, loadavg } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { formatSummary, targetP99Ms, targetRatio, targetStations, type JouleResult, type Summary } from "./report.ts";
import { runLoad, type LoadOptions } from "./run-load.ts";
import { startEcho, startJoule, type ServerUnderTest, type StartOptions } from "./servers.ts";

const usage = `Usage: npm run bench -- [options]
  --stations N             concurrent stations (default 1000)
  --rate N                 total CALLs per second; 0 = as fast as one outstanding CALL per station allows (default 0)
  --duration S             measured seconds (default 15)
  --warmup S               seconds of load before measuring (default 3)
  --mix F                  fraction of CALLs that are MeterValues, the rest Heartbeat (default 0.9)
  --workers N              load-generator processes (default: 1 per 5,000 stations)
  --connect-concurrency N  connections being opened at once, over all workers (default 200)
  --skip-echo              do not measure the raw echo ceiling
  --skip-rate-check        do not run Joule a second time at ${targetRatio * 100}% of the echo ceiling to check p99
  --joule-dir DIR          run Joule from another checkout (default: this repository)
  --profile                write CPU profiles of the servers (.cpuprofile and .md) into bench/results/
  --json                   print the summary as JSON instead of text`;

interface Options {
  load: LoadOptions;
  skipEcho: boolean;
  skipRateCheck: boolean;
  json: boolean;
  profile: boolean;
  jouleDir: string | undefined;
}

function parseOptions(): Options {
  const { values } = parseArgs({
    args: Bun.argv.slice(2),
    options: {
      stations: { type: "string", default: "1000" },
      rate: { type: "string", default: "0" },
      duration: { type: "string", default: "15" },
      warmup: { type: "string", default: "3" },
      mix: { type: "string", default: "0.9" },
      workers: { type: "string" },
      "connect-concurrency": { type: "string", default: "200" },
      "skip-echo": { type: "boolean", default: false },
      "skip-rate-check": { type: "boolean", default: false },
      "joule-dir": { type: "string" },
      profile: { type: "boolean", default: false },
      json: { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (values.help) {
    console.log(usage);
    process.exit(0);
  }
  const number = (name: string, raw: string, min: number, max = Number.MAX_SAFE_INTEGER) => {
    const value = Number(raw);
    if (!Number.isFinite(value) || value < min || value > max) {
      console.error(`--${name}: expected a number between ${min} and ${max}, got "${raw}"\n\n${usage}`);
      process.exit(2);
    }
    return value;
  };
  const stations = Math.floor(number("stations", values.stations, 1));
  return {
    load: {
      stations,
      rate: number("rate", values.rate, 0),
      durationSeconds: number("duration", values.duration, 1),
      warmupSeconds: number("warmup", values.warmup, 0),
      mix: number("mix", values.mix, 0, 1),
      // One process holds at most ~20,000 descriptors; 5,000 stations per process also spreads the client CPU.
      workers: Math.floor(number("workers", values.workers ?? String(Math.ceil(stations / 5_000)), 1, stations)),
      connectConcurrency: Math.floor(number("connect-concurrency", values["connect-concurrency"], 1)),
    },
    skipEcho: values["skip-echo"],
    skipRateCheck: values["skip-rate-check"],
    json: values.json,
    profile: values.profile,
    jouleDir: values["joule-dir"] && resolve(values["joule-dir"]),
  };
}

function countMeterValueRows(databasePath: string): number {
  const db = new Database(databasePath, { readonly: true });
  try {
    return (db.query("SELECT count(*) AS n FROM meter_values").get() as { n: number }).n;
  } finally {
    db.close();
  }
}

const running: ServerUnderTest[] = [];
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, async () => {
    for (const server of running) {
      await server.stop();
      server.cleanUp();
    }
    process.exit(130);
  });
}

/** Starts a server, puts the load on it, stops it. */
async function measure(start: () => Promise<ServerUnderTest>, load: LoadOptions) {
  const server = await start();
  running.push(server);
  try {
    const result = await runLoad(server, load);
    const exitCode = await server.stop();
    if (exitCode !== 0) console.error(`[bench] warning: ${server.name} exited with code ${exitCode}`);
    return { server, result };
  } catch (error) {
    await server.stop();
    server.cleanUp();
    throw error;
  }
}

/** Joule under `load`, then the persistence check on its stopped database. */
async function measureJoule(load: LoadOptions): Promise<JouleResult> {
  console.error(`[bench] starting Joule${load.rate > 0 ? ` (rate ${Math.round(load.rate)} msg/s)` : ""}`);
  const { server, result } = await measure(() => startJoule(startOptions), load);
  try {
    const persistence = { expectedRows: 4 * result.acknowledgedTotal.meterValues, foundRows: countMeterValueRows(server.databasePath!) };
    return { ...result, persistence };
  } finally {
    server.cleanUp();
  }
}

const options = parseOptions();
const machine = { cores: availableParallelism(), loadAverageBefore: loadavg()[0]! };
const startOptions: StartOptions = { jouleDir: options.jouleDir };
if (options.profile) {
  startOptions.cpuProfileDir = join(import.meta.dir, "results");
  mkdirSync(startOptions.cpuProfileDir, { recursive: true });
}

const joule = await measureJoule(options.load);

let echo;
if (!options.skipEcho) {
  console.error("[bench] starting the raw echo server");
  echo = (await measure(() => startEcho(startOptions), options.load)).result;
}
const ratioToEcho = echo && echo.window.perSecond > 0 ? joule.window.perSecond / echo.window.perSecond : undefined;

// Unlimited rate, every station has a CALL outstanding all the time: latency is then stations / throughput for any
// server (Little's law), so the latency target is checked in a second Joule run offered the target share of the echo
// ceiling as a fixed rate.
let atTargetRate: Summary["atTargetRate"];
if (echo && options.load.rate === 0 && !options.skipRateCheck) {
  const offered = targetRatio * echo.window.perSecond;
  atTargetRate = { offeredRate: offered, result: await measureJoule({ ...options.load, rate: offered }) };
}

const latencyRun = options.load.rate > 0 ? { offeredRate: options.load.rate, result: joule } : atTargetRate;
const summary: Summary = {
  options: options.load,
  machine,
  joule,
  echo,
  ratioToEcho,
  atTargetRate,
  targets: {
    stationsHeld: joule.stations.held >= Math.min(targetStations, options.load.stations),
    ratio: ratioToEcho === undefined ? undefined : ratioToEcho >= targetRatio,
    // Met when the offered rate was (nearly all) acknowledged with p99 below the limit.
    p99:
      latencyRun === undefined
        ? undefined
        : latencyRun.result.latencyMs.p99 < targetP99Ms && latencyRun.result.window.perSecond >= 0.98 * latencyRun.offeredRate,
  },
};
console.log(options.json ? JSON.stringify(summary, null, 2) : `\n${formatSummary(summary)}`);
