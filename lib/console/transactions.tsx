// The console's transactions: the list's query (invalid values are ignored), its filters and table, and the detail
// page with the meter values drawn as two charts (energy register and active power, never on one axis).
import type { TransactionFilter } from "../../db/transactions.ts";
import type { Services } from "../services.ts";
import {
  energyWh,
  transactionAnomalies,
  transactionDetail,
  transactionListFacts,
  transactionPage,
  type MeterValueView,
  type TransactionView,
} from "../transactions.ts";
import { LineChart, type ChartPoint } from "./chart.tsx";
import { listQuery, pageOf, pageSize, periodBound, StationLink, Time } from "./lists.tsx";
import { Field, Select } from "./layout.tsx";

type Query = (name: string) => string | undefined;

export interface TransactionQuery {
  values: { stationId: string; idTag: string; active: string; from: string; to: string };
  filter: TransactionFilter;
  page: number;
}

export function parseTransactionQuery(query: Query): TransactionQuery {
  const text = (name: string, max: number) => {
    const value = (query(name) ?? "").trim();
    return value.length <= max ? value : "";
  };
  const stationId = text("stationId", 100);
  // An OCPP IdToken has at most 20 characters; a longer one matches nothing, so it is no filter.
  const idTag = text("idTag", 20);
  const active = ["yes", "no"].includes(query("active") ?? "") ? query("active")! : "";
  const from = periodBound(query("from"), "from");
  const to = periodBound(query("to"), "to");
  return {
    values: { stationId, idTag, active, from: from ? text("from", 40) : "", to: to ? text("to", 40) : "" },
    filter: {
      stationId: stationId || undefined,
      idTag: idTag || undefined,
      active: active === "" ? undefined : active === "yes",
      from,
      to,
    },
    page: pageOf(query),
  };
}

export async function transactionListPage(services: Services, query: TransactionQuery) {
  const { db } = services.database;
  const { items, total } = await transactionPage(db, query.filter, { limit: pageSize, offset: (query.page - 1) * pageSize });
  return { items, total, facts: await transactionListFacts(db, items) };
}

export const transactionHref = (id: number) => `/transactions/${id}`;
export const idTagHref = (idTag: string) => `/id-tags/${encodeURIComponent(idTag)}`;

const periodHint = "YYYY-MM-DD (whole UTC day) or an ISO time; compared with the start";

export function TransactionFilters(props: { values: TransactionQuery["values"] }) {
  const { values } = props;
  return (
    <form method="get" action="/transactions" class="filters" role="search" aria-label="Filter transactions">
      <Field name="stationId" label="Station id" value={values.stationId} />
      <Field name="idTag" label="Id tag" value={values.idTag} />
      <Select
        name="active"
        label="State"
        value={values.active}
        options={[
          ["", "Any"],
          ["yes", "Active"],
          ["no", "Stopped"],
        ]}
      />
      <Field name="from" label="Started from" value={values.from} hint={periodHint} />
      <Field name="to" label="Started until (inclusive)" value={values.to} hint={periodHint} />
      <div>
        <button type="submit">Filter</button>
      </div>
      <div>
        <a href="/transactions">Clear filters</a>
      </div>
    </form>
  );
}

/** Wh as kWh with three decimals (exact for whole Wh). */
export const kWh = (wh: number) => `${(wh / 1000).toFixed(3)} kWh`;

function Energy(props: { t: TransactionView; soFarWh: number | null }) {
  if (props.t.energyWh !== null) return <>{kWh(props.t.energyWh)}</>;
  if (props.soFarWh !== null) {
    return (
      <>
        {kWh(props.soFarWh)} <span class="muted">so far</span>
      </>
    );
  }
  return <span class="muted">—</span>;
}

function State(props: { t: TransactionView }) {
  const { t } = props;
  return (
    <>
      {t.active ? <span class="state on">Active</span> : <span>Stopped: {t.stopReason ?? "Local"}</span>}
      {t.startStatus !== "Accepted" && <div class="anomaly">Tag {t.startStatus} at start</div>}
    </>
  );
}

function Anomalies(props: { count: number }) {
  return props.count > 0 ? (
    <strong class="anomaly">⚠ {props.count}</strong>
  ) : (
    <span class="muted">None</span>
  );
}

export function TransactionTable(props: {
  items: TransactionView[];
  facts: Map<number, { anomalies: number; energySoFarWh: number | null }>;
}) {
  if (props.items.length === 0) return null;
  return (
    <div class="table-wrap">
      <table>
        <caption class="visually-hidden">Transactions, newest first</caption>
        <thead>
          <tr>
            <th scope="col">Id</th>
            <th scope="col">Station</th>
            <th scope="col">Connector</th>
            <th scope="col">Id tag</th>
            <th scope="col">Start</th>
            <th scope="col">Stop</th>
            <th scope="col">Energy</th>
            <th scope="col">State</th>
            <th scope="col">Anomalies</th>
          </tr>
        </thead>
        <tbody>
          {props.items.map((t) => {
            const facts = props.facts.get(t.id);
            return (
              <tr class={facts?.anomalies ? "anomalous" : undefined}>
                <td>
                  <a href={transactionHref(t.id)}>{t.id}</a>
                </td>
                <td>
                  <StationLink id={t.stationId} />
                </td>
                <td>{t.connectorId}</td>
                <td>
                  <a href={`/transactions${listQuery({ idTag: t.idTag })}`} title="Transactions with this tag">
                    {t.idTag}
                  </a>
                </td>
                <td>
                  <Time at={t.startTimestamp} />
                </td>
                <td>
                  <Time at={t.stopTimestamp} />
                </td>
                <td>
                  <Energy t={t} soFarWh={facts?.energySoFarWh ?? null} />
                </td>
                <td>
                  <State t={t} />
                </td>
                <td>
                  <Anomalies count={facts?.anomalies ?? 0} />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

// ---- detail ---------------------------------------------------------------------------------------------------------

/** A transaction id from the path: a positive integer, else undefined (it names no transaction). */
export function transactionIdOf(raw: string | undefined): number | undefined {
  return raw !== undefined && /^[1-9]\d{0,15}$/.test(raw) ? Number(raw) : undefined;
}

export async function transactionDetailPage(services: Services, id: number) {
  const { db } = services.database;
  const detail = await transactionDetail(db, id);
  if (!detail) return undefined;
  const [anomalies, facts] = await Promise.all([transactionAnomalies(db, detail), transactionListFacts(db, [detail])]);
  return { detail, anomalies, energySoFarWh: facts.get(id)?.energySoFarWh ?? null };
}

const wholeMeter = (v: MeterValueView) => v.location === null || v.location === "Outlet";
const numeric = (v: MeterValueView) => v.format !== "SignedData";
/** Per-phase readings that add up to the total (L1 and L1-N are the same phase, reported two ways). */
const phaseOf = (phase: string | null) => (phase && /^L[123](-N)?$/.test(phase) ? phase.slice(0, 2) : undefined);

/** Active power in kW; OCPP power units are W (the default) or kW. */
function powerKw(value: string, unit: string | null): number | undefined {
  const n = Number(value);
  if (value.trim() === "" || !Number.isFinite(n)) return undefined;
  if (unit === null || unit === "W") return n / 1000;
  return unit === "kW" ? n : undefined;
}

/**
 * The chart's two series from a transaction's sampled values: the outlet's active energy register in kWh (whole
 * meter; a sample without measurand is one) and the active import power in kW (the whole-meter reading, or else the
 * sum of the phases at that time). Signed data, other units and other measurands are left out.
 */
export function meterSeries(values: MeterValueView[]): { energy: ChartPoint[]; power: ChartPoint[]; powerPhasesSummed: boolean } {
  const energy: ChartPoint[] = [];
  const powerTotals = new Map<number, number>();
  const powerPhases = new Map<number, Map<string, number>>();
  for (const v of values) {
    if (!wholeMeter(v) || !numeric(v)) continue;
    const t = Date.parse(v.timestamp);
    if (Number.isNaN(t)) continue;
    if ((v.measurand === null || v.measurand === "Energy.Active.Import.Register") && v.phase === null) {
      const wh = energyWh(v.value, v.unit);
      if (wh !== undefined) energy.push({ t, v: wh / 1000 });
    } else if (v.measurand === "Power.Active.Import") {
      const kw = powerKw(v.value, v.unit);
      if (kw === undefined) continue;
      if (v.phase === null) powerTotals.set(t, kw);
      else {
        const phase = phaseOf(v.phase);
        if (!phase) continue;
        const phases = powerPhases.get(t) ?? new Map<string, number>();
        phases.set(phase, kw);
        powerPhases.set(t, phases);
      }
    }
  }
  let powerPhasesSummed = false;
  for (const [t, phases] of powerPhases) {
    if (powerTotals.has(t)) continue;
    powerPhasesSummed = true;
    powerTotals.set(t, [...phases.values()].reduce((a, b) => a + b, 0));
  }
  const byTime = (a: ChartPoint, b: ChartPoint) => a.t - b.t;
  return {
    energy: energy.sort(byTime),
    power: [...powerTotals].map(([t, v]) => ({ t, v })).sort(byTime),
    powerPhasesSummed,
  };
}

type Detail = NonNullable<Awaited<ReturnType<typeof transactionDetailPage>>>;

export function TransactionDetailBody(props: Detail) {
  const { detail: t, anomalies } = props;
  const series = meterSeries(t.meterValues);
  return (
    <>
      <h1>Transaction {t.id}</h1>
      <p>
        <a href="/transactions">All transactions</a> ·{" "}
        <a href={`/transactions${listQuery({ stationId: t.stationId })}`}>Transactions of station {t.stationId}</a> ·{" "}
        <a href={`/transactions${listQuery({ idTag: t.idTag })}`}>Transactions of tag {t.idTag}</a>
      </p>
      <dl class="facts">
        <dt>State</dt>
        <dd>
          <State t={t} />
        </dd>
        <dt>Station</dt>
        <dd>
          <StationLink id={t.stationId} />
        </dd>
        <dt>Connector</dt>
        <dd>{t.connectorId}</dd>
        <dt>Id tag</dt>
        <dd>
          <a href={idTagHref(t.idTag)}>{t.idTag}</a> <span class="muted">(answered {t.startStatus} at start)</span>
        </dd>
        <dt>Start</dt>
        <dd>
          <Time at={t.startTimestamp} />
        </dd>
        <dt>Meter at start</dt>
        <dd>{t.meterStart} Wh</dd>
        <dt>Reservation</dt>
        <dd>{t.reservationId ?? <span class="muted">—</span>}</dd>
        <dt>Stop</dt>
        <dd>
          <Time at={t.stopTimestamp} />
        </dd>
        <dt>Meter at stop</dt>
        <dd>{t.meterStop === null ? <span class="muted">—</span> : `${t.meterStop} Wh`}</dd>
        <dt>Stop reason</dt>
        <dd>{t.stopReason ?? <span class="muted">—</span>}</dd>
        <dt>Stopped by tag</dt>
        <dd>{t.stopIdTag ?? <span class="muted">—</span>}</dd>
        <dt>Energy</dt>
        <dd>
          <Energy t={t} soFarWh={props.energySoFarWh} />
        </dd>
      </dl>

      <h2 id="anomalies-heading">Anomalies</h2>
      {anomalies.length === 0 ? (
        <p class="muted">None recorded.</p>
      ) : (
        <ul aria-labelledby="anomalies-heading">
          {anomalies.map((a) => (
            <li>
              <strong class="anomaly">{a.kind.replaceAll("_", " ")}</strong>: {a.detail} <span class="muted">(<Time at={a.receivedAt} />)</span>
            </li>
          ))}
        </ul>
      )}

      <h2>Meter values</h2>
      <p>
        {t.meterValues.length} sampled value{t.meterValues.length === 1 ? "" : "s"} received.{" "}
        <a href={`${transactionHref(t.id)}/meter-values.csv`} download>
          Download the meter values (CSV)
        </a>
      </p>
      <h3>Energy</h3>
      <LineChart
        id="chart-energy"
        title={`Energy meter register of transaction ${t.id}`}
        quantity="Energy"
        unit="kWh"
        points={series.energy}
      />
      <h3>Power</h3>
      <LineChart
        id="chart-power"
        title={`Active power of transaction ${t.id}`}
        quantity="Power"
        unit="kW"
        points={series.power}
        fromZero
        note={series.powerPhasesSummed ? "Where the station reported per phase, the phases are added up." : undefined}
      />
    </>
  );
}
