import { insertMeterValues, recordAnomalyUnlessOwnTransaction, type SampledValueRow } from "../../../db/transactions.ts";
import type { RequestOf } from "../../../schemas/index.ts";
import { stationTime, type ActionHandler } from "./context.ts";

type MeterValue = RequestOf<"MeterValues">["meterValue"][number];

/** One row per sampled value, stamped with its meter value's timestamp. */
export function sampledValueRows(meterValue: MeterValue): SampledValueRow[] {
  const timestamp = stationTime(meterValue.timestamp);
  return meterValue.sampledValue.map((sample) => ({ timestamp, ...sample }));
}

export const meterValues: ActionHandler<"MeterValues"> = async (ctx, request) => {
  const { transactionId, connectorId } = request;
  const rows = request.meterValue.flatMap(sampledValueRows);
  const statements = insertMeterValues(ctx.session.id, connectorId, transactionId, rows);
  // Values are kept as the station sent them; naming another station's (or no) transaction is recorded as an anomaly.
  if (transactionId !== undefined) {
    statements.push(recordAnomalyUnlessOwnTransaction(ctx.session.id, transactionId, connectorId, ctx.receivedAt));
  }
  await ctx.services.database.writer.write(statements);
  return {};
};
