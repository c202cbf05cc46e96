// One connected station: answers its CALLs and carries our CALLs to it. The two directions are independent:
// the station's requests are handled while our own call to it waits for an answer.
import type { RegistrationStatus } from "../../db/schema.ts";
import type { CallJob } from "../../db/writer.ts";
import { nowIso } from "../dateTime.ts";
import type { Logger } from "../log.ts";
import { requestSchemas, responseSchemas, validatePayload, type Action } from "../../schemas/index.ts";
import { CloseCode, type ConnectionInfo, type StationSocket } from "./connection.ts";
import { CallTimeoutError, InvalidCallPayloadError, NotConnectedError, OcppError } from "./errors.ts";
import { CALL, CALLERROR, CALLRESULT, callErrorFrame, callFrame, callResultFrame, parseFrame } from "./frame.ts";
import { writeOnlyCallOf } from "./writeOnlyCalls.ts";

/**
 * Handles one incoming CALL: returns the response payload (or throws an OcppError) and, optionally, work to start
 * once the CALLRESULT has gone out (e.g. CertificateSigned after SignCertificate).
 */
export type IncomingCallHandler = (
  session: StationSession,
  action: string,
  payload: unknown,
) => Promise<{ response: unknown; afterSent?: () => void }>;

export type CallOutcome =
  | { kind: "result"; payload: unknown }
  | { kind: "error"; code: string; description: string; details: unknown };

interface PendingCall {
  id: string;
  action: Action;
  payload: unknown;
  frame: string;
  timer: ReturnType<typeof setTimeout>;
  resolve(outcome: CallOutcome): void;
  reject(error: Error): void;
}

export interface SessionOptions {
  handleCall: IncomingCallHandler;
  callTimeoutMs: number;
  log: Logger;
  /** Where MeterValues and Heartbeat frames go whole, when the database writer answers them (writeOnlyCalls.ts). */
  writeOnlyCalls?: { answerCall(call: CallJob): void };
}

// Messages a station sends because we asked with (Extended)TriggerMessage, by requested message.
const triggeredActions: Record<string, string> = {
  BootNotification: "BootNotification",
  DiagnosticsStatusNotification: "DiagnosticsStatusNotification",
  FirmwareStatusNotification: "FirmwareStatusNotification",
  Heartbeat: "Heartbeat",
  MeterValues: "MeterValues",
  StatusNotification: "StatusNotification",
  LogStatusNotification: "LogStatusNotification",
  SignChargePointCertificate: "SignCertificate",
};

let nextConnectionNumber = 0;

/** A frame handed to the database writer whole; a class rather than closures, as there is one per message. */
class HandedOverCall implements CallJob {
  readonly receivedAt = nowIso();
  constructor(
    private readonly session: StationSession,
    readonly id: string,
    readonly action: string,
    readonly text: string,
  ) {}

  get stationId(): string {
    return this.session.id;
  }

  answered(answer: string | undefined): void {
    this.session.answerHandedOver(this, answer);
  }

  failed(error: unknown): void {
    this.session.failHandedOver(this, error);
  }
}

export class StationSession {
  readonly id: string;
  readonly connectedAt = new Date();
  /** Counts the connections of this process; spreads the liveness pings over their interval. */
  readonly connectionNumber = nextConnectionNumber++;
  private closed = false;
  private alive = true;
  private readonly incomingInFlight = new Set<string>();
  private readonly queue: PendingCall[] = [];
  private outstanding: PendingCall | undefined;
  /** Actions the station may send while not Accepted because we triggered them, until the given time. */
  private readonly triggeredUntil = new Map<string, number>();

  constructor(
    private readonly socket: StationSocket,
    readonly info: ConnectionInfo,
    public registrationStatus: RegistrationStatus,
    private readonly options: SessionOptions,
  ) {
    this.id = info.stationId;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** True when the station may send `action` now even though it is not Accepted. */
  wasTriggered(action: string): boolean {
    const until = this.triggeredUntil.get(action);
    return until !== undefined && until >= Date.now();
  }

  // ---- incoming frames -------------------------------------------------------------------------------------------

  handleText(text: string): void {
    this.alive = true;
    if (this.options.writeOnlyCalls && this.registrationStatus === "Accepted") {
      const call = writeOnlyCallOf(text);
      if (call && !this.incomingInFlight.has(call.id)) {
        this.incomingInFlight.add(call.id);
        this.options.writeOnlyCalls.answerCall(new HandedOverCall(this, call.id, call.action, text));
        return;
      }
    }
    this.handleFrame(text);
  }

  /** The writer's answer to a frame handed over whole; undefined: it is not one the writer answers. */
  answerHandedOver(call: HandedOverCall, answer: string | undefined): void {
    this.incomingInFlight.delete(call.id);
    if (answer === undefined) return this.handleFrame(call.text);
    // Called among the answers of a whole commit: one socket's failure must not stop the others'.
    try {
      this.send(answer);
    } catch (error) {
      this.options.log.error("failed to send an answer", { station: this.id, action: call.action, error });
    }
  }

  failHandedOver(call: HandedOverCall, error: unknown): void {
    this.incomingInFlight.delete(call.id);
    this.answerFailure(call.id, call.action, error);
  }

  private handleFrame(text: string): void {
    const frame = parseFrame(text);
    switch (frame.type) {
      case CALL:
        this.answerCall(frame.id, frame.action, frame.payload);
        return;
      case CALLRESULT:
        this.settleOutstanding(frame.id, (call) => this.outcomeOfResult(call, frame.payload));
        return;
      case CALLERROR:
        this.settleOutstanding(frame.id, () => ({
          kind: "error",
          code: frame.code,
          description: frame.description,
          details: frame.details,
        }));
        return;
      case "invalid":
        this.options.log.warn("malformed frame", { station: this.id, reason: frame.reason });
        // OCPP-J: answer what we could not read with FormationViolation; "-1" when the id itself was unreadable.
        this.send(callErrorFrame(frame.id ?? "-1", "FormationViolation", frame.reason));
    }
  }

  handleBinary(): void {
    this.options.log.warn("binary frame refused", { station: this.id });
    this.close(CloseCode.unsupportedData, "OCPP-J uses text frames");
  }

  handlePong(): void {
    this.alive = true;
  }

  /** Called by the transport once the socket is gone. Fails every call still waiting. */
  handleClosed(): void {
    if (this.closed) return;
    this.closed = true;
    const waiting = this.outstanding ? [this.outstanding, ...this.queue] : [...this.queue];
    this.outstanding = undefined;
    this.queue.length = 0;
    for (const call of waiting) {
      clearTimeout(call.timer);
      call.reject(new NotConnectedError(this.id));
    }
  }

  /** Liveness: called once per ping interval. A station that sent nothing since the last ping is dropped. */
  checkAlive(): void {
    if (this.closed) return;
    if (!this.alive) {
      this.options.log.warn("station missed its ping, dropping connection", { station: this.id });
      this.socket.terminate();
      this.handleClosed();
      return;
    }
    this.alive = false;
    this.socket.ping();
  }

  close(code: number, reason: string): void {
    if (this.closed) return;
    this.socket.close(code, reason);
    this.handleClosed();
  }

  private send(text: string): void {
    if (!this.closed) this.socket.send(text);
  }

  // A promise chain rather than nested async functions: this runs for every message (measured in bench/hot-path.ts).
  private answerCall(id: string, action: string, payload: unknown): void {
    if (this.incomingInFlight.has(id)) {
      this.send(callErrorFrame(id, "ProtocolError", "A CALL with this message id is still being processed"));
      return;
    }
    this.incomingInFlight.add(id);
    this.options.handleCall(this, action, payload).then(
      ({ response, afterSent }) => {
        this.incomingInFlight.delete(id);
        try {
          this.send(callResultFrame(id, response));
        } catch (error) {
          return this.answerFailure(id, action, error);
        }
        // The CALLRESULT is out: a failing follow-up is logged, never answered with a second frame for this id.
        try {
          afterSent?.();
        } catch (error) {
          this.options.log.error("follow-up after response failed", { station: this.id, action, error });
        }
      },
      (error) => {
        this.incomingInFlight.delete(id);
        this.answerFailure(id, action, error);
      },
    );
  }

  private answerFailure(id: string, action: string, error: unknown): void {
    if (error instanceof OcppError) {
      this.send(callErrorFrame(id, error.code, error.description, error.details));
    } else {
      this.options.log.error("failed to handle CALL", { station: this.id, action, error });
      this.send(callErrorFrame(id, "InternalError", "The central system could not process this request"));
    }
  }

  // ---- outgoing calls ---------------------------------------------------------------------------------------------

  /**
   * Sends `action` to the station and resolves with its answer. One call is outstanding at a time; others queue.
   * The timeout covers the whole wait, queued time included.
   */
  call(action: Action, payload: unknown, timeoutMs = this.options.callTimeoutMs): Promise<CallOutcome> {
    const check = validatePayload(requestSchemas[action], payload);
    if (!check.ok) return Promise.reject(new InvalidCallPayloadError(action, check.path, check.message));
    if (this.closed) return Promise.reject(new NotConnectedError(this.id));
    return new Promise((resolve, reject) => {
      const id = crypto.randomUUID();
      const call: PendingCall = {
        id,
        action,
        payload,
        frame: callFrame(id, action, payload),
        resolve,
        reject,
        timer: setTimeout(() => this.expire(call), timeoutMs),
      };
      this.queue.push(call);
      this.sendNextCall();
    });
  }

  private sendNextCall(): void {
    if (this.outstanding || this.closed) return;
    const next = this.queue.shift();
    if (!next) return;
    this.outstanding = next;
    this.send(next.frame);
  }

  private expire(call: PendingCall): void {
    if (this.outstanding === call) {
      this.outstanding = undefined;
      this.sendNextCall();
    } else {
      const index = this.queue.indexOf(call);
      if (index >= 0) this.queue.splice(index, 1);
    }
    call.reject(new CallTimeoutError(call.action));
  }

  private settleOutstanding(id: string, outcome: (call: PendingCall) => CallOutcome): void {
    const call = this.outstanding;
    if (!call || call.id !== id) {
      this.options.log.warn("answer to no outstanding call ignored", { station: this.id, messageId: id });
      return;
    }
    clearTimeout(call.timer);
    this.outstanding = undefined;
    call.resolve(outcome(call));
    this.sendNextCall();
  }

  private outcomeOfResult(call: PendingCall, payload: unknown): CallOutcome {
    const check = validatePayload(responseSchemas[call.action], payload);
    if (!check.ok) {
      return {
        kind: "error",
        code: check.code,
        description: `The station's ${call.action} response does not match the schema: ${check.message}`,
        details: { path: check.path },
      };
    }
    this.rememberTrigger(call, payload);
    return { kind: "result", payload };
  }

  private rememberTrigger(call: PendingCall, response: unknown): void {
    if (call.action !== "TriggerMessage" && call.action !== "ExtendedTriggerMessage") return;
    if ((response as { status?: string }).status !== "Accepted") return;
    const requested = (call.payload as { requestedMessage: string }).requestedMessage;
    const action = triggeredActions[requested];
    if (action) this.triggeredUntil.set(action, Date.now() + this.options.callTimeoutMs);
  }
}
