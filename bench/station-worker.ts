// One load-generator process: simulates a share of the stations with Bun's built-in WebSocket client.
// Started by bench/load.ts with a WorkerConfig (JSON) as its argument; driven over IPC (see protocol.ts).
//
// Each station connects, sends BootNotification and then, while running, Heartbeat / MeterValues CALLs with at most
// one CALL outstanding (OCPP-J). Unlimited rate: the next CALL goes out as soon as the previous is answered.
// With a rate: each station has its own schedule (the stations take turns, so each sends every stations/rate
// seconds); a CALL that falls due while its station still awaits an answer waits in that station's queue, as on a
// real station, and its latency counts from when it fell due (no coordinated omission).
import { LatencyHistogram } from "./histogram.ts";
import {
  emptyCounters,
  meterValuesPayload as meterValuesPayloadAt,
  type Command,
  type Counters,
  type WorkerConfig,
  type WorkerMessage,
} from "./protocol.ts";

type Action = "BootNotification" | "Heartbeat" | "MeterValues";

const config = JSON.parse(process.argv[2]!) as WorkerConfig;

class Station {
  ws: WebSocket | undefined;
  open = false;
  booted = false;
  closedByUs = false;
  nextMessageId = 0;
  pendingId: string | undefined;
  pendingAction: Action | undefined;
  /** When the outstanding CALL fell due: its send time, or with a rate its scheduled time. Latency counts from here. */
  dueAt = 0;
  /** With a rate: due times of CALLs waiting for the outstanding one to be answered. */
  readonly queued: number[] = [];
  /** Set while connecting: called with undefined once booted, or with the reason it failed. */
  settleConnect: ((failure?: string) => void) | undefined;

  constructor(readonly id: string) {}
}

// ---- frames -------------------------------------------------------------------------------------------------------

const bootPayload = JSON.stringify({ chargePointVendor: "Bench", chargePointModel: "Load" });
let meterValuesPayload = "";
function refreshMeterValuesPayload(): void {
  meterValuesPayload = meterValuesPayloadAt(new Date().toISOString());
}
refreshMeterValuesPayload();
const payloadTimer = setInterval(refreshMeterValuesPayload, 100);

function payloadFor(action: Action): string {
  if (action === "MeterValues") return meterValuesPayload;
  if (action === "Heartbeat") return "{}";
  return bootPayload;
}

// ---- state --------------------------------------------------------------------------------------------------------

type Phase = "connecting" | "ready" | "running" | "draining" | "closing";
let phase: Phase = "connecting";
let measuring = false;
let inFlight = 0;

const stations = Array.from({ length: config.stations }, (_, i) => new Station(`${config.stationIdPrefix}${config.firstStation + i}`));
const total: Counters = emptyCounters();
const windowCounters: Counters = emptyCounters();
const latency = new LatencyHistogram();
const closeCodes: Record<string, number> = {};
const callErrorCodes: Record<string, number> = {};
let closes = 0;
let serverCalls = 0;

function count(key: keyof Counters, n = 1): void {
  total[key] += n;
  if (measuring) windowCounters[key] += n;
}

function report(message: WorkerMessage): void {
  process.send!(message);
}

// ---- sending and receiving ----------------------------------------------------------------------------------------

function send(station: Station, action: Action, dueAt = performance.now()): void {
  const id = String(++station.nextMessageId);
  station.pendingId = id;
  station.pendingAction = action;
  station.dueAt = dueAt;
  inFlight++;
  if (action !== "BootNotification") count("sent");
  station.ws!.send(`[2,"${id}","${action}",${payloadFor(action)}]`);
}

function sendNext(station: Station, dueAt?: number): void {
  send(station, Math.random() < config.mix ? "MeterValues" : "Heartbeat", dueAt);
}

/** Message type and id of a frame `[<type>, "<id>", ...`, read without parsing the rest; undefined if malformed. */
function frameHead(text: string): { type: number; id: string } | undefined {
  const open = text.indexOf('"');
  const close = open < 0 ? -1 : text.indexOf('"', open + 1);
  if (text[0] !== "[" || close < 0) return undefined;
  return { type: Number.parseInt(text.slice(1, open), 10), id: text.slice(open + 1, close) };
}

function onMessage(station: Station, text: string): void {
  const receivedAt = performance.now();
  const head = frameHead(text);
  if (!head) return void (callErrorCodes["(malformed frame)"] = (callErrorCodes["(malformed frame)"] ?? 0) + 1);
  if (head.type === 2) {
    // A CALL from the server (e.g. GetConfiguration after boot): the simulated station supports none.
    serverCalls++;
    station.ws!.send(JSON.stringify([4, head.id, "NotSupported", "load generator", {}]));
    return;
  }
  if (head.id !== station.pendingId) return;
  const action = station.pendingAction!;
  station.pendingId = undefined;
  inFlight--;

  if (action === "BootNotification") {
    const accepted = head.type === 3 && (config.acceptAnyBootResult || (JSON.parse(text)[2] as { status?: string })?.status === "Accepted");
    station.booted = accepted;
    station.settleConnect?.(accepted ? undefined : `BootNotification answered ${text.slice(0, 120)}`);
    return;
  }
  if (head.type === 3) {
    count("results");
    count(action === "MeterValues" ? "meterValuesResults" : "heartbeatResults");
    if (measuring) latency.record(receivedAt - station.dueAt);
  } else {
    count("callErrors");
    const code = String((JSON.parse(text) as unknown[])[2]);
    callErrorCodes[code] = (callErrorCodes[code] ?? 0) + 1;
  }
  afterAnswer(station);
}

function afterAnswer(station: Station): void {
  if (phase === "running") {
    if (config.rate === 0) sendNext(station);
    else if (station.queued.length > 0) sendNext(station, station.queued.shift());
  } else if (phase === "draining" && inFlight === 0) {
    finishDrain();
  }
}

// ---- connecting -----------------------------------------------------------------------------------------------

function connect(station: Station): Promise<string | undefined> {
  return new Promise((resolve) => {
    const ws = new WebSocket(config.baseUrl + encodeURIComponent(station.id), ["ocpp1.6"]);
    station.ws = ws;
    const timer = setTimeout(() => station.settleConnect?.("timed out"), config.connectTimeoutMs);
    station.settleConnect = (failure) => {
      station.settleConnect = undefined;
      clearTimeout(timer);
      if (failure && ws.readyState <= WebSocket.OPEN) {
        station.closedByUs = true;
        ws.close();
      }
      resolve(failure);
    };
    ws.onopen = () => {
      station.open = true;
      send(station, "BootNotification");
    };
    ws.onmessage = (event) => onMessage(station, String(event.data));
    ws.onclose = (event) => {
      const wasOpen = station.open;
      station.open = false;
      if (station.pendingId !== undefined) {
        station.pendingId = undefined;
        inFlight--;
      }
      if (station.settleConnect) return station.settleConnect(`closed (${event.code}) before boot`);
      if (phase === "closing" || station.closedByUs || !wasOpen) return;
      closes++;
      closeCodes[event.code] = (closeCodes[event.code] ?? 0) + 1;
      if (phase === "draining" && inFlight === 0) finishDrain();
    };
  });
}

async function connectAll(): Promise<void> {
  const started = performance.now();
  const failures: string[] = [];
  let next = 0;
  let failed = 0;
  const connector = async () => {
    while (next < stations.length) {
      const failure = await connect(stations[next++]!);
      if (failure) {
        failed++;
        if (failures.length < 5) failures.push(failure);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(config.connectConcurrency, stations.length) }, connector));
  phase = "ready";
  report({
    type: "connected",
    opened: stations.filter((s) => s.open).length,
    booted: stations.filter((s) => s.open && s.booted).length,
    failed,
    failures,
    seconds: (performance.now() - started) / 1000,
  });
}

// ---- running --------------------------------------------------------------------------------------------------

let runStartedAt = 0;
let windowStartedAt = 0;
let windowSeconds = 0;
let cpuAtMark: NodeJS.CpuUsage | undefined;
let cpuSeconds = 0;
let issued = 0;
let ticker: ReturnType<typeof setInterval> | undefined;

function run(): void {
  phase = "running";
  runStartedAt = performance.now();
  const ready = stations.filter((s) => s.open && s.booted);
  if (config.rate === 0) {
    for (const station of ready) sendNext(station);
    return;
  }
  if (ready.length === 0) return;
  ticker = setInterval(() => {
    const due = Math.floor((config.rate * (performance.now() - runStartedAt)) / 1000);
    for (; issued < due; issued++) {
      // The stations take turns: CALL n is due at n / rate and belongs to station n mod stations.
      const station = ready[issued % ready.length]!;
      if (!station.open) continue; // counted among the closes
      const dueAt = runStartedAt + (issued * 1000) / config.rate;
      if (station.pendingId === undefined) sendNext(station, dueAt);
      else station.queued.push(dueAt);
    }
  }, 1); // CALLs due between ticks wait for the next one: at most 1 ms of the latency is the ticker's
}

function mark(): void {
  measuring = true;
  windowStartedAt = performance.now();
  cpuAtMark = process.cpuUsage();
}

function stop(): void {
  measuring = false;
  windowSeconds = (performance.now() - windowStartedAt) / 1000;
  const cpu = process.cpuUsage(cpuAtMark);
  cpuSeconds = (cpu.user + cpu.system) / 1e6;
  clearInterval(ticker);
  phase = "draining";
  for (const station of stations) {
    count("queuedAtEnd", station.queued.length);
    station.queued.length = 0;
  }
  if (inFlight === 0) finishDrain();
  else setTimeout(finishDrain, config.drainTimeoutMs);
}

let drained = false;
function finishDrain(): void {
  if (drained) return;
  drained = true;
  report({
    type: "report",
    window: { ...windowCounters, seconds: windowSeconds, latencyCounts: latency.counts },
    total,
    unanswered: inFlight,
    closes,
    closeCodes,
    callErrorCodes,
    serverCalls,
    held: stations.filter((s) => s.open && s.ws?.readyState === WebSocket.OPEN).length,
    cpuSeconds,
  });
}

function closeAll(): void {
  phase = "closing";
  clearInterval(payloadTimer);
  for (const station of stations) if (station.open) station.ws!.close(1000, "load test done");
  // Give the close handshakes a moment, then leave.
  setTimeout(() => process.exit(0), 1000);
}

process.on("message", (command: Command) => {
  if (command.type === "run") run();
  else if (command.type === "mark") mark();
  else if (command.type === "stop") stop();
  else if (command.type === "close") closeAll();
});
// The orchestrator is gone (Ctrl-C, crash): do not linger.
process.on("disconnect", () => process.exit(0));

await connectAll();
