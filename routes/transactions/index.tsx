// GET /transactions?stationId=&idTag=&active=yes|no&from=&to=&page=: transactions, newest first, with a CSV of the filter.
import type { Context } from "hono";
import { listQuery, ListSummary, Pager } from "../../lib/console/lists.tsx";
import { page } from "../../lib/console/layout.tsx";
import { parseTransactionQuery, TransactionFilters, transactionListPage, TransactionTable } from "../../lib/console/transactions.tsx";
import type { AppEnv } from "../../lib/http/env.ts";

export const GET = async (c: Context<AppEnv>) => {
  const query = parseTransactionQuery((name) => c.req.query(name));
  const { items, total, facts } = await transactionListPage(c.get("services"), query);
  return page(
    c,
    { title: "Transactions", current: "/transactions" },
    <>
      <h1>Transactions</h1>
      <TransactionFilters values={query.values} />
      <ListSummary noun="Transactions" total={total} page={query.page} empty="No transaction matches." />
      <p>
        <a href={`/transactions/export.csv${listQuery(query.values)}`} download>
          Download CSV
        </a>{" "}
        <span class="muted">(every transaction matching the filter, not only this page)</span>
      </p>
      <TransactionTable items={items} facts={facts} />
      <Pager path="/transactions" values={query.values} page={query.page} total={total} pastEnd />
    </>,
  );
};
