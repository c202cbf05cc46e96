// The Hono environment every route sees: the listener that accepted the request, and the services.
import type { RegistrationStatus } from "../../db/schema.ts";
import type { ConnectionInfo, Transport } from "../ocpp/connection.ts";
import type { Services } from "../services.ts";

/** What a listener hands to the OCPP route so it can accept a WebSocket. */
export interface StationUpgrade {
  info: ConnectionInfo;
  registrationStatus: RegistrationStatus;
}

export interface ListenerBindings {
  transport: Transport;
  remoteAddress: string;
  /** Completes the WebSocket upgrade answering subprotocol ocpp1.6; false when the request cannot be upgraded. */
  upgrade(request: Request, station: StationUpgrade): boolean;
}

export interface AppEnv {
  Bindings: ListenerBindings;
  Variables: {
    services: Services;
    /** Who made an API request (the name of the token used). */
    apiClient: string;
  };
}
