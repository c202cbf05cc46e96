// Aggregates the dashboard shows that no list query answers: faulted stations and energy.
import { sql } from "drizzle-orm";
import type { Db } from "./index.ts";
import { connectors, meterValues, transactions } from "./schema.ts";

/** Stations with at least one connector (0, the station itself, included) whose current status is Faulted. */
export async function faultedStationCount(db: Db): Promise<number> {
  const [row] = await db
    .select({ total: sql<number>`count(DISTINCT ${connectors.stationId})` })
    .from(connectors)
    .where(sql`${connectors.status} = 'Faulted'`);
  return row?.total ?? 0;
}

/**
 * The start timestamp as UTC `YYYY-MM-DDTHH:MM:SS.sssZ`, exactly as db/transactions.ts compares it for the
 * transaction list's `from` filter, so that the figure sums the transactions /transactions?from= lists.
 */
const startInstant = sql`coalesce(strftime('%Y-%m-%dT%H:%M:%fZ', ${transactions.startTimestamp}), ${transactions.startTimestamp})`;

/**
 * The latest (last received) Energy.Active.Import.Register reading of a transaction, in Wh: the total over all
 * phases (no phase), at the outlet, plain numbers only (signed data is not summed), kWh converted. It walks the
 * meter_values_transaction index backwards from the newest row, so it stays cheap for long transactions.
 */
const latestRegisterWh = sql`(
  SELECT CASE WHEN ${meterValues.unit} = 'kWh' THEN CAST(${meterValues.value} AS REAL) * 1000 ELSE CAST(${meterValues.value} AS REAL) END
  FROM ${meterValues}
  WHERE ${meterValues.transactionId} = ${transactions.id} AND ${meterValues.stationId} = ${transactions.stationId}
    AND coalesce(${meterValues.measurand}, 'Energy.Active.Import.Register') = 'Energy.Active.Import.Register'
    AND ${meterValues.phase} IS NULL
    AND coalesce(${meterValues.location}, 'Outlet') = 'Outlet'
    AND coalesce(${meterValues.format}, 'Raw') = 'Raw'
    AND (${meterValues.unit} IS NULL OR ${meterValues.unit} IN ('Wh', 'kWh'))
  ORDER BY ${meterValues.id} DESC LIMIT 1
)`;

/**
 * Energy in Wh of the transactions that started at or after `from` (UTC ISO): for a stopped transaction
 * meterStop − meterStart, for an active one its latest register reading − meterStart (0 before the first reading).
 * A negative difference (a meter replaced or reset) counts as 0.
 */
export async function energyOfTransactionsStartedSince(db: Db, from: string): Promise<number> {
  const [row] = await db
    .select({
      wh: sql<number>`coalesce(sum(max(0, coalesce(${transactions.meterStop}, ${latestRegisterWh}, ${transactions.meterStart}) - ${transactions.meterStart})), 0)`,
    })
    .from(transactions)
    .where(sql`${startInstant} >= ${from}`);
  return Number(row?.wh ?? 0);
}
