// The station certificate lifecycle: SignCertificate -> (approval) -> certificate issued by Joule's CA ->
// CertificateSigned, and renewal requests for certificates about to expire.
import { recordAudit } from "../db/audit.ts";
import {
  csrRequestById,
  recordCertificateAnswer,
  recordCsrRequest,
  updateCsrRequest,
  type CsrRequest,
} from "../db/certificateRequests.ts";
import { issuedCertificatesOf } from "../db/issuedCertificates.ts";
import { certificateRenewalAskedAt, recordCertificateRenewalAsked, stationCredentials } from "../db/stations.ts";
import { X509Certificate } from "node:crypto";
import { checkCsr, issueStationCertificate } from "./pki/stationCertificates.ts";
import type { KeyAndCertificate } from "./pki/x509.ts";
import type { Services } from "./services.ts";
import { callStation } from "./stationCalls.ts";

const signer = "Joule CA";

/**
 * The chain to send within the station's CertificateSignedMaxChainSize (characters), when known: the full chain if it
 * fits, else the leaf alone, else undefined.
 */
function fittingChain(leafPem: string, issuer: KeyAndCertificate, maxSize: number | null): string | undefined {
  const full = certificateChain(leafPem, issuer);
  if (maxSize === null || full.length <= maxSize) return full;
  return leafPem.length <= maxSize ? leafPem : undefined;
}

/** Leaf first; when Joule's issuer is an intermediate CA, it and the chain file above it follow. */
function certificateChain(leafPem: string, issuer: KeyAndCertificate): string {
  const ca = new X509Certificate(issuer.certificatePem);
  if (ca.subject === ca.issuer) return leafPem;
  return leafPem + issuer.certificatePem + (issuer.chainPem ?? "");
}

function expectedSubject(stationId: string, station: { cpoName: string | null; certificateIdentity: string | null }) {
  return { commonName: station.certificateIdentity ?? stationId, organization: station.cpoName };
}

/** SignCertificate.req: checks the CSR and records it. Accepted means Joule will sign (now or after approval). */
export async function receiveCsr(
  services: Services,
  stationId: string,
  csr: string,
): Promise<{ status: "Accepted" | "Rejected"; request: CsrRequest }> {
  const { db } = services.database;
  const station = await stationCredentials(db, stationId);
  const reject = async (reason: string) => {
    const request = await recordCsrRequest(db, { stationId, csr, status: "rejected", reason });
    services.log.warn("CSR rejected", { station: stationId, reason });
    return { status: "Rejected" as const, request };
  };
  if (!station) return reject("unknown station");
  if (station.securityProfile < 1) return reject("certificate operations need security profile 1 or higher");
  const verdict = await checkCsr(csr, expectedSubject(stationId, station));
  if (!verdict.ok) return reject(verdict.reason);
  const status = services.config.csrPolicy === "auto" ? "approved" : "pending";
  return { status: "Accepted", request: await recordCsrRequest(db, { stationId, csr, status }) };
}

/** Issues the certificate for an approved CSR and sends it with CertificateSigned; records the station's answer. */
export async function signApprovedCsr(services: Services, requestId: number): Promise<void> {
  const { db } = services.database;
  const request = await csrRequestById(db, requestId);
  const station = request && (await stationCredentials(db, request.stationId));
  if (!request || request.status !== "approved" || !station) return;
  const subject = expectedSubject(request.stationId, station);
  // Checked again: the station's CPO name or identity may have changed while the request waited.
  const verdict = await checkCsr(request.csr, subject);
  if (!verdict.ok) {
    await updateCsrRequest(db, requestId, "approved", { status: "failed", reason: verdict.reason });
    return;
  }
  const certificate = await issueStationCertificate(
    db,
    services.tls.material.ca,
    request.stationId,
    verdict,
    { CN: subject.commonName, O: subject.organization! },
    services.config.certificateValidityDays,
  );
  const chain = fittingChain(certificate.pem, services.tls.material.ca[verdict.kind], station.certificateSignedMaxChainSize);
  if (chain === undefined) {
    const reason = `certificate longer than the station's CertificateSignedMaxChainSize (${station.certificateSignedMaxChainSize})`;
    await updateCsrRequest(db, requestId, "approved", { status: "failed", reason, certificateSerial: certificate.serialNumber });
    await recordAudit(db, { kind: "certificate_not_sent", stationId: request.stationId, reason, actor: signer });
    return;
  }
  await updateCsrRequest(db, requestId, "approved", { status: "signed", certificateSerial: certificate.serialNumber });
  services.log.info("certificate issued", { station: request.stationId, serial: certificate.serialNumber, notAfter: certificate.notAfter });
  const outcome = await callStation(services, {
    stationId: request.stationId,
    action: "CertificateSigned",
    payload: { certificateChain: chain },
    requestedBy: signer,
  });
  if (outcome.kind !== "result") return; // no answer: the certificate stays without one
  const answer = (outcome.payload as { status: string }).status;
  await recordCertificateAnswer(db, certificate.serialNumber, answer);
  if (answer !== "Accepted") {
    await recordAudit(db, {
      kind: "certificate_rejected_by_station",
      stationId: request.stationId,
      reason: `CertificateSigned serial ${certificate.serialNumber}: ${answer}`,
      actor: signer,
    });
  }
}

export type CsrDecision = { kind: "done"; request: CsrRequest } | { kind: "not_found" } | { kind: "not_pending" };

export async function decideCsr(
  services: Services,
  requestId: number,
  decision: "approve" | "reject",
  actor: string,
  reason = "",
): Promise<CsrDecision> {
  const { db } = services.database;
  const existing = await csrRequestById(db, requestId);
  if (!existing) return { kind: "not_found" };
  const decided = await updateCsrRequest(db, requestId, "pending", {
    status: decision === "approve" ? "approved" : "rejected",
    reason: decision === "reject" ? reason || "rejected by operator" : null,
    decidedAt: new Date().toISOString(),
    decidedBy: actor,
  });
  if (!decided) return { kind: "not_pending" };
  await recordAudit(db, { kind: `csr_${decision === "approve" ? "approved" : "rejected"}`, stationId: existing.stationId, reason: `CSR ${requestId}`, actor });
  if (decision === "approve") await signApprovedCsr(services, requestId);
  return { kind: "done", request: (await csrRequestById(db, requestId))! };
}

/**
 * Asks connected stations whose newest Joule certificate expires within JOULE_CERT_RENEW_DAYS for a new CSR
 * (ExtendedTriggerMessage SignChargePointCertificate); at most once a day per station.
 */
export class CertificateRenewal {
  private timer: ReturnType<typeof setInterval> | undefined;
  private first: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly services: Services) {}

  /** Checks a minute after start-up, then every interval. */
  start(intervalMs = 60 * 60_000, firstAfterMs = 60_000): void {
    const runLogged = () => void this.run().catch((error) => this.services.log.warn("renewal run failed", { error }));
    this.first = setTimeout(runLogged, firstAfterMs);
    this.first.unref?.();
    this.timer = setInterval(runLogged, intervalMs);
    this.timer.unref?.();
  }

  stop(): void {
    clearTimeout(this.first);
    clearInterval(this.timer);
  }

  /** One pass; returns the stations asked. */
  async run(now = Date.now()): Promise<string[]> {
    const { config, database, registry } = this.services;
    const horizon = new Date(now + config.certificateRenewDays * 86_400_000).toISOString();
    const newestByStation = new Map<string, string>();
    for (const certificate of await issuedCertificatesOf(database.db)) {
      if (certificate.revokedAt !== null || certificate.answer === "Rejected") continue;
      const newest = newestByStation.get(certificate.stationId);
      if (newest === undefined || certificate.notAfter > newest) newestByStation.set(certificate.stationId, certificate.notAfter);
    }
    const asked: string[] = [];
    for (const [stationId, notAfter] of newestByStation) {
      if (notAfter > horizon || !registry.isConnected(stationId)) continue;
      // Kept with the station, not in memory: a restart (or another node) does not ask again the same day.
      const lastAsked = await certificateRenewalAskedAt(database.db, stationId);
      if (lastAsked !== undefined && now - Date.parse(lastAsked) < 86_400_000) continue;
      await recordCertificateRenewalAsked(database.db, stationId, new Date(now).toISOString());
      asked.push(stationId);
      await callStation(this.services, {
        stationId,
        action: "ExtendedTriggerMessage",
        payload: { requestedMessage: "SignChargePointCertificate" },
        requestedBy: "certificate renewal",
      });
    }
    return asked;
  }
}
