// Charging transactions, their anomalies, and meter values.
import type { InsertShape, WriteArg, WriteStatement } from "./writer.ts";
import { and, asc, count, desc, eq, inArray, isNotNull, isNull, lt, or, sql, type SQL } from "drizzle-orm";
import type { Db } from "./index.ts";
import { meterValues, transactionAnomalies, transactions } from "./schema.ts";

export type Transaction = typeof transactions.$inferSelect;

export interface StartIdentity {
  stationId: string;
  connectorId: number;
  idTag: string;
  meterStart: number;
  timestamp: string;
}

/** The transaction an identical StartTransaction created before, if any. */
export async function transactionByStartIdentity(db: Db, s: StartIdentity): Promise<Transaction | undefined> {
  return db.query.transactions.findFirst({
    where: and(
      eq(transactions.stationId, s.stationId),
      eq(transactions.connectorId, s.connectorId),
      eq(transactions.idTag, s.idTag),
      eq(transactions.meterStart, s.meterStart),
      eq(transactions.startTimestamp, s.timestamp),
    ),
  });
}

export async function transactionOfStation(db: Db, stationId: string, id: number): Promise<Transaction | undefined> {
  return db.query.transactions.findFirst({ where: and(eq(transactions.id, id), eq(transactions.stationId, stationId)) });
}

export async function transactionById(db: Db, id: number): Promise<Transaction | undefined> {
  return db.query.transactions.findFirst({ where: eq(transactions.id, id) });
}

/**
 * Records a transaction start. On a repeated identical start the unique index maps it to the existing row, whose id
 * RETURNING gives back.
 */
export function insertTransaction(s: StartIdentity & { reservationId?: number; startStatus: string }, at: string): WriteStatement {
  return {
    sql: `INSERT INTO transactions (station_id, connector_id, id_tag, meter_start, start_timestamp, reservation_id,
            start_status, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
          ON CONFLICT (station_id, connector_id, id_tag, meter_start, start_timestamp)
            DO UPDATE SET station_id = excluded.station_id
          RETURNING id`,
    args: [s.stationId, s.connectorId, s.idTag, s.meterStart, s.timestamp, s.reservationId ?? null, s.startStatus, at],
  };
}

export interface Stop {
  transactionId: number;
  meterStop: number;
  timestamp: string;
  reason?: string;
  idTag?: string;
}

export function recordStop(stop: Stop): WriteStatement {
  return {
    sql: `UPDATE transactions SET meter_stop = ?, stop_timestamp = ?, stop_reason = ?, stop_id_tag = ?
          WHERE id = ? AND stop_timestamp IS NULL`,
    args: [stop.meterStop, stop.timestamp, stop.reason ?? "Local", stop.idTag ?? null, stop.transactionId],
  };
}

export function recordAnomaly(
  a: { stationId: string; transactionId?: number; kind: string; detail: string; payload: unknown },
  at: string,
): WriteStatement {
  return {
    sql: `INSERT INTO transaction_anomalies (station_id, transaction_id, kind, detail, payload, received_at)
          VALUES (?, ?, ?, ?, ?, ?)`,
    args: [a.stationId, a.transactionId ?? null, a.kind, a.detail, JSON.stringify(a.payload), at],
  };
}

/** MeterValues naming a transaction that is not this station's: an anomaly, decided inside the same commit. */
export function recordAnomalyUnlessOwnTransaction(stationId: string, transactionId: number, connectorId: number, at: string): WriteStatement {
  return {
    sql: `INSERT INTO transaction_anomalies (station_id, transaction_id, kind, detail, payload, received_at)
          SELECT ?, ?, 'unknown_transaction', 'MeterValues for a transaction this station never started', ?, ?
          WHERE NOT EXISTS (SELECT 1 FROM transactions WHERE id = ? AND station_id = ?)`,
    args: [stationId, transactionId, `{"connectorId":${connectorId},"transactionId":${transactionId}}`, at, transactionId, stationId],
  };
}

/** One sampled value with its meter value's timestamp; the station, connector and transaction are the message's. */
export interface SampledValueRow {
  timestamp: string;
  value: string;
  context?: string;
  format?: string;
  measurand?: string;
  phase?: string;
  location?: string;
  unit?: string;
}

// The optional fields of a sampled value, each stored in the column of the same name.
const optionalSampleFields = ["context", "format", "measurand", "phase", "location", "unit"] as const;
type OptionalSampleField = (typeof optionalSampleFields)[number];
// Rows per INSERT: keeps every statement far below SQLite's 32,766 variables, whatever a station sends in one message,
// and the number of distinct statement texts small.
const maxRowsPerInsert = 32;

/**
 * The sampled values of one message as INSERTs of up to 32 rows each, all in the caller's transaction. Station,
 * connector and transaction are bound once per statement, and each run of rows with the same timestamp (the sampled
 * values of one meter value) binds that timestamp once. Only the optional fields some row of the statement has are
 * bound at all. Binding is a large part of an insert's cost (~0.2 µs per string in the driver, measured). Each
 * statement carries its shape, so that the writer runs the inserts of neighbouring messages of the same shape as one
 * statement.
 */
export function insertMeterValues(
  stationId: string,
  connectorId: number,
  transactionId: number | undefined,
  rows: SampledValueRow[],
): WriteStatement[] {
  const statements: WriteStatement[] = [];
  for (let start = 0; start < rows.length; start += maxRowsPerInsert) {
    const end = Math.min(rows.length, start + maxRowsPerInsert);
    let mask = 0;
    // groupSizes: the lengths of the runs of one timestamp, in order.
    const groupSizes: number[] = [];
    for (let r = start; r < end; r++) {
      const row = rows[r]!;
      for (let f = 0; f < optionalSampleFields.length; f++) if (row[optionalSampleFields[f]!] !== undefined) mask |= 1 << f;
      if (r > start && row.timestamp === rows[r - 1]!.timestamp) groupSizes[groupSizes.length - 1]!++;
      else groupSizes.push(1);
    }
    const fields = fieldsOf(mask);
    const args: WriteArg[] = [stationId, connectorId, transactionId ?? null];
    let r = start;
    for (const size of groupSizes) {
      args.push(rows[r]!.timestamp);
      for (const runEnd = r + size; r < runEnd; r++) {
        const row = rows[r]!;
        args.push(row.value);
        for (const field of fields) args.push(row[field] ?? null);
      }
    }
    const shape = meterValueInsertOf(mask, groupSizes);
    statements.push({ sql: shape.sqlFor(1), args, shape });
  }
  return statements;
}

const fieldsByMask: OptionalSampleField[][] = [];
const fieldsOf = (mask: number) => (fieldsByMask[mask] ??= optionalSampleFields.filter((_, f) => mask & (1 << f)));

// One shape per (fields, runs of one timestamp), built once: the writer thread knows each text by number, and looking
// a string up is cheap only when it is the same string object. The usual shape, one run, is found by number; other
// run patterns by name, and since a station chooses them, only so many are kept (the others are built per message and
// so are not joined with their neighbours).
const singleRunInserts: InsertShape[] = [];
const multiRunInserts = new Map<string, InsertShape>();
const maxMultiRunShapes = 256;
function meterValueInsertOf(mask: number, groupSizes: number[]): InsertShape {
  if (groupSizes.length === 1) {
    const key = mask * (maxRowsPerInsert + 1) + groupSizes[0]!;
    return (singleRunInserts[key] ??= buildMeterValueInsert(mask, groupSizes));
  }
  const key = `${mask}:${groupSizes.join(",")}`;
  const cached = multiRunInserts.get(key);
  if (cached) return cached;
  const shape = buildMeterValueInsert(mask, groupSizes);
  if (multiRunInserts.size < maxMultiRunShapes) multiRunInserts.set(key, shape);
  return shape;
}

// ?1-?3 (station, connector, transaction) are shared by every row; each run binds its timestamp, then its rows' values.
function buildMeterValueInsert(mask: number, groupSizes: number[]): InsertShape {
  const fields = fieldsOf(mask);
  const perRow = 1 + fields.length;
  const rowCount = groupSizes.reduce((sum, size) => sum + size, 0);
  const argCount = 3 + groupSizes.length + rowCount * perRow;
  const prefix = `INSERT INTO meter_values (station_id, connector_id, transaction_id, timestamp, value${fields.map((f) => `, ${f}`).join("")}) VALUES `;
  const rowsOfCopy = (copy: number) => {
    const first = copy * argCount;
    const rows: string[] = [];
    let next = first + 4;
    for (const size of groupSizes) {
      const timestamp = next++;
      for (let r = 0; r < size; r++) {
        const values = [first + 1, first + 2, first + 3, timestamp];
        for (let c = 0; c < perRow; c++) values.push(next++);
        rows.push(`(${values.map((n) => `?${n}`).join(", ")})`);
      }
    }
    return rows.join(", ");
  };
  const texts: string[] = [];
  return {
    sqlFor: (copies) => (texts[copies] ??= prefix + Array.from({ length: copies }, (_, copy) => rowsOfCopy(copy)).join(", ")),
  };
}

// ---- reading ------------------------------------------------------------------------------------------------------

export interface TransactionFilter {
  stationId?: string;
  idTag?: string;
  active?: boolean;
  /** UTC `YYYY-MM-DDTHH:MM:SS.sssZ`, compared with the start timestamp. */
  from?: string;
  to?: string;
}

/**
 * The start timestamp as UTC `YYYY-MM-DDTHH:MM:SS.sssZ`: stations send it with any offset and precision, and only
 * the same form compares as text in time order. Forms SQLite cannot read (offsets like +0200) are compared as sent.
 */
const startInstant = sql`coalesce(strftime('%Y-%m-%dT%H:%M:%fZ', ${transactions.startTimestamp}), ${transactions.startTimestamp})`;

function filterCondition(f: TransactionFilter): SQL | undefined {
  return and(
    f.stationId === undefined ? undefined : eq(transactions.stationId, f.stationId),
    f.idTag === undefined ? undefined : eq(transactions.idTag, f.idTag),
    f.active === undefined ? undefined : f.active ? isNull(transactions.stopTimestamp) : isNotNull(transactions.stopTimestamp),
    f.from === undefined ? undefined : sql`${startInstant} >= ${f.from}`,
    f.to === undefined ? undefined : sql`${startInstant} <= ${f.to}`,
  );
}

export async function listTransactions(db: Db, filter: TransactionFilter, page: { limit: number; offset: number }) {
  const where = filterCondition(filter);
  const [items, [total]] = await Promise.all([
    db.select().from(transactions).where(where).orderBy(desc(transactions.id)).limit(page.limit).offset(page.offset),
    db.select({ total: count() }).from(transactions).where(where),
  ]);
  return { items, total: total!.total };
}

/** Newest first, the ones with an id below `beforeId`: walks a whole filtered list in batches (for exports). */
export async function transactionsBefore(db: Db, filter: TransactionFilter, beforeId: number | undefined, limit: number) {
  return db
    .select()
    .from(transactions)
    .where(and(filterCondition(filter), beforeId === undefined ? undefined : lt(transactions.id, beforeId)))
    .orderBy(desc(transactions.id))
    .limit(limit);
}

/**
 * The sampled values a station sent for its transaction. MeterValues carries a transaction id as the station claims
 * it, so values another station sent with the same number are not this transaction's.
 */
export async function meterValuesOfTransaction(db: Db, transactionId: number, stationId: string) {
  return db
    .select()
    .from(meterValues)
    .where(and(eq(meterValues.transactionId, transactionId), eq(meterValues.stationId, stationId)))
    .orderBy(asc(meterValues.timestamp), asc(meterValues.id));
}

export async function anomaliesOfStation(db: Db, stationId: string) {
  return db
    .select()
    .from(transactionAnomalies)
    .where(eq(transactionAnomalies.stationId, stationId))
    .orderBy(desc(transactionAnomalies.id));
}

/** The anomalies recorded against one transaction (by the station that owns it), oldest first. */
export async function anomaliesOfTransaction(db: Db, transactionId: number, stationId: string) {
  return db
    .select()
    .from(transactionAnomalies)
    .where(and(eq(transactionAnomalies.transactionId, transactionId), eq(transactionAnomalies.stationId, stationId)))
    .orderBy(asc(transactionAnomalies.id));
}

/** How many anomalies each of these transactions has (by the station that owns it); absent ones have none. */
export async function anomalyCounts(db: Db, refs: { id: number; stationId: string }[]): Promise<Map<number, number>> {
  const counts = new Map<number, number>();
  if (refs.length === 0) return counts;
  const rows = await db
    .select({ transactionId: transactionAnomalies.transactionId, stationId: transactionAnomalies.stationId, n: count() })
    .from(transactionAnomalies)
    .where(inArray(transactionAnomalies.transactionId, refs.map((r) => r.id)))
    .groupBy(transactionAnomalies.transactionId, transactionAnomalies.stationId);
  const owner = new Map(refs.map((r) => [r.id, r.stationId]));
  for (const row of rows) {
    if (row.transactionId !== null && owner.get(row.transactionId) === row.stationId) counts.set(row.transactionId, row.n);
  }
  return counts;
}

/**
 * The newest reading of the active energy register at the outlet, for the whole meter (no phase), that the station
 * sent for its transaction. A sample without measurand or location is one: OCPP defaults them so.
 */
export async function latestEnergyRegister(db: Db, transactionId: number, stationId: string) {
  const [row] = await db
    .select({ value: meterValues.value, unit: meterValues.unit, timestamp: meterValues.timestamp })
    .from(meterValues)
    .where(
      and(
        eq(meterValues.transactionId, transactionId),
        eq(meterValues.stationId, stationId),
        or(isNull(meterValues.measurand), eq(meterValues.measurand, "Energy.Active.Import.Register")),
        isNull(meterValues.phase),
        or(isNull(meterValues.location), eq(meterValues.location, "Outlet")),
      ),
    )
    .orderBy(desc(meterValues.timestamp), desc(meterValues.id))
    .limit(1);
  return row;
}
