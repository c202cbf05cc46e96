// The one interface the OCPP engine sees for a station's WebSocket, whatever listener accepted it
// (Bun.serve for ws://, node:tls + ws for wss://).

export type Transport = "ws" | "wss";

/** What the handshake learned about the connection. */
export interface ConnectionInfo {
  stationId: string;
  transport: Transport;
  remoteAddress: string;
  /** The security profile the station was authenticated with. */
  securityProfile: number;
  /** The client certificate (then its intermediates) a profile-3 station authenticated with; re-checked when the trust store changes. */
  clientCertificatePem?: string;
  /** wss:// straight to Joule: what the TLS handshake settled (absent when a reverse proxy terminated TLS). */
  tls?: TlsSessionInfo;
}

/** The negotiated TLS session of a station's connection, for the operator to see. */
export interface TlsSessionInfo {
  /** "TLSv1.2", "TLSv1.3". */
  version: string;
  /** The negotiated cipher suite (standard name). */
  cipher: string;
  /** The certificate the client presented, whether or not its profile needs one. */
  clientCertificate?: { subject: string; notAfter: string };
}

export interface StationSocket {
  send(text: string): void;
  close(code: number, reason: string): void;
  /** Drops the connection without a closing handshake (dead peer). */
  terminate(): void;
  ping(): void;
}

/** WebSocket close codes used by Joule. */
export const CloseCode = {
  normal: 1000,
  goingAway: 1001,
  unsupportedData: 1003,
  policyViolation: 1008,
  messageTooBig: 1009,
} as const;
