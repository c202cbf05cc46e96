// The console's page frame and form pieces. Hono JSX escapes every text and attribute value; no raw HTML here.
import type { Context } from "hono";
import { html } from "hono/html";
import type { Child } from "hono/jsx";
import type { AppEnv } from "../http/env.ts";
import type { OperatorSession } from "./auth.ts";

// Every console section; `admin` entries are shown to admins only.
const nav: { href: string; label: string; admin?: boolean }[] = [
  { href: "/", label: "Dashboard" },
  { href: "/stations", label: "Stations" },
  { href: "/transactions", label: "Transactions" },
  { href: "/id-tags", label: "Id tags" },
  { href: "/certificates", label: "Certificates" },
  { href: "/security-events", label: "Security events" },
  { href: "/audit", label: "Audit log" },
  { href: "/jobs", label: "Firmware & logs" },
  { href: "/operators", label: "Operators", admin: true },
  { href: "/api-tokens", label: "API tokens", admin: true },
  { href: "/account", label: "Account" },
];

export interface PageOptions {
  title: string;
  /** The nav entry of this page. */
  current?: string;
  status?: 200 | 400 | 401 | 403 | 404 | 409 | 429;
}

function Frame(props: { title: string; current?: string; session?: OperatorSession; children?: Child }) {
  const { session } = props;
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="htmx-config" content={htmxConfig} />
        <title>{props.title} · Joule</title>
        <link rel="icon" href="/public/favicon.svg" type="image/svg+xml" />
        <link rel="stylesheet" href="/public/console.css" />
        <script src="/public/htmx.min.js" defer></script>
      </head>
      <body hx-headers={session ? JSON.stringify({ "X-CSRF-Token": session.csrfToken }) : undefined}>
        <a class="skip" href="#main">
          Skip to content
        </a>
        <header class="top">
          <a class="brand" href="/">
            Joule
          </a>
          {session && (
            <nav aria-label="Main">
              <ul>
                {nav.filter((item) => !item.admin || session.role === "admin").map((item) => (
                  <li>
                    <a href={item.href} aria-current={props.current === item.href ? "page" : undefined}>
                      {item.label}
                    </a>
                  </li>
                ))}
              </ul>
            </nav>
          )}
          {session && (
            <div class="who">
              <span>
                {session.username} <span class="muted">({session.role})</span>
              </span>
              <form method="post" action="/logout">
                <CsrfField session={session} />
                <button type="submit">Log out</button>
              </form>
            </div>
          )}
        </header>
        <main id="main" tabindex={-1}>
          {props.children}
        </main>
      </body>
    </html>
  );
}

// htmx swaps a 400 answer too: it is a form coming back with its errors next to the fields. Other errors are not
// swapped (403, 5xx). No eval, no injected indicator styles (the Content-Security-Policy has no 'unsafe-inline').
const htmxConfig = JSON.stringify({
  includeIndicatorStyles: false,
  allowEval: false,
  responseHandling: [
    { code: "204", swap: false },
    { code: "[23]..", swap: true },
    { code: "400", swap: true, error: false },
    { code: "[45]..", swap: false, error: true },
  ],
});

/** Renders a whole page for the operator of this request (none on the login page). */
export function page(c: Context<AppEnv>, options: PageOptions, body: Child) {
  const session = c.get("operatorSession");
  const document = (
    <Frame title={options.title} current={options.current} session={session}>
      {body}
    </Frame>
  );
  return c.html(html`<!DOCTYPE html>${document}`, options.status ?? 200);
}

/** Renders a fragment (htmx swaps it into the page). */
export function fragment(c: Context<AppEnv>, body: Child, status: 200 | 400 = 200) {
  return c.html(<>{body}</>, status);
}

/** The per-session CSRF token, in every form that changes something. */
export function CsrfField(props: { session: OperatorSession | undefined; token?: string }) {
  return <input type="hidden" name="_csrf" value={props.token ?? props.session?.csrfToken ?? ""} />;
}

export type FieldErrors = Partial<Record<string, string>>;

/** A control's hint and error shown under it, and the aria-describedby that ties them to it (undefined if neither). */
function hintAndError(id: string, hint: string | undefined, error: string | undefined) {
  return {
    describedBy: [hint && `${id}-hint`, error && `${id}-error`].filter(Boolean).join(" ") || undefined,
    notes: (
      <>
        {hint && (
          <small id={`${id}-hint`} class="muted">
            {hint}
          </small>
        )}
        {error && (
          <p id={`${id}-error`} class="error">
            {error}
          </p>
        )}
      </>
    ),
  };
}

/** A labelled input with its error (if any) right next to it, tied together for assistive technology. */
export function Field(props: {
  name: string;
  label: string;
  value?: string;
  type?: string;
  errors?: FieldErrors;
  required?: boolean;
  autocomplete?: string;
  hint?: string;
  inputmode?: "numeric" | "text";
  /** Tells apart two forms on one page that have a field of the same name. */
  idPrefix?: string;
  /** For type "file": the file types offered. */
  accept?: string;
}) {
  const id = `field-${props.idPrefix ?? ""}${props.name}`;
  const error = props.errors?.[props.name];
  const { describedBy, notes } = hintAndError(id, props.hint, error);
  return (
    <div class="field">
      <label for={id}>{props.label}</label>
      <input
        id={id}
        name={props.name}
        type={props.type ?? "text"}
        value={props.type === "file" ? undefined : (props.value ?? "")}
        accept={props.accept}
        required={props.required}
        autocomplete={props.autocomplete}
        inputmode={props.inputmode}
        aria-invalid={error ? "true" : undefined}
        aria-describedby={describedBy}
      />
      {notes}
    </div>
  );
}

/** A labelled select; `options` are [value, label] pairs. */
export function Select(props: {
  name: string;
  label: string;
  value?: string;
  options: [string, string][];
  errors?: FieldErrors;
  idPrefix?: string;
}) {
  const id = `field-${props.idPrefix ?? ""}${props.name}`;
  const error = props.errors?.[props.name];
  const { describedBy, notes } = hintAndError(id, undefined, error);
  return (
    <div class="field">
      <label for={id}>{props.label}</label>
      <select id={id} name={props.name} aria-invalid={error ? "true" : undefined} aria-describedby={describedBy}>
        {props.options.map(([value, label]) => (
          <option value={value} selected={value === (props.value ?? "")}>
            {label}
          </option>
        ))}
      </select>
      {notes}
    </div>
  );
}

/** "2026-11-21T17:01:37.123Z" as "2026-11-21 17:01:37 UTC"; a dash when unknown. */
export function when(iso: string | null | undefined): string {
  if (!iso) return "—";
  return /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d/.test(iso) ? `${iso.slice(0, 10)} ${iso.slice(11, 19)} UTC` : iso;
}

/** A multi-line labelled input (PEM paste, lists of ids) with its error next to it. */
export function TextArea(props: {
  name: string;
  label: string;
  value?: string;
  errors?: FieldErrors;
  rows?: number;
  hint?: string;
  idPrefix?: string;
}) {
  const id = `field-${props.idPrefix ?? ""}${props.name}`;
  const error = props.errors?.[props.name];
  const { describedBy, notes } = hintAndError(id, props.hint, error);
  return (
    <div class="field">
      <label for={id}>{props.label}</label>
      <textarea id={id} name={props.name} rows={props.rows ?? 6} aria-invalid={error ? "true" : undefined} aria-describedby={describedBy}>
        {props.value ?? ""}
      </textarea>
      {notes}
    </div>
  );
}

/**
 * A destructive action that asks first, without JavaScript: the summary opens a panel that states the consequence
 * and holds the form with the real button. `fields` are extra hidden inputs.
 */
export function ConfirmAction(props: {
  session: OperatorSession | undefined;
  action: string;
  label: string;
  consequence: Child;
  confirmLabel?: string;
  fields?: Record<string, string>;
}) {
  return (
    <details class="confirm">
      <summary>{props.label}</summary>
      <form method="post" action={props.action}>
        <p>{props.consequence}</p>
        <CsrfField session={props.session} />
        {Object.entries(props.fields ?? {}).map(([name, value]) => (
          <input type="hidden" name={name} value={value} />
        ))}
        <button type="submit" class="danger">
          {props.confirmLabel ?? `Yes, ${props.label.toLowerCase()}`}
        </button>
      </form>
    </details>
  );
}

/** A one-line outcome shown above a page's content (after a form post). */
export function Notice(props: { kind?: "ok" | "bad"; children?: Child }) {
  return (
    <p class={`notice ${props.kind ?? ""}`.trim()} role={props.kind === "bad" ? "alert" : "status"}>
      {props.children}
    </p>
  );
}
