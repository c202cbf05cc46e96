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

export const heartbeat: ActionHandler<"Heartbeat"> = (ctx) =>
  ctx.services.database.writer.write([recordHeartbeat(ctx.session.id, ctx.receivedAt)]).then(() => ({ currentTime: nowIso() }));
