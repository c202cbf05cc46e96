// The WebSocket handshake for stations, as a chain of Hono middleware shared by every listener and both endpoint
// paths. Each step either refuses the upgrade with an HTTP status or passes on; security checks slot in before
// `acceptStation`.
import type { Context, MiddlewareHandler } from "hono";
import { createMiddleware } from "hono/factory";
import { createStation, registrationStatusOf } from "../../db/stations.ts";
import { forgetUnknownStation, recordUnknownStation } from "../../db/unknownStations.ts";
import type { AppEnv } from "../http/env.ts";

export const maxChargePointIdLength = 48;
export const ocppSubprotocol = "ocpp1.6";

type HandshakeEnv = AppEnv & {
  Variables: { chargePointId: string; registrationStatus: "Accepted" | "Pending" | "Rejected" };
};

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
  let status = await registrationStatusOf(database.db, id);
  if (status === undefined && config.autoRegister) {
    const created = await createStation(database.db, { id, description: "Registered automatically on first connection" });
    await forgetUnknownStation(database.db, id);
    log.info("station registered automatically", { station: id, address: c.env.remoteAddress });
    status = created?.registrationStatus ?? (await registrationStatusOf(database.db, id));
  }
  if (status === undefined) {
    await recordUnknownStation(database.db, id, c.env.remoteAddress);
    log.warn("connection refused: unknown station", { station: id, address: c.env.remoteAddress });
    return refuse(c, 404, "Unknown charge point");
  }
  c.set("registrationStatus", status);
  await next();
});

/** Last step: hand the socket to the OCPP engine. */
export const acceptStation: MiddlewareHandler<HandshakeEnv> = async (c) => {
  const stationId = c.get("chargePointId");
  const accepted = c.env.upgrade(c.req.raw, {
    info: { stationId, transport: c.env.transport, remoteAddress: c.env.remoteAddress },
    registrationStatus: c.get("registrationStatus"),
  });
  if (!accepted) return refuse(c, 400, "WebSocket upgrade failed");
  // The listener has taken the connection over; Bun ignores this response.
  return new Response(null);
};

export const stationHandshake = [validateChargePointId, requireOcppSubprotocol, requireKnownStation, acceptStation];
