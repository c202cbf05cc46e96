// The console's security events and audit log: query parsing (invalid values are ignored), filter forms and tables.
import type { Child } from "hono/jsx";
import { auditKinds, listAudit, type AuditFilter } from "../../db/audit.ts";
import { listSecurityEvents, securityEventTypes, type SecurityEventFilter } from "../../db/securityEvents.ts";
import { whitepaperSecurityEventTypes } from "../securityEventTypes.ts";
import type { Services } from "../services.ts";
import { Field, Select } from "./layout.tsx";
import { listQuery, pageOf, pageSize, periodBound, StationLink, Time, type Query } from "./lists.tsx";

function FilterForm(props: { action: string; label: string; children: Child }) {
  return (
    <form method="get" action={props.action} class="filters" role="search" aria-label={props.label}>
      {props.children}
      <div>
        <button type="submit">Filter</button>
      </div>
      <div>
        <a href={props.action}>Clear filters</a>
      </div>
    </form>
  );
}

const periodHint = "YYYY-MM-DD (whole UTC day) or an ISO time";

// ---- security events ------------------------------------------------------------------------------------------------

export interface SecurityEventQuery {
  values: { stationId: string; type: string; critical: string; from: string; to: string };
  filter: SecurityEventFilter;
  page: number;
}

export function parseSecurityEventQuery(query: Query): SecurityEventQuery {
  const text = (name: string, max: number) => {
    const value = (query(name) ?? "").trim();
    return value.length <= max ? value : "";
  };
  const stationId = text("stationId", 100);
  const type = text("type", 100);
  const critical = ["yes", "no"].includes(query("critical") ?? "") ? query("critical")! : "";
  const from = periodBound(query("from"), "from");
  const to = periodBound(query("to"), "to");
  return {
    values: { stationId, type, critical, from: from ? text("from", 40) : "", to: to ? text("to", 40) : "" },
    filter: {
      stationId: stationId || undefined,
      type: type || undefined,
      critical: critical === "" ? undefined : critical === "yes",
      from,
      to,
    },
    page: pageOf(query),
  };
}

export async function securityEventPage(services: Services, query: SecurityEventQuery) {
  const { db } = services.database;
  const [{ items, total }, reported] = await Promise.all([
    listSecurityEvents(db, query.filter, { limit: pageSize, offset: (query.page - 1) * pageSize }),
    securityEventTypes(db),
  ]);
  const types = [...new Set<string>([...whitepaperSecurityEventTypes, ...reported])].sort();
  return { items, total, types };
}

export function SecurityEventFilters(props: { values: SecurityEventQuery["values"]; types: string[] }) {
  const { values } = props;
  const types = props.types.includes(values.type) || values.type === "" ? props.types : [...props.types, values.type];
  return (
    <FilterForm action="/security-events" label="Filter security events">
      <Field name="stationId" label="Station id" value={values.stationId} />
      <Select name="type" label="Type" value={values.type} options={[["", "Any"], ...types.map((t) => [t, t] as [string, string])]} />
      <Select
        name="critical"
        label="Critical"
        value={values.critical}
        options={[
          ["", "Any"],
          ["yes", "Critical only"],
          ["no", "Not critical"],
        ]}
      />
      <Field name="from" label="From" value={values.from} hint={periodHint} />
      <Field name="to" label="To (inclusive)" value={values.to} hint={periodHint} />
    </FilterForm>
  );
}

type SecurityEventRow = Awaited<ReturnType<typeof listSecurityEvents>>["items"][number];

export function CriticalFlag(props: { critical: boolean }) {
  return props.critical ? <strong class="flag critical">⚠ Critical</strong> : <span class="muted">No</span>;
}

export function SecurityEventTable(props: { items: SecurityEventRow[] }) {
  if (props.items.length === 0) return null;
  return (
    <div class="table-wrap">
      <table>
        <caption class="visually-hidden">Security events, newest first</caption>
        <thead>
          <tr>
            <th scope="col">Time</th>
            <th scope="col">Station</th>
            <th scope="col">Type</th>
            <th scope="col">Critical</th>
            <th scope="col">Technical information</th>
          </tr>
        </thead>
        <tbody>
          {props.items.map((e) => (
            <tr class={e.critical ? "critical" : undefined}>
              <td>
                <Time at={e.timestamp} />
              </td>
              <td>
                <StationLink id={e.stationId} />
              </td>
              <td>{e.type}</td>
              <td>
                <CriticalFlag critical={e.critical} />
              </td>
              <td class="wrap">{e.techInfo ?? ""}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

// ---- audit log ------------------------------------------------------------------------------------------------------

/** Kinds Joule records (more may appear in the log; those are offered too). */
export const knownAuditKinds = [
  "handshake_refused",
  "station_registered",
  "credentials_provisioned",
  "password_rotated",
  "password_rotation_failed",
  "profile_raise",
  "profile_lowered",
  "trust_anchor_added",
  "trust_anchor_removed",
  "certificate_revoked",
  "certificate_not_sent",
  "certificate_rejected_by_station",
  "csr_approved",
  "csr_rejected",
  "forwarding_ignored",
  "operator_login",
  "operator_login_failed",
  "operator_logout",
];

export interface AuditQuery {
  values: { kind: string; stationId: string; from: string; to: string };
  filter: AuditFilter;
  page: number;
}

export function parseAuditQuery(query: Query): AuditQuery {
  const text = (name: string, max: number) => {
    const value = (query(name) ?? "").trim();
    return value.length <= max ? value : "";
  };
  const kind = /^[a-z0-9_]{1,64}$/.test(query("kind") ?? "") ? query("kind")! : "";
  const stationId = text("stationId", 100);
  const from = periodBound(query("from"), "from");
  const to = periodBound(query("to"), "to");
  return {
    values: { kind, stationId, from: from ? text("from", 40) : "", to: to ? text("to", 40) : "" },
    filter: { kind: kind || undefined, stationId: stationId || undefined, from, to },
    page: pageOf(query),
  };
}

export async function auditPage(services: Services, query: AuditQuery) {
  const { db } = services.database;
  const [{ items, total }, present] = await Promise.all([
    listAudit(db, query.filter, { limit: pageSize, offset: (query.page - 1) * pageSize }),
    auditKinds(db),
  ]);
  return { items, total, kinds: [...new Set([...knownAuditKinds, ...present])].sort() };
}

export function AuditFilters(props: { values: AuditQuery["values"]; kinds: string[] }) {
  const { values } = props;
  const kinds = props.kinds.includes(values.kind) || values.kind === "" ? props.kinds : [...props.kinds, values.kind];
  return (
    <FilterForm action="/audit" label="Filter the audit log">
      <Select name="kind" label="Kind" value={values.kind} options={[["", "Any"], ...kinds.map((k) => [k, k.replaceAll("_", " ")] as [string, string])]} />
      <Field name="stationId" label="Station id" value={values.stationId} />
      <Field name="from" label="From" value={values.from} hint={periodHint} />
      <Field name="to" label="To (inclusive)" value={values.to} hint={periodHint} />
    </FilterForm>
  );
}

type AuditRow = Awaited<ReturnType<typeof listAudit>>["items"][number];

export function AuditTable(props: { items: AuditRow[] }) {
  if (props.items.length === 0) return null;
  return (
    <div class="table-wrap">
      <table>
        <caption class="visually-hidden">Audit log, newest first</caption>
        <thead>
          <tr>
            <th scope="col">Time</th>
            <th scope="col">Kind</th>
            <th scope="col">Station</th>
            <th scope="col">Actor</th>
            <th scope="col">Address</th>
            <th scope="col">Reason</th>
          </tr>
        </thead>
        <tbody>
          {props.items.map((entry) => (
            <tr>
              <td>
                <Time at={entry.at} />
              </td>
              <td>
                <a href={`/audit${listQuery({ kind: entry.kind })}`}>{entry.kind.replaceAll("_", " ")}</a>
              </td>
              <td>
                <StationLink id={entry.stationId} />
              </td>
              <td>{entry.actor ?? <span class="muted">—</span>}</td>
              <td>{entry.address ?? <span class="muted">—</span>}</td>
              <td class="wrap">{entry.reason}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
