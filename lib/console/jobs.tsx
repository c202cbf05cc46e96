// The console's firmware and log jobs: the job list and detail (status timeline, request, answer, files), firmware
// files with upload, and the forms that start a signed firmware update (SignedUpdateFirmware) or a log upload (GetLog).
import type { JobKind } from "../../db/securityEvents.ts";
import { stationById } from "../../db/stations.ts";
import { firmwareList, receiveFirmware, sendFirmwareUpdate } from "../firmware.ts";
import { jobDetail, type JobView } from "../jobs.ts";
import type { Services } from "../services.ts";
import type { StationCallResult } from "../stationCalls.ts";
import { requestLog } from "../uploads.ts";
import type { OperatorSession } from "./auth.ts";
import { ListSummary, Pager, pageOf, periodBound, StationLink, Time } from "./lists.tsx";
import { CsrfField, Field, Notice, Select, TextArea, type FieldErrors } from "./layout.tsx";

export const jobHref = (id: number) => `/jobs/${id}`;
const kindLabel = (kind: JobKind) => (kind === "firmware" ? "Firmware update" : "Log upload");

/** "12 345 bytes" as "12.1 KiB". */
export function byteSize(size: number | null | undefined): string {
  if (size === null || size === undefined) return "—";
  if (size < 1024) return `${size} B`;
  const units = ["KiB", "MiB", "GiB"];
  let value = size / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(1)} ${units[unit]}`;
}

// ---- the job list ---------------------------------------------------------------------------------------------------

export interface JobQuery {
  values: { kind: string; stationId: string };
  filter: { kind?: JobKind; stationId?: string };
  page: number;
}

export function parseJobQuery(query: (name: string) => string | undefined): JobQuery {
  const kind = query("kind") === "firmware" || query("kind") === "log" ? (query("kind") as JobKind) : undefined;
  const raw = (query("stationId") ?? "").trim();
  const stationId = raw.length <= 100 ? raw : "";
  return {
    values: { kind: kind ?? "", stationId },
    filter: { kind, stationId: stationId || undefined },
    page: pageOf(query),
  };
}

export function JobFilters(props: { values: JobQuery["values"] }) {
  return (
    <form method="get" action="/jobs" class="filters" role="search" aria-label="Filter jobs">
      <Select
        name="kind"
        label="Kind"
        value={props.values.kind}
        options={[
          ["", "Any"],
          ["firmware", "Firmware updates"],
          ["log", "Log uploads"],
        ]}
      />
      <Field name="stationId" label="Station id" value={props.values.stationId} idPrefix="filter-" />
      <div>
        <button type="submit">Filter</button>
      </div>
      <div>
        <a href="/jobs">Clear filters</a>
      </div>
    </form>
  );
}

/** The latest status a station reported, else its answer to the request. */
function currentState(job: JobView): { text: string; at?: string } {
  const last = job.timeline.at(-1);
  if (last) return { text: last.status, at: last.at };
  return { text: job.answer === null ? "No answer" : `Answered ${job.answer}` };
}

export function JobTable(props: { items: JobView[]; total: number; query: JobQuery }) {
  const { items, total, query } = props;
  return (
    <>
      <ListSummary noun="Jobs" total={total} page={query.page} empty="No job matches." />
      {items.length > 0 && (
        <div class="table-wrap">
          <table>
            <caption class="visually-hidden">Firmware and log jobs, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Job</th>
                <th scope="col">Kind</th>
                <th scope="col">Station</th>
                <th scope="col">Created</th>
                <th scope="col">By</th>
                <th scope="col">Station's answer</th>
                <th scope="col">Latest status</th>
              </tr>
            </thead>
            <tbody>
              {items.map((job) => {
                const state = currentState(job);
                return (
                  <tr>
                    <td>
                      <a href={jobHref(job.id)}>#{job.id}</a>
                    </td>
                    <td>{kindLabel(job.kind)}</td>
                    <td>
                      <StationLink id={job.stationId} />
                    </td>
                    <td>
                      <Time at={job.createdAt} />
                    </td>
                    <td>{job.createdBy}</td>
                    <td>{job.answer ?? <span class="muted">none</span>}</td>
                    <td>
                      {state.text}
                      {state.at && (
                        <>
                          {" "}
                          <small class="muted">
                            (<Time at={state.at} />)
                          </small>
                        </>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      <Pager path="/jobs" values={query.values} page={query.page} total={total} pastEnd />
    </>
  );
}

// ---- one job --------------------------------------------------------------------------------------------------------

export type JobDetail = NonNullable<Awaited<ReturnType<typeof jobDetail>>>;

/** The one-time tokens in upload and download URLs are credentials: not shown. */
export function withoutUrlTokens(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value), (_key, v) =>
    typeof v === "string" ? v.replace(/\/(uploads|firmware)\/[A-Za-z0-9_-]{20,}/g, "/$1/(one-time token)") : v,
  );
}

/** The part of the job page that follows the station (polled while the page is open). */
export function JobLive(props: { detail: JobDetail }) {
  const { job, uploads } = props.detail;
  return (
    <div id="job-live" hx-get={jobHref(job.id)} hx-trigger="every 5s" hx-swap="outerHTML">
      <section aria-labelledby="timeline-heading">
        <h2 id="timeline-heading">Status timeline</h2>
        {job.timeline.length === 0 ? (
          <p class="muted">The station has not reported a status for this job yet.</p>
        ) : (
          <ol class="timeline" aria-live="polite">
            {job.timeline.map((s) => (
              <li>
                <Time at={s.at} /> — <strong>{s.status}</strong>
              </li>
            ))}
          </ol>
        )}
      </section>
      {job.kind === "log" && (
        <section aria-labelledby="files-heading">
          <h2 id="files-heading">Uploaded files</h2>
          {uploads.length === 0 ? (
            <p class="muted">The station was not given an upload URL of Joule's (it uploads elsewhere, or the request failed).</p>
          ) : (
            <ul>
              {uploads.map((u) =>
                u.uploadedAt === null ? (
                  <li>
                    Waiting for the station's upload{u.fileName ? ` (announced as ${u.fileName})` : ""}.
                  </li>
                ) : (
                  <li>
                    <a href={`${jobHref(job.id)}/files/${u.id}`} download={u.fileName ?? undefined}>
                      {u.fileName ?? `log-${u.id}`}
                    </a>{" "}
                    ({byteSize(u.size)}, received <Time at={u.uploadedAt} />)
                  </li>
                ),
              )}
            </ul>
          )}
        </section>
      )}
    </div>
  );
}

export function JobDetailBody(props: { detail: JobDetail }) {
  const { job, firmware } = props.detail;
  return (
    <>
      <h1>
        {kindLabel(job.kind)} #{job.id}
      </h1>
      <dl class="facts">
        <dt>Station</dt>
        <dd>
          <StationLink id={job.stationId} />
        </dd>
        <dt>Request</dt>
        <dd>{job.kind === "firmware" ? "SignedUpdateFirmware" : "GetLog"}</dd>
        <dt>Created</dt>
        <dd>
          <Time at={job.createdAt} />
        </dd>
        <dt>Created by</dt>
        <dd>{job.createdBy}</dd>
        <dt>Station's answer</dt>
        <dd>{job.answer ?? <span class="muted">none (no CALLRESULT)</span>}</dd>
      </dl>
      <JobLive detail={props.detail} />
      {job.kind === "firmware" && (
        <section aria-labelledby="firmware-heading">
          <h2 id="firmware-heading">Firmware file</h2>
          {firmware ? (
            <dl class="facts">
              <dt>File</dt>
              <dd>
                <a href={`/jobs/firmware/${firmware.id}/file`}>{firmware.fileName}</a> ({byteSize(firmware.size)})
              </dd>
              <dt>SHA-256</dt>
              <dd>
                <code>{firmware.sha256}</code>
              </dd>
              <dt>Signature</dt>
              <dd>{firmware.signedBy === "joule" ? "Signed by Joule's firmware-signing key" : "Uploaded with the file"}</dd>
              <dt>Downloads by the station</dt>
              <dd>{firmware.downloads}</dd>
            </dl>
          ) : (
            <p class="muted">No firmware file of Joule's is linked to this job.</p>
          )}
        </section>
      )}
      <section aria-labelledby="request-heading">
        <h2 id="request-heading">Request sent</h2>
        <pre class="payload">{JSON.stringify(withoutUrlTokens(job.request), null, 2)}</pre>
      </section>
      <p>
        <a href={`/jobs?stationId=${encodeURIComponent(job.stationId)}`}>All jobs of {job.stationId}</a>
      </p>
    </>
  );
}

// ---- form parsing shared by the request forms -----------------------------------------------------------------------

const formText = (body: Record<string, unknown>, name: string) => (typeof body[name] === "string" ? (body[name] as string).trim() : "");

/** An optional whole number from 0; `null` when invalid. */
function optionalCount(text: string): number | undefined | null {
  if (text === "") return undefined;
  return /^\d{1,9}$/.test(text) ? Number(text) : null;
}

/** An optional date-time (datetime-local is read as UTC); `null` when invalid. */
function optionalDateTime(text: string): string | undefined | null {
  if (text === "") return undefined;
  return periodBound(text, "from") ?? null;
}

async function checkStation(services: Services, stationId: string, errors: FieldErrors): Promise<void> {
  if (stationId === "") errors.stationId = "Enter the id of a station";
  else if (stationId.length > 100 || !(await stationById(services.database.db, stationId))) errors.stationId = `There is no station ${stationId}`;
}

/** Errors of a call that did not end in a CALLRESULT, placed next to the field they concern. */
function callFailure(outcome: Exclude<StationCallResult, { kind: "result" }>, action: string): FieldErrors {
  switch (outcome.kind) {
    case "unknown_station":
      return { stationId: "There is no such station" };
    case "not_connected":
      return { stationId: "The station is not connected" };
    case "timeout":
      return { form: `The station did not answer ${action} in time.` };
    case "error":
      return { form: `The station refused ${action} with ${outcome.code}: ${outcome.description}` };
    case "invalid_payload":
      return { form: `Invalid ${action}: ${outcome.message}` };
    case "invalid_action":
      return { form: `${action} cannot be sent` };
  }
}

const dateTimeHint = "Read as UTC.";

// ---- request a log upload (GetLog) ----------------------------------------------------------------------------------

export interface LogRequestValues {
  stationId: string;
  logType: string;
  oldestTimestamp: string;
  latestTimestamp: string;
}

export const emptyLogRequest = (stationId = ""): LogRequestValues => ({ stationId, logType: "DiagnosticsLog", oldestTimestamp: "", latestTimestamp: "" });

export function LogRequestForm(props: { session: OperatorSession; values: LogRequestValues; errors?: FieldErrors }) {
  const { values, errors } = props;
  return (
    <form method="post" action="/jobs" class="stack" aria-labelledby="log-request-heading" novalidate>
      <h2 id="log-request-heading">Request a log upload</h2>
      <p class="muted">Sends GetLog; the station uploads the file to a one-time URL of Joule's, and the file appears on the job's page.</p>
      {errors?.form && <Notice kind="bad">{errors.form}</Notice>}
      <CsrfField session={props.session} />
      <Field name="stationId" label="Station id" value={values.stationId} errors={errors} required />
      <Select
        name="logType"
        label="Log type"
        value={values.logType}
        errors={errors}
        options={[
          ["DiagnosticsLog", "Diagnostics log"],
          ["SecurityLog", "Security log"],
        ]}
      />
      <Field name="oldestTimestamp" label="Oldest entry (optional)" type="datetime-local" value={values.oldestTimestamp} errors={errors} hint={dateTimeHint} />
      <Field name="latestTimestamp" label="Latest entry (optional)" type="datetime-local" value={values.latestTimestamp} errors={errors} hint={dateTimeHint} />
      <div>
        <button type="submit">Request log upload</button>
      </div>
    </form>
  );
}

export type FormOutcome<V> = { kind: "sent"; jobId: number } | { kind: "invalid"; values: V; errors: FieldErrors; status: 400 | 409 };

export async function logRequestFromForm(
  services: Services,
  body: Record<string, unknown>,
  baseUrl: string,
  actor: string,
): Promise<FormOutcome<LogRequestValues>> {
  const values: LogRequestValues = {
    stationId: formText(body, "stationId"),
    logType: formText(body, "logType"),
    oldestTimestamp: formText(body, "oldestTimestamp"),
    latestTimestamp: formText(body, "latestTimestamp"),
  };
  const errors: FieldErrors = {};
  await checkStation(services, values.stationId, errors);
  if (values.logType !== "DiagnosticsLog" && values.logType !== "SecurityLog") errors.logType = "Choose the diagnostics log or the security log";
  const oldest = optionalDateTime(values.oldestTimestamp);
  const latest = optionalDateTime(values.latestTimestamp);
  if (oldest === null) errors.oldestTimestamp = "Enter a date and time, or leave it empty";
  if (latest === null) errors.latestTimestamp = "Enter a date and time, or leave it empty";
  if (oldest && latest && oldest > latest) errors.latestTimestamp = "The latest entry must not be before the oldest";
  if (Object.keys(errors).length > 0) return { kind: "invalid", values, errors, status: 400 };
  const { outcome } = await requestLog(
    services,
    values.stationId,
    { logType: values.logType as "DiagnosticsLog" | "SecurityLog", oldestTimestamp: oldest ?? undefined, latestTimestamp: latest ?? undefined },
    baseUrl,
    actor,
  );
  if (outcome.kind === "result" && outcome.requestId !== undefined) return { kind: "sent", jobId: outcome.requestId };
  return { kind: "invalid", values, errors: outcome.kind === "result" ? { form: "No job was created" } : callFailure(outcome, "GetLog"), status: 409 };
}

/** The job a request just created, to show its answer after the redirect (undefined when not of this kind). */
export async function sentJob(services: Services, jobId: string | undefined, kind: JobKind): Promise<JobView | undefined> {
  if (jobId === undefined || !/^\d{1,9}$/.test(jobId)) return undefined;
  const detail = await jobDetail(services, Number(jobId));
  return detail?.job.kind === kind ? detail.job : undefined;
}

export function SentNotice(props: { job: JobView | undefined }) {
  const { job } = props;
  if (!job) return null;
  const action = job.kind === "firmware" ? "SignedUpdateFirmware" : "GetLog";
  return (
    <Notice kind={job.answer === "Accepted" ? "ok" : "bad"}>
      {action} sent to {job.stationId}: the station answered <strong>{job.answer ?? "nothing"}</strong>.{" "}
      <a href={jobHref(job.id)}>Follow job #{job.id}</a>
    </Notice>
  );
}

// ---- firmware files -------------------------------------------------------------------------------------------------

export type FirmwareItem = Awaited<ReturnType<typeof firmwareList>>["items"][number];

export function FirmwareTable(props: { items: FirmwareItem[] }) {
  if (props.items.length === 0) return <p>No firmware file has been uploaded yet.</p>;
  return (
    <div class="table-wrap">
      <table>
        <caption class="visually-hidden">Firmware files, newest first</caption>
        <thead>
          <tr>
            <th scope="col">File</th>
            <th scope="col">Size</th>
            <th scope="col">Signed</th>
            <th scope="col">SHA-256</th>
            <th scope="col">Uploaded</th>
            <th scope="col">Jobs</th>
          </tr>
        </thead>
        <tbody>
          {props.items.map((f) => (
            <tr>
              <td>
                <a href={`/jobs/firmware/${f.id}/file`}>{f.fileName}</a> <small class="muted">#{f.id}</small>
              </td>
              <td>{byteSize(f.size)}</td>
              <td>{f.signedBy === "joule" ? "Yes, by Joule's key" : "Yes, signature uploaded"}</td>
              <td>
                <code class="hash" title={f.sha256}>
                  {f.sha256.slice(0, 16)}…
                </code>
              </td>
              <td>
                <Time at={f.uploadedAt} />
              </td>
              <td>
                {f.downloads.length === 0
                  ? "—"
                  : f.downloads.map((d, i) => (
                      <>
                        {i > 0 && ", "}
                        {d.jobId === null ? d.stationId : <a href={jobHref(d.jobId)}>#{d.jobId}</a>}
                      </>
                    ))}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function FirmwareUploadForm(props: { session: OperatorSession; errors?: FieldErrors; signature?: string; signingCertificate?: string }) {
  const { errors } = props;
  return (
    <form method="post" action="/jobs/firmware" enctype="multipart/form-data" class="stack" aria-labelledby="upload-heading" novalidate>
      <h2 id="upload-heading">Upload firmware</h2>
      {errors?.form && <Notice kind="bad">{errors.form}</Notice>}
      <CsrfField session={props.session} />
      <Field name="file" label="Firmware file" type="file" errors={errors} required />
      <Field
        name="signature"
        label="Signature (optional, base64)"
        value={props.signature}
        errors={errors}
        hint="SHA-256 signature of the file. Leave it and the certificate empty and Joule signs the file with its firmware-signing key."
      />
      <TextArea name="signingCertificate" label="Signing certificate (optional, PEM)" value={props.signingCertificate} errors={errors} rows={4} />
      <div>
        <button type="submit">Upload</button>
      </div>
    </form>
  );
}

export type FirmwareUploadFormOutcome =
  | { kind: "stored"; id: number }
  | { kind: "invalid"; errors: FieldErrors; signature: string; signingCertificate: string; status: 400 };

/**
 * The upload form's multipart body (already read by the CSRF check) given to the same receiver as the API's, after
 * checking that a non-empty file was chosen.
 */
export async function firmwareUploadFromForm(
  services: Services,
  request: { contentType?: string; body: ArrayBuffer; form: Record<string, unknown> },
): Promise<FirmwareUploadFormOutcome> {
  const signature = formText(request.form, "signature");
  const signingCertificate = formText(request.form, "signingCertificate");
  const invalid = (errors: FieldErrors) => ({ kind: "invalid" as const, errors, signature, signingCertificate, status: 400 as const });
  const file = request.form.file;
  if (!(file instanceof File) || file.size === 0) return invalid({ file: "Choose a firmware file (it must not be empty)" });
  const outcome = await receiveFirmware(services, {
    contentType: request.contentType,
    contentLength: String(request.body.byteLength),
    body: new Blob([request.body]).stream(),
  });
  switch (outcome.kind) {
    case "stored":
      return { kind: "stored", id: outcome.file.id };
    case "invalid":
      return invalid({ [outcome.field ?? "file"]: outcome.message });
    case "too_large":
      return invalid({ file: `The file is larger than ${byteSize(outcome.maxBytes)} (JOULE_MAX_FIRMWARE_BYTES)` });
  }
}

// ---- start a signed update (SignedUpdateFirmware) -------------------------------------------------------------------

export interface FirmwareUpdateValues {
  stationId: string;
  firmwareId: string;
  retrieveDateTime: string;
  installDateTime: string;
  retries: string;
  retryInterval: string;
}

export const emptyFirmwareUpdate = (stationId = ""): FirmwareUpdateValues => ({
  stationId,
  firmwareId: "",
  retrieveDateTime: "",
  installDateTime: "",
  retries: "",
  retryInterval: "",
});

export function FirmwareUpdateForm(props: { session: OperatorSession; files: FirmwareItem[]; values: FirmwareUpdateValues; errors?: FieldErrors }) {
  const { values, errors, files } = props;
  return (
    <form method="post" action="/jobs/firmware/updates" class="stack" aria-labelledby="update-heading" novalidate>
      <h2 id="update-heading">Start a signed firmware update</h2>
      <p class="muted">
        Sends SignedUpdateFirmware; the station downloads the file from Joule with a token for this job and reports its progress.
      </p>
      {errors?.form && <Notice kind="bad">{errors.form}</Notice>}
      <CsrfField session={props.session} />
      <Field name="stationId" label="Station id" value={values.stationId} errors={errors} required />
      <Select
        name="firmwareId"
        label="Firmware file"
        value={values.firmwareId}
        errors={errors}
        options={[["", files.length === 0 ? "Upload a firmware file first" : "Choose a file"], ...files.map((f) => [String(f.id), `${f.fileName} (#${f.id}, ${byteSize(f.size)})`] as [string, string])]}
      />
      <Field
        name="retrieveDateTime"
        label="Retrieve at (optional)"
        type="datetime-local"
        value={values.retrieveDateTime}
        errors={errors}
        hint={`${dateTimeHint} Empty: now.`}
      />
      <Field name="installDateTime" label="Install at (optional)" type="datetime-local" value={values.installDateTime} errors={errors} hint={dateTimeHint} />
      <Field name="retries" label="Retries (optional)" value={values.retries} errors={errors} inputmode="numeric" />
      <Field name="retryInterval" label="Retry interval in seconds (optional)" value={values.retryInterval} errors={errors} inputmode="numeric" />
      <div>
        <button type="submit">Send update</button>
      </div>
    </form>
  );
}

export async function firmwareUpdateFromForm(
  services: Services,
  body: Record<string, unknown>,
  baseUrl: string,
  actor: string,
): Promise<FormOutcome<FirmwareUpdateValues>> {
  const values: FirmwareUpdateValues = {
    stationId: formText(body, "stationId"),
    firmwareId: formText(body, "firmwareId"),
    retrieveDateTime: formText(body, "retrieveDateTime"),
    installDateTime: formText(body, "installDateTime"),
    retries: formText(body, "retries"),
    retryInterval: formText(body, "retryInterval"),
  };
  const errors: FieldErrors = {};
  await checkStation(services, values.stationId, errors);
  if (!/^\d{1,9}$/.test(values.firmwareId)) errors.firmwareId = "Choose a firmware file";
  const retrieve = optionalDateTime(values.retrieveDateTime);
  const install = optionalDateTime(values.installDateTime);
  if (retrieve === null) errors.retrieveDateTime = "Enter a date and time, or leave it empty for now";
  if (install === null) errors.installDateTime = "Enter a date and time, or leave it empty";
  const retrieveAt = retrieve ?? new Date().toISOString();
  if (install && install < retrieveAt) errors.installDateTime = "Installing cannot come before retrieving";
  const retries = optionalCount(values.retries);
  const retryInterval = optionalCount(values.retryInterval);
  if (retries === null) errors.retries = "Enter a whole number from 0, or leave it empty";
  if (retryInterval === null) errors.retryInterval = "Enter a whole number of seconds from 0, or leave it empty";
  if (Object.keys(errors).length > 0) return { kind: "invalid", values, errors, status: 400 };
  const outcome = await sendFirmwareUpdate(
    services,
    values.stationId,
    {
      firmwareId: Number(values.firmwareId),
      retrieveDateTime: retrieveAt,
      installDateTime: install ?? undefined,
      retries: retries ?? undefined,
      retryInterval: retryInterval ?? undefined,
    },
    baseUrl,
    actor,
  );
  if (outcome.kind === "unknown_firmware") return { kind: "invalid", values, errors: { firmwareId: "There is no such firmware file" }, status: 400 };
  if (outcome.kind === "result" && outcome.requestId !== undefined) return { kind: "sent", jobId: outcome.requestId };
  const failure = outcome.kind === "result" ? { form: "No job was created" } : callFailure(outcome, "SignedUpdateFirmware");
  return { kind: "invalid", values, errors: failure, status: 409 };
}
