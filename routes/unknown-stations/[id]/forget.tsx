// POST /unknown-stations/{id}/forget (admin, after the confirmation panel): removes the id from the list.
import type { Context } from "hono";
import { requireAdmin } from "../../../lib/console/auth.ts";
import { forgetUnknown } from "../../../lib/console/fleet.ts";
import type { AppEnv } from "../../../lib/http/env.ts";
import { notUnknownPage } from "../_notUnknown.tsx";

export const POST = [
  requireAdmin,
  async (c: Context<AppEnv>) => {
    const id = c.req.param("id")!;
    if (!(await forgetUnknown(c.get("services"), id))) return notUnknownPage(c);
    return c.redirect(`/unknown-stations?${new URLSearchParams({ forgotten: id })}`, 303);
  },
];
