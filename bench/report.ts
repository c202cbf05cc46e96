// Human-readable printout of a bench run.
import type { LoadOptions, TargetResult } from "./run-load.ts";

export interface Persistence {
  expectedRows: number;
  foundRows: number;
}

export type JouleResult = TargetResult & { persistence: Persistence };

export interface Summary {
  options: LoadOptions;
  /** Other work on the machine skews the figures: the 1-minute load average and core count before the run. */
  machine: { cores: number; loadAverageBefore: number };
  joule: JouleResult;
  echo?: TargetResult;
  /** Joule's acknowledged msg/s as a fraction of the echo server's, under the same load. */
  ratioToEcho?: number;
  /** A second Joule run offered `targetRatio` of the echo ceiling as a fixed rate, for the latency target. */
  atTargetRate?: { offeredRate: number; result: JouleResult };
  /** undefined: not measured. */
  targets: { stationsHeld: boolean; ratio?: boolean; p99?: boolean };
}

// Targets from the issue, for a 2-core machine.
export const targetStations = 10_000;
export const targetRatio = 0.4;
export const targetP99Ms = 100;

const int = (n: number) => (Number.isFinite(n) ? Math.round(n).toLocaleString("en-US") : "n/a");
const ms = (n: number) => (Number.isFinite(n) ? `${n < 10 ? n.toFixed(2) : n.toFixed(1)} ms` : "n/a");
const mb = (kb: number) => `${(kb / 1024).toFixed(1)} MB`;
const percent = (f: number) => `${(f * 100).toFixed(0)}%`;
const counts = (codes: Record<string, number>) =>
  Object.keys(codes).length === 0 ? "" : ` (${Object.entries(codes).map(([code, n]) => `${code}: ${n}`).join(", ")})`;

export function formatTarget(result: TargetResult, title: string): string {
  const { stations, window, latencyMs, errors, memory, cpu } = result;
  const lines = [
    title,
    `  connections held:  ${int(stations.held)} of ${int(stations.requested)} (opened ${int(stations.opened)}, booted ${int(stations.booted)}, ` +
      `connect failures ${int(stations.connectFailures)}; connecting took ${stations.connectSeconds.toFixed(1)} s)`,
    `  acknowledged:      ${int(window.perSecond)} msg/s over ${window.seconds.toFixed(1)} s ` +
      `(MeterValues ${int(window.meterValuesPerSecond)}/s = ${int(window.meterValuesPerSecond * 4)} sampled values/s, Heartbeat ${int(window.heartbeatsPerSecond)}/s)`,
    `  latency:           p50 ${ms(latencyMs.p50)}, p90 ${ms(latencyMs.p90)}, p99 ${ms(latencyMs.p99)}, p99.9 ${ms(latencyMs.p999)}`,
    `  errors:            CALLERRORs ${int(errors.callErrors)}${counts(errors.callErrorCodes)}, closes ${int(errors.closes)}${counts(errors.closeCodes)}, ` +
      `unanswered at end ${int(errors.unanswered)}${errors.serverCalls > 0 ? `; CALLs from the server refused ${int(errors.serverCalls)}` : ""}`,
    `  server memory:     RSS ${mb(memory.rssBeforeConnectKb)} before connecting, ${mb(memory.rssIdleKb)} idle with all stations, ` +
      `${mb(memory.rssEndKb)} at the end; ${memory.perConnectionKb.toFixed(1)} KB per connection`,
    `  CPU (window):      server ${cpu.server.toFixed(2)} cores, load generators ${cpu.loadGenerators.toFixed(2)} cores, ` +
      `other processes ${cpu.others.toFixed(2)} cores${cpu.others > 0.1 ? " (the machine was not quiet: figures are low)" : ""}`,
  ];
  if (window.queuedAtEnd > 0) {
    lines.push(`  rate:              ${int(window.queuedAtEnd)} CALLs due but still queued behind their station's previous CALL at the end`);
  }
  if (stations.failureSamples.length > 0) lines.push(`  connect failures:  ${stations.failureSamples.join("; ")}`);
  return lines.join("\n");
}

function formatPersistence({ expectedRows, foundRows }: Persistence): string {
  return (
    `  persistence:       meter_values rows expected ${int(expectedRows)} (4 per acknowledged MeterValues), ` +
    `found ${int(foundRows)} ${expectedRows === foundRows ? "OK" : "MISMATCH"}`
  );
}

export function formatSummary(summary: Summary): string {
  const { options, joule, echo, atTargetRate } = summary;
  const rate = options.rate > 0 ? `${int(options.rate)} msg/s` : "unlimited (one outstanding CALL per station)";
  const mix = `${percent(options.mix)} MeterValues`;
  const parts = [
    `Load: ${int(options.stations)} stations, ${mix} / ${percent(1 - options.mix)} Heartbeat, rate ${rate}, ` +
      `${options.warmupSeconds} s warm-up + ${options.durationSeconds} s measured, ${options.workers} load-generator process(es)`,
    `Machine: ${summary.machine.cores} cores, 1-minute load average ${summary.machine.loadAverageBefore.toFixed(2)} before the run`,
    "",
    formatTarget(joule, "Joule"),
    formatPersistence(joule.persistence),
  ];
  if (echo) parts.push("", formatTarget(echo, "Raw Bun WebSocket echo (ceiling)"));
  if (atTargetRate) {
    parts.push(
      "",
      formatTarget(atTargetRate.result, `Joule offered ${percent(targetRatio)} of the echo ceiling: ${int(atTargetRate.offeredRate)} msg/s`),
      formatPersistence(atTargetRate.result.persistence),
    );
  }
  parts.push("");
  if (echo && summary.ratioToEcho !== undefined) {
    parts.push(
      `Persisted throughput (${mix}): ${int(joule.window.perSecond)} msg/s = ${percent(summary.ratioToEcho)} ` +
        `of raw echo ceiling ${int(echo.window.perSecond)} msg/s`,
    );
  }
  if (atTargetRate) {
    const { result, offeredRate } = atTargetRate;
    parts.push(
      `At ${percent(targetRatio)} of the ceiling: ${int(result.window.perSecond)} of ${int(offeredRate)} msg/s offered acknowledged, ` +
        `p50 ${ms(result.latencyMs.p50)}, p99 ${ms(result.latencyMs.p99)}`,
    );
  } else if (options.rate === 0) {
    parts.push(
      `(Unlimited rate: every station always has a CALL outstanding, so latency is about stations / throughput; ` +
        `the p99 target is checked at a fixed rate.)`,
    );
  }
  const mark = (ok: boolean | undefined) => (ok === undefined ? "not measured" : ok ? "met" : "MISSED");
  const stationsTarget =
    options.stations >= targetStations ? mark(summary.targets.stationsHeld) : `not tried (${int(options.stations)} stations)`;
  parts.push(
    `Targets: ${int(targetStations)} stations held: ${stationsTarget}; >= ${percent(targetRatio)} of echo: ${mark(summary.targets.ratio)}; ` +
      `p99 < ${targetP99Ms} ms at that rate: ${mark(summary.targets.p99)}`,
  );
  return parts.join("\n");
}
