// GET /api/v1/stations (list), POST /api/v1/stations (create, with the credentials the station already has)
import type { Context } from "hono";
import { createStation } from "../../../../db/stations.ts";
import { forgetUnknownStation } from "../../../../db/unknownStations.ts";
import { apiError, parseJsonBody, parsePage } from "../../../../lib/http/api.ts";
import type { AppEnv } from "../../../../lib/http/env.ts";
import { passwordBytes } from "../../../../lib/security/basicAuth.ts";
import { stationDetail, stationPage } from "../../../../lib/stations.ts";
import { auditProvisioning, credentialProblem, securityColumns } from "../../../../lib/stationSecurity.ts";
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
  const credentials = { ...input, password: passwordBytes(input) };
  const problem = credentialProblem({ securityProfile: 0, passwordHash: null }, credentials);
  if (problem) return apiError(c, 400, problem.message, problem.field);
  // One write with the credentials: the station never exists, even briefly, on a weaker profile than asked.
  const created = await createStation(services.database.db, {
    id: input.id,
    description: input.description,
    registrationStatus: input.registrationStatus,
    ...(await securityColumns(credentials)),
  });
  if (!created) return apiError(c, 409, `A station with id ${input.id} exists already`, "id");
  await auditProvisioning(services, input.id, credentials, c.get("apiClient"));
  await forgetUnknownStation(services.database.db, input.id);
  return c.json(await stationDetail(services, input.id), 201);
};
