import { recordBoot, recordHeartbeat } from "../../../db/stations.ts";
import type { RegistrationStatus } from "../../../db/schema.ts";
import { nowIso } from "../../dateTime.ts";
import type { ActionHandler } from "./context.ts";

export const bootNotification: ActionHandler<"BootNotification"> = async (ctx, request) => {
  const { database, config } = ctx.services;
  const [result] = await database.writer.write([recordBoot(ctx.session.id, request, ctx.receivedAt)]);
  // The operator sets the status; the station is told whatever is stored now.
  const status = (result!.rows[0]?.registration_status ?? "Rejected") as RegistrationStatus;
  ctx.session.registrationStatus = status;
  return { status, currentTime: nowIso(), interval: config.heartbeatIntervalSeconds };
};

// What a Heartbeat writes, and its answer once that is written. Also run on the writer thread (lib/ocpp/writeOnlyCalls.ts).
export const heartbeatStatements = (stationId: string, receivedAt: string) => [recordHeartbeat(stationId, receivedAt)];
export const heartbeatResponse = () => ({ currentTime: nowIso() });

export const heartbeat: ActionHandler<"Heartbeat"> = (ctx) =>
  ctx.services.database.writer.write(heartbeatStatements(ctx.session.id, ctx.receivedAt)).then(heartbeatResponse);
