// GET /api/v1/transactions: filtered by stationId, idTag, active, from, to; newest first; paged.
import type { Context } from "hono";
import { parsePage } from "../../../../lib/http/api.ts";
import type { AppEnv } from "../../../../lib/http/env.ts";
import { transactionPage } from "../../../../lib/transactions.ts";
import { parseTransactionFilter } from "./_input.ts";

export const GET = async (c: Context<AppEnv>) => {
  const filter = parseTransactionFilter(c);
  if (filter instanceof Response) return filter;
  const page = parsePage(c);
  if (page instanceof Response) return page;
  return c.json(await transactionPage(c.get("services").database.db, filter, page));
};
