// The issued certificates page as the GET and the revoke post render it.
import type { Context } from "hono";
import { IssuedBody, issuedData, parseIssuedQuery } from "../../../lib/console/certificates.tsx";
import { page } from "../../../lib/console/layout.tsx";
import type { AppEnv } from "../../../lib/http/env.ts";

export async function issuedPage(c: Context<AppEnv>, notice?: { kind: "ok" | "bad"; text: string }, status?: 400 | 404) {
  const query = parseIssuedQuery((name) => c.req.query(name));
  const data = await issuedData(c.get("services"), query);
  return page(
    c,
    { title: "Issued certificates", current: "/certificates", status },
    <IssuedBody session={c.get("operatorSession")} query={query} data={data} notice={notice} />,
  );
}
