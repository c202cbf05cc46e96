// GET /unknown-stations: charge point ids that tried to connect without being registered, latest first, paged;
// admins register (one click) or forget each.
import type { Context } from "hono";
import { unknownStationPage } from "../../lib/console/fleet.ts";
import { Notice, page } from "../../lib/console/layout.tsx";
import { pageNumber, pageSize, stationHref } from "../../lib/console/lists.tsx";
import { UnknownStationTable } from "../../lib/console/stations.tsx";
import type { AppEnv } from "../../lib/http/env.ts";

export const GET = async (c: Context<AppEnv>) => {
  const session = c.get("operatorSession");
  const current = pageNumber(c.req.query("page"));
  const { items, total } = await unknownStationPage(c.get("services"), { limit: pageSize, offset: (current - 1) * pageSize });
  // Outcomes of the register / forget forms, after their redirect.
  const registered = c.req.query("registered");
  const existed = c.req.query("existed");
  const forgotten = c.req.query("forgotten");
  return page(
    c,
    { title: "Unknown stations", current: "/stations" },
    <>
      <p>
        <a href="/stations">← Stations</a>
      </p>
      <h1>Unknown stations</h1>
      {registered && (
        <Notice kind="ok">
          Registered <a href={stationHref(registered)}>{registered}</a> (Accepted, security profile 0): it is let in on its next
          connection attempt.
        </Notice>
      )}
      {existed && (
        <Notice kind="bad">
          <a href={stationHref(existed)}>{existed}</a> was registered already; it has left this list.
        </Notice>
      )}
      {forgotten && <Notice kind="ok">Forgot {forgotten}.</Notice>}
      <p class="muted">
        Charge point ids that tried to connect but are not registered: Joule refused them. Registering one lets it in on
        its next attempt with security profile 0 (no password); set credentials on its page afterwards.
      </p>
      <UnknownStationTable session={session} items={items} total={total} page={current} />
    </>,
  );
};
