// The security-profile step of the station handshake (OCPP 1.6 Security Whitepaper):
//   0: nothing; 1: HTTP Basic; 2: TLS + HTTP Basic; 3: TLS + client certificate (O = CPO name, CN = identity).
// A station is never accepted through a weaker profile than its own. Refusals do not say which check failed; the log
// and the audit record do.
import type { Context } from "hono";
import { recordAudit } from "../../db/audit.ts";
import { promotePendingPassword, type StationCredentials } from "../../db/stations.ts";
import type { ClientConnection } from "../http/env.ts";
import type { Services } from "../services.ts";
import { maxPasswordBytes, minPasswordBytes, parseBasicAuthorization, passwordMatches } from "./basicAuth.ts";

export type StationAuthentication =
  | { ok: true; clientCertificatePem?: string }
  | { ok: false; status: 400 | 401; reason: string };

const refused = (status: 400 | 401, reason: string): StationAuthentication => ({ ok: false, status, reason });

async function checkBasic(
  services: Services,
  stationId: string,
  station: StationCredentials,
  header: string | undefined,
): Promise<StationAuthentication> {
  const credentials = parseBasicAuthorization(header);
  if (credentials === "missing") return refused(401, "no Basic credentials");
  if (credentials === "malformed") return refused(400, "malformed Authorization header");
  if (credentials.username !== stationId) return refused(401, "Basic username is not the charge point id");
  const length = credentials.password.length;
  if (length < minPasswordBytes || length > maxPasswordBytes) return refused(401, "password is not 16-20 bytes");
  if (station.passwordHash === null && station.pendingPasswordHash === null) return refused(401, "station has no password set");
  if (await passwordMatches(credentials.password, station.passwordHash)) return { ok: true };
  if (station.pendingPasswordHash !== null && (await passwordMatches(credentials.password, station.pendingPasswordHash))) {
    // The station uses its rotated key: from now on the old one no longer works.
    await promotePendingPassword(services.database.db, stationId, station.pendingPasswordHash);
    await recordAudit(services.database.db, { kind: "password_rotated", stationId, reason: "station logged in with its new key" });
    return { ok: true };
  }
  return refused(401, "wrong password");
}

export async function authenticateStation(
  services: Services,
  stationId: string,
  station: StationCredentials,
  connection: ClientConnection,
  authorizationHeader: string | undefined,
): Promise<StationAuthentication> {
  const profile = station.securityProfile;
  if (profile === 0) return { ok: true };
  // A malformed header is a bad request whatever the profile (profile 3 does not need one, but must not get garbage).
  if (authorizationHeader !== undefined && parseBasicAuthorization(authorizationHeader) === "malformed") {
    return refused(400, "malformed Authorization header");
  }
  if (profile >= 2 && connection.transport !== "wss") return refused(401, `profile ${profile} station connected without TLS`);
  if (profile <= 2) return checkBasic(services, stationId, station, authorizationHeader);
  // Profile 3
  const pem = connection.clientCertificatePem;
  if (!pem) return refused(401, "profile 3 station sent no client certificate");
  const verdict = services.trustStore.check(pem, {
    organization: station.cpoName,
    commonName: station.certificateIdentity ?? stationId,
  });
  return verdict.ok ? { ok: true, clientCertificatePem: pem } : refused(401, verdict.reason);
}

/** Waits out the brute-force delay, authenticates, and records a failure. */
export async function authenticateWithThrottle(
  c: Context,
  services: Services,
  stationId: string,
  station: StationCredentials,
  connection: ClientConnection,
): Promise<StationAuthentication> {
  if (station.securityProfile === 0) return { ok: true };
  const { throttle, log, database } = services;
  const address = connection.remoteAddress;
  const result =
    (await throttle.attempt(address, async () => {
      const delay = throttle.delayMs(address, stationId);
      if (delay > 0) await Bun.sleep(delay);
      return authenticateStation(services, stationId, station, connection, c.req.header("authorization"));
    })) ?? refused(401, "too many handshakes in progress from this address");
  if (!result.ok) {
    throttle.recordFailure(connection.remoteAddress, stationId);
    log.warn("station handshake refused", { station: stationId, address: connection.remoteAddress, reason: result.reason });
    await recordAudit(database.db, { kind: "handshake_refused", stationId, address: connection.remoteAddress, reason: result.reason });
  }
  return result;
}
