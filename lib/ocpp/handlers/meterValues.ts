import { insertMeterValues, type SampledValueRow } from "../../../db/transactions.ts";
import type { RequestOf } from "../../../schemas/index.ts";
import type { ActionHandler } from "./context.ts";

type MeterValue = RequestOf<"MeterValues">["meterValue"][number];

/** One row per sampled value, stamped with its meter value's timestamp. */
export function sampledValueRows(meterValue: MeterValue, connectorId: number, transactionId?: number): SampledValueRow[] {
  return meterValue.sampledValue.map((sample) => ({
    connectorId,
    transactionId,
    timestamp: meterValue.timestamp,
    value: sample.value,
    context: sample.context,
    format: sample.format,
    measurand: sample.measurand,
    phase: sample.phase,
    location: sample.location,
    unit: sample.unit,
  }));
}

export const meterValues: ActionHandler<"MeterValues"> = async (ctx, request) => {
  const rows = request.meterValue.flatMap((mv) => sampledValueRows(mv, request.connectorId, request.transactionId));
  await ctx.services.database.writer.write(insertMeterValues(ctx.session.id, rows));
  return {};
};
