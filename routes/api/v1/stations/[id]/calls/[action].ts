// POST /api/v1/stations/{id}/calls/{action}: send an OCPP call to a connected station, body = its payload.
import type { Context } from "hono";
import { apiError } from "../../../../../../lib/http/api.ts";
import type { AppEnv } from "../../../../../../lib/http/env.ts";
import { callStation } from "../../../../../../lib/stationCalls.ts";
import { failedCall } from "../_transfers.ts";

export const POST = async (c: Context<AppEnv>) => {
  let payload: unknown;
  try {
    payload = await c.req.json();
  } catch {
    return apiError(c, 400, "The request body must be the JSON payload of the call");
  }
  const action = c.req.param("action")!;
  const outcome = await callStation(c.get("services"), {
    stationId: c.req.param("id")!,
    action,
    payload,
    requestedBy: c.get("apiClient"),
  });
  if (outcome.kind === "invalid_action") {
    return apiError(c, 400, `${action} is not an OCPP 1.6 action a central system sends`, "action");
  }
  if (outcome.kind !== "result") return failedCall(c, action, outcome);
  // GetLog / SignedUpdateFirmware: the requestId Joule used (the id of the job it created).
  return c.json(outcome.requestId === undefined ? { result: outcome.payload } : { result: outcome.payload, requestId: outcome.requestId });
};
