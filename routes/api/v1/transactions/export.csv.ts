// GET /api/v1/transactions/export.csv: the whole filtered list (same filters as the list, no paging) as CSV.
import type { Context } from "hono";
import type { AppEnv } from "../../../../lib/http/env.ts";
import { transactionCsv } from "../../../../lib/transactions.ts";
import { parseTransactionFilter } from "./_input.ts";

export const GET = (c: Context<AppEnv>) => {
  const filter = parseTransactionFilter(c);
  if (filter instanceof Response) return filter;
  return c.body(transactionCsv(c.get("services").database.db, filter), 200, {
    "content-type": "text/csv; charset=utf-8",
    "content-disposition": 'attachment; filename="transactions.csv"',
  });
};
