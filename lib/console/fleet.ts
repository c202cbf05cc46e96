// What the console shows of the fleet: the dashboard figures and the filtered, paged station list.
// (The few queries the JSON API has no function for yet are kept here, named after what they answer.)
import { and, asc, count, eq, gt, gte, inArray, isNull, lte, notInArray, sql } from "drizzle-orm";
import type { Db } from "../../db/index.ts";
import { auditLog, issuedCertificates, stations, type RegistrationStatus } from "../../db/schema.ts";
import { listSecurityEvents } from "../../db/securityEvents.ts";
import { connectorsOf, listStations } from "../../db/stations.ts";
import { securityEventCounts } from "../../db/securityEvents.ts";
import { listTransactions } from "../../db/transactions.ts";
import type { Services } from "../services.ts";
import { stationView } from "../stations.ts";

/** Ids of the stations connected to this process now. */
export function connectedStationIds(services: Services): string[] {
  return [...services.registry.sessions()].filter((s) => !s.isClosed).map((s) => s.id);
}

async function handshakeRefusalsSince(db: Db, since: string): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(auditLog)
    .where(and(eq(auditLog.kind, "handshake_refused"), gte(auditLog.at, since)));
  return row!.n;
}

/** Issued certificates, not revoked, still valid now and expiring before `until`. */
async function certificatesExpiringBetween(db: Db, now: string, until: string): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(issuedCertificates)
    .where(and(isNull(issuedCertificates.revokedAt), gt(issuedCertificates.notAfter, now), lte(issuedCertificates.notAfter, until)));
  return row!.n;
}

export interface DashboardFigures {
  stations: number;
  connected: number;
  activeTransactions: number;
  criticalEvents24h: number;
  handshakeRefusalsHour: number;
  certificatesExpiring: number;
  certificateRenewDays: number;
}

export async function dashboardFigures(services: Services): Promise<DashboardFigures> {
  const { db } = services.database;
  const now = Date.now();
  const one = { limit: 1, offset: 0 };
  const iso = (ms: number) => new Date(ms).toISOString();
  const renewDays = services.config.certificateRenewDays;
  const [all, active, critical, refusals, expiring] = await Promise.all([
    listStations(db, one),
    listTransactions(db, { active: true }, one),
    listSecurityEvents(db, { critical: true, from: iso(now - 24 * 3_600_000) }, one),
    handshakeRefusalsSince(db, iso(now - 3_600_000)),
    certificatesExpiringBetween(db, iso(now), iso(now + renewDays * 86_400_000)),
  ]);
  return {
    stations: all.total,
    connected: connectedStationIds(services).length,
    activeTransactions: active.total,
    criticalEvents24h: critical.total,
    handshakeRefusalsHour: refusals,
    certificatesExpiring: expiring,
    certificateRenewDays: renewDays,
  };
}

export interface StationFilter {
  /** Part of the station id (case-insensitive). */
  q?: string;
  connected?: boolean;
  profile?: number;
  status?: RegistrationStatus;
}

/** One page of stations matching the filter, as the API shows them (with live connection state). */
export async function filteredStationPage(services: Services, filter: StationFilter, page: { limit: number; offset: number }) {
  const { db } = services.database;
  const connectedIds = connectedStationIds(services);
  const where = and(
    filter.q ? sql`instr(lower(${stations.id}), lower(${filter.q})) > 0` : undefined,
    filter.status === undefined ? undefined : eq(stations.registrationStatus, filter.status),
    filter.profile === undefined ? undefined : eq(stations.securityProfile, filter.profile),
    filter.connected === undefined
      ? undefined
      : filter.connected
        ? inArray(stations.id, connectedIds)
        : connectedIds.length === 0
          ? undefined
          : notInArray(stations.id, connectedIds),
  );
  const [items, [total]] = await Promise.all([
    db.select().from(stations).where(where).orderBy(asc(stations.id)).limit(page.limit).offset(page.offset),
    db.select({ total: count() }).from(stations).where(where),
  ]);
  const ids = items.map((s) => s.id);
  const [connectors, events] = await Promise.all([connectorsOf(db, ids), securityEventCounts(db, ids)]);
  return {
    items: items.map((s) => stationView(s, connectors.get(s.id) ?? [], services.registry.isConnected(s.id), events.get(s.id))),
    total: total!.total,
  };
}
