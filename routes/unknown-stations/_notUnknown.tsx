// The 404 page of the register and forget actions when the id is no longer (or never was) an unknown station.
import type { Context } from "hono";
import { page } from "../../lib/console/layout.tsx";
import type { AppEnv } from "../../lib/http/env.ts";

export function notUnknownPage(c: Context<AppEnv>) {
  return page(
    c,
    { title: "Unknown stations", current: "/stations", status: 404 },
    <>
      <h1>Not an unknown station</h1>
      <p>No unknown station has this id (it may have been registered or forgotten meanwhile).</p>
      <p>
        <a href="/unknown-stations">Back to the unknown stations</a>
      </p>
    </>,
  );
}
