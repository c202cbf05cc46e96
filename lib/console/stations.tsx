// The console's station list (filters, paging, live connection state) and the add-station form.
import * as v from "valibot";
import { registrationStatuses, type RegistrationStatus } from "../../db/schema.ts";
import { NewStationInput } from "../../routes/api/v1/stations/_input.ts";
import type { Services } from "../services.ts";
import { addStation, type StationView } from "../stations.ts";
import type { OperatorSession } from "./auth.ts";
import type { StationFilter } from "./fleet.ts";
import { CsrfField, Field, Select, when, type FieldErrors } from "./layout.tsx";

export const pageSize = 50;

/** The list's query string as entered (to refill the form) and as a filter (invalid values are ignored). */
export interface StationQuery {
  values: { q: string; connected: string; profile: string; status: string };
  filter: StationFilter;
  page: number;
}

export function parseStationQuery(query: (name: string) => string | undefined): StationQuery {
  const q = (query("q") ?? "").trim().slice(0, 100);
  const connected = ["yes", "no"].includes(query("connected") ?? "") ? query("connected")! : "";
  const profile = /^[0-3]$/.test(query("profile") ?? "") ? query("profile")! : "";
  const status = (registrationStatuses as readonly string[]).includes(query("status") ?? "") ? query("status")! : "";
  const pageNumber = Number(query("page") ?? "1");
  return {
    values: { q, connected, profile, status },
    filter: {
      q: q || undefined,
      connected: connected === "" ? undefined : connected === "yes",
      profile: profile === "" ? undefined : Number(profile),
      status: status === "" ? undefined : (status as RegistrationStatus),
    },
    page: Number.isInteger(pageNumber) && pageNumber >= 1 && pageNumber <= 1_000_000 ? pageNumber : 1,
  };
}

/** The query string of the list with these values (empty ones left out). */
export function stationListQuery(values: StationQuery["values"], page = 1): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(values)) if (value) params.set(key, value);
  if (page > 1) params.set("page", String(page));
  const text = params.toString();
  return text ? `?${text}` : "";
}

export const stationHref = (id: string) => `/stations/${encodeURIComponent(id)}`;

export function StationFilters(props: { values: StationQuery["values"] }) {
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
      <div>
        <button type="submit">Filter</button>
      </div>
    </form>
  );
}

export function ConnectionState(props: { connected: boolean }) {
  return props.connected ? <span class="state on">Connected</span> : <span class="state off">Not connected</span>;
}

/** The table with its pager; polls its fragment route to keep the connection state live. */
export function StationTable(props: { items: StationView[]; total: number; query: StationQuery }) {
  const { items, total, query } = props;
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const first = total === 0 ? 0 : (query.page - 1) * pageSize + 1;
  const last = Math.min(total, query.page * pageSize);
  return (
    <div
      id="station-table"
      hx-get={`/fragments/stations${stationListQuery(query.values, query.page)}`}
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
                <th scope="col">Connection</th>
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
      {pages > 1 && (
        <nav class="pager" aria-label="Pages">
          {query.page > 1 ? <a href={`/stations${stationListQuery(query.values, query.page - 1)}`}>Previous</a> : null}
          <span>
            Page {query.page} of {pages}
          </span>
          {query.page < pages ? <a href={`/stations${stationListQuery(query.values, query.page + 1)}`}>Next</a> : null}
        </nav>
      )}
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
