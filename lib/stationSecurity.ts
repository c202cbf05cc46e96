// Operator-side management of a station's security: provisioning credentials it already has, rotating its
// AuthorizationKey and raising its security profile over OCPP, lowering the profile by explicit operator action.
import { recordAudit } from "../db/audit.ts";
import { installedCertificatesOf, type InstalledCertificate } from "../db/certificateRequests.ts";
import { issuedCertificatesOf } from "../db/issuedCertificates.ts";
import { stationById, updateStationSecurity, type Station } from "../db/stations.ts";
import { generatePassword, hashPassword, toHex } from "./security/basicAuth.ts";
import type { Services } from "./services.ts";
import { callStation, type StationCallResult } from "./stationCalls.ts";
import { CertificateUse } from "../schemas/common.ts";

export interface CredentialInput {
  securityProfile?: number;
  /** Raw password bytes (from `password` or `authorizationKey`). */
  password?: Uint8Array;
  cpoName?: string | null;
  certificateIdentity?: string | null;
}

export type SecurityChangeResult =
  | { kind: "done"; stationStatus: string | null; stored: boolean }
  | { kind: "unknown_station" }
  | { kind: "conflict"; message: string; field?: string }
  | { kind: "timeout" };

/** Why a credential change cannot be provisioned on a station in this state, or undefined when it can. */
export function credentialProblem(
  current: { securityProfile: number; passwordHash: string | null },
  input: CredentialInput,
): { message: string; field: string } | undefined {
  const profile = input.securityProfile;
  if (profile !== undefined && profile < current.securityProfile) {
    return { field: "securityProfile", message: "lowering the profile needs POST /security-profile with force" };
  }
  const passwordWillBeSet = input.password !== undefined || current.passwordHash !== null;
  if ((profile === 1 || profile === 2) && !passwordWillBeSet) {
    return { field: "password", message: `profile ${profile} needs a password` };
  }
  return undefined;
}

export type SecurityColumns = Parameters<typeof updateStationSecurity>[2];

/** The stored form of provisioned credentials: the password only as its hash. */
export async function securityColumns(input: CredentialInput): Promise<SecurityColumns> {
  const columns: SecurityColumns = {};
  if (input.securityProfile !== undefined) columns.securityProfile = input.securityProfile;
  if (input.password !== undefined) {
    columns.passwordHash = await hashPassword(input.password);
    columns.pendingPasswordHash = null;
  }
  if (input.cpoName !== undefined) columns.cpoName = input.cpoName;
  if (input.certificateIdentity !== undefined) columns.certificateIdentity = input.certificateIdentity;
  return columns;
}

/** Audits provisioned credentials, naming what was set (never the password). */
export async function auditProvisioning(services: Services, stationId: string, input: CredentialInput, actor: string): Promise<void> {
  const what = [
    input.securityProfile !== undefined && `securityProfile ${input.securityProfile}`,
    input.password !== undefined && "password",
    input.cpoName !== undefined && "cpoName",
    input.certificateIdentity !== undefined && "certificateIdentity",
  ].filter(Boolean);
  if (what.length === 0) return;
  await recordAudit(services.database.db, { kind: "credentials_provisioned", stationId, reason: `set ${what.join(", ")}`, actor });
}

/** Stores what the station already has configured (nothing is sent to it). Check credentialProblem first. */
export async function provisionCredentials(services: Services, stationId: string, input: CredentialInput, actor: string): Promise<void> {
  const columns = await securityColumns(input);
  if (Object.keys(columns).length === 0) return;
  await updateStationSecurity(services.database.db, stationId, columns);
  await auditProvisioning(services, stationId, input, actor);
}

function changeConfiguration(services: Services, stationId: string, key: string, value: string, actor: string) {
  return callStation(services, { stationId, action: "ChangeConfiguration", payload: { key, value }, requestedBy: actor });
}

/**
 * Sends a new AuthorizationKey (hex of the password bytes) and stores its hash only when the station accepts.
 * Until the station logs in with the new key, the old one keeps working.
 */
export async function rotateAuthorizationKey(
  services: Services,
  stationId: string,
  password: Uint8Array | undefined,
  actor: string,
): Promise<SecurityChangeResult> {
  const { db } = services.database;
  const station = await stationById(db, stationId);
  if (!station) return { kind: "unknown_station" };
  if (!services.registry.isConnected(stationId)) return { kind: "conflict", message: "The station is not connected" };
  const key = password ?? generatePassword();
  const outcome = await changeConfiguration(services, stationId, "AuthorizationKey", toHex(key), actor);
  if (outcome.kind === "timeout") {
    await recordAudit(db, { kind: "password_rotation_failed", stationId, reason: "station did not answer; nothing stored", actor });
    return { kind: "timeout" };
  }
  if (outcome.kind === "not_connected") return { kind: "conflict", message: "The station is not connected" };
  if (outcome.kind !== "result") {
    await recordAudit(db, { kind: "password_rotation_failed", stationId, reason: `station answered ${outcome.kind}`, actor });
    return { kind: "done", stationStatus: null, stored: false };
  }
  const status = (outcome.payload as { status: string }).status;
  const stored = status === "Accepted";
  if (stored) {
    const hash = await hashPassword(key);
    // With no password yet there is nothing to fall back on: the new one is the password.
    await updateStationSecurity(db, stationId, station.passwordHash === null ? { passwordHash: hash } : { pendingPasswordHash: hash });
  }
  await recordAudit(db, { kind: "password_rotated", stationId, reason: `station answered ${status}; stored: ${stored}`, actor });
  return { kind: "done", stationStatus: status, stored };
}

/**
 * Whether Joule issued the station a certificate it did not reject and that would pass a profile-3 handshake now
 * (trusted, in its validity period, not revoked, O and CN as configured).
 */
async function hasWorkingIssuedCertificate(services: Services, station: Station): Promise<boolean> {
  const expected = { organization: station.cpoName, commonName: station.certificateIdentity ?? station.id };
  const issued = await issuedCertificatesOf(services.database.db, station.id);
  return issued.some((c) => c.answer !== "Rejected" && services.trustStore.check(c.pem, expected).ok);
}

/** Preconditions for a profile the station is asked to move to. */
async function raisePrecondition(services: Services, station: Station, profile: number, force: boolean): Promise<string | undefined> {
  if ((profile === 1 || profile === 2) && station.passwordHash === null) return "the station has no password set";
  if (profile >= 2 && services.tls.listener === undefined) return "the wss listener is off";
  if (profile === 3) {
    if (station.cpoName === null) return "the station has no CPO name set";
    if (!force && !(await hasWorkingIssuedCertificate(services, station))) {
      return "no valid certificate issued to this station by Joule (confirm with force)";
    }
  }
  return undefined;
}

/** Raises the profile over OCPP (stored only on Accepted); lowering is a forced operator action, sent nowhere. */
export async function changeSecurityProfile(
  services: Services,
  stationId: string,
  profile: number,
  force: boolean,
  actor: string,
): Promise<SecurityChangeResult> {
  const { db } = services.database;
  const station = await stationById(db, stationId);
  if (!station) return { kind: "unknown_station" };
  const current = station.securityProfile;
  if (profile === current) return { kind: "conflict", message: `The station is on profile ${profile} already`, field: "profile" };
  if (profile < current) {
    if (!force) return { kind: "conflict", message: "Lowering a profile needs force: true", field: "force" };
    await updateStationSecurity(db, stationId, { securityProfile: profile });
    await recordAudit(db, { kind: "profile_lowered", stationId, reason: `profile ${current} -> ${profile} by operator`, actor });
    return { kind: "done", stationStatus: null, stored: true };
  }
  const unmet = await raisePrecondition(services, station, profile, force);
  if (unmet) return { kind: "conflict", message: `Cannot raise to profile ${profile}: ${unmet}`, field: "profile" };
  if (!services.registry.isConnected(stationId)) return { kind: "conflict", message: "The station is not connected" };
  const outcome = await changeConfiguration(services, stationId, "SecurityProfile", String(profile), actor);
  if (outcome.kind === "timeout") {
    await recordAudit(db, { kind: "profile_raise", stationId, reason: `profile ${current} -> ${profile}: station did not answer; not stored`, actor });
    return { kind: "timeout" };
  }
  if (outcome.kind === "not_connected") return { kind: "conflict", message: "The station is not connected" };
  const status = outcome.kind === "result" ? (outcome.payload as { status: string }).status : null;
  const stored = status === "Accepted";
  if (stored) await updateStationSecurity(db, stationId, { securityProfile: profile });
  await recordAudit(db, {
    kind: "profile_raise",
    stationId,
    reason: `profile ${current} -> ${profile}: station answered ${status ?? outcome.kind}; stored: ${stored}`,
    actor,
  });
  return { kind: "done", stationStatus: status, stored };
}

// ---- installed-certificate inventory ---------------------------------------------------------------------------------

/** The certificate types a station is asked about (CertificateUse). */
export const installedCertificateTypes = CertificateUse.options;

export interface InventoryAnswer {
  certificateType: (typeof installedCertificateTypes)[number];
  outcome: StationCallResult;
}

/**
 * Asks the station for its installed certificates of every type (GetInstalledCertificateIds); each answer replaces the
 * stored inventory of its type (see afterCallResult). Stops at the first call that was not answered.
 */
export async function refreshInstalledCertificates(services: Services, stationId: string, actor: string): Promise<InventoryAnswer[]> {
  const answers: InventoryAnswer[] = [];
  for (const certificateType of installedCertificateTypes) {
    const outcome = await callStation(services, {
      stationId,
      action: "GetInstalledCertificateIds",
      payload: { certificateType },
      requestedBy: actor,
    });
    answers.push({ certificateType, outcome });
    if (outcome.kind !== "result" && outcome.kind !== "error") break;
  }
  return answers;
}

export type CertificateHash = Pick<InstalledCertificate, "hashAlgorithm" | "issuerNameHash" | "issuerKeyHash" | "serialNumber">;

/**
 * Asks the station to delete one certificate of its reported inventory (DeleteCertificate); on Accepted it leaves the
 * inventory (see afterCallResult). A hash that is not in the inventory is not sent.
 */
export async function deleteInstalledCertificate(
  services: Services,
  stationId: string,
  hash: CertificateHash,
  actor: string,
): Promise<StationCallResult | { kind: "not_installed" }> {
  const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();
  const inventory = await installedCertificatesOf(services.database.db, stationId);
  const entry = inventory.find(
    (c) =>
      c.hashAlgorithm === hash.hashAlgorithm &&
      same(c.issuerNameHash, hash.issuerNameHash) &&
      same(c.issuerKeyHash, hash.issuerKeyHash) &&
      same(c.serialNumber, hash.serialNumber),
  );
  if (!entry) return { kind: "not_installed" };
  const { hashAlgorithm, issuerNameHash, issuerKeyHash, serialNumber } = entry;
  return callStation(services, {
    stationId,
    action: "DeleteCertificate",
    payload: { certificateHashData: { hashAlgorithm, issuerNameHash, issuerKeyHash, serialNumber } },
    requestedBy: actor,
  });
}
