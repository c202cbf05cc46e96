// POST /unknown-stations/{id}/register (admin): registers the id as an Accepted station, as the API's
// POST /api/v1/unknown-stations/{id}/register does with no body, and returns to the list.
import type { Context } from "hono";
import { requireAdmin } from "../../../lib/console/auth.ts";
import type { AppEnv } from "../../../lib/http/env.ts";
import { notUnknownPage } from "../_notUnknown.tsx";
import { registerUnknownStation } from "../../../lib/stations.ts";

export const POST = [
  requireAdmin,
  async (c: Context<AppEnv>) => {
    const id = c.req.param("id")!;
    const result = await registerUnknownStation(c.get("services"), id, { description: "", registrationStatus: "Accepted" });
    if (result.kind === "not_unknown") return notUnknownPage(c);
    const key = result.kind === "registered" ? "registered" : "existed";
    return c.redirect(`/unknown-stations?${new URLSearchParams({ [key]: id })}`, 303);
  },
];
