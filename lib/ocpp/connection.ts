// The one interface the OCPP engine sees for a station's WebSocket, whatever listener accepted it
// (Bun.serve for ws:// today; a TLS-terminating listener adds its own adapter).

export type Transport = "ws" | "wss";

/** What the handshake learned about the connection; later stages (security profiles) add to it. */
export interface ConnectionInfo {
  stationId: string;
  transport: Transport;
  remoteAddress: string;
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
