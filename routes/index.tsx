// GET /: the dashboard.
import type { Context } from "hono";
import { Figures } from "../lib/console/dashboard.tsx";
import { dashboardFigures } from "../lib/console/fleet.ts";
import { page } from "../lib/console/layout.tsx";
import type { AppEnv } from "../lib/http/env.ts";

export const GET = async (c: Context<AppEnv>) => {
  const figures = await dashboardFigures(c.get("services"));
  return page(
    c,
    { title: "Dashboard", current: "/" },
    <>
      <h1>Dashboard</h1>
      <Figures figures={figures} />
    </>,
  );
};
