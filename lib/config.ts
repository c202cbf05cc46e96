// Joule's configuration: environment variables (Bun loads `.env`), validated once at start-up.
// An invalid value stops start-up with a message naming the variable.
import { join, resolve } from "node:path";
import { isAddressOrCidr } from "./security/addresses.ts";

export type LogLevel = "debug" | "info" | "warn" | "error" | "silent";

export interface Config {
  host: string;
  httpPort: number;
  /** Port of the wss:// (TLS) listener; null when disabled (`off`). */
  httpsPort: number | null;
  tlsDir: string;
  /** Joule's CA imported from files instead of generated, per key kind. */
  caFiles: Partial<Record<"ecdsa" | "rsa", { certificate: string; key: string; chain: string | undefined }>>;
  /** Passphrase of encrypted CA keys. A secret: never log it. */
  caKeyPassphrase: string | undefined;
  /** Server certificate files named by the operator (JOULE_TLS_CERT/KEY and the _ECDSA/_RSA variants). */
  tlsCertificateFiles: { certificate: string; key: string }[];
  /** Reverse proxies allowed to say the client used TLS and to forward its certificate. */
  trustedProxies: string[];
  /** Header carrying the client certificate from a trusted proxy (lower case). */
  clientCertificateHeader: string;
  dataDir: string;
  databaseUrl: string;
  databaseAuthToken: string | undefined;
  /** A fixed API token instead of a generated one. It is a secret: never log it. */
  apiToken: string | undefined;
  autoRegister: boolean;
  heartbeatIntervalSeconds: number;
  callTimeoutMs: number;
  maxFrameBytes: number;
  /** WebSocket ping interval; a station that misses a whole interval is dropped. 0 disables pings. */
  pingIntervalSeconds: number;
  logLevel: LogLevel;
  /** auto: sign valid CSRs at once; manual: they wait for an operator's approval. */
  csrPolicy: "auto" | "manual";
  certificateValidityDays: number;
  /** Certificates expiring within this many days make Joule ask the station for a new CSR (daily). */
  certificateRenewDays: number;
  /** How stations reach Joule for uploads and firmware downloads (default: the HTTP listener on this host). */
  publicUrl: string | undefined;
  /** Largest log / diagnostics file a station may upload. */
  maxUploadBytes: number;
  /** Largest firmware image an operator may upload (API or console). */
  maxFirmwareBytes: number;
  /** User name of the first console admin, created on the first start. */
  adminUser: string;
  /** Password of that first admin; when unset one is generated and shown once. A secret: never log it. */
  adminPassword: string | undefined;
}

export class ConfigError extends Error {
  constructor(readonly variable: string, detail: string) {
    super(`${variable}: ${detail}`);
  }
}

type Env = Record<string, string | undefined>;

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === "") return fallback;
  if (!/^\d+$/.test(raw)) throw new ConfigError(name, `expected a whole number, got "${raw}"`);
  const value = Number(raw);
  if (value < min || value > max) throw new ConfigError(name, `must be between ${min} and ${max}, got ${value}`);
  return value;
}

function boolean(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name]?.trim().toLowerCase();
  if (raw === undefined || raw === "") return fallback;
  if (["1", "true", "yes", "on"].includes(raw)) return true;
  if (["0", "false", "no", "off"].includes(raw)) return false;
  throw new ConfigError(name, `expected true or false, got "${raw}"`);
}

function databaseUrl(env: Env, dataDir: string): string {
  const raw = env.JOULE_DATABASE_URL?.trim();
  if (!raw) return `file:${join(dataDir, "joule.db")}`;
  if (!/^(file:|libsql:\/\/|https?:\/\/|wss?:\/\/)/.test(raw)) {
    throw new ConfigError("JOULE_DATABASE_URL", "expected a file:, libsql://, http:// or https:// URL");
  }
  return raw;
}

function optionalPort(env: Env, name: string, fallback: number): number | null {
  if (env[name]?.trim().toLowerCase() === "off") return null;
  return integer(env, name, fallback, 0, 65535);
}

function certificateFiles(env: Env): { certificate: string; key: string }[] {
  const files = [];
  for (const suffix of ["", "_ECDSA", "_RSA"]) {
    const certificate = env[`JOULE_TLS_CERT${suffix}`]?.trim();
    const key = env[`JOULE_TLS_KEY${suffix}`]?.trim();
    if (!certificate && !key) continue;
    if (!certificate) throw new ConfigError(`JOULE_TLS_CERT${suffix}`, `required when JOULE_TLS_KEY${suffix} is set`);
    if (!key) throw new ConfigError(`JOULE_TLS_KEY${suffix}`, `required when JOULE_TLS_CERT${suffix} is set`);
    files.push({ certificate: resolve(certificate), key: resolve(key) });
  }
  return files;
}

function caFiles(env: Env): Config["caFiles"] {
  const files: Config["caFiles"] = {};
  for (const kind of ["ecdsa", "rsa"] as const) {
    const prefix = `JOULE_CA_${kind.toUpperCase()}`;
    const certificate = env[`${prefix}_CERT`]?.trim();
    const key = env[`${prefix}_KEY`]?.trim();
    if (!certificate && !key) continue;
    if (!certificate) throw new ConfigError(`${prefix}_CERT`, `required when ${prefix}_KEY is set`);
    if (!key) throw new ConfigError(`${prefix}_KEY`, `required when ${prefix}_CERT is set`);
    const chain = env[`${prefix}_CHAIN`]?.trim();
    files[kind] = { certificate: resolve(certificate), key: resolve(key), chain: chain ? resolve(chain) : undefined };
  }
  return files;
}

function addressList(env: Env, name: string): string[] {
  const raw = env[name]?.trim();
  if (!raw) return [];
  const entries = raw.split(/[\s,]+/).filter(Boolean);
  for (const entry of entries) {
    if (!isAddressOrCidr(entry)) throw new ConfigError(name, `"${entry}" is not an IP address or CIDR range`);
  }
  return entries;
}

function publicUrl(env: Env): string | undefined {
  const raw = env.JOULE_PUBLIC_URL?.trim();
  if (!raw) return undefined;
  if (!/^https?:\/\/[^\s/]+/.test(raw)) throw new ConfigError("JOULE_PUBLIC_URL", "expected an http:// or https:// URL");
  return raw.replace(/\/+$/, "");
}

function csrPolicy(env: Env): "auto" | "manual" {
  const raw = env.JOULE_CSR_POLICY?.trim().toLowerCase() || "auto";
  if (raw !== "auto" && raw !== "manual") throw new ConfigError("JOULE_CSR_POLICY", "expected auto or manual");
  return raw;
}

const logLevels: LogLevel[] = ["debug", "info", "warn", "error", "silent"];

export function loadConfig(env: Env = process.env): Config {
  const dataDir = resolve(env.JOULE_DATA_DIR?.trim() || "data");
  const logLevel = (env.JOULE_LOG_LEVEL?.trim().toLowerCase() || "info") as LogLevel;
  if (!logLevels.includes(logLevel)) {
    throw new ConfigError("JOULE_LOG_LEVEL", `expected one of ${logLevels.join(", ")}`);
  }
  const apiToken = env.JOULE_API_TOKEN?.trim() || undefined;
  if (apiToken !== undefined && apiToken.length < 16) {
    throw new ConfigError("JOULE_API_TOKEN", "must be at least 16 characters");
  }
  const adminUser = env.JOULE_ADMIN_USER?.trim() || "admin";
  if (adminUser.length > 64 || /[\u0000-\u001f\u007f]/.test(adminUser)) {
    throw new ConfigError("JOULE_ADMIN_USER", "must be at most 64 characters without control characters");
  }
  const adminPassword = env.JOULE_ADMIN_PASSWORD || undefined;
  if (adminPassword !== undefined && adminPassword.length < 12) {
    throw new ConfigError("JOULE_ADMIN_PASSWORD", "must be at least 12 characters");
  }
  return {
    host: env.JOULE_HOST?.trim() || "0.0.0.0",
    httpPort: integer(env, "JOULE_HTTP_PORT", 8080, 0, 65535),
    httpsPort: optionalPort(env, "JOULE_HTTPS_PORT", 8443),
    tlsDir: resolve(env.JOULE_TLS_DIR?.trim() || "tls"),
    tlsCertificateFiles: certificateFiles(env),
    caFiles: caFiles(env),
    caKeyPassphrase: env.JOULE_CA_KEY_PASSPHRASE || undefined,
    trustedProxies: addressList(env, "JOULE_TRUSTED_PROXIES"),
    clientCertificateHeader: (env.JOULE_CLIENT_CERT_HEADER?.trim() || "x-client-cert").toLowerCase(),
    dataDir,
    databaseUrl: databaseUrl(env, dataDir),
    databaseAuthToken: env.JOULE_DATABASE_AUTH_TOKEN?.trim() || undefined,
    apiToken,
    autoRegister: boolean(env, "JOULE_AUTO_REGISTER", false),
    heartbeatIntervalSeconds: integer(env, "JOULE_HEARTBEAT_INTERVAL", 300, 1, 86_400),
    callTimeoutMs: integer(env, "JOULE_CALL_TIMEOUT", 30, 1, 3_600) * 1000,
    maxFrameBytes: integer(env, "JOULE_MAX_FRAME_BYTES", 1024 * 1024, 1024, 64 * 1024 * 1024),
    pingIntervalSeconds: integer(env, "JOULE_PING_INTERVAL", 60, 0, 3_600),
    logLevel,
    csrPolicy: csrPolicy(env),
    certificateValidityDays: integer(env, "JOULE_CERT_VALIDITY_DAYS", 365, 1, 3650),
    certificateRenewDays: integer(env, "JOULE_CERT_RENEW_DAYS", 30, 0, 3650),
    publicUrl: publicUrl(env),
    maxUploadBytes: integer(env, "JOULE_MAX_UPLOAD_BYTES", 50 * 1024 * 1024, 1024, 4 * 1024 * 1024 * 1024),
    maxFirmwareBytes: integer(env, "JOULE_MAX_FIRMWARE_BYTES", 512 * 1024 * 1024, 1024, 4 * 1024 * 1024 * 1024),
    adminUser,
    adminPassword,
  };
}
