// GET /transactions/:id: one transaction, its anomalies and its meter values as charts.
import type { Context } from "hono";
import { page } from "../../lib/console/layout.tsx";
import { TransactionDetailBody, transactionDetailPage, transactionIdOf } from "../../lib/console/transactions.tsx";
import type { AppEnv } from "../../lib/http/env.ts";

export const GET = async (c: Context<AppEnv>) => {
  const id = transactionIdOf(c.req.param("id"));
  const found = id === undefined ? undefined : await transactionDetailPage(c.get("services"), id);
  if (!found) {
    return page(
      c,
      { title: "Unknown transaction", current: "/transactions", status: 404 },
      <>
        <h1>Unknown transaction</h1>
        <p>
          There is no transaction <code>{c.req.param("id")}</code>. <a href="/transactions">Back to the transactions</a>
        </p>
      </>,
    );
  }
  return page(c, { title: `Transaction ${found.detail.id}`, current: "/transactions" }, <TransactionDetailBody {...found} />);
};
