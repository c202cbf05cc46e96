// Assembles Joule: database, OCPP engine, HTTP app, listener. Used by main.ts and by the tests.
import { Hono } from "hono";
import type { ServerWebSocket } from "bun";
import { join } from "node:path";
import { openDatabase } from "../db/index.ts";
import { ensureApiToken } from "./apiTokens.ts";
import type { Config } from "./config.ts";
import type { AppEnv, StationUpgrade } from "./http/env.ts";
import { mountRoutes } from "./http/routes.ts";
import { createLogger, type Logger } from "./log.ts";
import { CloseCode, type StationSocket } from "./ocpp/connection.ts";
import { DataTransferHandlers } from "./ocpp/dataTransfer.ts";
import { createCallHandler } from "./ocpp/handlers/index.ts";
import { ocppSubprotocol } from "./ocpp/handshake.ts";
import { StationRegistry } from "./ocpp/registry.ts";
import { StationSession, type IncomingCallHandler } from "./ocpp/session.ts";
import type { Services } from "./services.ts";

export interface Joule {
  services: Services;
  httpPort: number;
  httpUrl: string;
  /** Set on the very first start when Joule generated the API token; shown once, never stored in clear. */
  generatedApiToken: string | undefined;
  /** Graceful shutdown: stop accepting, close stations with 1001, flush pending writes. */
  stop(): Promise<void>;
}

type SocketData = StationUpgrade & { session?: StationSession };

/** Adapts a Bun ServerWebSocket to the engine's StationSocket. */
function bunStationSocket(ws: ServerWebSocket<SocketData>): StationSocket {
  return {
    send: (text) => void ws.send(text),
    close: (code, reason) => ws.close(code, reason),
    terminate: () => ws.terminate(),
    ping: () => void ws.ping(),
  };
}

function stationWebSocketHandler(services: Services, handleCall: IncomingCallHandler) {
  const { registry, config, log } = services;
  return {
    maxPayloadLength: config.maxFrameBytes, // larger frames: Bun closes with 1009
    idleTimeout: 0, // liveness is the registry's ping, the same for every listener
    sendPings: false,
    perMessageDeflate: false,
    open(ws: ServerWebSocket<SocketData>) {
      const session = new StationSession(bunStationSocket(ws), ws.data.info, ws.data.registrationStatus, {
        handleCall,
        callTimeoutMs: config.callTimeoutMs,
        log,
      });
      ws.data.session = session;
      registry.add(session);
      log.info("station connected", { station: session.id, address: session.info.remoteAddress, transport: session.info.transport });
    },
    message(ws: ServerWebSocket<SocketData>, message: string | Buffer) {
      if (typeof message === "string") ws.data.session!.handleText(message);
      else ws.data.session!.handleBinary();
    },
    pong(ws: ServerWebSocket<SocketData>) {
      ws.data.session!.handlePong();
    },
    close(ws: ServerWebSocket<SocketData>, code: number) {
      const session = ws.data.session!;
      session.handleClosed();
      registry.remove(session);
      log.info("station disconnected", { station: session.id, code });
    },
  };
}

export async function createApp(services: Services): Promise<Hono<AppEnv>> {
  // strict: false so that "/ocpp/" reaches the same route as "/ocpp".
  const app = new Hono<AppEnv>({ strict: false });
  app.use(async (c, next) => {
    c.set("services", services);
    await next();
  });
  app.onError((error, c) => {
    services.log.error("request failed", { method: c.req.method, path: c.req.path, error });
    return c.json({ message: "Internal server error" }, 500);
  });
  await mountRoutes(app, join(import.meta.dir, "..", "routes"));
  return app;
}

export async function startJoule(config: Config, log: Logger = createLogger(config.logLevel)): Promise<Joule> {
  const database = await openDatabase({ url: config.databaseUrl, authToken: config.databaseAuthToken });
  const generatedApiToken = await ensureApiToken(database.db, config.apiToken);
  const registry = new StationRegistry(log);
  const services: Services = {
    config,
    log,
    database,
    registry,
    dataTransfer: new DataTransferHandlers(),
    lifecycle: { ready: false },
  };
  const app = await createApp(services);
  const handleCall = createCallHandler(services);

  const server = Bun.serve<SocketData>({
    hostname: config.host,
    port: config.httpPort,
    fetch(request, server) {
      return app.fetch(request, {
        transport: "ws",
        remoteAddress: server.requestIP(request)?.address ?? "unknown",
        upgrade: (req: Request, station: StationUpgrade) =>
          server.upgrade(req, { headers: { "Sec-WebSocket-Protocol": ocppSubprotocol }, data: station }),
      });
    },
    websocket: stationWebSocketHandler(services, handleCall),
  });
  registry.startPinging(config.pingIntervalSeconds);
  services.lifecycle.ready = true;

  const shownHost = config.host === "0.0.0.0" || config.host === "::" ? "localhost" : config.host;
  const httpUrl = `http://${shownHost}:${server.port}`;
  let stopping: Promise<void> | undefined;
  return {
    services,
    httpPort: server.port!,
    httpUrl,
    generatedApiToken,
    stop() {
      stopping ??= (async () => {
        services.lifecycle.ready = false;
        // Close stations first: Bun's stop() would drop open WebSockets without a close frame.
        registry.closeAll(CloseCode.goingAway, "Central system shutting down");
        await Promise.race([server.stop(false), Bun.sleep(5_000)]);
        await database.close();
      })();
      return stopping;
    },
  };
}
