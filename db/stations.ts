// Stations, their connectors and status history.
import type { WriteStatement } from "./writer.ts";
import { and, asc, count, eq, exists, inArray, isNotNull, notExists, sql } from "drizzle-orm";
import type { Db } from "./index.ts";
import { connectors, stations, type RegistrationStatus } from "./schema.ts";

export type Station = typeof stations.$inferSelect;
export type Connector = typeof connectors.$inferSelect;

export async function stationById(db: Db, id: string): Promise<Station | undefined> {
  return db.query.stations.findFirst({ where: eq(stations.id, id) });
}

export async function listStations(db: Db, page: { limit: number; offset: number }) {
  const [items, [total]] = await Promise.all([
    db.select().from(stations).orderBy(asc(stations.id)).limit(page.limit).offset(page.offset),
    db.select({ total: count() }).from(stations),
  ]);
  return { items, total: total!.total };
}

export interface StationFilter {
  /** Part of the station id (case-insensitive). */
  q?: string;
  connected?: boolean;
  profile?: number;
  status?: RegistrationStatus;
  /** Exactly the vendor / model of the last BootNotification. */
  vendor?: string;
  model?: string;
  /** Stations with at least one connector (0 included: the station itself) whose current status is Faulted. */
  faulted?: boolean;
}

// Uses the connectors primary key (station_id, connector_id) per station.
const faultedConnector = sql`(SELECT 1 FROM ${connectors} WHERE ${connectors.stationId} = ${stations.id} AND ${connectors.status} = 'Faulted')`;

/** A page of stations matching the filter; `connectedIds` are the stations connected now (the registry knows). */
export async function filteredStations(
  db: Db,
  filter: StationFilter & { connectedIds: string[] },
  page: { limit: number; offset: number },
) {
  // The connected ids travel as one JSON parameter: one SQL variable per id would fail past SQLite's 32,766.
  const connectedNow = sql`(SELECT value FROM json_each(${JSON.stringify(filter.connectedIds)}))`;
  const where = and(
    filter.q ? sql`instr(lower(${stations.id}), lower(${filter.q})) > 0` : undefined,
    filter.status === undefined ? undefined : eq(stations.registrationStatus, filter.status),
    filter.profile === undefined ? undefined : eq(stations.securityProfile, filter.profile),
    filter.connected === undefined
      ? undefined
      : filter.connected
        ? sql`${stations.id} IN ${connectedNow}`
        : sql`${stations.id} NOT IN ${connectedNow}`,
    filter.vendor === undefined ? undefined : eq(stations.chargePointVendor, filter.vendor),
    filter.model === undefined ? undefined : eq(stations.chargePointModel, filter.model),
    filter.faulted === undefined ? undefined : filter.faulted ? exists(faultedConnector) : notExists(faultedConnector),
  );
  const [items, [total]] = await Promise.all([
    db.select().from(stations).where(where).orderBy(asc(stations.id)).limit(page.limit).offset(page.offset),
    db.select({ total: count() }).from(stations).where(where),
  ]);
  return { items, total: total!.total };
}

/** The vendors stations reported in BootNotification, and the models (of `vendor` when given), sorted; at most `limit` each. */
export async function bootVendorsAndModels(db: Db, vendor: string | undefined, limit: number) {
  const [vendors, models] = await Promise.all([
    db
      .selectDistinct({ value: stations.chargePointVendor })
      .from(stations)
      .where(isNotNull(stations.chargePointVendor))
      .orderBy(asc(stations.chargePointVendor))
      .limit(limit),
    db
      .selectDistinct({ value: stations.chargePointModel })
      .from(stations)
      .where(and(isNotNull(stations.chargePointModel), vendor === undefined ? undefined : eq(stations.chargePointVendor, vendor)))
      .orderBy(asc(stations.chargePointModel))
      .limit(limit),
  ]);
  return { vendors: vendors.map((r) => r.value!), models: models.map((r) => r.value!) };
}

export async function connectorsOf(db: Db, stationIds: string[]): Promise<Map<string, Connector[]>> {
  const byStation = new Map<string, Connector[]>();
  if (stationIds.length === 0) return byStation;
  const rows = await db
    .select()
    .from(connectors)
    .where(inArray(connectors.stationId, stationIds))
    .orderBy(asc(connectors.stationId), asc(connectors.connectorId));
  for (const row of rows) {
    const list = byStation.get(row.stationId) ?? [];
    list.push(row);
    byStation.set(row.stationId, list);
  }
  return byStation;
}

export type NewStation = Pick<
  typeof stations.$inferInsert,
  "id" | "description" | "registrationStatus" | "securityProfile" | "passwordHash" | "cpoName" | "certificateIdentity"
>;

/** Inserts a station; returns undefined when the id is taken. */
export async function createStation(db: Db, station: NewStation): Promise<Station | undefined> {
  const [row] = await db.insert(stations).values(station).onConflictDoNothing().returning();
  return row;
}

/**
 * Inserts stations in one statement (all of them or, on an error, none); ids taken already are skipped.
 * Returns the ids inserted.
 */
export async function createStations(db: Db, rows: Pick<NewStation, "id" | "description" | "registrationStatus">[]): Promise<Set<string>> {
  if (rows.length === 0) return new Set();
  const inserted = await db.insert(stations).values(rows).onConflictDoNothing().returning({ id: stations.id });
  return new Set(inserted.map((r) => r.id));
}

export async function updateStation(
  db: Db,
  id: string,
  changes: Partial<Pick<Station, "description" | "registrationStatus">>,
): Promise<Station | undefined> {
  const [row] = await db
    .update(stations)
    .set({ ...changes, updatedAt: new Date().toISOString() })
    .where(eq(stations.id, id))
    .returning();
  return row;
}

export async function deleteStation(db: Db, id: string): Promise<boolean> {
  const rows = await db.delete(stations).where(eq(stations.id, id)).returning({ id: stations.id });
  return rows.length > 0;
}

// ---- statements for the charge-point message path (written through the group-commit writer) ----------------------

export interface BootInfo {
  chargePointVendor: string;
  chargePointModel: string;
  chargePointSerialNumber?: string;
  chargeBoxSerialNumber?: string;
  firmwareVersion?: string;
  iccid?: string;
  imsi?: string;
  meterType?: string;
  meterSerialNumber?: string;
}

/** Records a BootNotification; RETURNING gives the station's current registration status. */
export function recordBoot(stationId: string, boot: BootInfo, at: string): WriteStatement {
  return {
    sql: `UPDATE stations SET charge_point_vendor = ?, charge_point_model = ?, charge_point_serial_number = ?,
            charge_box_serial_number = ?, firmware_version = ?, iccid = ?, imsi = ?, meter_type = ?,
            meter_serial_number = ?, last_boot_at = ?, updated_at = ?
          WHERE id = ? RETURNING registration_status`,
    args: [
      boot.chargePointVendor,
      boot.chargePointModel,
      boot.chargePointSerialNumber ?? null,
      boot.chargeBoxSerialNumber ?? null,
      boot.firmwareVersion ?? null,
      boot.iccid ?? null,
      boot.imsi ?? null,
      boot.meterType ?? null,
      boot.meterSerialNumber ?? null,
      at,
      at,
      stationId,
    ],
  };
}

export function recordHeartbeat(stationId: string, at: string): WriteStatement {
  return { sql: "UPDATE stations SET last_heartbeat_at = ? WHERE id = ?", args: [at, stationId] };
}

export interface ConnectorStatus {
  connectorId: number;
  status: string;
  errorCode: string;
  info?: string;
  vendorId?: string;
  vendorErrorCode?: string;
  timestamp?: string;
}

/** Sets the connector's current status and appends it to the history. */
export function recordConnectorStatus(stationId: string, s: ConnectorStatus, at: string): WriteStatement[] {
  const values = [
    stationId,
    s.connectorId,
    s.status,
    s.errorCode,
    s.info ?? null,
    s.vendorId ?? null,
    s.vendorErrorCode ?? null,
    s.timestamp ?? null,
  ];
  return [
    {
      sql: `INSERT INTO connectors (station_id, connector_id, status, error_code, info, vendor_id, vendor_error_code,
              timestamp, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (station_id, connector_id) DO UPDATE SET status = excluded.status,
              error_code = excluded.error_code, info = excluded.info, vendor_id = excluded.vendor_id,
              vendor_error_code = excluded.vendor_error_code, timestamp = excluded.timestamp,
              updated_at = excluded.updated_at`,
      args: [...values, at],
    },
    {
      sql: `INSERT INTO status_notifications (station_id, connector_id, status, error_code, info, vendor_id,
              vendor_error_code, timestamp, received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      args: [...values, at],
    },
  ];
}

/** Firmware or diagnostics status: current value on the station plus history. */
export function recordStationNotification(
  stationId: string,
  kind: "firmware" | "diagnostics",
  status: string,
  at: string,
): WriteStatement[] {
  const column = kind === "firmware" ? "firmware_status" : "diagnostics_status";
  return [
    { sql: `UPDATE stations SET ${column} = ?, ${column}_at = ? WHERE id = ?`, args: [status, at, stationId] },
    {
      sql: "INSERT INTO station_notifications (station_id, kind, status, received_at) VALUES (?, ?, ?, ?)",
      args: [stationId, kind, status, at],
    },
  ];
}

/** What the handshake needs to know about a station. */
export async function stationCredentials(db: Db, id: string) {
  const [row] = await db
    .select({
      registrationStatus: stations.registrationStatus,
      securityProfile: stations.securityProfile,
      passwordHash: stations.passwordHash,
      pendingPasswordHash: stations.pendingPasswordHash,
      cpoName: stations.cpoName,
      certificateIdentity: stations.certificateIdentity,
      certificateSignedMaxChainSize: stations.certificateSignedMaxChainSize,
    })
    .from(stations)
    .where(eq(stations.id, id));
  return row;
}
export type StationCredentials = NonNullable<Awaited<ReturnType<typeof stationCredentials>>>;

/** The station logged in with its rotated password: that one becomes the only one. */
export async function promotePendingPassword(db: Db, id: string, pendingHash: string): Promise<void> {
  await db
    .update(stations)
    .set({ passwordHash: pendingHash, pendingPasswordHash: null, updatedAt: new Date().toISOString() })
    .where(and(eq(stations.id, id), eq(stations.pendingPasswordHash, pendingHash)));
}

export async function updateStationSecurity(
  db: Db,
  id: string,
  changes: Partial<
    Pick<Station, "securityProfile" | "passwordHash" | "pendingPasswordHash" | "cpoName" | "certificateIdentity" | "certificateSignedMaxChainSize">
  >,
): Promise<void> {
  await db.update(stations).set({ ...changes, updatedAt: new Date().toISOString() }).where(eq(stations.id, id));
}

/** When the station was last asked to renew its certificate (ISO-8601), or undefined if never. */
export async function certificateRenewalAskedAt(db: Db, id: string): Promise<string | undefined> {
  const [row] = await db.select({ at: stations.certificateRenewalAskedAt }).from(stations).where(eq(stations.id, id));
  return row?.at ?? undefined;
}

export async function recordCertificateRenewalAsked(db: Db, id: string, at: string): Promise<void> {
  await db.update(stations).set({ certificateRenewalAskedAt: at }).where(eq(stations.id, id));
}
