// The signing requests page as the GET and the approve / reject posts render it.
import type { Context } from "hono";
import { parseRequestsQuery, RequestsBody, requestsData } from "../../../lib/console/certificates.tsx";
import { page } from "../../../lib/console/layout.tsx";
import type { AppEnv } from "../../../lib/http/env.ts";

export async function requestsPage(c: Context<AppEnv>, notice?: { kind: "ok" | "bad"; text: string }, status?: 400 | 404 | 409) {
  const query = parseRequestsQuery((name) => c.req.query(name));
  const data = await requestsData(c.get("services"), query);
  return page(
    c,
    { title: "Signing requests", current: "/certificates", status },
    <RequestsBody session={c.get("operatorSession")} query={query} data={data} notice={notice} />,
  );
}
