// GET /transactions/:id/meter-values.csv: every sampled value of the transaction, as the station sent it.
import type { Context } from "hono";
import { transactionIdOf } from "../../../lib/console/transactions.tsx";
import type { AppEnv } from "../../../lib/http/env.ts";
import { meterValueCsv, transactionDetail } from "../../../lib/transactions.ts";

export const GET = async (c: Context<AppEnv>) => {
  const id = transactionIdOf(c.req.param("id"));
  const detail = id === undefined ? undefined : await transactionDetail(c.get("services").database.db, id);
  if (!detail) return c.text("No such transaction", 404);
  return c.body(meterValueCsv(detail.meterValues), 200, {
    "content-type": "text/csv; charset=utf-8",
    "content-disposition": `attachment; filename="transaction-${detail.id}-meter-values.csv"`,
  });
};
