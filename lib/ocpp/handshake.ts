// The WebSocket handshake for stations, as a chain of Hono middleware shared by every listener and both endpoint
// paths. Each step either refuses the upgrade with an HTTP status or passes on.
import type { Context, MiddlewareHandler } from "hono";
import { createMiddleware } from "hono/factory";
import { recordAudit } from "../../db/audit.ts";
import { createStation, stationCredentials, type StationCredentials } from "../../db/stations.ts";
import { forgetUnknownStation, recordUnknownStation } from "../../db/unknownStations.ts";
import type { AppEnv } from "../http/env.ts";
import { authenticateWithThrottle } from "../security/stationAuth.ts";

export const maxChargePointIdLength = 48;
export const ocppSubprotocol = "ocpp1.6";

type HandshakeEnv = AppEnv & {
  Variables: { chargePointId: string; station: StationCredentials; clientCertificatePem: string | undefined };
};

// The same challenge on every 401, so that a refusal does not tell which check failed.
const basicChallenge = { "WWW-Authenticate": 'Basic realm="Joule OCPP", charset="UTF-8"' };

function refuse(c: Context, status: 400 | 401 | 404 | 426, message: string, headers: Record<string, string> = {}) {
  return c.text(message, status, headers);
}

/** The id from the path: present, at most 48 characters, no control characters (it is percent-decoded already). */
export const validateChargePointId: MiddlewareHandler<HandshakeEnv> = createMiddleware(async (c, next) => {
  const id = c.req.param("chargePointId") ?? "";
  if (id === "") return refuse(c, 400, "Missing charge point id");
  if (id.length > maxChargePointIdLength) return refuse(c, 400, `Charge point id longer than ${maxChargePointIdLength}`);
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(id)) return refuse(c, 400, "Charge point id contains control characters");
  c.set("chargePointId", id);
  await next();
});

/** A WebSocket upgrade offering subprotocol ocpp1.6. */
export const requireOcppSubprotocol: MiddlewareHandler<HandshakeEnv> = createMiddleware(async (c, next) => {
  if (c.req.header("upgrade")?.toLowerCase() !== "websocket") {
    return refuse(c, 426, "This endpoint accepts OCPP-J WebSocket connections only", { Upgrade: "websocket" });
  }
  const offered = (c.req.header("sec-websocket-protocol") ?? "").split(",").map((p) => p.trim());
  if (!offered.includes(ocppSubprotocol)) return refuse(c, 400, `Subprotocol ${ocppSubprotocol} is required`);
  await next();
});

/** The station must be registered (or auto-registration on); unknown ids are recorded for the operator. */
export const requireKnownStation: MiddlewareHandler<HandshakeEnv> = createMiddleware(async (c, next) => {
  const { database, config, log } = c.get("services");
  const id = c.get("chargePointId");
  const address = c.get("connection").remoteAddress;
  let station = await stationCredentials(database.db, id);
  if (station === undefined && config.autoRegister) {
    await createStation(database.db, { id, description: "Registered automatically on first connection" });
    await forgetUnknownStation(database.db, id);
    await recordAudit(database.db, { kind: "station_registered", stationId: id, address, reason: "auto-registration" });
    log.info("station registered automatically", { station: id, address });
    station = await stationCredentials(database.db, id);
  }
  if (station === undefined) {
    await recordUnknownStation(database.db, id, address);
    log.warn("connection refused: unknown station", { station: id, address });
    return refuse(c, 404, "Unknown charge point");
  }
  c.set("station", station);
  await next();
});

/** The station's security profile: Basic credentials, TLS, client certificate, as the profile demands. */
export const authenticateProfile: MiddlewareHandler<HandshakeEnv> = createMiddleware(async (c, next) => {
  const result = await authenticateWithThrottle(c, c.get("services"), c.get("chargePointId"), c.get("station"), c.get("connection"));
  if (!result.ok) {
    return result.status === 400
      ? refuse(c, 400, "Malformed Authorization header")
      : refuse(c, 401, "Unauthorized", basicChallenge);
  }
  c.set("clientCertificatePem", result.clientCertificatePem);
  await next();
});

/** Last step: hand the socket to the OCPP engine. */
export const acceptStation: MiddlewareHandler<HandshakeEnv> = async (c) => {
  const connection = c.get("connection");
  const station = c.get("station");
  const accepted = c.env.upgrade(c.req.raw, {
    info: {
      stationId: c.get("chargePointId"),
      transport: connection.transport,
      remoteAddress: connection.remoteAddress,
      securityProfile: station.securityProfile,
      clientCertificatePem: c.get("clientCertificatePem"),
    },
    registrationStatus: station.registrationStatus,
  });
  if (!accepted) return refuse(c, 400, "WebSocket upgrade failed");
  // The listener has taken the connection over; this response is not sent.
  return new Response(null);
};

export const stationHandshake = [
  validateChargePointId,
  requireOcppSubprotocol,
  requireKnownStation,
  authenticateProfile,
  acceptStation,
];
