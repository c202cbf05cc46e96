// Charge-point-initiated messages of the Security Whitepaper.
import { insertJobStatus, insertSecurityEvent } from "../../../db/securityEvents.ts";
import { receiveCsr, signApprovedCsr } from "../../certificates.ts";
import { criticalSecurityEvents } from "../../securityEventTypes.ts";
import { stationTime, type ActionHandler } from "./context.ts";

export const signCertificate: ActionHandler<"SignCertificate"> = async (ctx, request) => {
  const { status, request: csr } = await receiveCsr(ctx.services, ctx.session.id, request.csr);
  // CertificateSigned only after the station has our answer.
  if (csr.status === "approved") ctx.afterResponse(() => signApprovedCsr(ctx.services, csr.id));
  return { status };
};

export const securityEventNotification: ActionHandler<"SecurityEventNotification"> = async (ctx, request) => {
  const event = {
    stationId: ctx.session.id,
    type: request.type,
    timestamp: stationTime(request.timestamp),
    techInfo: request.techInfo,
    critical: criticalSecurityEvents.has(request.type),
  };
  await ctx.services.database.writer.write([insertSecurityEvent(event, ctx.receivedAt)]);
  if (event.critical) ctx.services.log.warn("critical security event", { station: event.stationId, type: event.type });
  return {};
};

export const logStatusNotification: ActionHandler<"LogStatusNotification"> = async (ctx, request) => {
  await ctx.services.database.writer.write([insertJobStatus("log", ctx.session.id, request.requestId, request.status, ctx.receivedAt)]);
  return {};
};

export const signedFirmwareStatusNotification: ActionHandler<"SignedFirmwareStatusNotification"> = async (ctx, request) => {
  await ctx.services.database.writer.write([
    insertJobStatus("firmware", ctx.session.id, request.requestId, request.status, ctx.receivedAt),
  ]);
  return {};
};
