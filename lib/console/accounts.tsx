// The console's account pages: the operator's own password (/account), operator management (/operators, admin) and
// API tokens (/api-tokens, admin). Secrets (generated passwords, new tokens) appear once, on the page answering the
// POST that made them, which is sent with Cache-Control: no-store like every console page.
import type { Context } from "hono";
import type { Child } from "hono/jsx";
import { listApiTokens, type ApiTokenListing } from "../../db/apiTokens.ts";
import { listOperators, operatorById, type OperatorListing } from "../../db/operators.ts";
import { configuredTokenName } from "../apiTokens.ts";
import type { AppEnv } from "../http/env.ts";
import { lastAdminMessage, minPasswordLength, type Actor, type OperatorChange } from "../operators.ts";
import type { OperatorSession } from "./auth.ts";
import { ConfirmAction, CsrfField, Field, Notice, page, Select, when, type FieldErrors } from "./layout.tsx";
import { pageNumber, pageSize, Pager } from "./lists.tsx";

/** The operator making this request, as the domain functions record it. */
export function actorOf(c: Context<AppEnv>): Actor {
  const session = c.get("operatorSession");
  return {
    operatorId: session.operatorId,
    username: session.username,
    address: c.get("connection").remoteAddress,
    sessionTokenHash: session.tokenHash,
  };
}

/** A form body's text field ("" when absent or a file). */
export function formText(body: Record<string, unknown>, name: string): string {
  return typeof body[name] === "string" ? (body[name] as string) : "";
}

/** A positive integer id from a path segment, or undefined. */
export function idParam(raw: string | undefined): number | undefined {
  return raw !== undefined && /^[1-9]\d{0,15}$/.test(raw) ? Number(raw) : undefined;
}

function FormError(props: { errors?: FieldErrors; name: string }) {
  const error = props.errors?.[props.name];
  return error ? (
    <p class="error" role="alert">
      {error}
    </p>
  ) : null;
}

/** A secret shown once, with the instruction to copy it. */
function ShownOnce(props: { id: string; label: string; secret: string; children?: Child }) {
  return (
    <section aria-labelledby={`${props.id}-heading`}>
      <h2 id={`${props.id}-heading`}>{props.label}</h2>
      <p class="secret" id={props.id}>
        <code>{props.secret}</code>
      </p>
      <Notice>Shown only this once: copy it now. Joule stores only a hash and cannot show it again.</Notice>
      {props.children}
    </section>
  );
}

// ---- /account -------------------------------------------------------------------------------------------------------

export function accountPage(c: Context<AppEnv>, state: { errors?: FieldErrors; changed?: boolean; message?: string }, status?: 400 | 429) {
  const session = c.get("operatorSession");
  return page(
    c,
    { title: "Account", current: "/account", status },
    <>
      <h1>Your account</h1>
      {state.changed && <Notice kind="ok">Password changed. Your other sessions were ended; this one continues.</Notice>}
      {state.message && <Notice kind="bad">{state.message}</Notice>}
      <dl class="facts">
        <dt>User name</dt>
        <dd>{session.username}</dd>
        <dt>Role</dt>
        <dd>{session.role}</dd>
      </dl>
      <form method="post" action="/account" class="stack" aria-labelledby="password-heading" novalidate>
        <h2 id="password-heading">Change your password</h2>
        <CsrfField session={session} />
        {/* Lets password managers tie the new password to the account. */}
        <input type="text" name="username" value={session.username} autocomplete="username" aria-label="User name" hidden readonly />
        <Field name="currentPassword" label="Current password" type="password" errors={state.errors} required autocomplete="current-password" />
        <Field
          name="newPassword"
          label="New password"
          type="password"
          errors={state.errors}
          required
          autocomplete="new-password"
          hint={`At least ${minPasswordLength} characters.`}
        />
        <Field name="repeatPassword" label="Repeat the new password" type="password" errors={state.errors} required autocomplete="new-password" />
        <p class="muted">Changing it logs you out everywhere else.</p>
        <div>
          <button type="submit">Change password</button>
        </div>
      </form>
    </>,
  );
}

// ---- /operators -----------------------------------------------------------------------------------------------------

export const operatorHref = (id: number) => `/operators/${id}`;

export interface NewOperatorValues {
  username: string;
  role: string;
}

export const emptyNewOperator: NewOperatorValues = { username: "", role: "viewer" };

const roleOptions: [string, string][] = [
  ["viewer", "Viewer (read only)"],
  ["admin", "Admin (everything)"],
];

function Status(props: { operator: OperatorListing }) {
  return props.operator.disabledAt ? <span class="state off">Disabled</span> : <span class="state on">Enabled</span>;
}

function NewOperatorForm(props: { session: OperatorSession; values: NewOperatorValues; errors?: FieldErrors }) {
  const { values, errors } = props;
  return (
    <form method="post" action="/operators" class="stack" aria-labelledby="new-operator-heading" novalidate>
      <h2 id="new-operator-heading">Add an operator</h2>
      <CsrfField session={props.session} />
      <Field name="username" label="User name" value={values.username} errors={errors} required autocomplete="off" hint="Letters, digits and . _ - @" />
      <Select name="role" label="Role" value={values.role} errors={errors} options={roleOptions} />
      <Field
        name="password"
        label="Initial password (optional)"
        type="password"
        errors={errors}
        autocomplete="new-password"
        hint={`At least ${minPasswordLength} characters. Leave empty to have one generated and shown once.`}
      />
      <div>
        <button type="submit">Add operator</button>
      </div>
    </form>
  );
}

export async function operatorsPage(c: Context<AppEnv>, form: { values: NewOperatorValues; errors?: FieldErrors }, status?: 400) {
  const session = c.get("operatorSession");
  const current = pageNumber(c.req.query("page"));
  const { items, total } = await listOperators(c.get("services").database.db, { limit: pageSize, offset: (current - 1) * pageSize });
  return page(
    c,
    { title: "Operators", current: "/operators", status },
    <>
      <h1>Operators</h1>
      <p aria-live="polite">{total === 1 ? "1 operator" : `${total} operators`}</p>
      {items.length > 0 && (
        <div class="table-wrap">
          <table>
            <caption class="visually-hidden">Operators</caption>
            <thead>
              <tr>
                <th scope="col">User name</th>
                <th scope="col">Role</th>
                <th scope="col">Status</th>
                <th scope="col">Created</th>
              </tr>
            </thead>
            <tbody>
              {items.map((o) => (
                <tr>
                  <td>
                    <a href={operatorHref(o.id)}>{o.username}</a>
                    {o.id === session.operatorId && <span class="muted"> (you)</span>}
                  </td>
                  <td>{o.role}</td>
                  <td>
                    <Status operator={o} />
                  </td>
                  <td>{when(o.createdAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pager path="/operators" page={current} total={total} label="Operators pages" />
      <NewOperatorForm session={session} values={form.values} errors={form.errors} />
    </>,
  );
}

export function operatorCreatedPage(c: Context<AppEnv>, operator: OperatorListing, generatedPassword: string | undefined) {
  return page(
    c,
    { title: "Operator added", current: "/operators" },
    <>
      <h1>Operator added</h1>
      <Notice kind="ok">
        {operator.username} can now log in as {operator.role}.
      </Notice>
      {generatedPassword !== undefined && (
        <ShownOnce id="generated-password" label={`Password of ${operator.username}`} secret={generatedPassword}>
          <p>Give it to {operator.username} over a safe channel; they can change it under Account.</p>
        </ShownOnce>
      )}
      <p>
        <a href={operatorHref(operator.id)}>Manage {operator.username}</a> · <a href="/operators">Back to the operators</a>
      </p>
    </>,
  );
}

export type OperatorDone = "role" | "disabled" | "enabled";

const doneMessages: Record<OperatorDone, string> = {
  role: "Role changed.",
  disabled: "Operator disabled; their sessions were ended.",
  enabled: "Operator enabled.",
};

export function operatorDone(raw: string | undefined): OperatorDone | undefined {
  return raw !== undefined && raw in doneMessages ? (raw as OperatorDone) : undefined;
}

/** The errors an account change gives, keyed by the form they belong next to. */
export function changeErrors(outcome: OperatorChange, field: "role" | "access"): FieldErrors {
  if (outcome === "last-admin") return { [field]: lastAdminMessage };
  if (outcome === "self") return { [field]: "You cannot disable yourself: ask another admin" };
  return {};
}

function notFound(c: Context<AppEnv>) {
  return page(
    c,
    { title: "Unknown operator", current: "/operators", status: 404 },
    <>
      <h1>Unknown operator</h1>
      <p>
        There is no such operator. <a href="/operators">Back to the operators</a>
      </p>
    </>,
  );
}

/** The page of one operator with its actions: role, disable/enable, password reset. */
export async function operatorPage(
  c: Context<AppEnv>,
  id: number | undefined,
  state: { errors?: FieldErrors; done?: OperatorDone; role?: string } = {},
  status?: 400 | 409,
) {
  const operator = id === undefined ? undefined : await operatorById(c.get("services").database.db, id);
  if (!operator) return notFound(c);
  const session = c.get("operatorSession");
  const href = operatorHref(operator.id);
  const self = operator.id === session.operatorId;
  const { errors } = state;
  return page(
    c,
    { title: `Operator ${operator.username}`, current: "/operators", status },
    <>
      <p>
        <a href="/operators">Operators</a>
      </p>
      <h1>Operator {operator.username}</h1>
      {state.done && <Notice kind="ok">{doneMessages[state.done]}</Notice>}
      <dl class="facts">
        <dt>User name</dt>
        <dd>
          {operator.username}
          {self && <span class="muted"> (you)</span>}
        </dd>
        <dt>Role</dt>
        <dd>{operator.role}</dd>
        <dt>Status</dt>
        <dd>
          <Status operator={operator} />
          {operator.disabledAt && ` since ${when(operator.disabledAt)}`}
        </dd>
        <dt>Created</dt>
        <dd>{when(operator.createdAt)}</dd>
      </dl>

      <form method="post" action={`${href}/role`} class="stack" aria-labelledby="role-heading" novalidate>
        <h2 id="role-heading">Role</h2>
        <CsrfField session={session} />
        <Select name="role" label="Role" value={state.role ?? operator.role} errors={errors} options={roleOptions} />
        <div>
          <button type="submit">Change role</button>
        </div>
      </form>

      <section aria-labelledby="access-heading">
        <h2 id="access-heading">Access</h2>
        <FormError errors={errors} name="access" />
        {operator.disabledAt ? (
          <form method="post" action={`${href}/enable`}>
            <CsrfField session={session} />
            <button type="submit">Enable {operator.username}</button>
          </form>
        ) : self ? (
          <p class="muted">You cannot disable yourself.</p>
        ) : (
          <ConfirmAction
            session={session}
            action={`${href}/disable`}
            label={`Disable ${operator.username}`}
            consequence={`${operator.username} is logged out at once and cannot log in until an admin enables the account again.`}
          />
        )}
      </section>

      <section aria-labelledby="reset-heading">
        <h2 id="reset-heading">Password</h2>
        <ConfirmAction
          session={session}
          action={`${href}/reset-password`}
          label="Reset password"
          consequence={
            self
              ? "Your password is replaced by a generated one, shown once on the next page; your other sessions end."
              : `${operator.username}'s password is replaced by a generated one, shown once on the next page; ${operator.username} is logged out everywhere.`
          }
        />
      </section>
    </>,
  );
}

export function passwordResetPage(c: Context<AppEnv>, operator: OperatorListing, password: string) {
  return page(
    c,
    { title: "Password reset", current: "/operators" },
    <>
      <h1>Password of {operator.username} reset</h1>
      <ShownOnce id="new-password" label="New password" secret={password}>
        <p>Give it to {operator.username} over a safe channel; they can change it under Account.</p>
      </ShownOnce>
      <p>
        <a href={operatorHref(operator.id)}>Back to {operator.username}</a>
      </p>
    </>,
  );
}

// ---- /api-tokens ----------------------------------------------------------------------------------------------------

function revokeConsequence(token: ApiTokenListing, total: number): string {
  const parts = [`Clients using ${token.name} get 401 from the JSON API from their next request on.`];
  if (total === 1) parts.push("It is the last API token: the JSON API refuses every request until you create a new one.");
  if (token.name === configuredTokenName) {
    parts.push("It is set by JOULE_API_TOKEN and is stored again at the next start unless you remove that setting.");
  }
  return parts.join(" ");
}

export async function apiTokensPage(
  c: Context<AppEnv>,
  state: { name?: string; errors?: FieldErrors; revoked?: boolean } = {},
  status?: 400,
) {
  const session = c.get("operatorSession");
  const current = pageNumber(c.req.query("page"));
  const { items, total } = await listApiTokens(c.get("services").database.db, { limit: pageSize, offset: (current - 1) * pageSize });
  return page(
    c,
    { title: "API tokens", current: "/api-tokens", status },
    <>
      <h1>API tokens</h1>
      {state.revoked && <Notice kind="ok">Token revoked: the JSON API no longer accepts it.</Notice>}
      <p>
        Clients of the JSON API send a token as <code>{"Authorization: Bearer <token>"}</code>. Joule stores only a hash
        of each token.
      </p>
      <p aria-live="polite">{total === 0 ? "No API token: the JSON API refuses every request." : total === 1 ? "1 token" : `${total} tokens`}</p>
      {items.length > 0 && (
        <div class="table-wrap">
          <table>
            <caption class="visually-hidden">API tokens</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Created</th>
                <th scope="col">Action</th>
              </tr>
            </thead>
            <tbody>
              {items.map((token) => (
                <tr>
                  <td>{token.name}</td>
                  <td>{when(token.createdAt)}</td>
                  <td>
                    <ConfirmAction
                      session={session}
                      action={`/api-tokens/${token.id}/revoke`}
                      label="Revoke"
                      confirmLabel={`Yes, revoke ${token.name}`}
                      consequence={revokeConsequence(token, total)}
                    />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pager path="/api-tokens" page={current} total={total} label="API tokens pages" />
      <form method="post" action="/api-tokens" class="stack" aria-labelledby="new-token-heading" novalidate>
        <h2 id="new-token-heading">Create a token</h2>
        <CsrfField session={session} />
        <Field
          name="name"
          label="Name"
          value={state.name}
          errors={state.errors}
          required
          autocomplete="off"
          hint="Who or what uses it, e.g. billing export."
        />
        <div>
          <button type="submit">Create token</button>
        </div>
      </form>
    </>,
  );
}

export function apiTokenCreatedPage(c: Context<AppEnv>, listing: ApiTokenListing, token: string) {
  return page(
    c,
    { title: "API token created", current: "/api-tokens" },
    <>
      <h1>API token {listing.name} created</h1>
      <ShownOnce id="new-token" label="The token" secret={token}>
        <p>
          Use it as <code>{"Authorization: Bearer <token>"}</code>. Revoke it on the API tokens page when the client no
          longer needs it.
        </p>
      </ShownOnce>
      <p>
        <a href="/api-tokens">Back to the API tokens</a>
      </p>
    </>,
  );
}

export function apiTokenMissingPage(c: Context<AppEnv>) {
  return page(
    c,
    { title: "Unknown API token", current: "/api-tokens", status: 404 },
    <>
      <h1>Unknown API token</h1>
      <p>
        There is no such token (it may have been revoked already). <a href="/api-tokens">Back to the API tokens</a>
      </p>
    </>,
  );
}
