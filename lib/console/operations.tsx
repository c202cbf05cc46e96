// A station's "operations" panel: any OCPP action a central system sends, with a form built from the action's
// request schema (schemaForm.tsx), sent through callStation like the JSON API's calls, and the station's answer.
import { stationById } from "../../db/stations.ts";
import { coreActions, requestSchemas, securityActions, type Action } from "../../schemas/index.ts";
import type { Services } from "../services.ts";
import { callStation, isStationAction, withoutSecrets, type StationCallResult } from "../stationCalls.ts";
import type { OperatorSession } from "./auth.ts";
import { CsrfField, Notice } from "./layout.tsx";
import {
  fieldTree,
  formErrors,
  formValues,
  listRows,
  parseForm,
  rowsOf,
  SchemaFields,
  shownNames,
  type FormState,
  type ObjectNode,
} from "./schemaForm.tsx";
import { stationHref } from "./lists.tsx";
import { ConnectionState } from "./stations.tsx";

export const operationsHref = (stationId: string) => `${stationHref(stationId)}/operations`;

/** The actions Joule can send to a station, as the picker groups them. */
export const stationActionGroups: { label: string; actions: Action[] }[] = [
  { label: "Core (OCPP 1.6)", actions: coreActions.filter(isStationAction) },
  { label: "Security extension", actions: securityActions.filter(isStationAction) },
];

export const stationActions: Action[] = stationActionGroups.flatMap((group) => group.actions);

/** Actions that take something away or interrupt the station: the send button asks first. */
const consequences: Partial<Record<Action, string>> = {
  Reset: "The station restarts; a hard reset ends running transactions at once.",
  ChangeAvailability: "An inoperative station or connector accepts no new charging sessions.",
  ChangeConfiguration: "The station's configuration changes; a wrong value (AuthorizationKey, SecurityProfile) can cut it off from Joule.",
  ClearCache: "The station forgets the id tags it has cached.",
  ClearChargingProfile: "The matching charging profiles are removed from the station.",
  RemoteStopTransaction: "The transaction is stopped.",
  UnlockConnector: "The connector is unlocked; a transaction running on it stops.",
  CancelReservation: "The reservation is cancelled.",
  SendLocalList: "The station's local authorization list is replaced (Full) or changed (Differential).",
  UpdateFirmware: "The station installs the firmware and restarts.",
  SignedUpdateFirmware: "The station installs the firmware and restarts.",
  DeleteCertificate: "The certificate is removed from the station; connections that rely on it may fail.",
  CertificateSigned: "The station replaces its client certificate with this chain.",
};

/** Help for fields whose value Joule decides. */
const fieldHints: Partial<Record<Action, Record<string, string>>> = {
  GetLog: { requestId: "Joule replaces it with the id of the log job it creates" },
  SignedUpdateFirmware: { requestId: "Joule replaces it with the id of the firmware job it creates" },
};

export function isOperationAction(name: string | undefined): name is Action {
  return name !== undefined && isStationAction(name);
}

function treeOf(action: Action): ObjectNode {
  return fieldTree(requestSchemas[action]);
}

/** Field names whose value is a secret in this payload (withoutSecrets would not store it as entered). */
function secretNames(action: Action, tree: ObjectNode, payload: Record<string, unknown>): Set<string> {
  const entered = formValues(tree, payload);
  const stored = formValues(tree, withoutSecrets(action, payload));
  return new Set(Object.keys(entered).filter((name) => entered[name] !== stored[name]));
}

export interface OperationsView {
  stationId: string;
  connected: boolean;
  action?: Action;
  state: FormState;
  /** The outcome of the last send, and what was sent (secrets replaced). */
  outcome?: { result: StationCallResult; sent: unknown };
}

/** The station as the panel needs it, or undefined for an unknown station. */
export async function operationsStation(services: Services, stationId: string) {
  if (!(await stationById(services.database.db, stationId))) return undefined;
  return { stationId, connected: services.registry.isConnected(stationId) };
}

/** The panel for GET: the action from the query (unknown actions are ignored) and its empty form. */
export function emptyOperation(
  station: { stationId: string; connected: boolean },
  query: Record<string, string>,
): OperationsView {
  const action = isOperationAction(query.action) ? query.action : undefined;
  return { ...station, action, state: { values: {}, errors: {}, rows: rowsOf(query), hints: action && fieldHints[action] } };
}

export type OperationSubmission =
  | { kind: "unknown_station" }
  | { kind: "invalid"; view: OperationsView }
  | { kind: "rows"; view: OperationsView }
  | { kind: "sent"; view: OperationsView };

/**
 * A posted operations form: "add a row" re-renders the form with one more row; otherwise the form is parsed,
 * validated with the action's schema (every problem next to its field, nothing sent) and sent to the station.
 */
export async function submitOperation(
  services: Services,
  call: { stationId: string; form: Record<string, string>; requestedBy: string },
): Promise<OperationSubmission> {
  const station = await operationsStation(services, call.stationId);
  if (!station) return { kind: "unknown_station" };
  const { form } = call;
  if (!isOperationAction(form.action)) {
    return {
      kind: "invalid",
      view: { ...station, state: { values: {}, errors: { action: "Choose an action Joule can send to a station" }, rows: {} } },
    };
  }
  const action = form.action;
  const tree = treeOf(action);
  const payload = parseForm(tree, form);
  const rows = rowsOf(form);
  const state: FormState = {
    // The payload's own values, so that rows left empty close up and error paths name the fields shown.
    values: formValues(tree, payload),
    errors: {},
    rows,
    secrets: secretNames(action, tree, payload),
    hints: fieldHints[action],
  };
  const view: OperationsView = { ...station, action, state };

  if (form.addRow !== undefined) {
    // The form comes back as entered (rows not compacted), with one more row in that list; nothing is sent.
    const entered: FormState = { ...state, values: enteredValues(form) };
    const current = listRows(tree, entered).get(form.addRow);
    if (current !== undefined) rows[form.addRow] = current + 1;
    return { kind: "rows", view: { ...view, state: entered } };
  }

  const errors = formErrors(requestSchemas[action], payload);
  if (Object.keys(errors).length > 0) return { kind: "invalid", view: { ...view, state: { ...state, errors } } };

  const result = await callStation(services, { stationId: call.stationId, action, payload, requestedBy: call.requestedBy });
  if (result.kind === "unknown_station") return { kind: "unknown_station" };
  if (result.kind === "invalid_payload") {
    // Checks beyond the schema (e.g. InstallCertificate wants a CA certificate).
    return { kind: "invalid", view: { ...view, state: { ...state, errors: { [result.path]: capitalize(result.message) } } } };
  }
  return {
    kind: "sent",
    view: { ...view, connected: services.registry.isConnected(call.stationId), outcome: { result, sent: withoutSecrets(action, payload) } },
  };
}

const capitalize = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** The submitted fields that belong to the payload (not the form's own controls). */
function enteredValues(form: Record<string, string>): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [name, value] of Object.entries(form)) {
    if (name === "_csrf" || name === "action" || name === "addRow" || name.startsWith("rows.")) continue;
    values[name] = value;
  }
  return values;
}

// ---- rendering ------------------------------------------------------------------------------------------------------

const panelId = "operations-panel";
const htmxTarget = { "hx-target": `#${panelId}`, "hx-swap": "outerHTML" };

function ActionPicker(props: { stationId: string; action?: Action; error?: string }) {
  const href = operationsHref(props.stationId);
  return (
    <form method="get" action={href} class="filters" hx-get={href} hx-trigger="change, submit" {...htmxTarget}>
      <div class="field">
        <label for="op-action">Action</label>
        <select
          id="op-action"
          name="action"
          aria-invalid={props.error ? "true" : undefined}
          aria-describedby={props.error ? "op-action-error" : undefined}
        >
          <option value="" selected={!props.action}>
            Choose an action…
          </option>
          {stationActionGroups.map((group) => (
            <optgroup label={group.label}>
              {group.actions.map((action) => (
                <option value={action} selected={action === props.action}>
                  {action}
                </option>
              ))}
            </optgroup>
          ))}
        </select>
        {props.error && (
          <p id="op-action-error" class="error">
            {props.error}
          </p>
        )}
      </div>
      <div>
        <button type="submit">Show form</button>
      </div>
    </form>
  );
}

const json = (value: unknown) => JSON.stringify(value, null, 2);

function Outcome(props: { action: Action; result: StationCallResult; sent: unknown }) {
  const { action, result } = props;
  let body;
  switch (result.kind) {
    case "result":
      body = (
        <>
          <Notice kind="ok">The station answered {action}:</Notice>
          <pre class="answer" aria-label={`Answer to ${action}`}>
            {json(result.payload)}
          </pre>
          {result.requestId !== undefined && (
            <p>
              Joule follows it as <a href={`/jobs/${result.requestId}`}>job {result.requestId}</a> (its requestId).
            </p>
          )}
        </>
      );
      break;
    case "error":
      body = (
        <>
          <Notice kind="bad">
            The station refused {action} with CALLERROR <strong>{result.code}</strong>
            {result.description ? `: ${result.description}` : ""}
          </Notice>
          {result.details !== undefined && result.details !== null && Object.keys(result.details as object).length > 0 && (
            <pre class="answer" aria-label="Error details">
              {json(result.details)}
            </pre>
          )}
        </>
      );
      break;
    case "not_connected":
      body = <Notice kind="bad">Station not connected: {action} was not sent.</Notice>;
      break;
    case "timeout":
      body = <Notice kind="bad">Timeout: the station did not answer {action} in time.</Notice>;
      break;
    default:
      body = <Notice kind="bad">{action} was not sent.</Notice>;
  }
  return (
    <div class="outcome">
      {body}
      <details>
        <summary>Request sent</summary>
        <pre>{json(props.sent)}</pre>
      </details>
    </div>
  );
}

function SendButton(props: { action: Action }) {
  const consequence = consequences[props.action];
  if (!consequence) return <button type="submit">Send {props.action}</button>;
  // Asks first, without JavaScript: the real button is inside the panel that states the consequence.
  return (
    <details class="confirm">
      <summary>Send {props.action}…</summary>
      <p>{consequence}</p>
      <button type="submit" class="danger">
        Yes, send {props.action}
      </button>
    </details>
  );
}

function OperationForm(props: { view: OperationsView & { action: Action }; session: OperatorSession }) {
  const { view } = props;
  const href = operationsHref(view.stationId);
  const tree = treeOf(view.action);
  const shown = shownNames(tree, view.state);
  const errors = Object.entries(view.state.errors);
  const elsewhere = errors.filter(([name]) => !shown.has(name) || name === "");
  return (
    <form method="post" action={href} hx-post={href} {...htmxTarget} class="operation" aria-labelledby="op-form-heading">
      <h3 id="op-form-heading">{view.action}</h3>
      {errors.length > 0 && (
        <Notice kind="bad">
          {errors.length === 1 ? "One field needs" : `${errors.length} fields need`} correcting: nothing was sent.
        </Notice>
      )}
      {elsewhere.length > 0 && (
        <ul class="error">
          {elsewhere.map(([name, message]) => (
            <li>{name ? `${name}: ${message}` : message}</li>
          ))}
        </ul>
      )}
      <CsrfField session={props.session} />
      <input type="hidden" name="action" value={view.action} />
      {tree.entries.length === 0 && <p class="muted">{view.action} has no fields.</p>}
      <SchemaFields tree={tree} state={view.state} />
      <div class="actions">
        <SendButton action={view.action} />
      </div>
    </form>
  );
}

/** The panel: action picker, the last outcome, the chosen action's form. The station detail page loads it by hx-get. */
export function OperationsPanel(props: { view: OperationsView; session: OperatorSession }) {
  const { view, session } = props;
  const action = view.action;
  return (
    <section id={panelId} class="operations" aria-labelledby="operations-heading">
      <h2 id="operations-heading">Send an OCPP operation</h2>
      <p>
        <ConnectionState connected={view.connected} />
        {!view.connected && <span class="muted"> — an operation sent now is not delivered.</span>}
      </p>
      {session.role !== "admin" ? (
        <p class="muted">Sending operations to a station needs the admin role.</p>
      ) : (
        <>
          <ActionPicker stationId={view.stationId} action={action} error={view.state.errors.action} />
          {action && view.outcome && <Outcome action={action} result={view.outcome.result} sent={view.outcome.sent} />}
          {action && <OperationForm view={{ ...view, action }} session={session} />}
        </>
      )}
    </section>
  );
}
