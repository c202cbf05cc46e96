// The connected stations of this process, by charge point id. The registry owns the sessions: nothing else keeps
// a map of connections.
import type { Logger } from "../log.ts";
import { CloseCode } from "./connection.ts";
import type { StationSession } from "./session.ts";

export class StationRegistry {
  private readonly byId = new Map<string, StationSession>();
  private pingTimer: ReturnType<typeof setInterval> | undefined;

  constructor(private readonly log: Logger) {}

  /** Adds a session; an older connection of the same station is closed (the newest connection wins). */
  add(session: StationSession): void {
    const previous = this.byId.get(session.id);
    this.byId.set(session.id, session);
    if (previous && previous !== session) {
      this.log.info("station reconnected, closing its previous connection", { station: session.id });
      previous.close(CloseCode.policyViolation, "Replaced by a newer connection");
    }
  }

  /** Removes the session if it is still the current one for its station. */
  remove(session: StationSession): void {
    if (this.byId.get(session.id) === session) this.byId.delete(session.id);
  }

  get(stationId: string): StationSession | undefined {
    const session = this.byId.get(stationId);
    return session && !session.isClosed ? session : undefined;
  }

  isConnected(stationId: string): boolean {
    return this.get(stationId) !== undefined;
  }

  /** Ids of the stations connected to this process now. */
  connectedIds(): string[] {
    return [...this.byId.values()].filter((s) => !s.isClosed).map((s) => s.id);
  }

  sessions(): IterableIterator<StationSession> {
    return this.byId.values();
  }

  get size(): number {
    return this.byId.size;
  }

  /**
   * Pings every station once per interval and drops the ones that stayed silent for a whole interval. Each station
   * has its own second of the interval (by connection number): 10,000 pings sent at once held up every answer.
   */
  startPinging(intervalSeconds: number): void {
    if (intervalSeconds <= 0) return;
    let second = 0;
    this.pingTimer = setInterval(() => this.checkAliveInSlot(second++ % intervalSeconds, intervalSeconds), 1000);
    this.pingTimer.unref?.();
  }

  /** The liveness check of the stations whose turn is second `slot` of an interval of `slots` seconds. */
  checkAliveInSlot(slot: number, slots: number): void {
    for (const session of this.byId.values()) if (session.connectionNumber % slots === slot) session.checkAlive();
  }

  /** Closes one station's connection (e.g. when it is deleted). */
  disconnect(stationId: string, code: number, reason: string): void {
    this.byId.get(stationId)?.close(code, reason);
  }

  closeAll(code: number, reason: string): void {
    clearInterval(this.pingTimer);
    for (const session of this.byId.values()) session.close(code, reason);
    this.byId.clear();
  }
}
