// Entry point: `npm start` (bun run main.ts).
import { ConfigError, loadConfig } from "./lib/config.ts";
import { createLogger } from "./lib/log.ts";
import { startJoule } from "./lib/server.ts";

let config;
try {
  config = loadConfig();
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(`Joule cannot start: invalid configuration, ${error.message}`);
    process.exit(1);
  }
  throw error;
}

const log = createLogger(config.logLevel);
let joule;
try {
  joule = await startJoule(config, log);
} catch (error) {
  // Problems only visible once files are read (e.g. an imported CA) name their variable too.
  if (error instanceof ConfigError) {
    console.error(`Joule cannot start: invalid configuration, ${error.message}`);
    process.exit(1);
  }
  throw error;
}
const wsHost = new URL(joule.httpUrl).host;
log.info(`Joule listening: HTTP and API ${joule.httpUrl}, stations ws://${wsHost}/ocpp/{chargePointId}`, {
  port: joule.httpPort,
  database: config.databaseUrl.startsWith("file:") ? config.databaseUrl : "libSQL server",
});
if (joule.httpsUrl) {
  const wssHost = new URL(joule.httpsUrl).host;
  log.info(`Joule listening: HTTPS and API ${joule.httpsUrl}, stations wss://${wssHost}/ocpp/{chargePointId}`, {
    tlsPort: joule.httpsPort,
    ca: `${joule.httpUrl}/api/v1/ca`,
  });
}
if (joule.generatedApiToken) {
  // Shown once: only its hash is stored.
  console.log(`\nAPI token (shown only now, store it safely):\n  ${joule.generatedApiToken}\n`);
}
if (joule.generatedAdminPassword) {
  // Shown once: only its hash is stored.
  console.log(
    `\nOperator console ${joule.httpUrl}/ : user "${config.adminUser}", password (shown only now):\n  ${joule.generatedAdminPassword}\n`,
  );
}

let stopping = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, async () => {
    if (stopping) return;
    stopping = true;
    log.info("shutting down", { signal });
    await joule.stop();
    process.exit(0);
  });
}
