// What the running server is made of, passed explicitly to routes and handlers (no process-global state).
import type { Database } from "../db/index.ts";
import type { Config } from "./config.ts";
import type { Logger } from "./log.ts";
import type { DataTransferHandlers } from "./ocpp/dataTransfer.ts";
import type { StationRegistry } from "./ocpp/registry.ts";
import type { AddressList } from "./security/addresses.ts";
import type { FailureThrottle } from "./security/throttle.ts";
import type { TrustStore } from "./security/trustStore.ts";
import type { TlsRuntime } from "./tls/runtime.ts";

export interface Services {
  config: Config;
  log: Logger;
  database: Database;
  registry: StationRegistry;
  dataTransfer: DataTransferHandlers;
  trustStore: TrustStore;
  /** Station handshakes: failures throttled per address and station id. */
  throttle: FailureThrottle;
  /** Console logins and password checks: failures throttled per address and user name. */
  loginThrottle: FailureThrottle;
  trustedProxies: AddressList;
  tls: TlsRuntime;
  /** False until the listeners run and again once shutdown starts; /health answers 503 meanwhile. */
  lifecycle: { ready: boolean };
}
