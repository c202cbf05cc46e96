// What Joule does around certain calls to a station, whichever route sends them (API, console, Joule itself):
// checks before sending, jobs whose id is the requestId, and the installed-certificate inventory following answers.
import { X509Certificate } from "node:crypto";
import { removeInstalledCertificate, replaceInstalledCertificates } from "../db/certificateRequests.ts";
import { createJob, updateJob, type JobKind } from "../db/securityEvents.ts";
import { updateStationSecurity } from "../db/stations.ts";
import type { Action } from "../schemas/index.ts";
import type { Services } from "./services.ts";

const jobKinds: Partial<Record<Action, JobKind>> = { GetLog: "log", SignedUpdateFirmware: "firmware" };

/** Checks beyond the schema, before anything is sent or recorded; undefined when the call may go. */
export function payloadProblem(action: Action, payload: Record<string, unknown>): { message: string; path: string } | undefined {
  if (action === "InstallCertificate") {
    try {
      if (!new X509Certificate(String(payload.certificate)).ca) return { path: "certificate", message: "certificate is not a CA certificate" };
    } catch {
      return { path: "certificate", message: "certificate is not a readable PEM certificate" };
    }
  }
  return undefined;
}

/**
 * For a GetLog / SignedUpdateFirmware about to be sent: creates its job and puts the job id in as requestId.
 * Other calls go unchanged.
 */
export async function withJob(
  services: Services,
  call: { stationId: string; action: Action; payload: Record<string, unknown>; requestedBy: string },
): Promise<{ payload: Record<string, unknown>; jobId?: number }> {
  const kind = jobKinds[call.action];
  if (!kind) return { payload: call.payload };
  const { db } = services.database;
  const job = await createJob(db, { kind, stationId: call.stationId, request: call.payload, createdBy: call.requestedBy });
  const payload = { ...call.payload, requestId: job.id };
  await updateJob(db, job.id, { request: payload });
  return { payload, jobId: job.id };
}

/** Hex hashes and serials compare without regard to case: kept in lower case. */
function normalizedHash(h: Record<string, string>) {
  return {
    hashAlgorithm: h.hashAlgorithm!,
    issuerNameHash: h.issuerNameHash!.toLowerCase(),
    issuerKeyHash: h.issuerKeyHash!.toLowerCase(),
    serialNumber: h.serialNumber!.toLowerCase(),
  };
}

/** Follows the station's answer: job answers and the certificate inventory. */
export async function afterCallResult(
  services: Services,
  call: { stationId: string; action: Action; payload: Record<string, unknown>; jobId?: number },
  result: Record<string, unknown>,
): Promise<void> {
  const { db } = services.database;
  if (call.jobId !== undefined) await updateJob(db, call.jobId, { answer: String(result.status) });
  if (call.action === "GetInstalledCertificateIds") {
    const type = String(call.payload.certificateType);
    if (result.status === "Accepted" || result.status === "NotFound") {
      const entries = ((result.certificateHashData as Record<string, string>[] | undefined) ?? []).map(normalizedHash);
      await replaceInstalledCertificates(db, call.stationId, type, entries);
    }
  }
  if (call.action === "GetConfiguration") {
    const entry = ((result.configurationKey as { key: string; value?: string }[] | undefined) ?? []).find(
      (k) => k.key.toLowerCase() === "certificatesignedmaxchainsize",
    );
    const size = Number(entry?.value);
    if (entry && Number.isInteger(size) && size > 0) {
      await updateStationSecurity(db, call.stationId, { certificateSignedMaxChainSize: size });
    }
  }
  if (call.action === "DeleteCertificate" && result.status === "Accepted") {
    await removeInstalledCertificate(db, call.stationId, normalizedHash(call.payload.certificateHashData as Record<string, string>));
  }
}
