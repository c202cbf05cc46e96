// GET /transactions/export.csv?stationId=&idTag=&active=&from=&to=: the list's filter, every page, as CSV.
import type { Context } from "hono";
import { parseTransactionQuery } from "../../lib/console/transactions.tsx";
import type { AppEnv } from "../../lib/http/env.ts";
import { transactionCsv } from "../../lib/transactions.ts";

export const GET = (c: Context<AppEnv>) => {
  const { filter } = parseTransactionQuery((name) => c.req.query(name));
  return c.body(transactionCsv(c.get("services").database.db, filter), 200, {
    "content-type": "text/csv; charset=utf-8",
    "content-disposition": 'attachment; filename="transactions.csv"',
  });
};
