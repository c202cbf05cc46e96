// Console benchmark: how long the station list takes to render for a fleet of 5,000 stations (issue target: under
// 200 ms on the server). Starts Joule (fresh temporary database), adds the stations through the console's
// "add by list" form, connects some of them over OCPP-J with boot information (vendors, models) and a few faulted
// connectors, logs in as the admin, then requests each page repeatedly over real HTTP, one request at a time.
// `bun run bench/console-stations.ts [--stations 5000] [--connected 1000] [--requests 200] [--json]`
import { cpus, loadavg } from "node:os";
import { Browser, csrfOf } from "../tests/support/browser.ts";
import { startJoule } from "./servers.ts";

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const stationCount = arg("stations", 5000);
const connectedCount = Math.min(stationCount, arg("connected", 1000));
const requests = arg("requests", 200);
const warmup = 20;
const json = process.argv.includes("--json");
const targetMs = 200;
/** Progress on stderr, so that --json keeps stdout clean. */
const say = (line: string) => console.error(line);

const stationId = (i: number) => `BENCH-${String(i).padStart(5, "0")}`;
const vendors = ["Acme", "Volta", "ChargeCo", "Ampere"];
const models = ["Wallbox 11", "Wallbox 22", "DC 50"];

/** Opens a station's OCPP-J connection, boots it and reports connector 1 (Faulted for every 20th station). */
async function connectStation(port: number, i: number): Promise<WebSocket> {
  const socket = new WebSocket(`ws://127.0.0.1:${port}/ocpp/${stationId(i)}`, "ocpp1.6");
  const pending = new Map<string, (frame: unknown[]) => void>();
  socket.addEventListener("message", (event) => {
    const frame = JSON.parse(String(event.data)) as unknown[];
    if (frame[0] === 3 || frame[0] === 4) pending.get(String(frame[1]))?.(frame);
  });
  await new Promise<void>((resolve, reject) => {
    socket.addEventListener("open", () => resolve(), { once: true });
    socket.addEventListener("error", () => reject(new Error(`${stationId(i)} did not connect`)), { once: true });
  });
  const call = (action: string, payload: unknown) =>
    new Promise<unknown[]>((resolve) => {
      const id = crypto.randomUUID();
      pending.set(id, resolve);
      socket.send(JSON.stringify([2, id, action, payload]));
    });
  const boot = await call("BootNotification", { chargePointVendor: vendors[i % vendors.length], chargePointModel: models[i % models.length] });
  if (boot[0] !== 3) throw new Error(`${stationId(i)}: BootNotification answered ${JSON.stringify(boot)}`);
  const faulted = i % 20 === 0;
  await call("StatusNotification", { connectorId: 1, status: faulted ? "Faulted" : "Available", errorCode: faulted ? "GroundFailure" : "NoError" });
  return socket;
}

function percentile(sorted: number[], fraction: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)]!;
}

interface Measurement {
  name: string;
  path: string;
  listed: string;
  medianMs: number;
  p95Ms: number;
  maxMs: number;
}

process.env.JOULE_ADMIN_PASSWORD ??= `bench-admin-${crypto.randomUUID()}`;
const joule = await startJoule();
const sockets: WebSocket[] = [];
try {
  const browser = new Browser(`http://127.0.0.1:${joule.port}`);
  const login = await browser.login("admin", process.env.JOULE_ADMIN_PASSWORD);
  if (login.status !== 303) throw new Error(`login answered ${login.status}`);

  // The fleet, through the console's batch form (1,000 ids per post).
  let started = performance.now();
  for (let first = 0; first < stationCount; first += 1000) {
    const ids = Array.from({ length: Math.min(1000, stationCount - first) }, (_, k) => stationId(first + k)).join("\n");
    const csrf = csrfOf(await (await browser.get("/stations/batch")).text());
    const response = await browser.post("/stations/batch", { _csrf: csrf, ids, registrationStatus: "Accepted" });
    if (response.status !== 200 || !(await response.text()).includes(" added, 0 already existed, 0 invalid.")) {
      throw new Error(`batch add answered ${response.status}`);
    }
  }
  say(`added ${stationCount.toLocaleString("en")} stations by list in ${((performance.now() - started) / 1000).toFixed(1)} s`);

  started = performance.now();
  const order = Array.from({ length: connectedCount }, (_, k) => Math.floor((k * stationCount) / connectedCount));
  for (let k = 0; k < order.length; k += 100) sockets.push(...(await Promise.all(order.slice(k, k + 100).map((i) => connectStation(joule.port, i)))));
  say(`connected and booted ${connectedCount.toLocaleString("en")} stations in ${((performance.now() - started) / 1000).toFixed(1)} s`);

  const pages: [string, string][] = [
    ["list, first page", "/stations"],
    ["list, page 60 (offset 2,950)", "/stations?page=60"],
    ["filter: vendor + model", `/stations?vendor=${vendors[1]}&model=${encodeURIComponent(models[2]!)}`],
    ["filter: id contains + not connected", "/stations?q=BENCH-01&connected=no"],
    ["filter: faulted", "/stations?faulted=yes"],
    ["filter: profile + status + connected", "/stations?profile=0&status=Accepted&connected=yes&page=3"],
    ["live table fragment (htmx poll)", "/fragments/stations?vendor=Acme&page=2"],
    ["dashboard fragment (htmx poll)", "/fragments/dashboard"],
  ];
  const results: Measurement[] = [];
  for (const [name, path] of pages) {
    const times: number[] = [];
    let body = "";
    for (let n = 0; n < warmup + requests; n++) {
      const t0 = performance.now();
      const response = await browser.get(path);
      body = await response.text();
      const elapsed = performance.now() - t0;
      if (response.status !== 200) throw new Error(`${path} answered ${response.status}`);
      if (n >= warmup) times.push(elapsed);
    }
    times.sort((a, b) => a - b);
    const listed = /Stations \d+–\d+ of \d+|No station matches\./.exec(body)?.[0] ?? "";
    results.push({ name, path, listed, medianMs: percentile(times, 0.5), p95Ms: percentile(times, 0.95), maxMs: times[times.length - 1]! });
  }

  const machine = { cores: cpus().length, loadAverage: loadavg()[0]! };
  const met = results.every((r) => r.p95Ms < targetMs);
  if (json) {
    console.log(JSON.stringify({ stations: stationCount, connected: connectedCount, requests, machine, targetMs, met, results }, null, 2));
  } else {
    const ms = (n: number) => `${n.toFixed(1)} ms`.padStart(9);
    console.log(
      `Console station list: ${stationCount.toLocaleString("en")} stations, ${connectedCount.toLocaleString("en")} connected; ` +
        `${requests} sequential requests per page after ${warmup} warm-up (${machine.cores} cores, load ${machine.loadAverage.toFixed(2)})`,
    );
    console.log("response time over loopback HTTP (≈ server time): median, p95, max");
    for (const r of results) console.log(`  ${r.name.padEnd(38)} ${ms(r.medianMs)} ${ms(r.p95Ms)} ${ms(r.maxMs)}   ${r.listed}`);
    console.log(`target p95 < ${targetMs} ms on every page: ${met ? "met" : "NOT met"}`);
  }
} finally {
  for (const socket of sockets) socket.close();
  await joule.stop();
  joule.cleanUp();
}
