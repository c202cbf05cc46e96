// What the console shows of the fleet: the dashboard figures, the filtered, paged station list and the unknown stations.
import { auditCountSince } from "../../db/audit.ts";
import { energyOfTransactionsStartedSince, faultedStationCount } from "../../db/dashboard.ts";
import { countCertificatesExpiringBetween } from "../../db/issuedCertificates.ts";
import { listSecurityEvents } from "../../db/securityEvents.ts";
import { bootVendorsAndModels, filteredStations, listStations, type StationFilter } from "../../db/stations.ts";
import { forgetUnknownStation, listUnknownStations, unknownStationCount } from "../../db/unknownStations.ts";
import { listTransactions } from "../../db/transactions.ts";
import type { Services } from "../services.ts";
import { stationViews } from "../stations.ts";

export interface DashboardFigures {
  stations: number;
  connected: number;
  faulted: number;
  activeTransactions: number;
  /** Energy of the transactions started today (UTC), in Wh: see energyOfTransactionsStartedSince. */
  energyTodayWh: number;
  /** Today (UTC) as YYYY-MM-DD, the `from` of the transaction list the energy figure sums. */
  today: string;
  /** The ISO instants the windows of the critical-event and refusal figures start at (their lists' `from`). */
  criticalSince: string;
  refusalsSince: string;
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
  const today = iso(now).slice(0, 10);
  const criticalSince = iso(now - 24 * 3_600_000);
  const refusalsSince = iso(now - 3_600_000);
  // "Energy today": the energy of the transactions that started today (UTC), stopped ones meterStop − meterStart,
  // active ones their latest Energy.Active.Import.Register reading − meterStart. It is what the linked list
  // /transactions?from=<today> shows, so the figure can be checked against it.
  const [all, active, critical, refusals, expiring, faulted, energyTodayWh] = await Promise.all([
    listStations(db, one),
    listTransactions(db, { active: true }, one),
    listSecurityEvents(db, { critical: true, from: criticalSince }, one),
    auditCountSince(db, "handshake_refused", refusalsSince),
    countCertificatesExpiringBetween(db, iso(now), iso(now + renewDays * 86_400_000)),
    faultedStationCount(db),
    energyOfTransactionsStartedSince(db, `${today}T00:00:00.000Z`),
  ]);
  return {
    stations: all.total,
    connected: services.registry.connectedIds().length,
    faulted,
    activeTransactions: active.total,
    energyTodayWh,
    today,
    criticalSince,
    refusalsSince,
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

/** The vendors and models stations reported at boot, for the list's filter (models of the chosen vendor only). */
export function bootFilterOptions(services: Services, vendor: string | undefined) {
  return bootVendorsAndModels(services.database.db, vendor, 500);
}

export function unknownStationTotal(services: Services): Promise<number> {
  return unknownStationCount(services.database.db);
}

/** Charge point ids that tried to connect without being registered, latest first. */
export function unknownStationPage(services: Services, page: { limit: number; offset: number }) {
  return listUnknownStations(services.database.db, page);
}

/** Removes an id from the unknown stations; false when it is not there. */
export function forgetUnknown(services: Services, id: string): Promise<boolean> {
  return forgetUnknownStation(services.database.db, id);
}
