import { recordConnectorStatus, recordStationNotification } from "../../../db/stations.ts";
import { stationTime, type ActionHandler } from "./context.ts";

export const statusNotification: ActionHandler<"StatusNotification"> = async (ctx, request) => {
  const timestamp = request.timestamp === undefined ? undefined : stationTime(request.timestamp);
  await ctx.services.database.writer.write(recordConnectorStatus(ctx.session.id, { ...request, timestamp }, ctx.receivedAt));
  return {};
};

export const diagnosticsStatusNotification: ActionHandler<"DiagnosticsStatusNotification"> = async (ctx, request) => {
  await ctx.services.database.writer.write(
    recordStationNotification(ctx.session.id, "diagnostics", request.status, ctx.receivedAt),
  );
  return {};
};

export const firmwareStatusNotification: ActionHandler<"FirmwareStatusNotification"> = async (ctx, request) => {
  await ctx.services.database.writer.write(
    recordStationNotification(ctx.session.id, "firmware", request.status, ctx.receivedAt),
  );
  return {};
};
