// POST /api/v1/unknown-stations/{id}/register: registers a station that tried to connect, so its next attempt
// succeeds. Optional body {description?, registrationStatus?}.
import type { Context } from "hono";
import * as v from "valibot";
import { apiError, parseJsonBody } from "../../../../../lib/http/api.ts";
import type { AppEnv } from "../../../../../lib/http/env.ts";
import { registerUnknownStation, stationDetail } from "../../../../../lib/stations.ts";
import { StationRegistrationInput as RegistrationInput } from "../../stations/_input.ts";

export const POST = async (c: Context<AppEnv>) => {
  // An empty body means the defaults; anything else must be valid JSON.
  const empty = (await c.req.text()).trim() === "";
  const input = empty ? v.parse(RegistrationInput, {}) : await parseJsonBody(c, RegistrationInput);
  if (input instanceof Response) return input;
  const services = c.get("services");
  const id = c.req.param("id")!;
  const result = await registerUnknownStation(services, id, input);
  if (result.kind === "not_unknown") return apiError(c, 404, "No unknown station with this id");
  if (result.kind === "exists") return apiError(c, 409, `A station with id ${id} exists already`, "id");
  return c.json(await stationDetail(services, id), 201);
};
