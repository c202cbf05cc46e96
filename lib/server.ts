// Assembles Joule: database, trust store, OCPP engine, HTTP app, the ws:// and wss:// listeners.
// Used by main.ts and by the tests.
import { Hono } from "hono";
import { join } from "node:path";
import { openDatabase } from "../db/index.ts";
import { ensureApiToken } from "./apiTokens.ts";
import { ensureAdminOperator } from "./console/auth.ts";
import type { Config } from "./config.ts";
import { startBunListener } from "./http/bunListener.ts";
import type { AppEnv } from "./http/env.ts";
import { mountRoutes } from "./http/routes.ts";
import { startTlsListener } from "./http/tlsListener.ts";
import { createLogger, type Logger } from "./log.ts";
import { CloseCode } from "./ocpp/connection.ts";
import { DataTransferHandlers } from "./ocpp/dataTransfer.ts";
import { createCallHandler } from "./ocpp/handlers/index.ts";
import { StationRegistry } from "./ocpp/registry.ts";
import { StationConnections } from "./ocpp/stationConnections.ts";
import { AddressList } from "./security/addresses.ts";
import { resolveClientConnection } from "./security/forwarding.ts";
import { FailureThrottle } from "./security/throttle.ts";
import { TrustStore } from "./security/trustStore.ts";
import type { Services } from "./services.ts";
import { CertificateRenewal } from "./certificates.ts";
import { loadTlsMaterial } from "./tls/material.ts";
import { TlsRuntime } from "./tls/runtime.ts";
import { recoverInterruptedUploads } from "./uploads.ts";
import { limitBufferedBodies } from "./http/bodyLimit.ts";

export interface Joule {
  services: Services;
  httpPort: number;
  /** Port of the wss:// listener; undefined when JOULE_HTTPS_PORT=off. */
  httpsPort: number | undefined;
  httpUrl: string;
  httpsUrl: string | undefined;
  /** Set on the very first start when Joule generated the API token; shown once, never stored in clear. */
  generatedApiToken: string | undefined;
  /** Set on the very first start when Joule generated the console admin's password; shown once, stored hashed. */
  generatedAdminPassword: string | undefined;
  /** Graceful shutdown: stop accepting, close stations with 1001, flush pending writes. */
  stop(): Promise<void>;
}

export async function createApp(services: Services): Promise<Hono<AppEnv>> {
  // strict: false so that "/ocpp/" reaches the same route as "/ocpp".
  const app = new Hono<AppEnv>({ strict: false });
  app.use(async (c, next) => {
    c.set("services", services);
    await next();
  });
  app.use(limitBufferedBodies(services.config.maxFrameBytes));
  app.use(resolveClientConnection);
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
  const generatedAdminPassword = await ensureAdminOperator(database.db, config);
  const material = await loadTlsMaterial(config, database.db, log);
  const trustStore = new TrustStore(database.db, [material.ca.ecdsa.certificatePem, material.ca.rsa.certificatePem], log);
  await trustStore.reload();
  const registry = new StationRegistry(log);
  const services: Services = {
    config,
    log,
    database,
    registry,
    dataTransfer: new DataTransferHandlers(),
    trustStore,
    throttle: new FailureThrottle(),
    loginThrottle: new FailureThrottle({ maxStationDelayMs: 5_000 }),
    trustedProxies: new AddressList(config.trustedProxies),
    tls: new TlsRuntime(material, trustStore, registry, database.db, log),
    lifecycle: { ready: false },
  };
  await recoverInterruptedUploads(services);
  const app = await createApp(services);
  const connections = new StationConnections(services, createCallHandler(services));

  const server = startBunListener(config, app, connections);
  if (config.httpsPort !== null) {
    services.tls.listener = await startTlsListener({
      host: config.host,
      port: config.httpsPort,
      context: services.tls.context(),
      app,
      connections,
      maxFrameBytes: config.maxFrameBytes,
      log,
    });
  }
  registry.startPinging(config.pingIntervalSeconds);
  trustStore.startPolling();
  const renewal = new CertificateRenewal(services);
  renewal.start();
  services.lifecycle.ready = true;

  const shownHost = config.host === "0.0.0.0" || config.host === "::" ? "localhost" : config.host;
  const httpsPort = services.tls.listener?.port;
  let stopping: Promise<void> | undefined;
  return {
    services,
    httpPort: server.port!,
    httpsPort,
    httpUrl: `http://${shownHost}:${server.port}`,
    httpsUrl: httpsPort === undefined ? undefined : `https://${shownHost}:${httpsPort}`,
    generatedApiToken,
    generatedAdminPassword,
    stop() {
      stopping ??= (async () => {
        services.lifecycle.ready = false;
        trustStore.stop();
        renewal.stop();
        // Close stations first: Bun's stop() would drop open WebSockets without a close frame.
        registry.closeAll(CloseCode.goingAway, "Central system shutting down");
        await Promise.race([Promise.all([server.stop(false), services.tls.listener?.close()]), Bun.sleep(5_000)]);
        await database.close();
      })();
      return stopping;
    },
  };
}
