// The trust anchors page as the GET and the form posts render it.
import type { Context } from "hono";
import { AnchorsBody, anchorsData, type AnchorsState } from "../../../lib/console/certificates.tsx";
import { page } from "../../../lib/console/layout.tsx";
import type { AppEnv } from "../../../lib/http/env.ts";

export async function anchorsPage(c: Context<AppEnv>, state: AnchorsState, status?: 400 | 404) {
  const { anchors, dependents } = await anchorsData(c.get("services"));
  return page(
    c,
    { title: "Trust anchors", current: "/certificates", status },
    <AnchorsBody session={c.get("operatorSession")} anchors={anchors} dependents={dependents} state={state} />,
  );
}
