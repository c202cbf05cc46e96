// Stations as the operator and the API see them: stored record, live connection, boot info, connectors.
import type { Connector, NewStation, Station } from "../db/stations.ts";
import { createStation, createStations } from "../db/stations.ts";
import { forgetUnknownStation, forgetUnknownStations, unknownStationById } from "../db/unknownStations.ts";
import { passwordBytes } from "./security/basicAuth.ts";
import { auditProvisioning, credentialProblem, provisionCredentials, securityColumns, type CredentialInput } from "./stationSecurity.ts";
import { connectorsOf, deleteStation, listStations, stationById, updateStation } from "../db/stations.ts";
import { securityEventCounts } from "../db/securityEvents.ts";
import type { Page } from "./http/api.ts";
import { CloseCode } from "./ocpp/connection.ts";
import type { Services } from "./services.ts";

const noEvents = { total: 0, critical: 0 };

export function stationView(
  station: Station,
  connectors: Connector[],
  connected: boolean,
  securityEvents: { total: number; critical: number } = noEvents,
) {
  return {
    id: station.id,
    description: station.description,
    registrationStatus: station.registrationStatus,
    connected,
    lastHeartbeatAt: station.lastHeartbeatAt,
    boot: station.lastBootAt
      ? {
          chargePointVendor: station.chargePointVendor,
          chargePointModel: station.chargePointModel,
          chargePointSerialNumber: station.chargePointSerialNumber,
          chargeBoxSerialNumber: station.chargeBoxSerialNumber,
          firmwareVersion: station.firmwareVersion,
          iccid: station.iccid,
          imsi: station.imsi,
          meterType: station.meterType,
          meterSerialNumber: station.meterSerialNumber,
          bootedAt: station.lastBootAt,
        }
      : null,
    securityProfile: station.securityProfile,
    /** Whether a Basic-auth password is set; the password itself is never shown. */
    passwordSet: station.passwordHash !== null,
    cpoName: station.cpoName,
    certificateIdentity: station.certificateIdentity ?? station.id,
    /** Security events the station reported (SecurityEventNotification). */
    securityEvents,
    firmwareStatus: station.firmwareStatus,
    diagnosticsStatus: station.diagnosticsStatus,
    connectors: connectors.map(({ stationId: _, ...connector }) => connector),
    createdAt: station.createdAt,
    updatedAt: station.updatedAt,
  };
}
export type StationView = ReturnType<typeof stationView>;

/** Views of stored stations, with their connectors, security event counts and live connection state. */
export async function stationViews(services: Services, items: Station[]): Promise<StationView[]> {
  const { db } = services.database;
  const ids = items.map((s) => s.id);
  const [connectors, events] = await Promise.all([connectorsOf(db, ids), securityEventCounts(db, ids)]);
  return items.map((s) => stationView(s, connectors.get(s.id) ?? [], services.registry.isConnected(s.id), events.get(s.id)));
}

export async function stationPage(services: Services, page: Page) {
  const { items, total } = await listStations(services.database.db, page);
  return { items: await stationViews(services, items), total };
}

export async function stationDetail(services: Services, id: string): Promise<StationView | undefined> {
  const { db } = services.database;
  const station = await stationById(db, id);
  if (!station) return undefined;
  const [connectors, events] = await Promise.all([connectorsOf(db, [id]), securityEventCounts(db, [id])]);
  return stationView(station, connectors.get(id) ?? [], services.registry.isConnected(id), events.get(id));
}

/** Applies operator changes; a new registration status takes effect on the live connection at once. */
export async function changeStation(
  services: Services,
  id: string,
  changes: Partial<Pick<Station, "description" | "registrationStatus">>,
): Promise<StationView | undefined> {
  const defined = Object.fromEntries(Object.entries(changes).filter(([, value]) => value !== undefined));
  const updated = await updateStation(services.database.db, id, defined);
  if (!updated) return undefined;
  const session = services.registry.get(id);
  if (session && changes.registrationStatus) session.registrationStatus = changes.registrationStatus;
  return stationDetail(services, id);
}

export type EditStationResult =
  | { kind: "done"; station: StationView }
  | { kind: "unknown_station" }
  | { kind: "invalid"; field: string; message: string };

/**
 * Operator changes to a station: description and registration status, and credentials it already has (stored, and
 * audited, nothing is sent to it; a lower profile is refused with field securityProfile).
 */
export async function editStation(
  services: Services,
  id: string,
  input: Partial<Pick<Station, "description" | "registrationStatus">> &
    Omit<CredentialInput, "password"> & { password?: string; authorizationKey?: string },
  actor: string,
): Promise<EditStationResult> {
  const station = await stationById(services.database.db, id);
  if (!station) return { kind: "unknown_station" };
  const credentials: CredentialInput = { ...input, password: passwordBytes(input) };
  const problem = credentialProblem(station, credentials);
  if (problem) return { kind: "invalid", ...problem };
  await provisionCredentials(services, id, credentials, actor);
  const changed = await changeStation(services, id, { description: input.description, registrationStatus: input.registrationStatus });
  return changed ? { kind: "done", station: changed } : { kind: "unknown_station" };
}

/** Deletes the station and closes its connection. */
export async function removeStation(services: Services, id: string): Promise<boolean> {
  const deleted = await deleteStation(services.database.db, id);
  if (deleted) services.registry.disconnect(id, CloseCode.normal, "Station deleted");
  return deleted;
}

export type AddStationResult =
  | { kind: "added" }
  | { kind: "invalid"; field: string; message: string }
  | { kind: "exists" };

/**
 * Registers a station with the credentials it already has, in one write (it never exists, even briefly, on a weaker
 * profile than asked), audits the provisioning and drops it from the unknown stations.
 */
export async function addStation(
  services: Services,
  input: Pick<NewStation, "id" | "description" | "registrationStatus"> &
    Omit<CredentialInput, "password"> & { password?: string; authorizationKey?: string },
  actor: string,
): Promise<AddStationResult> {
  const credentials: CredentialInput = { ...input, password: passwordBytes(input) };
  const problem = credentialProblem({ securityProfile: 0, passwordHash: null }, credentials);
  if (problem) return { kind: "invalid", ...problem };
  const { db } = services.database;
  const created = await createStation(db, {
    id: input.id,
    description: input.description,
    registrationStatus: input.registrationStatus,
    ...(await securityColumns(credentials)),
  });
  if (!created) return { kind: "exists" };
  await auditProvisioning(services, input.id, credentials, actor);
  await forgetUnknownStation(db, input.id);
  return { kind: "added" };
}

export type RegisterUnknownResult = { kind: "registered" } | { kind: "not_unknown" } | { kind: "exists" };

/**
 * Registers a charge point id that tried to connect, so its next attempt succeeds (no credentials: profile 0 until
 * an operator sets them). The entry leaves the unknown stations either way: when the station exists already,
 * someone registered it first.
 */
export async function registerUnknownStation(
  services: Services,
  id: string,
  input: Pick<NewStation, "description" | "registrationStatus">,
): Promise<RegisterUnknownResult> {
  const { db } = services.database;
  if (!(await unknownStationById(db, id))) return { kind: "not_unknown" };
  const created = await createStation(db, { id, ...input });
  await forgetUnknownStation(db, id);
  return created ? { kind: "registered" } : { kind: "exists" };
}

/**
 * Adds many stations with the same description and registration status and no credentials, in one write: each id
 * is added whole or not at all. Returns the ids added (the others exist already); they leave the unknown stations.
 */
export async function addStations(
  services: Services,
  ids: string[],
  shared: Pick<NewStation, "description" | "registrationStatus">,
): Promise<Set<string>> {
  const { db } = services.database;
  const added = await createStations(db, ids.map((id) => ({ id, ...shared })));
  await forgetUnknownStations(db, [...added]);
  return added;
}
