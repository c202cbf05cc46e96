// Opening and closing station sessions, the same for every listener.
import type { StationUpgrade } from "../http/env.ts";
import type { Services } from "../services.ts";
import type { StationSocket } from "./connection.ts";
import { StationSession, type IncomingCallHandler } from "./session.ts";

export class StationConnections {
  constructor(
    private readonly services: Services,
    private readonly handleCall: IncomingCallHandler,
  ) {}

  open(socket: StationSocket, upgrade: StationUpgrade): StationSession {
    const { registry, config, log, database } = this.services;
    const session = new StationSession(socket, upgrade.info, upgrade.registrationStatus, {
      handleCall: this.handleCall,
      callTimeoutMs: config.callTimeoutMs,
      log,
      writeOnlyCalls: database.writer.answersCalls ? database.writer : undefined,
    });
    registry.add(session);
    const { stationId, remoteAddress, transport, securityProfile } = upgrade.info;
    log.info("station connected", { station: stationId, address: remoteAddress, transport, profile: securityProfile });
    return session;
  }

  closed(session: StationSession, code: number): void {
    session.handleClosed();
    this.services.registry.remove(session);
    this.services.log.info("station disconnected", { station: session.id, code });
  }
}
