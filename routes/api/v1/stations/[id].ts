// GET, PATCH, DELETE /api/v1/stations/{id}
import type { Context } from "hono";
import { stationById } from "../../../../db/stations.ts";
import { apiError, parseJsonBody } from "../../../../lib/http/api.ts";
import type { AppEnv } from "../../../../lib/http/env.ts";
import { passwordBytes } from "../../../../lib/security/basicAuth.ts";
import { changeStation, removeStation, stationDetail } from "../../../../lib/stations.ts";
import { credentialProblem, provisionCredentials } from "../../../../lib/stationSecurity.ts";
import { StationChangesInput } from "./_input.ts";

const notFound = (c: Context) => apiError(c, 404, "No such station");

export const GET = async (c: Context<AppEnv>) => {
  const station = await stationDetail(c.get("services"), c.req.param("id")!);
  return station ? c.json(station) : notFound(c);
};

export const PATCH = async (c: Context<AppEnv>) => {
  const input = await parseJsonBody(c, StationChangesInput);
  if (input instanceof Response) return input;
  const services = c.get("services");
  const id = c.req.param("id")!;
  const station = await stationById(services.database.db, id);
  if (!station) return notFound(c);
  const credentials = { ...input, password: passwordBytes(input) };
  const problem = credentialProblem(station, credentials);
  if (problem) return apiError(c, problem.field === "securityProfile" ? 409 : 400, problem.message, problem.field);
  await provisionCredentials(services, id, credentials, c.get("apiClient"));
  const { description, registrationStatus } = input;
  return c.json(await changeStation(services, id, { description, registrationStatus }));
};

export const DELETE = async (c: Context<AppEnv>) => {
  const deleted = await removeStation(c.get("services"), c.req.param("id")!);
  return deleted ? c.body(null, 204) : notFound(c);
};
