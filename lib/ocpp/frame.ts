// OCPP-J framing: [2, id, action, payload] CALL, [3, id, payload] CALLRESULT, [4, id, code, description, details] CALLERROR.
import type { OcppErrorCode } from "./errors.ts";

export const CALL = 2;
export const CALLRESULT = 3;
export const CALLERROR = 4;
export const maxMessageIdLength = 36;

export type Frame =
  | { type: typeof CALL; id: string; action: string; payload: unknown }
  | { type: typeof CALLRESULT; id: string; payload: unknown }
  | {
      type: typeof CALLERROR;
      id: string;
      code: string;
      description: string;
      details: unknown;
    }
  /** Unreadable: answer FormationViolation, with the message id when one could be read. */
  | { type: "invalid"; id: string | undefined; reason: string };

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function parseFrame(text: string): Frame {
  let message: unknown;
  try {
    message = JSON.parse(text);
  } catch {
    return { type: "invalid", id: undefined, reason: "Message is not valid JSON" };
  }
  if (!Array.isArray(message)) return { type: "invalid", id: undefined, reason: "Message is not a JSON array" };
  const [type, id] = message;
  const readableId = typeof id === "string" && id.length > 0 && id.length <= maxMessageIdLength ? id : undefined;
  if (readableId === undefined) {
    return { type: "invalid", id: undefined, reason: `Message id must be a string of 1 to ${maxMessageIdLength} characters` };
  }
  switch (type) {
    case CALL: {
      if (message.length !== 4) return { type: "invalid", id, reason: "CALL must have 4 elements" };
      if (typeof message[2] !== "string" || message[2] === "") {
        return { type: "invalid", id, reason: "CALL action must be a non-empty string" };
      }
      if (!isObject(message[3])) return { type: "invalid", id, reason: "CALL payload must be a JSON object" };
      return { type: CALL, id, action: message[2], payload: message[3] };
    }
    case CALLRESULT:
      if (message.length !== 3) return { type: "invalid", id, reason: "CALLRESULT must have 3 elements" };
      return { type: CALLRESULT, id, payload: message[2] };
    case CALLERROR:
      if (message.length !== 5 || typeof message[2] !== "string" || typeof message[3] !== "string") {
        return { type: "invalid", id, reason: "CALLERROR must be [4, id, code, description, details]" };
      }
      return { type: CALLERROR, id, code: message[2], description: message[3], details: message[4] };
    default:
      return { type: "invalid", id, reason: "Unknown message type" };
  }
}

export function callFrame(id: string, action: string, payload: unknown): string {
  return JSON.stringify([CALL, id, action, payload]);
}

export function callResultFrame(id: string, payload: unknown): string {
  return JSON.stringify([CALLRESULT, id, payload]);
}

export function callErrorFrame(
  id: string,
  code: OcppErrorCode,
  description: string,
  details: Record<string, unknown> = {},
): string {
  return JSON.stringify([CALLERROR, id, code, description, details]);
}
