// The console's station list (filters, paging, live connection state), the add-station form, adding a batch of
// stations, and the unknown stations (ids that tried to connect) with one-click register.
import * as v from "valibot";
import { registrationStatuses, type RegistrationStatus } from "../../db/schema.ts";
import { NewStationInput } from "../../routes/api/v1/stations/_input.ts";
import type { Services } from "../services.ts";
import { addStation, addStations, type StationView } from "../stations.ts";
import type { OperatorSession } from "./auth.ts";
import type { StationFilter } from "./fleet.ts";
import { ConfirmAction, CsrfField, Field, Select, TextArea, when, type FieldErrors } from "./layout.tsx";
import { listQuery, pageOf, pageSize, Pager, stationHref } from "./lists.tsx";

/** The list's query string as entered (to refill the form) and as a filter (invalid values are ignored). */
export interface StationQuery {
  values: { q: string; connected: string; profile: string; status: string; vendor: string; model: string; faulted: string };
  filter: StationFilter;
  page: number;
}

export function parseStationQuery(query: (name: string) => string | undefined): StationQuery {
  const q = (query("q") ?? "").trim().slice(0, 100);
  const connected = ["yes", "no"].includes(query("connected") ?? "") ? query("connected")! : "";
  const profile = /^[0-3]$/.test(query("profile") ?? "") ? query("profile")! : "";
  const status = (registrationStatuses as readonly string[]).includes(query("status") ?? "") ? query("status")! : "";
  // Vendor and model as the station sent them (CiString20 / CiString20 in BootNotification); longer is no match.
  const bootValue = (name: string) => {
    const value = query(name) ?? "";
    return value.length <= 50 ? value : "";
  };
  const vendor = bootValue("vendor");
  const model = bootValue("model");
  const faulted = query("faulted") === "yes" ? "yes" : "";
  return {
    values: { q, connected, profile, status, vendor, model, faulted },
    filter: {
      q: q || undefined,
      connected: connected === "" ? undefined : connected === "yes",
      profile: profile === "" ? undefined : Number(profile),
      status: status === "" ? undefined : (status as RegistrationStatus),
      vendor: vendor || undefined,
      model: model || undefined,
      faulted: faulted === "yes" ? true : undefined,
    },
    page: pageOf(query),
  };
}

/** [value, label] options: "Any", then the known values, plus the current one when no station reports it (any more). */
function choices(known: string[], current: string): [string, string][] {
  const values = current !== "" && !known.includes(current) ? [...known, current] : known;
  return [["", "Any"], ...values.map((value) => [value, value] as [string, string])];
}

export function StationFilters(props: { values: StationQuery["values"]; vendors: string[]; models: string[] }) {
  const { values } = props;
  return (
    <form method="get" action="/stations" class="filters" role="search" aria-label="Filter stations">
      <Field name="q" label="Station id contains" value={values.q} type="search" />
      <Select
        name="connected"
        label="Connection"
        value={values.connected}
        options={[
          ["", "Any"],
          ["yes", "Connected"],
          ["no", "Not connected"],
        ]}
      />
      <Select
        name="profile"
        label="Security profile"
        value={values.profile}
        options={[["", "Any"], ...(["0", "1", "2", "3"].map((p) => [p, `Profile ${p}`]) as [string, string][])]}
      />
      <Select
        name="status"
        label="Registration"
        value={values.status}
        options={[["", "Any"], ...registrationStatuses.map((s) => [s, s] as [string, string])]}
      />
      <Select name="vendor" label="Vendor (from boot)" value={values.vendor} options={choices(props.vendors, values.vendor)} />
      <Select name="model" label="Model (from boot)" value={values.model} options={choices(props.models, values.model)} />
      <Select
        name="faulted"
        label="Connectors"
        value={values.faulted}
        options={[
          ["", "Any"],
          ["yes", "Any connector faulted"],
        ]}
      />
      <div>
        <button type="submit">Filter</button>
      </div>
    </form>
  );
}

/** Connectors whose current status is Faulted (0 is the station itself). */
export function faultedConnectors(station: StationView): number[] {
  return station.connectors.filter((c) => c.status === "Faulted").map((c) => c.connectorId);
}

export function ConnectionState(props: { connected: boolean }) {
  return props.connected ? <span class="state on">Connected</span> : <span class="state off">Not connected</span>;
}

function FaultedState(props: { connectorIds: number[] }) {
  if (props.connectorIds.length === 0) return null;
  const which = props.connectorIds.map((id) => (id === 0 ? "station" : `connector ${id}`)).join(", ");
  return <span class="state bad"> · Faulted ({which})</span>;
}

/** The table with its pager; polls its fragment route to keep the connection state live. */
export function StationTable(props: { items: StationView[]; total: number; query: StationQuery }) {
  const { items, total, query } = props;
  const first = total === 0 ? 0 : (query.page - 1) * pageSize + 1;
  const last = Math.min(total, query.page * pageSize);
  return (
    <div
      id="station-table"
      hx-get={`/fragments/stations${listQuery(query.values, query.page)}`}
      hx-trigger="every 5s"
      hx-swap="outerHTML"
    >
      <p aria-live="polite">
        {total === 0 ? "No station matches." : `Stations ${first}–${last} of ${total}`}
      </p>
      {items.length > 0 && (
        <div class="table-wrap">
          <table>
            <caption class="visually-hidden">Stations</caption>
            <thead>
              <tr>
                <th scope="col">Id</th>
                <th scope="col">State</th>
                <th scope="col">Registration</th>
                <th scope="col">Profile</th>
                <th scope="col">Vendor / model</th>
                <th scope="col">Last heartbeat</th>
                <th scope="col">Description</th>
              </tr>
            </thead>
            <tbody>
              {items.map((s) => (
                <tr>
                  <td>
                    <a href={stationHref(s.id)}>{s.id}</a>
                  </td>
                  <td>
                    <ConnectionState connected={s.connected} />
                    <FaultedState connectorIds={faultedConnectors(s)} />
                  </td>
                  <td>{s.registrationStatus}</td>
                  <td>{s.securityProfile}</td>
                  <td>{s.boot ? `${s.boot.chargePointVendor ?? ""} ${s.boot.chargePointModel ?? ""}` : "—"}</td>
                  <td>{when(s.lastHeartbeatAt)}</td>
                  <td>{s.description}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pager path="/stations" values={query.values} page={query.page} total={total} />
    </div>
  );
}

// ---- adding a station -----------------------------------------------------------------------------------------------

export interface AddStationValues {
  id: string;
  description: string;
  registrationStatus: string;
  securityProfile: string;
  cpoName: string;
}

export const emptyAddStation: AddStationValues = { id: "", description: "", registrationStatus: "Accepted", securityProfile: "0", cpoName: "" };

export function AddStationForm(props: { session: OperatorSession; values: AddStationValues; errors?: FieldErrors }) {
  const { values, errors } = props;
  return (
    <form method="post" action="/stations" class="stack" aria-labelledby="add-station-heading" novalidate>
      <h2 id="add-station-heading">Add a station</h2>
      {errors?.form && (
        <p class="notice bad" role="alert">
          {errors.form}
        </p>
      )}
      <CsrfField session={props.session} />
      <Field name="id" label="Charge point id" value={values.id} errors={errors} required />
      <Field name="description" label="Description" value={values.description} errors={errors} />
      <Select
        name="registrationStatus"
        label="Registration status"
        value={values.registrationStatus}
        errors={errors}
        options={registrationStatuses.map((s) => [s, s] as [string, string])}
      />
      <Select
        name="securityProfile"
        label="Security profile the station already uses"
        value={values.securityProfile}
        errors={errors}
        options={["0", "1", "2", "3"].map((p) => [p, `Profile ${p}`] as [string, string])}
      />
      <Field
        name="password"
        label="Basic-auth password it already has (optional)"
        type="password"
        errors={errors}
        autocomplete="new-password"
        hint="16 to 20 bytes; needed for profiles 1 and 2. Stored only as a hash."
      />
      <Field name="cpoName" label="CPO name (optional)" value={values.cpoName} errors={errors} />
      <div>
        <button type="submit">Add station</button>
      </div>
    </form>
  );
}

export type AddStationOutcome = { kind: "added"; id: string } | { kind: "invalid"; values: AddStationValues; errors: FieldErrors };

/** Validates the form as the API validates its JSON, then creates the station with its credentials in one write. */
export async function addStationFromForm(
  services: Services,
  body: Record<string, unknown>,
  actor: string,
): Promise<AddStationOutcome> {
  const text = (name: string) => (typeof body[name] === "string" ? (body[name] as string) : "");
  const values: AddStationValues = {
    id: text("id").trim(),
    description: text("description"),
    registrationStatus: text("registrationStatus") || "Accepted",
    securityProfile: text("securityProfile") || "0",
    cpoName: text("cpoName").trim(),
  };
  const input: Record<string, unknown> = {
    id: values.id,
    description: values.description,
    registrationStatus: values.registrationStatus,
    securityProfile: /^\d+$/.test(values.securityProfile) ? Number(values.securityProfile) : values.securityProfile,
  };
  if (text("password") !== "") input.password = text("password");
  if (values.cpoName !== "") input.cpoName = values.cpoName;
  const parsed = v.safeParse(NewStationInput, input);
  if (!parsed.success) {
    const errors: FieldErrors = {};
    for (const issue of parsed.issues) {
      const field = issue.path?.map((p) => String(p.key)).join(".") || "form";
      errors[field] ??= issue.message;
    }
    return { kind: "invalid", values, errors };
  }
  const station = parsed.output;
  const result = await addStation(services, station, actor);
  if (result.kind === "invalid") return { kind: "invalid", values, errors: { [result.field]: result.message } };
  if (result.kind === "exists") return { kind: "invalid", values, errors: { id: `A station with id ${station.id} exists already` } };
  return { kind: "added", id: station.id };
}

// ---- adding a batch of stations -------------------------------------------------------------------------------------

export const maxBatch = 1_000;

export interface BatchValues {
  ids: string;
  description: string;
  registrationStatus: string;
}

export const emptyBatch: BatchValues = { ids: "", description: "", registrationStatus: "Accepted" };

export type BatchLine =
  | { id: string; outcome: "added" }
  | { id: string; outcome: "exists" }
  | { id: string; outcome: "invalid"; reason: string };

export type BatchOutcome = { kind: "done"; lines: BatchLine[]; values: BatchValues } | { kind: "invalid"; values: BatchValues; errors: FieldErrors };

/** The ids of the text area: separated by new lines, commas or spaces (so an id cannot contain those). */
export function splitIds(text: string): string[] {
  return text.split(/[\s,]+/).filter((id) => id !== "");
}

/**
 * Checks the shared fields and every id as the API checks a new station, then adds all valid new ids in one write.
 * Each id is reported: added, already exists, or invalid with the reason (a repeated id is reported once more as
 * invalid). Stations come without credentials (profile 0); set them on each station's page.
 */
export async function addStationBatchFromForm(services: Services, body: Record<string, unknown>): Promise<BatchOutcome> {
  const text = (name: string) => (typeof body[name] === "string" ? (body[name] as string) : "");
  const values: BatchValues = {
    ids: text("ids"),
    description: text("description"),
    registrationStatus: text("registrationStatus") || "Accepted",
  };
  const errors: FieldErrors = {};
  const shared = v.safeParse(NewStationInput, { id: "x", description: values.description, registrationStatus: values.registrationStatus });
  if (!shared.success) {
    for (const issue of shared.issues) {
      const field = issue.path?.map((p) => String(p.key)).join(".") || "form";
      errors[field] ??= issue.message;
    }
  }
  const ids = splitIds(values.ids);
  if (ids.length === 0) errors.ids = "Enter at least one charge point id";
  else if (ids.length > maxBatch) errors.ids = `At most ${maxBatch.toLocaleString("en")} ids per batch (this list has ${ids.length.toLocaleString("en")})`;
  if (!shared.success || Object.keys(errors).length > 0) return { kind: "invalid", values, errors };
  const { description, registrationStatus } = shared.output;

  const lines: BatchLine[] = [];
  const seen = new Set<string>();
  for (const id of ids) {
    const parsed = v.safeParse(NewStationInput, { id });
    if (!parsed.success) lines.push({ id, outcome: "invalid", reason: parsed.issues[0]!.message });
    else if (seen.has(id)) lines.push({ id, outcome: "invalid", reason: "listed more than once; added or checked once" });
    else {
      seen.add(id);
      lines.push({ id, outcome: "added" });
    }
  }
  const added = await addStations(services, [...seen], { description, registrationStatus });
  return {
    kind: "done",
    // The shared fields stay filled for the next batch; the ids are reported instead.
    values: { ...values, ids: "" },
    lines: lines.map((line) => (line.outcome === "added" && !added.has(line.id) ? { id: line.id, outcome: "exists" } : line)),
  };
}

export function BatchForm(props: { session: OperatorSession; values: BatchValues; errors?: FieldErrors }) {
  const { values, errors } = props;
  return (
    <form method="post" action="/stations/batch" class="stack" aria-labelledby="batch-heading" novalidate>
      <h2 id="batch-heading">Add stations by list</h2>
      <CsrfField session={props.session} />
      <TextArea
        name="ids"
        label="Charge point ids"
        value={values.ids}
        errors={errors}
        rows={10}
        hint={`One per line, or separated by commas or spaces; at most ${maxBatch.toLocaleString("en")}. Ids already registered are left as they are.`}
      />
      <Field name="description" label="Description (for all)" value={values.description} errors={errors} />
      <Select
        name="registrationStatus"
        label="Registration status (for all)"
        value={values.registrationStatus}
        errors={errors}
        options={registrationStatuses.map((s) => [s, s] as [string, string])}
      />
      <p class="muted">
        The stations are added without credentials (security profile 0); set a password or profile on a station's page.
      </p>
      <div>
        <button type="submit">Add stations</button>
      </div>
    </form>
  );
}

const outcomeLabel = { added: "Added", exists: "Already exists", invalid: "Invalid" } as const;

export function BatchResult(props: { lines: BatchLine[] }) {
  const { lines } = props;
  const count = (outcome: BatchLine["outcome"]) => lines.filter((l) => l.outcome === outcome).length;
  return (
    <section aria-labelledby="batch-result-heading">
      <h2 id="batch-result-heading">Result</h2>
      <p class={`notice ${count("invalid") > 0 ? "bad" : "ok"}`} role="status">
        {count("added")} added, {count("exists")} already existed, {count("invalid")} invalid.
      </p>
      <div class="table-wrap">
        <table>
          <caption class="visually-hidden">What happened to each id</caption>
          <thead>
            <tr>
              <th scope="col">Id</th>
              <th scope="col">Outcome</th>
              <th scope="col">Reason</th>
            </tr>
          </thead>
          <tbody>
            {lines.map((line) => (
              <tr class={line.outcome === "invalid" ? "bad" : undefined}>
                <td class="wrap">{line.outcome === "invalid" ? line.id : <a href={stationHref(line.id)}>{line.id}</a>}</td>
                <td>{outcomeLabel[line.outcome]}</td>
                <td>{line.outcome === "invalid" ? line.reason : line.outcome === "exists" ? "a station with this id exists; not changed" : ""}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

// ---- unknown stations -----------------------------------------------------------------------------------------------

export interface UnknownStationRow {
  id: string;
  lastAddress: string | null;
  attempts: number;
  firstSeenAt: string;
  lastSeenAt: string;
}

export const unknownStationHref = (id: string, action: "register" | "forget") => `/unknown-stations/${encodeURIComponent(id)}/${action}`;

export function UnknownStationTable(props: { session: OperatorSession; items: UnknownStationRow[]; total: number; page: number }) {
  const { session, items, total, page } = props;
  const admin = session.role === "admin";
  const first = total === 0 ? 0 : (page - 1) * pageSize + 1;
  const last = Math.min(total, page * pageSize);
  return (
    <div id="unknown-table">
      <p>{total === 0 ? "No unknown station has tried to connect." : `Unknown stations ${first}–${last} of ${total}, latest first`}</p>
      {items.length > 0 && (
        <div class="table-wrap">
          <table>
            <caption class="visually-hidden">Unknown stations</caption>
            <thead>
              <tr>
                <th scope="col">Id</th>
                <th scope="col">Last address</th>
                <th scope="col">Attempts</th>
                <th scope="col">First seen</th>
                <th scope="col">Last seen</th>
                {admin && <th scope="col">Actions</th>}
              </tr>
            </thead>
            <tbody>
              {items.map((u) => (
                <tr>
                  <td>{u.id}</td>
                  <td>{u.lastAddress ?? "—"}</td>
                  <td>{u.attempts}</td>
                  <td>{when(u.firstSeenAt)}</td>
                  <td>{when(u.lastSeenAt)}</td>
                  {admin && (
                    <td>
                      <div class="actions">
                        <form method="post" action={unknownStationHref(u.id, "register")} class="inline">
                          <CsrfField session={session} />
                          <button type="submit" aria-label={`Register ${u.id}`}>
                            Register
                          </button>
                        </form>
                        <ConfirmAction
                          session={session}
                          action={unknownStationHref(u.id, "forget")}
                          label="Forget"
                          confirmLabel={`Yes, forget ${u.id}`}
                          consequence={`${u.id} leaves this list. It is not blocked: if it tries to connect again, it is refused and listed again.`}
                        />
                      </div>
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pager path="/unknown-stations" page={page} total={total} />
    </div>
  );
}
