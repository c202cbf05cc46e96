// Charging transactions as the API shows them: one transaction with its meter values, filtered lists, CSV export.
import type { Db } from "../db/index.ts";
import {
  listTransactions,
  meterValuesOfTransaction,
  transactionById,
  transactionsBefore,
  type Transaction,
  type TransactionFilter,
} from "../db/transactions.ts";
import { csvRow } from "./csv.ts";
import type { Page } from "./http/api.ts";

export function transactionView(t: Transaction) {
  const stopped = t.stopTimestamp !== null;
  return {
    id: t.id,
    stationId: t.stationId,
    connectorId: t.connectorId,
    idTag: t.idTag,
    meterStart: t.meterStart,
    startTimestamp: t.startTimestamp,
    reservationId: t.reservationId,
    startStatus: t.startStatus,
    meterStop: t.meterStop,
    stopTimestamp: t.stopTimestamp,
    stopReason: t.stopReason,
    stopIdTag: t.stopIdTag,
    energyWh: stopped && t.meterStop !== null ? t.meterStop - t.meterStart : null,
    active: !stopped,
  };
}
export type TransactionView = ReturnType<typeof transactionView>;

export async function transactionPage(db: Db, filter: TransactionFilter, page: Page) {
  const { items, total } = await listTransactions(db, filter, page);
  return { items: items.map(transactionView), total };
}

/** The transaction with its sampled values (null fields: the station left them out, so the OCPP default applies). */
export async function transactionDetail(db: Db, id: number) {
  const transaction = await transactionById(db, id);
  if (!transaction) return undefined;
  const samples = await meterValuesOfTransaction(db, id, transaction.stationId);
  return {
    ...transactionView(transaction),
    meterValues: samples.map((s) => ({
      timestamp: s.timestamp,
      value: s.value,
      context: s.context,
      format: s.format,
      measurand: s.measurand,
      phase: s.phase,
      location: s.location,
      unit: s.unit,
      connectorId: s.connectorId,
    })),
  };
}

const csvColumns = [
  "id",
  "stationId",
  "connectorId",
  "idTag",
  "meterStart",
  "startTimestamp",
  "reservationId",
  "startStatus",
  "meterStop",
  "stopTimestamp",
  "stopReason",
  "stopIdTag",
  "energyWh",
  "active",
] as const satisfies readonly (keyof TransactionView)[];

const csvBatchSize = 500;

/** The whole filtered list as CSV, newest first, read in batches so a long history is never held in memory. */
export function transactionCsv(db: Db, filter: TransactionFilter): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let beforeId: number | undefined;
  return new ReadableStream({
    start(controller) {
      controller.enqueue(encoder.encode(csvRow([...csvColumns])));
    },
    async pull(controller) {
      const batch = await transactionsBefore(db, filter, beforeId, csvBatchSize);
      if (batch.length === 0) return controller.close();
      beforeId = batch.at(-1)!.id;
      const lines = batch.map((t) => {
        const view = transactionView(t);
        return csvRow(csvColumns.map((column) => view[column]));
      });
      controller.enqueue(encoder.encode(lines.join("")));
    },
  });
}
