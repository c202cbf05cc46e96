// GET, PATCH, DELETE /api/v1/stations/{id}
import type { Context } from "hono";
import { apiError, parseJsonBody } from "../../../../lib/http/api.ts";
import type { AppEnv } from "../../../../lib/http/env.ts";
import { editStation, removeStation, stationDetail } from "../../../../lib/stations.ts";
import { StationChangesInput } from "./_input.ts";

const notFound = (c: Context) => apiError(c, 404, "No such station");

export const GET = async (c: Context<AppEnv>) => {
  const station = await stationDetail(c.get("services"), c.req.param("id")!);
  return station ? c.json(station) : notFound(c);
};

export const PATCH = async (c: Context<AppEnv>) => {
  const input = await parseJsonBody(c, StationChangesInput);
  if (input instanceof Response) return input;
  const result = await editStation(c.get("services"), c.req.param("id")!, input, c.get("apiClient"));
  if (result.kind === "unknown_station") return notFound(c);
  if (result.kind === "invalid") return apiError(c, result.field === "securityProfile" ? 409 : 400, result.message, result.field);
  return c.json(result.station);
};

export const DELETE = async (c: Context<AppEnv>) => {
  const deleted = await removeStation(c.get("services"), c.req.param("id")!);
  return deleted ? c.body(null, 204) : notFound(c);
};
