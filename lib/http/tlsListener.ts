// wss:// listener. Bun.serve cannot show a client certificate, so TLS is terminated by node:tls (which can), HTTP is
// parsed by node:http on top of it, WebSockets are handled by `ws`, and every request still goes through the same Hono
// app. The TLS context (server certificates, trust store) can be replaced at run time without a restart.
import { getRequestListener } from "@hono/node-server";
import type { Hono } from "hono";
import { createServer as createHttpServer, type IncomingMessage } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { createServer as createTlsServer, type SecureContextOptions, type TLSSocket } from "node:tls";
import { WebSocketServer, type WebSocket } from "ws";
import type { Logger } from "../log.ts";
import { ocppSubprotocol } from "../ocpp/handshake.ts";
import type { TlsSessionInfo } from "../ocpp/connection.ts";
import type { StationConnections } from "../ocpp/stationConnections.ts";
import { derToPem } from "../pki/x509.ts";
import type { AppEnv, ListenerBindings, PeerCertificate, StationUpgrade } from "./env.ts";

// The whitepaper's TLS 1.2 suites; TLS 1.3 suites are always enabled by OpenSSL's defaults.
const tls12Ciphers = [
  "ECDHE-ECDSA-AES128-GCM-SHA256",
  "ECDHE-ECDSA-AES256-GCM-SHA384",
  "ECDHE-RSA-AES128-GCM-SHA256",
  "ECDHE-RSA-AES256-GCM-SHA384",
].join(":");

export interface TlsContext {
  /** One key and certificate chain per key kind (ECDSA and RSA). */
  identities: { keyPem: string; certificatePem: string }[];
  /** CA certificates clients may present certificates from. */
  trustedCaPems: string[];
}

export interface TlsListener {
  port: number;
  /** New handshakes use the new context; open connections stay up. */
  setContext(context: TlsContext): void;
  close(): Promise<void>;
}

function contextOptions(context: TlsContext): SecureContextOptions {
  return {
    key: context.identities.map((i) => i.keyPem),
    cert: context.identities.map((i) => i.certificatePem),
    ca: context.trustedCaPems,
    minVersion: "TLSv1.2",
    ciphers: tls12Ciphers,
    honorCipherOrder: true,
  };
}

/** The client's certificate followed by the intermediates it sent (PEM), or undefined when it sent none. */
function peerCertificate(socket: TLSSocket): PeerCertificate | undefined {
  const leaf = socket.getPeerCertificate(true);
  // A client that sent no certificate shows up as unauthorized too: tell them apart by the certificate itself.
  if (!leaf?.raw || leaf.raw.length === 0) return undefined;
  let pem = derToPem(leaf.raw);
  const seen = new Set([leaf.fingerprint256]);
  for (let c = leaf.issuerCertificate; c?.raw && !seen.has(c.fingerprint256); c = c.issuerCertificate) {
    seen.add(c.fingerprint256);
    pem += derToPem(c.raw);
  }
  return {
    pem,
    chainVerified: socket.authorized,
    verificationError: socket.authorizationError ? String(socket.authorizationError) : undefined,
  };
}

/** "CN=CP-1, O=Acme" from node's subject object (a repeated attribute joined with "+"). */
function subjectText(subject: Record<string, string | string[]> | undefined): string {
  return Object.entries(subject ?? {})
    .map(([key, value]) => `${key}=${Array.isArray(value) ? value.join("+") : value}`)
    .join(", ");
}

/** The TLS version, suite and presented client certificate of an accepted station connection. */
function tlsSessionInfo(socket: TLSSocket): TlsSessionInfo {
  const cipher = socket.getCipher();
  const leaf = socket.getPeerCertificate();
  const presented = leaf?.raw !== undefined && leaf.raw.length > 0;
  const notAfter = presented ? new Date(leaf.valid_to) : undefined;
  return {
    version: socket.getProtocol() ?? "unknown",
    cipher: cipher?.standardName ?? cipher?.name ?? "unknown",
    clientCertificate: presented
      ? {
          subject: subjectText(leaf.subject as unknown as Record<string, string | string[]>),
          notAfter: notAfter && !Number.isNaN(notAfter.getTime()) ? notAfter.toISOString() : leaf.valid_to,
        }
      : undefined,
  };
}

function toRequest(req: IncomingMessage): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    for (const v of Array.isArray(value) ? value : [value]) headers.append(name, v);
  }
  return new Request(`https://${req.headers.host ?? "localhost"}${req.url ?? "/"}`, { method: req.method, headers });
}

/** Writes a refusal (or any non-upgrade answer) to a socket that asked for an upgrade, then closes it. */
async function writeResponse(socket: Socket, response: Response): Promise<void> {
  const body = Buffer.from(await response.arrayBuffer());
  let head = `HTTP/1.1 ${response.status} ${response.statusText || "Error"}\r\n`;
  response.headers.forEach((value, name) => {
    if (name !== "content-length" && name !== "connection") head += `${name}: ${value}\r\n`;
  });
  head += `content-length: ${body.length}\r\nconnection: close\r\n\r\n`;
  socket.end(Buffer.concat([Buffer.from(head), body]));
}

export async function startTlsListener(options: {
  host: string;
  port: number;
  context: TlsContext;
  app: Hono<AppEnv>;
  connections: StationConnections;
  maxFrameBytes: number;
  log: Logger;
}): Promise<TlsListener> {
  const { app, connections, log } = options;
  const webSockets = new WebSocketServer({
    noServer: true,
    maxPayload: options.maxFrameBytes, // larger frames: ws closes with 1009
    perMessageDeflate: false,
    handleProtocols: (offered) => (offered.has(ocppSubprotocol) ? ocppSubprotocol : false),
  });

  const bindings = (socket: TLSSocket, upgrade: ListenerBindings["upgrade"]): ListenerBindings => ({
    transport: "wss",
    remoteAddress: socket.remoteAddress ?? "unknown",
    clientCertificate: peerCertificate(socket),
    upgrade,
  });

  const httpServer = createHttpServer(
    getRequestListener((request, env) => app.fetch(request, bindings(env.incoming.socket as TLSSocket, () => false)), {
      // Keep Bun's own Request/Response: the ws:// listener in the same process relies on them.
      overrideGlobalObjects: false,
    }),
  );

  httpServer.on("upgrade", async (req: IncomingMessage, socket: Socket, head: Buffer) => {
    let upgraded = false;
    const accept = (_request: Request, station: StationUpgrade) => {
      upgraded = true;
      const info = { ...station.info, tls: tlsSessionInfo(socket as TLSSocket) };
      webSockets.handleUpgrade(req, socket, head, (ws: WebSocket) => {
        const session = connections.open(
          {
            send: (text) => ws.send(text),
            close: (code, reason) => ws.close(code, reason),
            terminate: () => ws.terminate(),
            ping: () => ws.ping(),
          },
          { ...station, info },
        );
        ws.on("message", (data, isBinary) => (isBinary ? session.handleBinary() : session.handleText(data.toString())));
        ws.on("pong", () => session.handlePong());
        ws.on("close", (code) => connections.closed(session, code));
        ws.on("error", (error) => log.warn("station socket error", { station: session.id, error }));
      });
      return true;
    };
    try {
      const response = await app.fetch(toRequest(req), bindings(socket as TLSSocket, accept));
      if (!upgraded) await writeResponse(socket, response);
    } catch (error) {
      log.error("wss upgrade failed", { error });
      socket.destroy();
    }
  });

  const tlsServer = createTlsServer({
    ...contextOptions(options.context),
    // Ask every client for a certificate, require none: the handshake chain decides per station profile.
    requestCert: true,
    rejectUnauthorized: false,
  });
  tlsServer.on("secureConnection", (socket) => httpServer.emit("connection", socket));
  tlsServer.on("tlsClientError", (error, socket) => {
    log.debug("TLS handshake failed", { address: socket.remoteAddress, error });
    socket.destroy();
  });

  await new Promise<void>((resolve, reject) => {
    tlsServer.once("error", reject);
    tlsServer.listen(options.port, options.host, () => resolve());
  });

  return {
    port: (tlsServer.address() as AddressInfo).port,
    setContext: (context) => tlsServer.setSecureContext(contextOptions(context)),
    close: () =>
      new Promise<void>((resolve) => {
        tlsServer.close(() => resolve());
        httpServer.closeAllConnections?.();
        setTimeout(resolve, 2000).unref?.();
      }),
  };
}
