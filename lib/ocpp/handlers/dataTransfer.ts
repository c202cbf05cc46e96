import type { ActionHandler } from "./context.ts";

export const dataTransfer: ActionHandler<"DataTransfer"> = async (ctx, request) => {
  const { dataTransfer, database } = ctx.services;
  const answer = await dataTransfer.handle({ stationId: ctx.session.id, ...request });
  await database.writer.write([
    {
      sql: `INSERT INTO data_transfers (station_id, vendor_id, message_id, data, status, received_at)
            VALUES (?, ?, ?, ?, ?, ?)`,
      args: [ctx.session.id, request.vendorId, request.messageId ?? null, request.data ?? null, answer.status, ctx.receivedAt],
    },
  ]);
  return answer;
};
