// Central-system-to-station calls on behalf of an operator or integrator: validated, sent, and recorded with
// their outcome whatever happens (so a failed call still leaves a consistent record).
import { listStationCalls, recordCallOutcome, recordCallRequested, type StationCall } from "../db/stationCalls.ts";
import { updateJob } from "../db/securityEvents.ts";
import { stationById } from "../db/stations.ts";
import { centralSystemInitiated, isAction, requestSchemas, validatePayload, type Action } from "../schemas/index.ts";
import { afterCallResult, payloadProblem, withJob } from "./callEffects.ts";
import type { Page } from "./http/api.ts";
import { CallTimeoutError, NotConnectedError } from "./ocpp/errors.ts";
import type { Services } from "./services.ts";

export type StationCallResult =
  /** `requestId`: the id of the job Joule created for GetLog / SignedUpdateFirmware (also on an error or timeout). */
  | { kind: "result"; payload: unknown; requestId?: number }
  | { kind: "error"; code: string; description: string; details: unknown; requestId?: number }
  | { kind: "invalid_action" }
  | { kind: "invalid_payload"; message: string; path: string }
  | { kind: "unknown_station" }
  | { kind: "not_connected" }
  | { kind: "timeout"; requestId?: number };

/** The payload as it may be stored and shown: an AuthorizationKey value is a secret. */
export function withoutSecrets(action: string, payload: unknown): unknown {
  const change = payload as { key?: string; value?: string };
  if (action === "ChangeConfiguration" && change.key?.toLowerCase() === "authorizationkey") {
    return { ...change, value: "(secret, not stored)" };
  }
  return payload;
}

export function isStationAction(name: string): name is Action {
  return isAction(name) && centralSystemInitiated.has(name);
}

export async function callStation(
  services: Services,
  call: { stationId: string; action: string; payload: unknown; requestedBy: string },
): Promise<StationCallResult> {
  const { action, stationId } = call;
  if (!isStationAction(action)) return { kind: "invalid_action" };
  const check = validatePayload(requestSchemas[action], call.payload);
  if (!check.ok) return { kind: "invalid_payload", message: check.message, path: check.path };
  const { db } = services.database;
  const problem = payloadProblem(action, call.payload as Record<string, unknown>);
  if (problem) return { kind: "invalid_payload", ...problem };
  if (!(await stationById(db, stationId))) return { kind: "unknown_station" };
  const session = services.registry.get(stationId);
  if (!session) {
    const recordId = await recordCallRequested(db, { ...call, payload: withoutSecrets(action, call.payload) });
    await recordCallOutcome(db, recordId, { outcome: "not_connected" });
    return { kind: "not_connected" };
  }
  // Only a call that is really sent gets a job.
  const prepared = await withJob(services, { ...call, action, payload: call.payload as Record<string, unknown> });
  const payload = prepared.payload;
  const recordId = await recordCallRequested(db, { ...call, payload: withoutSecrets(action, payload) });
  try {
    const outcome = await session.call(action, payload);
    if (outcome.kind === "result") {
      await recordCallOutcome(db, recordId, { outcome: "result", result: outcome.payload });
      await afterCallResult(services, { stationId, action, payload, jobId: prepared.jobId }, outcome.payload as Record<string, unknown>);
      return { ...outcome, requestId: prepared.jobId };
    }
    await recordCallOutcome(db, recordId, {
      outcome: "error",
      result: outcome.details,
      errorCode: outcome.code,
      errorDescription: outcome.description,
    });
    // The job will see no status from the station: its answer says why, instead of looking pending for ever.
    if (prepared.jobId !== undefined) await updateJob(db, prepared.jobId, { answer: `CALLERROR ${outcome.code}` });
    return prepared.jobId === undefined ? outcome : { ...outcome, requestId: prepared.jobId };
  } catch (error) {
    if (error instanceof CallTimeoutError) {
      await recordCallOutcome(db, recordId, { outcome: "timeout" });
      // The request may have arrived: the station can still report on this job.
      return prepared.jobId === undefined ? { kind: "timeout" } : { kind: "timeout", requestId: prepared.jobId };
    }
    if (error instanceof NotConnectedError) {
      await recordCallOutcome(db, recordId, { outcome: "not_connected" });
      return { kind: "not_connected" };
    }
    await recordCallOutcome(db, recordId, { outcome: "failed", errorDescription: "Internal error" });
    throw error;
  }
}

export function callView(call: StationCall) {
  const parse = (text: string | null) => (text === null ? null : JSON.parse(text));
  return { ...call, payload: parse(call.payload), result: parse(call.result) };
}

/** The calls made to a station, or undefined for an unknown station. */
export async function stationCallPage(services: Services, stationId: string, page: Page) {
  if (!(await stationById(services.database.db, stationId))) return undefined;
  const { items, total } = await listStationCalls(services.database.db, stationId, page);
  return { items: items.map(callView), total };
}
