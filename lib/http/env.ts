// The Hono environment every route sees: the listener that accepted the request, and the services.
import type { RegistrationStatus } from "../../db/schema.ts";
import type { ConnectionInfo, Transport } from "../ocpp/connection.ts";
import type { Services } from "../services.ts";

/** What a listener hands to the OCPP route so it can accept a WebSocket. */
export interface StationUpgrade {
  info: ConnectionInfo;
  registrationStatus: RegistrationStatus;
}

/** The certificate a TLS client presented, as the TLS layer saw it. */
export interface PeerCertificate {
  /** The client's certificate, then any intermediates it sent. */
  pem: string;
  /** Whether the TLS layer verified the chain against the trust store it had at handshake time. */
  chainVerified: boolean;
  verificationError: string | undefined;
}

export interface ListenerBindings {
  transport: Transport;
  remoteAddress: string;
  /** wss only: the client certificate, when the client sent one. */
  clientCertificate: PeerCertificate | undefined;
  /** Completes the WebSocket upgrade answering subprotocol ocpp1.6; false when the request cannot be upgraded. */
  upgrade(request: Request, station: StationUpgrade): boolean;
}

/** How the client reached Joule, after trusted-proxy headers are taken into account. */
export interface ClientConnection {
  transport: Transport;
  remoteAddress: string;
  clientCertificatePem: string | undefined;
  /** True when a trusted reverse proxy vouched for transport, address and certificate. */
  viaProxy: boolean;
}

export interface AppEnv {
  Bindings: ListenerBindings;
  Variables: {
    services: Services;
    /** Who made an API request (the name of the token used). */
    apiClient: string;
    connection: ClientConnection;
  };
}
