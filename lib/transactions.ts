// Charging transactions as the API shows them: one transaction with its meter values, filtered lists, CSV export.
import type { Db } from "../db/index.ts";
import {
  anomaliesOfTransaction,
  anomalyCounts,
  latestEnergyRegister,
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

/** An energy reading in Wh: OCPP energy units are Wh (the default) or kWh; anything else or no number is undefined. */
export function energyWh(value: string, unit: string | null | undefined): number | undefined {
  const n = Number(value);
  if (value.trim() === "" || !Number.isFinite(n)) return undefined;
  if (unit === null || unit === undefined || unit === "Wh") return n;
  return unit === "kWh" ? n * 1000 : undefined;
}

/**
 * What a list shows beside each transaction: how many anomalies it has and, while it runs, the energy so far (the
 * newest energy register reading minus meterStart).
 */
export async function transactionListFacts(db: Db, items: TransactionView[]) {
  const [anomalies, latest] = await Promise.all([
    anomalyCounts(db, items),
    Promise.all(items.map((t) => (t.active ? latestEnergyRegister(db, t.id, t.stationId) : undefined))),
  ]);
  return new Map(
    items.map((t, i) => {
      const reading = latest[i];
      const wh = reading && energyWh(reading.value, reading.unit);
      return [t.id, { anomalies: anomalies.get(t.id) ?? 0, energySoFarWh: wh === undefined ? null : wh - t.meterStart }];
    }),
  );
}

/** The anomalies recorded against a transaction, oldest first. */
export async function transactionAnomalies(db: Db, t: Pick<TransactionView, "id" | "stationId">) {
  const rows = await anomaliesOfTransaction(db, t.id, t.stationId);
  return rows.map((a) => ({ kind: a.kind, detail: a.detail, receivedAt: a.receivedAt }));
}

export type MeterValueView = NonNullable<Awaited<ReturnType<typeof transactionDetail>>>["meterValues"][number];

const meterValueColumns = ["timestamp", "connectorId", "measurand", "value", "unit", "phase", "location", "context", "format"] as const;

/** A transaction's sampled values as CSV, as the station sent them (empty fields: the OCPP default applies). */
export function meterValueCsv(values: MeterValueView[]): string {
  return csvRow([...meterValueColumns]) + values.map((v) => csvRow(meterValueColumns.map((column) => v[column]))).join("");
}
