// POST /api/v1/stations/{id}/authorization-key {password? | authorizationKey?}: rotates the station's Basic-auth key
// over OCPP (ChangeConfiguration AuthorizationKey); a random 20-byte key when none is given.
import type { Context } from "hono";
import { parseJsonBody } from "../../../../../lib/http/api.ts";
import type { AppEnv } from "../../../../../lib/http/env.ts";
import { passwordBytes } from "../../../../../lib/security/basicAuth.ts";
import { rotateAuthorizationKey } from "../../../../../lib/stationSecurity.ts";
import { RotationInput } from "../_input.ts";
import { securityChangeResponse } from "./_securityChange.ts";

export const POST = async (c: Context<AppEnv>) => {
  const empty = (await c.req.text()).trim() === "";
  const input = empty ? {} : await parseJsonBody(c, RotationInput);
  if (input instanceof Response) return input;
  const result = await rotateAuthorizationKey(c.get("services"), c.req.param("id")!, passwordBytes(input), c.get("apiClient"));
  return securityChangeResponse(c, result);
};
