// OCPP-J 1.6 error codes, spelled as the specification spells them (OccurenceConstraintViolation has one r).
export const ocppErrorCodes = [
  "NotImplemented",
  "NotSupported",
  "InternalError",
  "ProtocolError",
  "SecurityError",
  "FormationViolation",
  "PropertyConstraintViolation",
  "OccurenceConstraintViolation",
  "TypeConstraintViolation",
  "GenericError",
] as const;
export type OcppErrorCode = (typeof ocppErrorCodes)[number];

/** The InternalError description when our own CALLRESULT fails its schema (it is then never sent). */
export const invalidOwnResponse = "The central system could not produce a valid response";

/** Thrown by a handler (or the engine) to answer a CALL with a CALLERROR. */
export class OcppError extends Error {
  constructor(
    readonly code: OcppErrorCode,
    readonly description: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(`${code}: ${description}`);
  }
}

/** Our call to a station got no answer in time (including the time it waited in the queue). */
export class CallTimeoutError extends Error {
  constructor(readonly action: string) {
    super(`${action} timed out`);
  }
}

/** The station is not connected, or its connection closed before it answered. */
export class NotConnectedError extends Error {
  constructor(readonly stationId: string) {
    super(`station ${stationId} is not connected`);
  }
}

/** The payload of our own call failed its schema, so it was not sent. */
export class InvalidCallPayloadError extends Error {
  constructor(
    readonly action: string,
    readonly path: string,
    detail: string,
  ) {
    super(detail);
  }
}
