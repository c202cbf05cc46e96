// ws:// listener: Bun.serve, with Bun's native WebSocket.
import type { Server, ServerWebSocket } from "bun";
import type { Hono } from "hono";
import type { Config } from "../config.ts";
import { ocppSubprotocol } from "../ocpp/handshake.ts";
import type { StationSession } from "../ocpp/session.ts";
import type { StationConnections } from "../ocpp/stationConnections.ts";
import type { AppEnv, StationUpgrade } from "./env.ts";

type SocketData = StationUpgrade & { session?: StationSession };

export function startBunListener(config: Config, app: Hono<AppEnv>, connections: StationConnections): Server<SocketData> {
  return Bun.serve<SocketData>({
    hostname: config.host,
    port: config.httpPort,
    // Bun's own cap (128 MiB by default) must not undercut the file limits, which the upload routes enforce (and
    // limitBufferedBodies every other route's).
    maxRequestBodySize: Math.max(config.maxUploadBytes, config.maxFirmwareBytes) + 1024 * 1024,
    fetch(request, server) {
      return app.fetch(request, {
        transport: "ws",
        remoteAddress: server.requestIP(request)?.address ?? "unknown",
        clientCertificate: undefined,
        upgrade: (req: Request, station: StationUpgrade) =>
          server.upgrade(req, { headers: { "Sec-WebSocket-Protocol": ocppSubprotocol }, data: station }),
      });
    },
    websocket: {
      maxPayloadLength: config.maxFrameBytes, // larger frames: Bun closes with 1009
      idleTimeout: 0, // liveness is the registry's ping, the same for every listener
      sendPings: false,
      perMessageDeflate: false,
      open(ws: ServerWebSocket<SocketData>) {
        ws.data.session = connections.open(
          {
            send: (text) => void ws.send(text),
            close: (code, reason) => ws.close(code, reason),
            terminate: () => ws.terminate(),
            ping: () => void ws.ping(),
          },
          ws.data,
        );
      },
      message(ws: ServerWebSocket<SocketData>, message: string | Buffer) {
        if (typeof message === "string") ws.data.session!.handleText(message);
        else ws.data.session!.handleBinary();
      },
      pong(ws: ServerWebSocket<SocketData>) {
        ws.data.session!.handlePong();
      },
      close(ws: ServerWebSocket<SocketData>, code: number) {
        connections.closed(ws.data.session!, code);
      },
    },
  });
}
