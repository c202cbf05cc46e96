// Messages between the orchestrator (bench/load.ts) and its load-generator processes (bench/station-worker.ts),
// exchanged over Bun's IPC channel.

/** Given to each worker as its single command-line argument (JSON). */
export interface WorkerConfig {
  /** e.g. ws://127.0.0.1:1234/ocpp/ ; the station id is appended. */
  baseUrl: string;
  /** Station ids are `${stationIdPrefix}${n}` for n in [firstStation, firstStation + stations). */
  stationIdPrefix: string;
  firstStation: number;
  stations: number;
  /** This worker's share of the total rate in CALLs per second; 0 = as fast as one outstanding CALL allows. */
  rate: number;
  /** Fraction of CALLs that are MeterValues; the rest are Heartbeats. */
  mix: number;
  /** The echo server answers BootNotification with `{}`: take any CALLRESULT as accepted. */
  acceptAnyBootResult: boolean;
  connectConcurrency: number;
  connectTimeoutMs: number;
  drainTimeoutMs: number;
}

/** Orchestrator -> worker. */
export type Command =
  | { type: "run" } // start sending CALLs (warm-up)
  | { type: "mark" } // start of the measurement window
  | { type: "stop" } // end of the window: stop sending, wait for answers, then report
  | { type: "close" }; // close every connection and exit

/** Counters for one phase; latencies in the histogram's bucket counts. */
export interface Counters {
  sent: number;
  results: number;
  meterValuesResults: number;
  heartbeatResults: number;
  callErrors: number;
  /** With a rate: CALLs that had fallen due but still waited behind their station's outstanding CALL at the end. */
  queuedAtEnd: number;
}

export interface ConnectReport {
  type: "connected";
  opened: number;
  booted: number;
  failed: number;
  /** A few failure reasons, for the printout. */
  failures: string[];
  seconds: number;
}

export interface RunReport {
  type: "report";
  /** Measurement window only. */
  window: Counters & { seconds: number; latencyCounts: number[] };
  /** Whole run including warm-up and drain: what the database should hold. */
  total: Counters;
  /** CALLs still unanswered when the drain timed out. */
  unanswered: number;
  /** Connections the server closed (or that failed) after being opened. */
  closes: number;
  closeCodes: Record<string, number>;
  callErrorCodes: Record<string, number>;
  /** CALLs the server sent to stations (answered with CALLERROR NotSupported). */
  serverCalls: number;
  /** Connections still open at the end of the run. */
  held: number;
  /** CPU time this worker used during the window, in seconds. */
  cpuSeconds: number;
}

export type WorkerMessage = ConnectReport | RunReport;

export function emptyCounters(): Counters {
  return { sent: 0, results: 0, meterValuesResults: 0, heartbeatResults: 0, callErrors: 0, queuedAtEnd: 0 };
}

/** The MeterValues payload every simulated station sends: one meter value with four sampled values. */
export function meterValuesPayload(timestamp: string): string {
  return JSON.stringify({
    connectorId: 1,
    meterValue: [
      {
        timestamp,
        sampledValue: [
          { value: "123.4", measurand: "Energy.Active.Import.Register", unit: "Wh" },
          { value: "7200", measurand: "Power.Active.Import", unit: "W" },
          { value: "31.3", measurand: "Current.Import", unit: "A" },
          { value: "230.1", measurand: "Voltage", unit: "V" },
        ],
      },
    ],
  });
}
