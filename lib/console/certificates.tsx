// The console's certificates section: overview, trust anchors, Joule's CA, issued certificates, the CSR approval
// queue and the server certificates. Every change goes through the same lib functions as the JSON API, so it applies
// at once (trust store reloaded, TLS context rebuilt, connections that lost their trust closed).
import { X509Certificate } from "node:crypto";
import type { Child } from "hono/jsx";
import { csrRequestById, csrRequestQueuePage, pendingCsrCount, type CsrRequest, type CsrStatus } from "../../db/certificateRequests.ts";
import { issuedCertificateBySerial, issuedCertificateCounts, issuedCertificatePage, type IssuedCertificateRow } from "../../db/issuedCertificates.ts";
import { listTrustAnchors, type TrustAnchor } from "../../db/trustStore.ts";
import { decideCsr } from "../certificates.ts";
import { describeCsr } from "../pki/stationCertificates.ts";
import { fingerprintOf, splitPemCertificates, type KeyKind } from "../pki/x509.ts";
import type { Services } from "../services.ts";
import { keyKinds } from "../tls/material.ts";
import { replaceServerCertificate, ServerCertificateError, serverCertificateViews, type ServerCertificateView } from "../tls/serverCertificate.ts";
import { addAnchor, anchorDependents, anchorPemFromFile, removeAnchor, revokeCertificate } from "../trustAnchors.ts";
import type { OperatorSession } from "./auth.ts";
import { ConfirmAction, CsrfField, Field, Notice, Select, TextArea, when, type FieldErrors } from "./layout.tsx";
import { listQuery, pageNumber, pageSize, Pager, stationHref } from "./lists.tsx";

/** The most a pasted or uploaded PEM may hold (as the JSON API allows for server certificates). */
const maxPemLength = 50_000;

type FormBody = Record<string, string | File | (string | File)[]>;

const textOf = (body: FormBody, name: string) => (typeof body[name] === "string" ? (body[name] as string) : "");
const fileOf = (body: FormBody, name: string) => {
  const value = body[name];
  return value instanceof File && value.size > 0 ? value : undefined;
};

const isAdmin = (session: OperatorSession) => session.role === "admin";
export const actorOf = (session: OperatorSession) => `operator:${session.username}`;

function Fingerprint(props: { value: string }) {
  return <code class="fingerprint">{props.value}</code>;
}

/** Links between the section's pages. */
export function CertificatesNav(props: { current: string }) {
  const links: [string, string][] = [
    ["/certificates", "Overview"],
    ["/certificates/anchors", "Trust anchors"],
    ["/certificates/ca", "Joule's CA"],
    ["/certificates/issued", "Issued certificates"],
    ["/certificates/requests", "Signing requests"],
    ["/certificates/server", "Server certificate"],
  ];
  return (
    <nav class="subnav" aria-label="Certificates">
      <ul>
        {links.map(([href, label]) => (
          <li>
            <a href={href} aria-current={props.current === href ? "page" : undefined}>
              {label}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/** A labelled file input with its error next to it. */
/** Text from a pasted field or an uploaded file (not both); an error for the field at fault otherwise. */
async function pastedOrUploaded(
  body: FormBody,
  textField: string,
  fileField: string,
  what: string,
): Promise<{ text: string; from: "text" | "file" } | { field: string; message: string } | undefined> {
  const text = textOf(body, textField).trim();
  const file = fileOf(body, fileField);
  if (file && text) return { field: fileField, message: `Either paste the ${what} or choose a file, not both` };
  if (file) {
    if (file.size > maxPemLength) return { field: fileField, message: `The file is too large for a ${what} (at most ${maxPemLength} bytes)` };
    return { text: new TextDecoder().decode(await file.arrayBuffer()), from: "file" };
  }
  if (!text) return undefined;
  if (text.length > maxPemLength) return { field: textField, message: `Too long for a ${what} (at most ${maxPemLength} characters)` };
  return { text, from: "text" };
}

// ---- overview -------------------------------------------------------------------------------------------------------

export async function certificateOverview(services: Services) {
  const { db } = services.database;
  const now = Date.now();
  const renewDays = services.config.certificateRenewDays;
  const [anchors, issued, pending] = await Promise.all([
    listTrustAnchors(db),
    issuedCertificateCounts(db, new Date(now).toISOString(), new Date(now + renewDays * 86_400_000).toISOString()),
    pendingCsrCount(db),
  ]);
  return { anchors: anchors.length, issued, pending, renewDays, csrPolicy: services.config.csrPolicy, ca: caViews(services), server: serverCertificateViews(services) };
}

export function OverviewBody(props: { overview: Awaited<ReturnType<typeof certificateOverview>> }) {
  const o = props.overview;
  const figure = (id: string, href: string, value: number, label: string, alert = false) => (
    <li class={alert && value > 0 ? "alert" : undefined}>
      <a href={href}>
        <span class="value" id={id}>
          {value}
        </span>{" "}
        {label}
      </a>
    </li>
  );
  return (
    <>
      <h1>Certificates</h1>
      <CertificatesNav current="/certificates" />
      <ul class="figures" aria-label="Certificate figures">
        {figure("fig-anchors", "/certificates/anchors", o.anchors, "trust anchors added")}
        {figure("fig-valid", "/certificates/issued?status=valid", o.issued.valid, "valid issued certificates")}
        {figure("fig-expiring", "/certificates/issued?expiring=yes", o.issued.expiring, `expiring within ${o.renewDays} days`, true)}
        {figure("fig-revoked", "/certificates/issued?status=revoked", o.issued.revoked, "revoked")}
        {figure("fig-expired", "/certificates/issued?status=expired", o.issued.expired, "expired")}
        {figure("fig-pending", "/certificates/requests?status=pending", o.pending, "signing requests awaiting approval", true)}
      </ul>
      <p>
        Signing requests (CSRs) are {o.csrPolicy === "auto" ? "signed automatically" : "held for approval"} (JOULE_CSR_POLICY={o.csrPolicy}).
      </p>
      <h2>Joule's CA</h2>
      <ul>
        {o.ca.map((ca) => (
          <li>
            {ca.kind.toUpperCase()}: {ca.subject}, valid until {when(ca.notAfter)} — <a href={`/certificates/ca/${ca.kind}.pem`}>download the {ca.kind.toUpperCase()} CA (PEM)</a>
          </li>
        ))}
      </ul>
      <h2>Server certificate</h2>
      <ul>
        {o.server.map((s) => (
          <li>
            {s.kind.toUpperCase()}: {s.subject}, valid until {when(s.notAfter)}
          </li>
        ))}
      </ul>
      <p>
        <a href="/certificates/server">Details and replacement</a>
      </p>
    </>
  );
}

// ---- trust anchors --------------------------------------------------------------------------------------------------

export interface AnchorsState {
  values?: { pem: string };
  errors?: FieldErrors;
  notice?: { kind: "ok" | "bad"; text: string };
}

export async function anchorsData(services: Services) {
  const [anchors, dependents] = await Promise.all([listTrustAnchors(services.database.db), anchorDependents(services)]);
  return { anchors, dependents };
}

function removalConsequence(anchor: TrustAnchor, dependents: string[]): Child {
  const shown = dependents.slice(0, 10);
  return (
    <>
      Profile-3 stations whose client certificates chain only to {anchor.subject} will be refused at their next
      handshake, and those connected with such a certificate are disconnected at once.{" "}
      {dependents.length === 0 ? (
        "No station connected now depends on this anchor alone."
      ) : (
        <>
          <strong>
            {dependents.length} connected station{dependents.length === 1 ? "" : "s"} depend{dependents.length === 1 ? "s" : ""} on it alone
          </strong>{" "}
          and will be disconnected: {shown.join(", ")}
          {dependents.length > shown.length ? ` and ${dependents.length - shown.length} more` : ""}.
        </>
      )}
    </>
  );
}

export function AnchorsBody(props: {
  session: OperatorSession;
  anchors: TrustAnchor[];
  dependents: Map<string, string[]>;
  state: AnchorsState;
}) {
  const { session, anchors, dependents, state } = props;
  const now = new Date().toISOString();
  return (
    <>
      <h1>Trust anchors</h1>
      <CertificatesNav current="/certificates/anchors" />
      {state.notice && <Notice kind={state.notice.kind}>{state.notice.text}</Notice>}
      <p>
        CA certificates trusted to vouch for station client certificates (security profile 3), in addition to{" "}
        <a href="/certificates/ca">Joule's own CA</a>, which is always trusted. Changes apply to the next handshake.
      </p>
      {anchors.length === 0 ? (
        <p class="muted">No trust anchor added: only certificates issued by Joule's CA are accepted.</p>
      ) : (
        <div class="table-wrap">
          <table>
            <caption class="visually-hidden">Trust anchors</caption>
            <thead>
              <tr>
                <th scope="col">Subject</th>
                <th scope="col">Fingerprint (SHA-256)</th>
                <th scope="col">Valid from</th>
                <th scope="col">Valid until</th>
                <th scope="col">Added</th>
                <th scope="col">Stations connected through it alone</th>
                {isAdmin(session) && <th scope="col">Action</th>}
              </tr>
            </thead>
            <tbody>
              {anchors.map((anchor) => (
                <tr>
                  <td>{anchor.subject}</td>
                  <td>
                    <Fingerprint value={anchor.fingerprint} />
                  </td>
                  <td>{when(anchor.notBefore)}</td>
                  <td>
                    {when(anchor.notAfter)}
                    {anchor.notAfter < now ? <strong class="error"> (expired)</strong> : ""}
                  </td>
                  <td>{when(anchor.addedAt)}</td>
                  <td>{dependents.get(anchor.fingerprint)?.length ?? 0}</td>
                  {isAdmin(session) && (
                    <td>
                      <ConfirmAction
                        session={session}
                        action={`/certificates/anchors/${anchor.fingerprint}/remove`}
                        label="Remove"
                        confirmLabel="Yes, remove this trust anchor"
                        consequence={removalConsequence(anchor, dependents.get(anchor.fingerprint) ?? [])}
                      />
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {isAdmin(session) && <AddAnchorForm session={session} values={state.values ?? { pem: "" }} errors={state.errors} />}
    </>
  );
}

function AddAnchorForm(props: { session: OperatorSession; values: { pem: string }; errors?: FieldErrors }) {
  return (
    <form method="post" action="/certificates/anchors" enctype="multipart/form-data" class="stack wide" aria-labelledby="add-anchor-heading" novalidate>
      <h2 id="add-anchor-heading">Add a trust anchor</h2>
      <CsrfField session={props.session} />
      <TextArea
        name="pem"
        label="CA certificate (PEM)"
        value={props.values.pem}
        errors={props.errors}
        rows={8}
        hint="Paste one certificate: -----BEGIN CERTIFICATE----- … -----END CERTIFICATE-----"
      />
      <Field type="file"
        name="file"
        label="Or upload a certificate file"
        accept=".pem,.crt,.cer,.der,application/x-pem-file,application/x-x509-ca-cert,application/pkix-cert"
        errors={props.errors}
        hint="PEM or DER."
      />
      <div>
        <button type="submit">Add trust anchor</button>
      </div>
    </form>
  );
}

export type AddAnchorOutcome = { kind: "added"; fingerprint: string } | { kind: "invalid"; values: { pem: string }; errors: FieldErrors };

/** The add form: a pasted PEM or an uploaded PEM/DER file, checked by addAnchor as the API checks its JSON. */
export async function addAnchorFromForm(services: Services, body: FormBody, actor: string): Promise<AddAnchorOutcome> {
  const values = { pem: textOf(body, "pem").slice(0, maxPemLength) };
  const input = await pastedOrUploaded(body, "pem", "file", "certificate");
  if (input === undefined) return { kind: "invalid", values, errors: { pem: "Paste a CA certificate or choose a file" } };
  if ("field" in input) return { kind: "invalid", values, errors: { [input.field]: input.message } };
  let pem = input.text;
  if (input.from === "file") {
    const converted = anchorPemFromFile(new Uint8Array(await fileOf(body, "file")!.arrayBuffer()));
    if (converted === undefined) return { kind: "invalid", values, errors: { file: "The file is neither a PEM nor a DER certificate" } };
    pem = converted;
  }
  const field = input.from === "file" ? "file" : "pem";
  const result = await addAnchor(services, pem, actor);
  switch (result.kind) {
    case "invalid":
      return { kind: "invalid", values, errors: { [field]: capitalized(result.message.replace(/^pem /, field === "file" ? "the file " : "the text ")) } };
    case "exists":
      return { kind: "invalid", values, errors: { [field]: "This certificate is a trust anchor already" } };
    case "added":
      return { kind: "added", fingerprint: result.anchor.fingerprint };
  }
}

const capitalized = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** Removes an anchor as DELETE /api/v1/trust-anchors/{fingerprint} does; false when there is no such anchor. */
export function removeAnchorFromConsole(services: Services, fingerprint: string, actor: string): Promise<boolean> {
  if (!/^[0-9a-fA-F]{64}$/.test(fingerprint)) return Promise.resolve(false);
  return removeAnchor(services, fingerprint, actor);
}

// ---- Joule's CA -----------------------------------------------------------------------------------------------------

export interface CaView {
  kind: KeyKind;
  subject: string;
  issuer: string;
  selfSigned: boolean;
  notBefore: string;
  notAfter: string;
  fingerprint: string;
  /** Certificates above it that a download includes (an imported intermediate's chain). */
  chainLength: number;
}

export function caViews(services: Services): CaView[] {
  return keyKinds.map((kind) => {
    const ca = services.tls.material.ca[kind];
    const certificate = new X509Certificate(ca.certificatePem);
    return {
      kind,
      subject: certificate.subject.replace(/\n/g, ", "),
      issuer: certificate.issuer.replace(/\n/g, ", "),
      selfSigned: certificate.subject === certificate.issuer,
      notBefore: new Date(certificate.validFrom).toISOString(),
      notAfter: new Date(certificate.validTo).toISOString(),
      fingerprint: fingerprintOf(ca.certificatePem),
      chainLength: splitPemCertificates(ca.chainPem ?? "").length,
    };
  });
}

/** The PEM file for one of Joule's CA certificates (with the chain above it, when it is an intermediate). */
export function caDownload(services: Services, file: string): { name: string; pem: string } | undefined {
  const kind = /^(ecdsa|rsa)\.pem$/.exec(file)?.[1] as KeyKind | undefined;
  if (!kind) return undefined;
  const ca = services.tls.material.ca[kind];
  return { name: `joule-ca-${kind}.pem`, pem: ca.certificatePem + (ca.chainPem ?? "") };
}

export function CaBody(props: { cas: CaView[] }) {
  return (
    <>
      <h1>Joule's CA</h1>
      <CertificatesNav current="/certificates/ca" />
      <p>
        Joule's certificate authority signs the server certificates it generates and the client certificates of stations
        (SignCertificate). Stations install it to trust the server; it is always a trust anchor for station certificates.
        Both as one file, without login: <a href="/api/v1/ca">/api/v1/ca</a>.
      </p>
      {props.cas.map((ca) => (
        <section aria-labelledby={`ca-${ca.kind}`}>
          <h2 id={`ca-${ca.kind}`}>{ca.kind === "ecdsa" ? "ECDSA" : "RSA"}</h2>
          <dl class="facts">
            <dt>Subject</dt>
            <dd>{ca.subject}</dd>
            <dt>Issuer</dt>
            <dd>{ca.selfSigned ? "self-signed (root)" : ca.issuer}</dd>
            <dt>Valid from</dt>
            <dd>{when(ca.notBefore)}</dd>
            <dt>Valid until</dt>
            <dd>{when(ca.notAfter)}</dd>
            <dt>Fingerprint (SHA-256)</dt>
            <dd>
              <Fingerprint value={ca.fingerprint} />
            </dd>
          </dl>
          <p>
            <a href={`/certificates/ca/${ca.kind}.pem`} download={`joule-ca-${ca.kind}.pem`}>
              Download the {ca.kind === "ecdsa" ? "ECDSA" : "RSA"} CA certificate (PEM)
            </a>
            {ca.chainLength > 0 ? ` — with the ${ca.chainLength} certificate${ca.chainLength === 1 ? "" : "s"} above it` : ""}
          </p>
        </section>
      ))}
    </>
  );
}

// ---- issued certificates --------------------------------------------------------------------------------------------

const issuedStatuses = ["valid", "revoked", "expired"] as const;
type IssuedStatus = (typeof issuedStatuses)[number];

export interface IssuedQuery {
  values: { stationId: string; status: string; expiring: string };
  page: number;
}

export function parseIssuedQuery(query: (name: string) => string | undefined): IssuedQuery {
  const stationId = (query("stationId") ?? "").trim().slice(0, 100);
  const status = (issuedStatuses as readonly string[]).includes(query("status") ?? "") ? query("status")! : "";
  const expiring = query("expiring") === "yes" ? "yes" : "";
  return { values: { stationId, status, expiring }, page: pageNumber(query("page")) };
}

export async function issuedData(services: Services, query: IssuedQuery) {
  const now = Date.now();
  const { values } = query;
  const { items, total } = await issuedCertificatePage(
    services.database.db,
    {
      now: new Date(now).toISOString(),
      stationId: values.stationId || undefined,
      status: (values.status || undefined) as IssuedStatus | undefined,
      expiringBy: values.expiring ? new Date(now + services.config.certificateRenewDays * 86_400_000).toISOString() : undefined,
    },
    { limit: pageSize, offset: (query.page - 1) * pageSize },
  );
  return { items, total, now: new Date(now).toISOString(), renewDays: services.config.certificateRenewDays };
}

function statusOf(certificate: IssuedCertificateRow, now: string): IssuedStatus {
  if (certificate.revokedAt) return "revoked";
  return certificate.notAfter <= now ? "expired" : "valid";
}

/** Reasons for revocation (RFC 5280 CRLReason names); the audit log records the one chosen. */
export const revocationReasons: [string, string][] = [
  ["keyCompromise", "Key compromise"],
  ["superseded", "Superseded"],
  ["cessationOfOperation", "Cessation of operation (station retired)"],
  ["affiliationChanged", "Affiliation changed (other CPO)"],
  ["privilegeWithdrawn", "Privilege withdrawn"],
  ["unspecified", "Unspecified"],
];

export function IssuedBody(props: {
  session: OperatorSession;
  query: IssuedQuery;
  data: Awaited<ReturnType<typeof issuedData>>;
  notice?: { kind: "ok" | "bad"; text: string };
}) {
  const { session, query, data } = props;
  const { values } = query;
  const first = data.total === 0 ? 0 : (query.page - 1) * pageSize + 1;
  const last = Math.min(data.total, query.page * pageSize);
  return (
    <>
      <h1>Issued certificates</h1>
      <CertificatesNav current="/certificates/issued" />
      {props.notice && <Notice kind={props.notice.kind}>{props.notice.text}</Notice>}
      <form method="get" action="/certificates/issued" class="filters" role="search" aria-label="Filter issued certificates">
        <Field name="stationId" label="Station id" value={values.stationId} />
        <Select
          name="status"
          label="Status"
          value={values.status}
          options={[
            ["", "Any"],
            ["valid", "Valid"],
            ["revoked", "Revoked"],
            ["expired", "Expired"],
          ]}
        />
        <Select
          name="expiring"
          label="Expiry"
          value={values.expiring}
          options={[
            ["", "Any"],
            ["yes", `Expiring within ${data.renewDays} days`],
          ]}
        />
        <div>
          <button type="submit">Filter</button>
        </div>
      </form>
      <p aria-live="polite">
        {data.total === 0 ? "No certificate matches." : `Certificates ${first}–${last} of ${data.total}`}
      </p>
      {data.items.length > 0 && (
        <div class="table-wrap">
          <table>
            <caption class="visually-hidden">Certificates issued by Joule's CA</caption>
            <thead>
              <tr>
                <th scope="col">Serial number</th>
                <th scope="col">Station</th>
                <th scope="col">Subject</th>
                <th scope="col">Key</th>
                <th scope="col">Not after</th>
                <th scope="col">Status</th>
                <th scope="col">Station's answer</th>
                {isAdmin(session) && <th scope="col">Action</th>}
              </tr>
            </thead>
            <tbody>
              {data.items.map((certificate) => {
                const status = statusOf(certificate, data.now);
                return (
                  <tr>
                    <td>
                      <code class="fingerprint">{certificate.serialNumber}</code>
                    </td>
                    <td>
                      <a href={stationHref(certificate.stationId)}>{certificate.stationId}</a>
                    </td>
                    <td>{certificate.subject}</td>
                    <td>
                      {certificate.keyType} {certificate.keySize}
                    </td>
                    <td>{when(certificate.notAfter)}</td>
                    <td>
                      <span class={`state cert-${status}`}>{status}</span>
                      {certificate.revokedAt ? ` ${when(certificate.revokedAt)}` : ""}
                    </td>
                    <td>{certificate.answer ?? "—"}</td>
                    {isAdmin(session) && (
                      <td>
                        {status === "revoked" ? (
                          ""
                        ) : (
                          <ConfirmAction
                            session={session}
                            action={`/certificates/issued/${certificate.serialNumber}/revoke`}
                            label="Revoke"
                            confirmLabel="Yes, revoke this certificate"
                            fields={{ back: listQuery(values, query.page) }}
                            consequence={
                              <>
                                Station {certificate.stationId} is refused with this certificate from its next handshake; if it
                                is connected with it now, it is disconnected at once. Revocation cannot be undone.{" "}
                                <label>
                                  Reason{" "}
                                  <select name="reason">
                                    {revocationReasons.map(([value, label]) => (
                                      <option value={value}>{label}</option>
                                    ))}
                                  </select>
                                </label>
                              </>
                            }
                          />
                        )}
                      </td>
                    )}
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      <Pager path="/certificates/issued" values={values} page={query.page} total={data.total} />
    </>
  );
}

/** Back to the list as the operator filtered it (`back` from the form, checked again), with the revoked notice. */
export function issuedListAfterRevoke(back: string, serialNumber: string): string {
  const params = new URLSearchParams(back.startsWith("?") ? back.slice(1) : "");
  const query = parseIssuedQuery((name) => params.get(name) ?? undefined);
  return `/certificates/issued${listQuery({ ...query.values, revoked: serialNumber }, query.page)}`;
}

export type RevokeOutcome = { kind: "revoked"; serialNumber: string; back: string } | { kind: "not_found" } | { kind: "invalid"; message: string };

/** Revokes as POST /api/v1/certificates/{serial}/revoke does, with a reason from the list. */
export async function revokeFromForm(services: Services, serialNumber: string, body: FormBody, actor: string): Promise<RevokeOutcome> {
  const reason = textOf(body, "reason");
  if (!revocationReasons.some(([value]) => value === reason)) return { kind: "invalid", message: "Choose a reason for the revocation" };
  if (!/^[0-9a-fA-F]{1,64}$/.test(serialNumber)) return { kind: "not_found" };
  const certificate = await revokeCertificate(services, serialNumber, reason, actor);
  if (!certificate) return { kind: "not_found" };
  return { kind: "revoked", serialNumber: certificate.serialNumber, back: issuedListAfterRevoke(textOf(body, "back"), certificate.serialNumber) };
}

// ---- signing requests -----------------------------------------------------------------------------------------------

const csrStatuses: CsrStatus[] = ["pending", "approved", "signed", "rejected", "failed"];

export interface RequestsQuery {
  values: { stationId: string; status: string };
  page: number;
}

export function parseRequestsQuery(query: (name: string) => string | undefined): RequestsQuery {
  const stationId = (query("stationId") ?? "").trim().slice(0, 100);
  const status = (csrStatuses as string[]).includes(query("status") ?? "") ? query("status")! : "";
  return { values: { stationId, status }, page: pageNumber(query("page")) };
}

export async function requestsData(services: Services, query: RequestsQuery) {
  const { items, total } = await csrRequestQueuePage(
    services.database.db,
    { stationId: query.values.stationId || undefined, status: (query.values.status || undefined) as CsrStatus | undefined },
    { limit: pageSize, offset: (query.page - 1) * pageSize },
  );
  return { items: items.map((request) => ({ request, csr: describeCsr(request.csr) })), total, policy: services.config.csrPolicy };
}

/** What became of the request the operator just decided (`decided` from the redirect), for the notice. */
export async function decisionNotice(services: Services, decided: string | undefined): Promise<{ kind: "ok" | "bad"; text: string } | undefined> {
  if (!/^\d{1,15}$/.test(decided ?? "")) return undefined;
  const request = await csrRequestById(services.database.db, Number(decided));
  if (!request) return undefined;
  switch (request.status) {
    case "signed": {
      const certificate = request.certificateSerial ? await issuedCertificateBySerial(services.database.db, request.certificateSerial) : undefined;
      const issued = `Request ${request.id} approved: certificate ${request.certificateSerial} issued and sent to ${request.stationId} with CertificateSigned`;
      if (certificate?.answer === "Accepted") return { kind: "ok", text: `${issued}; the station accepted it.` };
      if (certificate?.answer) return { kind: "bad", text: `${issued}, but the station answered ${certificate.answer}.` };
      return { kind: "bad", text: `${issued}, but the station did not answer (not connected, or no answer in time).` };
    }
    case "failed":
      return { kind: "bad", text: `Request ${request.id} approved, but no certificate was sent: ${request.reason ?? "unknown reason"}.` };
    case "rejected":
      return { kind: "ok", text: `Request ${request.id} from ${request.stationId} rejected.` };
    default:
      return { kind: "ok", text: `Request ${request.id}: ${request.status}.` };
  }
}

export function RequestsBody(props: {
  session: OperatorSession;
  query: RequestsQuery;
  data: Awaited<ReturnType<typeof requestsData>>;
  notice?: { kind: "ok" | "bad"; text: string };
}) {
  const { session, query, data } = props;
  const first = data.total === 0 ? 0 : (query.page - 1) * pageSize + 1;
  const last = Math.min(data.total, query.page * pageSize);
  return (
    <>
      <h1>Certificate signing requests</h1>
      <CertificatesNav current="/certificates/requests" />
      {props.notice && <Notice kind={props.notice.kind}>{props.notice.text}</Notice>}
      <p>
        CSRs stations sent with SignCertificate.{" "}
        {data.policy === "manual"
          ? "Valid requests wait here for approval (JOULE_CSR_POLICY=manual): approving signs the certificate with Joule's CA and sends it to the station with CertificateSigned."
          : "Valid requests are signed automatically (JOULE_CSR_POLICY=auto); this is their history."}{" "}
        <a href={`/certificates/requests${listQuery(query.values, query.page)}`}>Refresh</a>
      </p>
      <form method="get" action="/certificates/requests" class="filters" role="search" aria-label="Filter signing requests">
        <Field name="stationId" label="Station id" value={query.values.stationId} />
        <Select name="status" label="Status" value={query.values.status} options={[["", "Any"], ...csrStatuses.map((s) => [s, s] as [string, string])]} />
        <div>
          <button type="submit">Filter</button>
        </div>
      </form>
      <p aria-live="polite">{data.total === 0 ? "No signing request matches." : `Requests ${first}–${last} of ${data.total} (pending first)`}</p>
      {data.items.length > 0 && (
        <div class="table-wrap">
          <table>
            <caption class="visually-hidden">Certificate signing requests</caption>
            <thead>
              <tr>
                <th scope="col">Id</th>
                <th scope="col">Station</th>
                <th scope="col">Received</th>
                <th scope="col">Subject</th>
                <th scope="col">Key</th>
                <th scope="col">Status</th>
                <th scope="col">Decided</th>
                {isAdmin(session) && <th scope="col">Action</th>}
              </tr>
            </thead>
            <tbody>
              {data.items.map(({ request, csr }) => (
                <tr id={`csr-${request.id}`}>
                  <td>{request.id}</td>
                  <td>
                    <a href={stationHref(request.stationId)}>{request.stationId}</a>
                  </td>
                  <td>{when(request.receivedAt)}</td>
                  <td>{csr?.subject ?? "unreadable CSR"}</td>
                  <td>{csr?.keyType ?? "—"}</td>
                  <td>
                    <strong>{request.status}</strong>
                    {request.reason ? `: ${request.reason}` : ""}
                    {request.certificateSerial ? (
                      <>
                        {" "}
                        (<a href={`/certificates/issued?stationId=${encodeURIComponent(request.stationId)}`}>certificate {request.certificateSerial}</a>)
                      </>
                    ) : (
                      ""
                    )}
                  </td>
                  <td>{request.decidedAt ? `${when(request.decidedAt)} by ${request.decidedBy ?? "?"}` : "—"}</td>
                  {isAdmin(session) && (
                    <td>
                      {request.status === "pending" && (
                        <div class="actions">
                          <form method="post" action={`/certificates/requests/${request.id}/approve`}>
                            <CsrfField session={session} />
                            <button type="submit">Approve and sign</button>
                          </form>
                          <ConfirmAction
                            session={session}
                            action={`/certificates/requests/${request.id}/reject`}
                            label="Reject"
                            confirmLabel="Yes, reject this request"
                            consequence={
                              <>
                                No certificate is issued; the station keeps the certificate it has and may send a new request.{" "}
                                <label>
                                  Reason (optional){" "}
                                  <input type="text" name="reason" maxlength={500} />
                                </label>
                              </>
                            }
                          />
                        </div>
                      )}
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pager path="/certificates/requests" values={query.values} page={query.page} total={data.total} />
    </>
  );
}

export type DecideOutcome = { kind: "done"; request: CsrRequest } | { kind: "not_found" } | { kind: "not_pending" } | { kind: "invalid"; message: string };

/** Approves (signs, sends CertificateSigned) or rejects as the API's approve/reject routes do. */
export async function decideFromForm(
  services: Services,
  rawId: string,
  decision: "approve" | "reject",
  body: FormBody,
  actor: string,
): Promise<DecideOutcome> {
  const id = Number(rawId);
  if (!/^\d{1,15}$/.test(rawId) || !Number.isSafeInteger(id) || id <= 0) return { kind: "not_found" };
  const reason = textOf(body, "reason").trim();
  if (reason.length > 500) return { kind: "invalid", message: "The reason is too long (at most 500 characters)" };
  return decideCsr(services, id, decision, actor, reason);
}

// ---- server certificate ---------------------------------------------------------------------------------------------

const sourceLabels = {
  stored: "replaced through the console or the API (kept in the database)",
  configured: "configured files (JOULE_TLS_CERT / JOULE_TLS_KEY)",
  directory: "Joule's TLS directory (JOULE_TLS_DIR; generated there on the first start)",
};

export interface ServerState {
  values?: { certificate: string };
  errors?: FieldErrors;
  notice?: { kind: "ok" | "bad"; text: string };
}

export function ServerBody(props: { session: OperatorSession; views: ServerCertificateView[]; state: ServerState }) {
  const { session, views, state } = props;
  return (
    <>
      <h1>Server certificate</h1>
      <CertificatesNav current="/certificates/server" />
      {state.notice && <Notice kind={state.notice.kind}>{state.notice.text}</Notice>}
      <p>
        The certificates the wss listener presents: a client offering ECDSA suites gets the ECDSA one, the others the RSA
        one.
      </p>
      {views.map((view) => (
        <section aria-labelledby={`server-${view.kind}`}>
          <h2 id={`server-${view.kind}`}>{view.kind === "ecdsa" ? "ECDSA" : "RSA"}</h2>
          <dl class="facts">
            <dt>Subject</dt>
            <dd>{view.subject}</dd>
            <dt>Alternative names</dt>
            <dd>{view.alternativeNames.length > 0 ? view.alternativeNames.join(", ") : "none"}</dd>
            <dt>Issuer</dt>
            <dd>{view.issuer}</dd>
            <dt>Valid from</dt>
            <dd>{when(view.notBefore)}</dd>
            <dt>Not after</dt>
            <dd>{when(view.notAfter)}</dd>
            <dt>Fingerprint (SHA-256)</dt>
            <dd>
              <Fingerprint value={view.fingerprint} />
            </dd>
            <dt>Chain sent</dt>
            <dd>
              {view.chainLength} certificate{view.chainLength === 1 ? "" : "s"}
            </dd>
            <dt>Source</dt>
            <dd>{view.source ? sourceLabels[view.source] : "—"}</dd>
          </dl>
        </section>
      ))}
      {views.length === 0 && <p class="muted">No server certificate: the wss listener is not serving.</p>}
      {isAdmin(session) && <ReplaceServerForm session={session} values={state.values ?? { certificate: "" }} errors={state.errors} />}
    </>
  );
}

function ReplaceServerForm(props: { session: OperatorSession; values: { certificate: string }; errors?: FieldErrors }) {
  const { errors } = props;
  const keyCleared = errors && Object.keys(errors).length > 0;
  return (
    <form method="post" action="/certificates/server" enctype="multipart/form-data" class="stack wide" aria-labelledby="replace-heading" novalidate>
      <h2 id="replace-heading">Replace a server certificate</h2>
      <p>
        The key's type decides which certificate (ECDSA or RSA) is replaced. It applies to the next TLS handshake; open
        connections stay up.
      </p>
      <CsrfField session={props.session} />
      <fieldset>
        <legend>Certificate chain</legend>
        <TextArea name="certificate" label="Certificate chain (PEM, server certificate first)" value={props.values.certificate} errors={errors} rows={8} />
        <Field type="file" name="certificateFile" label="Or upload the chain file" accept=".pem,.crt,.cer,application/x-pem-file" errors={errors} />
      </fieldset>
      <fieldset>
        <legend>Private key</legend>
        <TextArea
          name="key"
          label="Private key (PEM)"
          value=""
          errors={errors}
          rows={6}
          hint={
            keyCleared
              ? "For safety the private key is never shown again: paste it or choose its file once more."
              : "Unencrypted PEM (PRIVATE KEY, EC PRIVATE KEY or RSA PRIVATE KEY). It is stored for later starts and never shown."
          }
        />
        <Field type="file" name="keyFile" label="Or upload the key file" accept=".pem,.key,application/x-pem-file" errors={errors} />
      </fieldset>
      <div>
        <button type="submit">Replace server certificate</button>
      </div>
    </form>
  );
}

export type ReplaceOutcome =
  | { kind: "replaced"; certificateKind: KeyKind }
  | { kind: "invalid"; values: { certificate: string }; errors: FieldErrors };

/** Replaces through the same path as PUT /api/v1/tls/server-certificate; the key never goes back into the page. */
export async function replaceServerFromForm(services: Services, body: FormBody, actor: string): Promise<ReplaceOutcome> {
  const values = { certificate: textOf(body, "certificate").slice(0, maxPemLength) };
  const errors: FieldErrors = {};
  const certificate = await pastedOrUploaded(body, "certificate", "certificateFile", "certificate chain");
  const key = await pastedOrUploaded(body, "key", "keyFile", "private key");
  if (certificate === undefined) errors.certificate = "Paste the certificate chain or choose its file";
  else if ("field" in certificate) errors[certificate.field] = certificate.message;
  if (key === undefined) errors.key = "Paste the private key or choose its file";
  else if ("field" in key) errors[key.field] = key.message;
  if (Object.keys(errors).length > 0 || !certificate || "field" in certificate || !key || "field" in key) {
    return { kind: "invalid", values, errors };
  }
  try {
    const replaced = await replaceServerCertificate(services, certificate.text, key.text, actor);
    return { kind: "replaced", certificateKind: replaced.kind };
  } catch (error) {
    if (!(error instanceof ServerCertificateError)) throw error;
    const field = error.field === "key" ? (key.from === "file" ? "keyFile" : "key") : certificate.from === "file" ? "certificateFile" : "certificate";
    return { kind: "invalid", values, errors: { [field]: capitalized(error.message) } };
  }
}
