// Starts a real Joule on 127.0.0.1 with a fresh libSQL file in a temp directory, and drives it with the
// independent ocpp-rpc client as the charge point.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { RPCClient } from "ocpp-rpc";
import { loadConfig, type Config } from "../../lib/config.ts";
import { createLogger } from "../../lib/log.ts";
import { startJoule, type Joule } from "../../lib/server.ts";

export const apiToken = "test-token-0123456789abcdef";

/** The ocpp-rpc client as the tests use it (its bundled typings are stricter than its behaviour). */
export interface Station {
  protocol: string | undefined;
  call(action: string, payload?: unknown): Promise<any>;
  handle(action: string, handler: (call: { params: any }) => unknown): void;
  sendRaw(text: string): void;
  close(options?: { code?: number; reason?: string; force?: boolean }): Promise<unknown>;
  on(event: string, listener: (...args: any[]) => void): void;
  off(event: string, listener: (...args: any[]) => void): void;
  once(event: string, listener: (...args: any[]) => void): void;
}

export interface TestJoule {
  joule: Joule;
  config: Config;
  dataDir: string;
  wsUrl: string;
  logLines: string[];
  api(method: string, path: string, body?: unknown, token?: string): Promise<Response>;
  /** Registers a station through the API (registrationStatus defaults to Accepted). */
  addStation(id: string, registrationStatus?: string): Promise<void>;
  connect(id: string, options?: Record<string, unknown>): Promise<Station>;
  stop(): Promise<void>;
}

export async function startTestJoule(env: Record<string, string> = {}): Promise<TestJoule> {
  const dataDir = mkdtempSync(join(tmpdir(), "joule-test-"));
  const config = loadConfig({
    JOULE_HOST: "127.0.0.1",
    JOULE_HTTP_PORT: "0",
    JOULE_HTTPS_PORT: "0",
    JOULE_DATA_DIR: dataDir,
    JOULE_TLS_DIR: join(dataDir, "tls"),
    JOULE_API_TOKEN: apiToken,
    JOULE_LOG_LEVEL: "debug",
    ...env,
  });
  const logLines: string[] = [];
  const joule = await startJoule(config, createLogger(config.logLevel, (line) => logLines.push(line)));
  const base = `http://127.0.0.1:${joule.httpPort}`;
  const clients: (Station & { connect(): Promise<unknown> })[] = [];
  const api = (method: string, path: string, body?: unknown, token = apiToken) =>
    fetch(base + path, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { "content-type": "application/json" }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  return {
    joule,
    config,
    dataDir,
    wsUrl: `ws://127.0.0.1:${joule.httpPort}/ocpp`,
    logLines,
    api,
    async addStation(id, registrationStatus = "Accepted") {
      const response = await api("POST", "/api/v1/stations", { id, registrationStatus });
      if (response.status !== 201) throw new Error(`creating ${id}: ${response.status} ${await response.text()}`);
    },
    async connect(id, options = {}) {
      const client = newStation({
        endpoint: `ws://127.0.0.1:${joule.httpPort}/ocpp`,
        identity: id,
        protocols: ["ocpp1.6"],
        strictMode: true,
        reconnect: false,
        callTimeoutMs: 5000,
        ...options,
      });
      clients.push(client);
      await client.connect();
      return client;
    },
    async stop() {
      await Promise.all(clients.map((client) => client.close({ force: true }).catch(() => {})));
      await joule.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** An ocpp-rpc client; connect() it yourself. */
export function newStation(options: Record<string, unknown>): Station & { connect(): Promise<unknown> } {
  return new RPCClient(options as never) as never;
}

export const bootPayload = { chargePointVendor: "Acme", chargePointModel: "Volt 22" };

/** Sends a raw frame from the station and resolves with the next frame the central system sends back. */
export function exchangeRaw(client: Station, frame: string, timeoutMs = 3000): Promise<unknown[]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no answer to ${frame}`)), timeoutMs);
    const onMessage = ({ message, outbound }: { message: string; outbound: boolean }) => {
      if (outbound) return;
      clearTimeout(timer);
      client.off("message", onMessage);
      resolve(JSON.parse(message));
    };
    client.on("message", onMessage);
    client.sendRaw(frame);
  });
}

/** Resolves with the next `count` frames the central system sends the station (start it before sending). */
export function nextFrames(client: Station, count: number): Promise<unknown[][]> {
  const frames: unknown[][] = [];
  return new Promise((resolve) => {
    const onMessage = ({ message, outbound }: { message: string; outbound: boolean }) => {
      if (outbound) return;
      frames.push(JSON.parse(message));
      if (frames.length < count) return;
      client.off("message", onMessage);
      resolve(frames);
    };
    client.on("message", onMessage);
  });
}

/** Resolves with the close event of the client's connection. */
export function closed(client: Station, timeoutMs = 5000): Promise<{ code: number; reason: string }> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("connection did not close")), timeoutMs);
    client.once("close", (event: { code: number; reason: unknown }) => {
      clearTimeout(timer);
      resolve({ code: event.code, reason: String(event.reason) });
    });
  });
}
