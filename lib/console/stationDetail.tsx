// The station detail page: boot information, live connection and connectors, security (profile, password,
// credentials, certificates), recent transactions, status history, security events and calls; the edit and action
// forms, and the outcome of the last action shown at the top.
import type { Context } from "hono";
import type { Child } from "hono/jsx";
import { X509Certificate } from "node:crypto";
import * as v from "valibot";
import { installedCertificatesOf, type InstalledCertificate } from "../../db/certificateRequests.ts";
import { issuedCertificatesOf, type IssuedCertificate } from "../../db/issuedCertificates.ts";
import { registrationStatuses } from "../../db/schema.ts";
import { listSecurityEvents } from "../../db/securityEvents.ts";
import { statusHistoryOf, type StatusNotification } from "../../db/stationHistory.ts";
import { listTransactions, type Transaction } from "../../db/transactions.ts";
import { StationChangesInput } from "../../routes/api/v1/stations/_input.ts";
import type { AppEnv } from "../http/env.ts";
import type { Services } from "../services.ts";
import { stationCallPage, type StationCallResult } from "../stationCalls.ts";
import { stationDetail, type StationView } from "../stations.ts";
import type { InventoryAnswer, SecurityChangeResult } from "../stationSecurity.ts";
import type { OperatorSession } from "./auth.ts";
import { SecurityEventTable } from "./events.tsx";
import { ConfirmAction, CsrfField, Field, Notice, page, Select, when, type FieldErrors } from "./layout.tsx";
import { stationHref } from "./lists.tsx";
import { ConnectionState } from "./stations.tsx";

/** How many rows of each history the page shows (the linked lists have the rest). */
const recentRows = 10;
const statusRows = 20;

// ---- live connection ------------------------------------------------------------------------------------------------

export interface LiveConnection {
  transport: string;
  remoteAddress: string;
  securityProfile: number;
  since: string;
  tls?: { version: string; cipher: string };
  clientCertificate?: { subject: string; notAfter: string };
}

/** "CN=CP-1, O=Acme" and the expiry of a PEM certificate (the first of a chain). */
function certificateSummary(pem: string): { subject: string; notAfter: string } | undefined {
  try {
    const certificate = new X509Certificate(pem);
    return { subject: certificate.subject.split("\n").join(", "), notAfter: new Date(certificate.validTo).toISOString() };
  } catch {
    return undefined;
  }
}

export async function stationLive(services: Services, id: string) {
  const station = await stationDetail(services, id);
  if (!station) return undefined;
  const session = services.registry.get(id);
  const info = session?.info;
  const connection: LiveConnection | undefined = session &&
    info && {
      transport: info.transport,
      remoteAddress: info.remoteAddress,
      securityProfile: info.securityProfile,
      since: session.connectedAt.toISOString(),
      tls: info.tls && { version: info.tls.version, cipher: info.tls.cipher },
      // The certificate seen in the TLS handshake; behind a TLS-terminating proxy, the one the proxy passed on.
      clientCertificate: info.tls?.clientCertificate ?? (info.clientCertificatePem ? certificateSummary(info.clientCertificatePem) : undefined),
    };
  return { station, connection };
}

function Facts(props: { rows: [string, Child | string | number | null | undefined][] }) {
  return (
    <dl class="facts">
      {props.rows.map(([label, value]) => (
        <>
          <dt>{label}</dt>
          <dd>{value === null || value === undefined || value === "" ? "—" : typeof value === "number" ? String(value) : value}</dd>
        </>
      ))}
    </dl>
  );
}

function Expiry(props: { notAfter: string }) {
  const expired = props.notAfter < new Date().toISOString();
  return (
    <>
      <time datetime={props.notAfter}>{when(props.notAfter)}</time>
      {expired && <strong class="error"> (expired)</strong>}
    </>
  );
}

function tlsText(connection: LiveConnection): string {
  if (connection.tls) return `${connection.tls.version} (${connection.tls.cipher})`;
  return connection.transport === "wss" ? "terminated before Joule (reverse proxy)" : "none (plain ws://)";
}

function connectionRows(connection: LiveConnection): [string, Child | string | number][] {
  const certificate = connection.clientCertificate;
  return [
    ["Transport", connection.transport],
    ["Address", connection.remoteAddress],
    ["Since", when(connection.since)],
    ["Authenticated with profile", connection.securityProfile],
    ["TLS", tlsText(connection)],
    ["Client certificate", certificate?.subject ?? "none presented"],
    ...(certificate ? [["Client certificate expires", <Expiry notAfter={certificate.notAfter} />] as [string, Child]] : []),
  ];
}

/** Connection and connectors: the part of the page that polls its fragment route. */
export function LiveSection(props: { station: StationView; connection: LiveConnection | undefined }) {
  const { station, connection } = props;
  return (
    <section
      id="station-live"
      aria-labelledby="live-heading"
      hx-get={`/fragments${stationHref(station.id)}`}
      hx-trigger="every 5s"
      hx-swap="outerHTML"
    >
      <h2 id="live-heading">Connection</h2>
      <p>
        <ConnectionState connected={station.connected} />
      </p>
      <Facts
        rows={[
          ...(connection ? connectionRows(connection) : []),
          ["Last heartbeat", when(station.lastHeartbeatAt)],
        ]}
      />
      <h2>Connectors</h2>
      {station.connectors.length === 0 ? (
        <p class="muted">No status reported yet.</p>
      ) : (
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Connector</th>
                <th scope="col">Status</th>
                <th scope="col">Error code</th>
                <th scope="col">Info</th>
                <th scope="col">Since</th>
              </tr>
            </thead>
            <tbody>
              {station.connectors.map((connector) => (
                <tr>
                  <td>{connector.connectorId === 0 ? "0 (station)" : connector.connectorId}</td>
                  <td>{connector.status}</td>
                  <td>{connector.errorCode}</td>
                  <td>{connector.info ?? ""}</td>
                  <td>{when(connector.timestamp ?? connector.updatedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

// ---- what an action leaves on the page --------------------------------------------------------------------------------

export interface EditValues {
  description: string;
  registrationStatus: string;
  cpoName: string;
  certificateIdentity: string;
}

/** The outcome of the action just posted, and the forms' entries and errors. */
export interface DetailState {
  notice?: { kind: "ok" | "bad"; text: string };
  /** A generated key, shown this once. */
  secret?: { label: string; value: string };
  edit?: { values: EditValues; errors: FieldErrors };
  passwordErrors?: FieldErrors;
  profileErrors?: FieldErrors;
}

type Status = 200 | 400 | 404 | 409;

/** The detail page (404 page for an unknown station), with the outcome of an action when there is one. */
export async function stationDetailPage(c: Context<AppEnv>, id: string, state: DetailState = {}, status: Status = 200) {
  const services = c.get("services");
  const live = await stationLive(services, id);
  if (!live) {
    return page(
      c,
      { title: "Unknown station", current: "/stations", status: 404 },
      <>
        <h1>Unknown station</h1>
        {state.notice && <Notice kind={state.notice.kind}>{state.notice.text}</Notice>}
        <p>
          There is no station with id <code>{id}</code>. <a href="/stations">Back to the stations</a>
        </p>
      </>,
    );
  }
  const { db } = services.database;
  const [calls, issued, installed, transactions, statuses, events] = await Promise.all([
    stationCallPage(services, id, { limit: recentRows, offset: 0 }),
    issuedCertificatesOf(db, id),
    installedCertificatesOf(db, id),
    listTransactions(db, { stationId: id }, { limit: recentRows, offset: 0 }),
    statusHistoryOf(db, id, statusRows),
    listSecurityEvents(db, { stationId: id }, { limit: recentRows, offset: 0 }),
  ]);
  const body = (
    <StationDetailBody
      session={c.get("operatorSession")}
      station={live.station}
      connection={live.connection}
      state={state}
      calls={calls?.items ?? []}
      issued={issued}
      installed={installed}
      transactions={transactions}
      statuses={statuses}
      events={events}
    />
  );
  return page(c, { title: `Station ${live.station.id}`, current: "/stations", status }, body);
}

// ---- the page -------------------------------------------------------------------------------------------------------

type CallRow = NonNullable<Awaited<ReturnType<typeof stationCallPage>>>["items"][number];
type EventPage = Awaited<ReturnType<typeof listSecurityEvents>>;

function StationDetailBody(props: {
  session: OperatorSession | undefined;
  station: StationView;
  connection: LiveConnection | undefined;
  state: DetailState;
  calls: CallRow[];
  issued: IssuedCertificate[];
  installed: InstalledCertificate[];
  transactions: { items: Transaction[]; total: number };
  statuses: StatusNotification[];
  events: EventPage;
}) {
  const { station, state, session } = props;
  const admin = session?.role === "admin";
  const href = stationHref(station.id);
  const query = `stationId=${encodeURIComponent(station.id)}`;
  const boot = station.boot;
  return (
    <>
      <h1>Station {station.id}</h1>
      {state.notice && <Notice kind={state.notice.kind}>{state.notice.text}</Notice>}
      {state.secret && (
        <div class="stack">
          <p>
            <strong>{state.secret.label}</strong> It is shown this once; Joule keeps only its hash.
          </p>
          <p class="secret" id="generated-secret">
            {state.secret.value}
          </p>
        </div>
      )}
      <Facts
        rows={[
          ["Description", station.description],
          ["Registration status", station.registrationStatus],
          ["Added", when(station.createdAt)],
          ["Firmware status", station.firmwareStatus],
          ["Diagnostics status", station.diagnosticsStatus],
        ]}
      />
      <LiveSection station={station} connection={props.connection} />

      <section aria-labelledby="boot-heading">
        <h2 id="boot-heading">Boot information</h2>
        {boot ? (
          <Facts
            rows={[
              ["Vendor", boot.chargePointVendor],
              ["Model", boot.chargePointModel],
              ["Charge point serial number", boot.chargePointSerialNumber],
              ["Charge box serial number", boot.chargeBoxSerialNumber],
              ["Firmware version", boot.firmwareVersion],
              ["ICCID", boot.iccid],
              ["IMSI", boot.imsi],
              ["Meter type", boot.meterType],
              ["Meter serial number", boot.meterSerialNumber],
              ["Booted", when(boot.bootedAt)],
            ]}
          />
        ) : (
          <p class="muted">The station has not sent a BootNotification yet.</p>
        )}
      </section>

      {/* With htmx the panel (its own section and heading) replaces this placeholder; without, the link opens it. */}
      <section aria-labelledby="operations-link-heading" hx-get={`${href}/operations`} hx-trigger="load" hx-swap="outerHTML">
        <h2 id="operations-link-heading">Operations</h2>
        <p>
          <a href={`${href}/operations`}>Open the operations panel</a> to send any OCPP action to this station and see its answer.
        </p>
      </section>

      <SecuritySection {...props} admin={admin} href={href} query={query} />

      <section aria-labelledby="transactions-heading">
        <h2 id="transactions-heading">Recent transactions</h2>
        <TransactionTable items={props.transactions.items} />
        <p>
          <a href={`/transactions?${query}`}>All {props.transactions.total} transactions of this station</a>
        </p>
      </section>

      <section aria-labelledby="status-heading">
        <h2 id="status-heading">Status history</h2>
        <StatusHistory items={props.statuses} />
      </section>

      <section aria-labelledby="events-heading">
        <h2 id="events-heading">Security events</h2>
        {props.events.items.length === 0 ? <p class="muted">The station reported no security event.</p> : <SecurityEventTable items={props.events.items} />}
        <p>
          <a href={`/security-events?${query}`}>All {props.events.total} security events of this station</a> ·{" "}
          <a href={`/audit?${query}`}>Audit log of this station</a>
        </p>
      </section>

      <section aria-labelledby="calls-heading">
        <h2 id="calls-heading">Recent calls to the station</h2>
        <CallTable items={props.calls} />
      </section>

      {admin && session && (
        <>
          <EditForm session={session} station={station} state={state} />
          <section aria-labelledby="delete-heading">
            <h2 id="delete-heading">Delete</h2>
            <ConfirmAction
              session={session}
              action={`${href}/delete`}
              label="Delete this station"
              consequence={
                <>
                  Station <strong>{station.id}</strong> is deleted with its connectors, status history, transactions and
                  certificate inventory, and its connection is closed now. Its calls, security events, audit entries and the
                  certificates Joule issued to it stay on record. It cannot connect again unless it is registered again.
                </>
              }
            />
          </section>
        </>
      )}
    </>
  );
}

// ---- security ---------------------------------------------------------------------------------------------------------

function SecuritySection(props: {
  session: OperatorSession | undefined;
  admin: boolean;
  href: string;
  query: string;
  station: StationView;
  connection: LiveConnection | undefined;
  state: DetailState;
  issued: IssuedCertificate[];
  installed: InstalledCertificate[];
}) {
  const { station, admin, session, href, state } = props;
  return (
    <section aria-labelledby="security-heading">
      <h2 id="security-heading">Security</h2>
      <Facts
        rows={[
          ["Security profile", station.securityProfile],
          ["Password set", station.passwordSet ? "yes" : "no"],
          ["CPO name", station.cpoName],
          ["Certificate identity", station.certificateIdentity],
          ["Security events (critical)", `${station.securityEvents.total} (${station.securityEvents.critical})`],
        ]}
      />
      {admin && session && (
        <>
          <ProfileForms session={session} href={href} station={station} errors={state.profileErrors} />
          <PasswordForm session={session} href={href} connected={station.connected} errors={state.passwordErrors} />
        </>
      )}

      <h3 id="issued-heading">Certificates Joule issued to this station</h3>
      {props.issued.length === 0 ? <p class="muted">None.</p> : <IssuedTable items={props.issued} />}
      <p>
        <a href={`/certificates/issued?${props.query}`}>Issued certificates of this station (revoke)</a>
      </p>

      <h3 id="installed-heading">Certificates installed on the station</h3>
      <p class="muted">As the station last reported them (GetInstalledCertificateIds).</p>
      {props.installed.length === 0 ? (
        <p class="muted">No certificate reported.</p>
      ) : (
        <InstalledTable items={props.installed} session={admin ? session : undefined} href={href} />
      )}
      {admin && session && (
        <form method="post" action={`${href}/installed-certificates`}>
          <CsrfField session={session} />
          <button type="submit">Ask the station for its installed certificates</button>
        </form>
      )}
    </section>
  );
}

function ProfileForms(props: { session: OperatorSession; href: string; station: StationView; errors?: FieldErrors }) {
  const current = props.station.securityProfile;
  const higher = [1, 2, 3].filter((p) => p > current);
  const lower = [0, 1, 2].filter((p) => p < current);
  const forceError = props.errors?.force;
  return (
    <>
      <h3 id="profile-heading">Security profile</h3>
      {higher.length === 0 ? (
        <p class="muted">The station is on the highest profile.</p>
      ) : (
        <form method="post" action={`${props.href}/security-profile`} class="stack" aria-labelledby="profile-heading" novalidate>
          <CsrfField session={props.session} />
          <Select
            name="profile"
            label="Raise to profile"
            value={String(higher[0])}
            errors={props.errors}
            options={higher.map((p) => [String(p), `Profile ${p}`] as [string, string])}
          />
          <div class="field">
            <label>
              <input type="checkbox" name="force" value="yes" aria-describedby={forceError ? "field-force-error" : undefined} /> Profile 3 even
              if Joule has issued no working certificate to this station
            </label>
            {forceError && (
              <p id="field-force-error" class="error">
                {forceError}
              </p>
            )}
          </div>
          <small class="muted">
            Sent to the station (ChangeConfiguration SecurityProfile); stored only when it answers Accepted. The station
            must be connected.
          </small>
          <div>
            <button type="submit">Raise the profile</button>
          </div>
        </form>
      )}
      {lower.map((p) => (
        <ConfirmAction
          session={props.session}
          action={`${props.href}/security-profile`}
          label={`Lower to profile ${p}`}
          fields={{ profile: String(p), force: "yes" }}
          consequence={
            <>
              Joule will accept this station on profile {p}, a weaker one than {current}. Nothing is sent to the station;
              this is recorded in the audit log.
            </>
          }
        />
      ))}
    </>
  );
}

function PasswordForm(props: { session: OperatorSession; href: string; connected: boolean; errors?: FieldErrors }) {
  return (
    <form method="post" action={`${props.href}/password`} class="stack" aria-labelledby="password-heading" novalidate>
      <h3 id="password-heading">Rotate the password</h3>
      <CsrfField session={props.session} />
      <Field
        name="newPassword"
        label="New password (optional)"
        type="password"
        autocomplete="new-password"
        errors={props.errors}
        hint="16 to 20 bytes. Leave empty to have Joule generate a random 20-byte key, shown once."
      />
      <small class="muted">
        Sent to the station (ChangeConfiguration AuthorizationKey) and stored, as a hash, only when it answers Accepted; the
        old password keeps working until the station connects with the new one.
        {props.connected ? "" : " The station is not connected now."}
      </small>
      <div>
        <button type="submit">Send the new password</button>
      </div>
    </form>
  );
}

function IssuedTable(props: { items: IssuedCertificate[] }) {
  return (
    <div class="table-wrap">
      <table>
        <thead>
          <tr>
            <th scope="col">Serial number</th>
            <th scope="col">Subject</th>
            <th scope="col">Valid until</th>
            <th scope="col">Station's answer</th>
            <th scope="col">Revoked</th>
          </tr>
        </thead>
        <tbody>
          {props.items.map((c) => (
            <tr>
              <td>
                <code>{c.serialNumber}</code>
              </td>
              <td>{c.subject}</td>
              <td>
                <Expiry notAfter={c.notAfter} />
              </td>
              <td>{c.answer ?? "none yet"}</td>
              <td>{c.revokedAt ? when(c.revokedAt) : "no"}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function InstalledTable(props: { items: InstalledCertificate[]; session: OperatorSession | undefined; href: string }) {
  return (
    <div class="table-wrap">
      <table>
        <thead>
          <tr>
            <th scope="col">Type</th>
            <th scope="col">Serial number</th>
            <th scope="col">Issuer name hash ({props.items[0]?.hashAlgorithm})</th>
            <th scope="col">Reported</th>
            {props.session && <th scope="col">Action</th>}
          </tr>
        </thead>
        <tbody>
          {props.items.map((c) => (
            <tr>
              <td>{c.certificateType}</td>
              <td>
                <code>{c.serialNumber}</code>
              </td>
              <td>
                <code>{c.issuerNameHash}</code>
              </td>
              <td>{when(c.reportedAt)}</td>
              {props.session && (
                <td>
                  <ConfirmAction
                    session={props.session}
                    action={`${props.href}/installed-certificates/delete`}
                    label="Delete"
                    confirmLabel="Yes, delete it from the station"
                    fields={{
                      hashAlgorithm: c.hashAlgorithm,
                      issuerNameHash: c.issuerNameHash,
                      issuerKeyHash: c.issuerKeyHash,
                      serialNumber: c.serialNumber,
                    }}
                    consequence={
                      <>
                        The station is asked to delete certificate {c.serialNumber} ({c.certificateType}). If it is the root
                        the station checks Joule's server certificate with, the station can no longer connect over TLS.
                      </>
                    }
                  />
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

// ---- histories --------------------------------------------------------------------------------------------------------

function TransactionTable(props: { items: Transaction[] }) {
  if (props.items.length === 0) return <p class="muted">No transactions.</p>;
  return (
    <div class="table-wrap">
      <table>
        <thead>
          <tr>
            <th scope="col">Id</th>
            <th scope="col">Connector</th>
            <th scope="col">Id tag</th>
            <th scope="col">Started</th>
            <th scope="col">Stopped</th>
            <th scope="col">Energy (Wh)</th>
          </tr>
        </thead>
        <tbody>
          {props.items.map((t) => (
            <tr>
              <td>
                <a href={`/transactions/${t.id}`}>{t.id}</a>
              </td>
              <td>{t.connectorId}</td>
              <td>{t.idTag}</td>
              <td>{when(t.startTimestamp)}</td>
              <td>{t.stopTimestamp ? when(t.stopTimestamp) : "active"}</td>
              <td>{t.meterStop !== null ? t.meterStop - t.meterStart : "—"}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function StatusHistory(props: { items: StatusNotification[] }) {
  if (props.items.length === 0) return <p class="muted">No StatusNotification yet.</p>;
  return (
    <div class="table-wrap">
      <table>
        <caption class="visually-hidden">The latest StatusNotifications, newest first</caption>
        <thead>
          <tr>
            <th scope="col">Time</th>
            <th scope="col">Connector</th>
            <th scope="col">Status</th>
            <th scope="col">Error code</th>
            <th scope="col">Info</th>
          </tr>
        </thead>
        <tbody>
          {props.items.map((s) => (
            <tr>
              <td>{when(s.timestamp ?? s.receivedAt)}</td>
              <td>{s.connectorId}</td>
              <td>{s.status}</td>
              <td>{s.errorCode}</td>
              <td>{[s.info, s.vendorErrorCode].filter(Boolean).join(" · ")}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function CallTable(props: { items: CallRow[] }) {
  if (props.items.length === 0) return <p class="muted">No calls yet.</p>;
  return (
    <div class="table-wrap">
      <table>
        <thead>
          <tr>
            <th scope="col">Requested</th>
            <th scope="col">Action</th>
            <th scope="col">By</th>
            <th scope="col">Outcome</th>
          </tr>
        </thead>
        <tbody>
          {props.items.map((call) => (
            <tr>
              <td>{when(call.requestedAt)}</td>
              <td>{call.action}</td>
              <td>{call.requestedBy}</td>
              <td>
                {call.outcome}
                {call.errorCode ? ` (${call.errorCode})` : ""}
                {answerStatus(call.result)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** ": Accepted" for a result with a status. */
function answerStatus(result: unknown): string {
  const status = (result as { status?: unknown } | null)?.status;
  return typeof status === "string" ? `: ${status}` : "";
}

// ---- editing ----------------------------------------------------------------------------------------------------------

export function editValuesOf(station: StationView): EditValues {
  return {
    description: station.description,
    registrationStatus: station.registrationStatus,
    cpoName: station.cpoName ?? "",
    // The view shows the charge point id when none is set; the form shows what is set.
    certificateIdentity: station.certificateIdentity === station.id ? "" : station.certificateIdentity,
  };
}

function EditForm(props: { session: OperatorSession; station: StationView; state: DetailState }) {
  const values = props.state.edit?.values ?? editValuesOf(props.station);
  const errors = props.state.edit?.errors;
  return (
    <form method="post" action={stationHref(props.station.id)} class="stack" aria-labelledby="edit-heading" novalidate>
      <h2 id="edit-heading">Edit</h2>
      {errors?.form && (
        <p class="notice bad" role="alert">
          {errors.form}
        </p>
      )}
      <CsrfField session={props.session} />
      <Field name="description" label="Description" value={values.description} errors={errors} />
      <Select
        name="registrationStatus"
        label="Registration status"
        value={values.registrationStatus}
        errors={errors}
        options={registrationStatuses.map((s) => [s, s] as [string, string])}
      />
      <Field name="cpoName" label="CPO name" value={values.cpoName} errors={errors} hint="The O of a profile-3 client certificate. Empty: none." />
      <Field
        name="certificateIdentity"
        label="Certificate identity"
        value={values.certificateIdentity}
        errors={errors}
        hint="The CN of a profile-3 client certificate. Empty: the charge point id."
      />
      <Field
        name="password"
        label="Password the station already uses (optional)"
        type="password"
        autocomplete="new-password"
        errors={errors}
        hint="Stored as a hash; nothing is sent to the station. To change the station's password, rotate it above."
      />
      <div>
        <button type="submit">Save</button>
      </div>
    </form>
  );
}

export type StationChanges = v.InferOutput<typeof StationChangesInput>;

/**
 * The edit form as the API's changes: only the fields that differ from the station now (so that an unchanged CPO name
 * is not provisioned again), validated as the API validates its JSON.
 */
export function stationChangesFromForm(
  station: StationView,
  body: Record<string, unknown>,
): { kind: "ok"; values: EditValues; changes: StationChanges } | { kind: "invalid"; values: EditValues; errors: FieldErrors } {
  const text = (name: string) => (typeof body[name] === "string" ? (body[name] as string) : "");
  const values: EditValues = {
    description: text("description"),
    registrationStatus: text("registrationStatus"),
    cpoName: text("cpoName").trim(),
    certificateIdentity: text("certificateIdentity").trim(),
  };
  const current = editValuesOf(station);
  const input: Record<string, unknown> = {};
  if (values.description !== current.description) input.description = values.description;
  if (values.registrationStatus !== current.registrationStatus) input.registrationStatus = values.registrationStatus;
  if (values.cpoName !== current.cpoName) input.cpoName = values.cpoName || null;
  if (values.certificateIdentity !== current.certificateIdentity) input.certificateIdentity = values.certificateIdentity || null;
  if (text("password") !== "") input.password = text("password");
  const parsed = v.safeParse(StationChangesInput, input);
  if (!parsed.success) return { kind: "invalid", values, errors: issuesByField(parsed.issues) };
  return { kind: "ok", values, changes: parsed.output };
}

function issuesByField(issues: readonly { path?: { key: unknown }[]; message: string }[]): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of issues) {
    const field = issue.path?.map((p) => String(p.key)).join(".") || "form";
    errors[field] ??= issue.message;
  }
  return errors;
}

// ---- outcomes of the actions, in words ----------------------------------------------------------------------------------

/** What a call outcome that is not a result means for the operator. */
function failedCallText(outcome: Exclude<StationCallResult, { kind: "result" }>): string {
  switch (outcome.kind) {
    case "error":
      return `the station answered with an error (${outcome.code}${outcome.description ? `: ${outcome.description}` : ""})`;
    case "not_connected":
      return "the station is not connected; nothing was sent";
    case "timeout":
      return "the station did not answer in time";
    case "unknown_station":
      return "there is no such station";
    case "invalid_payload":
      return `the request is invalid (${outcome.message})`;
    case "invalid_action":
      return "the action cannot be sent";
  }
}

export interface ActionOutcome {
  notice: { kind: "ok" | "bad"; text: string };
  status: Status;
  errors?: FieldErrors;
}

/** The outcome of a password rotation or profile change (`what`: "the new password", "profile 2"). */
export function securityChangeOutcome(result: SecurityChangeResult, what: string, field: string): ActionOutcome {
  switch (result.kind) {
    case "done":
      if (result.stationStatus === null && result.stored) return { status: 200, notice: { kind: "ok", text: `Stored ${what}.` } };
      if (result.stationStatus === null) {
        return { status: 200, notice: { kind: "bad", text: `The station answered with an error; nothing changed.` } };
      }
      return result.stored
        ? { status: 200, notice: { kind: "ok", text: `The station answered ${result.stationStatus}; ${what} is stored.` } }
        : { status: 200, notice: { kind: "bad", text: `The station answered ${result.stationStatus}; nothing changed.` } };
    case "timeout":
      return { status: 200, notice: { kind: "bad", text: "The station did not answer in time; nothing changed." } };
    case "unknown_station":
      return { status: 404, notice: { kind: "bad", text: "There is no such station." } };
    case "conflict":
      return {
        status: 409,
        notice: { kind: "bad", text: `${result.message}; nothing changed.` },
        errors: result.field ? { [result.field === "profile" || result.field === "force" ? result.field : field]: result.message } : undefined,
      };
  }
}

export function inventoryOutcome(answers: InventoryAnswer[]): ActionOutcome {
  const parts = answers.map(({ certificateType, outcome }) => {
    if (outcome.kind !== "result") return `${certificateType}: ${failedCallText(outcome)}`;
    const result = outcome.payload as { status: string; certificateHashData?: unknown[] };
    return `${certificateType}: the station answered ${result.status} (${result.certificateHashData?.length ?? 0} certificates)`;
  });
  const ok = answers.length > 0 && answers.every((a) => a.outcome.kind === "result");
  const notConnected = answers[0]?.outcome.kind === "not_connected";
  const tail = ok ? "The inventory below is what the station reported." : "The inventory was not updated where the station did not answer.";
  return { status: notConnected ? 409 : 200, notice: { kind: ok ? "ok" : "bad", text: `${parts.join("; ")}. ${tail}` } };
}

export function deleteCertificateOutcome(outcome: StationCallResult | { kind: "not_installed" }, serialNumber: string): ActionOutcome {
  if (outcome.kind === "not_installed") {
    return { status: 409, notice: { kind: "bad", text: `Certificate ${serialNumber} is not in the station's inventory; nothing was sent.` } };
  }
  if (outcome.kind !== "result") {
    return { status: outcome.kind === "not_connected" ? 409 : 200, notice: { kind: "bad", text: `Certificate ${serialNumber}: ${failedCallText(outcome)}; nothing changed.` } };
  }
  const status = (outcome.payload as { status: string }).status;
  return status === "Accepted"
    ? { status: 200, notice: { kind: "ok", text: `The station answered Accepted: certificate ${serialNumber} is deleted.` } }
    : { status: 200, notice: { kind: "bad", text: `The station answered ${status}: certificate ${serialNumber} stays installed.` } };
}
