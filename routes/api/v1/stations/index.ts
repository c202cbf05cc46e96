// GET /api/v1/stations (list), POST /api/v1/stations (create, with the credentials the station already has)
import type { Context } from "hono";
import { apiError, parseJsonBody, parsePage } from "../../../../lib/http/api.ts";
import type { AppEnv } from "../../../../lib/http/env.ts";
import { addStation, stationDetail, stationPage } from "../../../../lib/stations.ts";
import { NewStationInput } from "./_input.ts";

export const GET = async (c: Context<AppEnv>) => {
  const page = parsePage(c);
  if (page instanceof Response) return page;
  return c.json(await stationPage(c.get("services"), page));
};

export const POST = async (c: Context<AppEnv>) => {
  const input = await parseJsonBody(c, NewStationInput);
  if (input instanceof Response) return input;
  const services = c.get("services");
  const result = await addStation(services, input, c.get("apiClient"));
  if (result.kind === "invalid") return apiError(c, 400, result.message, result.field);
  if (result.kind === "exists") return apiError(c, 409, `A station with id ${input.id} exists already`, "id");
  return c.json(await stationDetail(services, input.id), 201);
};
