// What the console shows of the fleet: the dashboard figures and the filtered, paged station list.
import { auditCountSince } from "../../db/audit.ts";
import { countCertificatesExpiringBetween } from "../../db/issuedCertificates.ts";
import { listSecurityEvents } from "../../db/securityEvents.ts";
import { filteredStations, listStations, type StationFilter } from "../../db/stations.ts";
import { listTransactions } from "../../db/transactions.ts";
import type { Services } from "../services.ts";
import { stationViews } from "../stations.ts";

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
    auditCountSince(db, "handshake_refused", iso(now - 3_600_000)),
    countCertificatesExpiringBetween(db, iso(now), iso(now + renewDays * 86_400_000)),
  ]);
  return {
    stations: all.total,
    connected: services.registry.connectedIds().length,
    activeTransactions: active.total,
    criticalEvents24h: critical.total,
    handshakeRefusalsHour: refusals,
    certificatesExpiring: expiring,
    certificateRenewDays: renewDays,
  };
}

export type { StationFilter };

/** One page of stations matching the filter, as the API shows them (with live connection state). */
export async function filteredStationPage(services: Services, filter: StationFilter, page: { limit: number; offset: number }) {
  const filterNow = { ...filter, connectedIds: services.registry.connectedIds() };
  const { items, total } = await filteredStations(services.database.db, filterNow, page);
  return { items: await stationViews(services, items), total };
}
