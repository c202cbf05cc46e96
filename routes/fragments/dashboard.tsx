// GET /fragments/dashboard: the dashboard figures alone, for htmx polling.
import type { Context } from "hono";
import { Figures } from "../../lib/console/dashboard.tsx";
import { dashboardFigures } from "../../lib/console/fleet.ts";
import { fragment } from "../../lib/console/layout.tsx";
import type { AppEnv } from "../../lib/http/env.ts";

export const GET = async (c: Context<AppEnv>) => fragment(c, <Figures figures={await dashboardFigures(c.get("services"))} />);
