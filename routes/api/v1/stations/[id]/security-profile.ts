// POST /api/v1/stations/{id}/security-profile {profile, force?}: raises the profile over OCPP (ChangeConfiguration
// SecurityProfile, stored on Accepted); lowering needs force and is an operator action only.
import type { Context } from "hono";
import { parseJsonBody } from "../../../../../lib/http/api.ts";
import type { AppEnv } from "../../../../../lib/http/env.ts";
import { changeSecurityProfile } from "../../../../../lib/stationSecurity.ts";
import { ProfileInput } from "../_input.ts";
import { securityChangeResponse } from "./_securityChange.ts";

export const POST = async (c: Context<AppEnv>) => {
  const input = await parseJsonBody(c, ProfileInput);
  if (input instanceof Response) return input;
  const result = await changeSecurityProfile(c.get("services"), c.req.param("id")!, input.profile, input.force, c.get("apiClient"));
  return securityChangeResponse(c, result);
};
