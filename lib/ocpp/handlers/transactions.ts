import {
  insertMeterValues,
  insertTransaction,
  recordAnomaly,
  recordStop,
  transactionByStartIdentity,
  transactionOfStation,
} from "../../../db/transactions.ts";
import { idTagInfo, type AuthorizationStatus } from "./authorization.ts";
import { stationTime, type ActionHandler } from "./context.ts";
import { sampledValueRows } from "./meterValues.ts";

export const startTransaction: ActionHandler<"StartTransaction"> = async (ctx, request) => {
  const { db, writer } = ctx.services.database;
  const identity = { stationId: ctx.session.id, ...request, timestamp: stationTime(request.timestamp) };
  // A station that repeats a StartTransaction (lost answer) gets the same transaction and the same answer.
  const earlier = await transactionByStartIdentity(db, identity);
  if (earlier) {
    const info = await idTagInfo(db, request.idTag, { checkConcurrency: false });
    return { transactionId: earlier.id, idTagInfo: { ...info, status: earlier.startStatus as AuthorizationStatus } };
  }
  const info = await idTagInfo(db, request.idTag);
  // Recorded whatever the tag's status: the station has started delivering energy already.
  const [result] = await writer.write([insertTransaction({ ...identity, startStatus: info.status }, ctx.receivedAt)]);
  return { transactionId: Number(result!.rows[0]!.id), idTagInfo: info };
};

export const stopTransaction: ActionHandler<"StopTransaction"> = async (ctx, request) => {
  const { db, writer } = ctx.services.database;
  const stationId = ctx.session.id;
  const transaction = await transactionOfStation(db, stationId, request.transactionId);
  const anomaly = (kind: string, detail: string) =>
    recordAnomaly({ stationId, transactionId: request.transactionId, kind, detail, payload: request }, ctx.receivedAt);

  const statements = [];
  if (!transaction) {
    statements.push(anomaly("unknown_transaction", "StopTransaction for a transaction this station never started"));
  } else if (transaction.stopTimestamp !== null) {
    statements.push(anomaly("already_stopped", `Transaction was already stopped at ${transaction.stopTimestamp}`));
  } else {
    statements.push(recordStop({ ...request, timestamp: stationTime(request.timestamp) }));
    if (request.meterStop < transaction.meterStart) {
      statements.push(anomaly("meter_decreased", `meterStop ${request.meterStop} < meterStart ${transaction.meterStart}`));
    }
  }
  // Meter data is kept even when the stop itself does not fit; it is linked only to a transaction we know.
  const linkedId = transaction ? transaction.id : undefined;
  const rows = (request.transactionData ?? []).flatMap(sampledValueRows);
  statements.push(...insertMeterValues(stationId, transaction?.connectorId ?? 0, linkedId, rows));
  await writer.write(statements);

  if (request.idTag === undefined) return {};
  return { idTagInfo: await idTagInfo(db, request.idTag, { checkConcurrency: false }) };
};
