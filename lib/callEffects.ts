// What Joule does around certain calls to a station, whichever route sends them (API, console, Joule itself):
// checks before sending, jobs whose id is the requestId, and the installed-certificate inventory following answers.
import { X509Certificate } from "node:crypto";
import { removeInstalledCertificate, replaceInstalledCertificates } from "../db/certificateRequests.ts";
import { createJob, updateJob, type JobKind } from "../db/securityEvents.ts";
import type { Action } from "../schemas/index.ts";
import type { Services } from "./services.ts";

const jobKinds: Partial<Record<Action, JobKind>> = { GetLog: "log", SignedUpdateFirmware: "firmware" };

export type PreparedCall =
  | { ok: true; payload: Record<string, unknown>; jobId?: number }
  | { ok: false; message: string; path: string };

/** Checks beyond the schema, and creates the job of a GetLog / SignedUpdateFirmware (its id becomes the requestId). */
export async function prepareCall(
  services: Services,
  call: { stationId: string; action: Action; payload: Record<string, unknown>; requestedBy: string },
): Promise<PreparedCall> {
  if (call.action === "InstallCertificate") {
    try {
      if (!new X509Certificate(String(call.payload.certificate)).ca) {
        return { ok: false, path: "certificate", message: "certificate is not a CA certificate" };
      }
    } catch {
      return { ok: false, path: "certificate", message: "certificate is not a readable PEM certificate" };
    }
  }
  const kind = jobKinds[call.action];
  if (!kind) return { ok: true, payload: call.payload };
  const { db } = services.database;
  const job = await createJob(db, { kind, stationId: call.stationId, request: call.payload, createdBy: call.requestedBy });
  const payload = { ...call.payload, requestId: job.id };
  await updateJob(db, job.id, { request: payload });
  return { ok: true, payload, jobId: job.id };
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
      const entries = ((result.certificateHashData as Record<string, string>[] | undefined) ?? []).map((h) => ({
        hashAlgorithm: h.hashAlgorithm!,
        issuerNameHash: h.issuerNameHash!,
        issuerKeyHash: h.issuerKeyHash!,
        serialNumber: h.serialNumber!,
      }));
      await replaceInstalledCertificates(db, call.stationId, type, entries);
    }
  }
  if (call.action === "DeleteCertificate" && result.status === "Accepted") {
    const hash = call.payload.certificateHashData as Record<string, string>;
    await removeInstalledCertificate(db, call.stationId, {
      hashAlgorithm: hash.hashAlgorithm!,
      issuerNameHash: hash.issuerNameHash!,
      issuerKeyHash: hash.issuerKeyHash!,
      serialNumber: hash.serialNumber!,
    });
  }
}
