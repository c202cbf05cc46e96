// GET /stations/:id: the station detail page.
import type { Context } from "hono";
import { page } from "../../lib/console/layout.tsx";
import { StationDetailBody, stationLive } from "../../lib/console/stationDetail.tsx";
import type { AppEnv } from "../../lib/http/env.ts";

export const GET = async (c: Context<AppEnv>) => {
  const services = c.get("services");
  const id = c.req.param("id") ?? "";
  const live = await stationLive(services, id);
  if (!live) {
    return page(
      c,
      { title: "Unknown station", current: "/stations", status: 404 },
      <>
        <h1>Unknown station</h1>
        <p>
          There is no station with id <code>{id}</code>. <a href="/stations">Back to the stations</a>
        </p>
      </>,
    );
  }
  return page(c, { title: `Station ${live.station.id}`, current: "/stations" }, <StationDetailBody services={services} {...live} />);
};
