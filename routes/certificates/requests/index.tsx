// GET /certificates/requests?stationId=&status=&page=: the CSR approval queue, pending requests first.
import type { Context } from "hono";
import { decisionNotice } from "../../../lib/console/certificates.tsx";
import type { AppEnv } from "../../../lib/http/env.ts";
import { requestsPage } from "./_page.tsx";

export const GET = async (c: Context<AppEnv>) => requestsPage(c, await decisionNotice(c.get("services"), c.req.query("decided")));
