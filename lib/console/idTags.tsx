// The console's id tags: list with search, the create and edit forms (validated as the JSON API validates, errors
// next to the fields), and the outcomes of lib/idTags.ts as messages an operator can act on.
import type { Context } from "hono";
import * as v from "valibot";
import { IdTagChangesInput, NewIdTagInput } from "../../routes/api/v1/id-tags/_input.ts";
import type { AppEnv } from "../http/env.ts";
import { addIdTag, changeIdTag, idTagDetail, idTagPage, removeIdTag, type IdTagView } from "../idTags.ts";
import type { Services } from "../services.ts";
import type { OperatorSession } from "./auth.ts";
import { listQuery, pageOf, pageSize, periodBound, Time } from "./lists.tsx";
import { ConfirmAction, CsrfField, Field, Notice, page, type FieldErrors } from "./layout.tsx";
import { idTagHref } from "./transactions.tsx";

type Query = (name: string) => string | undefined;

// ---- list -----------------------------------------------------------------------------------------------------------

export interface IdTagQuery {
  values: { q: string };
  page: number;
}

export function parseIdTagQuery(query: Query): IdTagQuery {
  const q = (query("q") ?? "").trim();
  return { values: { q: q.length <= 20 ? q : "" }, page: pageOf(query) };
}

export function idTagListPage(services: Services, query: IdTagQuery) {
  return idTagPage(services.database.db, { limit: pageSize, offset: (query.page - 1) * pageSize }, query.values.q || undefined);
}

export function IdTagSearch(props: { values: IdTagQuery["values"] }) {
  return (
    <form method="get" action="/id-tags" class="filters" role="search" aria-label="Search id tags">
      <Field name="q" label="Tag contains" value={props.values.q} type="search" />
      <div>
        <button type="submit">Search</button>
      </div>
      {props.values.q && (
        <div>
          <a href="/id-tags">Show all</a>
        </div>
      )}
    </form>
  );
}

const expired = (tag: IdTagView) => tag.expiryDate !== null && tag.expiryDate < new Date().toISOString();

/** What a station is told about the tag, in a word. */
export function TagState(props: { tag: IdTagView }) {
  if (props.tag.blocked) return <strong class="anomaly">Blocked</strong>;
  if (expired(props.tag)) return <strong class="anomaly">Expired</strong>;
  return <span class="state on">Accepted</span>;
}

export function IdTagTable(props: { items: IdTagView[] }) {
  if (props.items.length === 0) return null;
  return (
    <div class="table-wrap">
      <table>
        <caption class="visually-hidden">Id tags</caption>
        <thead>
          <tr>
            <th scope="col">Id tag</th>
            <th scope="col">State</th>
            <th scope="col">Parent</th>
            <th scope="col">Expires</th>
            <th scope="col">Max active transactions</th>
            <th scope="col">Description</th>
          </tr>
        </thead>
        <tbody>
          {props.items.map((tag) => (
            <tr>
              <td>
                <a href={idTagHref(tag.idTag)}>{tag.idTag}</a>
              </td>
              <td>
                <TagState tag={tag} />
              </td>
              <td>{tag.parentIdTag ? <a href={idTagHref(tag.parentIdTag)}>{tag.parentIdTag}</a> : <span class="muted">—</span>}</td>
              <td>
                {tag.expiryDate ? <Time at={tag.expiryDate} /> : <span class="muted">Never</span>}
              </td>
              <td>{tag.maxActiveTransactions}</td>
              <td class="wrap">{tag.description}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

// ---- the form -------------------------------------------------------------------------------------------------------

/** The form's fields as entered (to refill it after an error). */
export interface IdTagValues {
  idTag: string;
  parentIdTag: string;
  expiryDate: string;
  maxActiveTransactions: string;
  blocked: boolean;
  description: string;
}

export const emptyIdTag: IdTagValues = { idTag: "", parentIdTag: "", expiryDate: "", maxActiveTransactions: "", blocked: false, description: "" };

export function idTagValues(tag: IdTagView): IdTagValues {
  return {
    idTag: tag.idTag,
    parentIdTag: tag.parentIdTag ?? "",
    expiryDate: tag.expiryDate ?? "",
    maxActiveTransactions: String(tag.maxActiveTransactions),
    blocked: tag.blocked,
    description: tag.description,
  };
}

const defaultMaxActive = 1;

/**
 * Creates (no `editing`) or edits the tag `editing`. Admins only; the page leaves it out for viewers.
 */
export function IdTagForm(props: { session: OperatorSession; values: IdTagValues; errors?: FieldErrors; editing?: string }) {
  const { values, errors, editing } = props;
  const heading = editing === undefined ? "Add an id tag" : `Edit ${editing}`;
  return (
    <form
      method="post"
      action={editing === undefined ? "/id-tags" : idTagHref(editing)}
      class="stack"
      aria-labelledby="id-tag-form-heading"
      novalidate
    >
      <h2 id="id-tag-form-heading">{heading}</h2>
      {errors?.form && (
        <p class="notice bad" role="alert">
          {errors.form}
        </p>
      )}
      <CsrfField session={props.session} />
      {editing === undefined && (
        <Field name="idTag" label="Id tag" value={values.idTag} errors={errors} required hint="Up to 20 characters, compared case-insensitively." />
      )}
      <Field
        name="parentIdTag"
        label="Parent id tag (optional)"
        value={values.parentIdTag}
        errors={errors}
        hint="An existing tag: the group this card belongs to."
      />
      <Field
        name="expiryDate"
        label="Expires (optional, UTC)"
        value={values.expiryDate}
        errors={errors}
        hint="2030-01-31T23:59:59Z, or a date alone for the end of that day. Empty: never."
      />
      <Field
        name="maxActiveTransactions"
        label="Max active transactions"
        value={values.maxActiveTransactions}
        errors={errors}
        inputmode="numeric"
        hint={`A whole number from 1; empty: ${defaultMaxActive}.`}
      />
      <div class="field">
        <label>
          <input type="checkbox" name="blocked" value="yes" checked={values.blocked} /> Blocked (stations are told the tag is
          refused)
        </label>
      </div>
      <Field name="description" label="Description (optional)" value={values.description} errors={errors} />
      <div>
        <button type="submit">{editing === undefined ? "Add id tag" : "Save changes"}</button>
      </div>
    </form>
  );
}

export function DeleteIdTag(props: { session: OperatorSession; idTag: string }) {
  return (
    <ConfirmAction
      session={props.session}
      action={`${idTagHref(props.idTag)}/delete`}
      label="Delete this id tag"
      confirmLabel={`Yes, delete ${props.idTag}`}
      consequence={
        <>
          Stations asking about <strong>{props.idTag}</strong> will be told it is unknown (Invalid) from now on. Its
          transactions stay in the history.
        </>
      }
    />
  );
}

// ---- validation and outcomes ----------------------------------------------------------------------------------------

type Parsed<T> = { kind: "ok"; values: IdTagValues; input: T } | { kind: "invalid"; values: IdTagValues; errors: FieldErrors };

/** The form as the API's input (so the same rules apply), with console-friendly forms of date and number. */
function parseForm<T>(body: Record<string, unknown>, creating: boolean, schema: v.GenericSchema<unknown, T>): Parsed<T> {
  const text = (name: string) => (typeof body[name] === "string" ? (body[name] as string) : "");
  const values: IdTagValues = {
    idTag: creating ? text("idTag").trim() : "",
    parentIdTag: text("parentIdTag").trim(),
    expiryDate: text("expiryDate").trim(),
    maxActiveTransactions: text("maxActiveTransactions").trim(),
    blocked: ["yes", "on", "true"].includes(text("blocked")),
    description: text("description"),
  };
  const errors: FieldErrors = {};
  const input: Record<string, unknown> = {
    parentIdTag: values.parentIdTag === "" ? null : values.parentIdTag,
    blocked: values.blocked,
    description: values.description,
  };
  if (creating) input.idTag = values.idTag;
  if (values.expiryDate === "") input.expiryDate = null;
  else {
    const iso = periodBound(values.expiryDate, "to");
    if (iso === undefined) errors.expiryDate = "Enter a date (2030-01-31) or a date-time (2030-01-31T23:59:59Z)";
    else input.expiryDate = iso;
  }
  if (values.maxActiveTransactions === "") input.maxActiveTransactions = defaultMaxActive;
  else if (/^\d{1,15}$/.test(values.maxActiveTransactions)) input.maxActiveTransactions = Number(values.maxActiveTransactions);
  else errors.maxActiveTransactions = "Enter a whole number of at least 1";

  const parsed = v.safeParse(schema, input);
  if (!parsed.success) {
    for (const issue of parsed.issues) {
      const field = issue.path?.map((p) => String(p.key)).join(".") || "form";
      errors[field] ??= issue.message;
    }
  }
  if (!parsed.success || Object.keys(errors).length > 0) return { kind: "invalid", values, errors };
  return { kind: "ok", values, input: parsed.output };
}

export type IdTagFormOutcome = { kind: "saved"; idTag: string } | { kind: "invalid"; values: IdTagValues; errors: FieldErrors } | { kind: "not_found" };

const unknownParent = (parent: unknown) => ({ parentIdTag: `There is no id tag ${String(parent)}; add it first` });

export async function addIdTagFromForm(services: Services, body: Record<string, unknown>): Promise<IdTagFormOutcome> {
  const parsed = parseForm(body, true, NewIdTagInput);
  if (parsed.kind === "invalid") return parsed;
  const outcome = await addIdTag(services.database.db, parsed.input);
  switch (outcome.kind) {
    case "created":
      return { kind: "saved", idTag: outcome.tag.idTag };
    case "duplicate":
      return {
        kind: "invalid",
        values: parsed.values,
        errors: { idTag: `The id tag ${parsed.input.idTag} exists already (tags are compared case-insensitively)` },
      };
    case "unknown_parent":
      return { kind: "invalid", values: parsed.values, errors: unknownParent(parsed.input.parentIdTag) };
  }
}

export async function changeIdTagFromForm(services: Services, idTag: string, body: Record<string, unknown>): Promise<IdTagFormOutcome> {
  const parsed = parseForm(body, false, IdTagChangesInput);
  if (parsed.kind === "invalid") return { ...parsed, values: { ...parsed.values, idTag } };
  const outcome = await changeIdTag(services.database.db, idTag, parsed.input);
  switch (outcome.kind) {
    case "changed":
      return { kind: "saved", idTag: outcome.tag.idTag };
    case "not_found":
      return { kind: "not_found" };
    case "unknown_parent":
      return { kind: "invalid", values: { ...parsed.values, idTag }, errors: unknownParent(parsed.input.parentIdTag) };
  }
}

export type IdTagDeletion = { kind: "removed" } | { kind: "not_found" } | { kind: "refused"; message: string };

export async function deleteIdTagFromConsole(services: Services, idTag: string): Promise<IdTagDeletion> {
  const outcome = await removeIdTag(services.database.db, idTag);
  if (outcome.kind !== "has_children") return outcome;
  const n = outcome.children;
  return {
    kind: "refused",
    message: `${idTag} was not deleted: it is the parent of ${n} other tag${n === 1 ? "" : "s"}. Give ${n === 1 ? "that tag" : "those tags"} another parent (or none) first.`,
  };
}

/** Where the list goes after a change, with a word on what happened. */
export const idTagListHref = (notice?: Record<string, string>) => `/id-tags${notice ? listQuery(notice) : ""}`;

// ---- the tag's page -------------------------------------------------------------------------------------------------

export function idTagNotFound(c: Context<AppEnv>, idTag: string) {
  return page(
    c,
    { title: "Unknown id tag", current: "/id-tags", status: 404 },
    <>
      <h1>Unknown id tag</h1>
      <p>
        There is no id tag <code>{idTag}</code>. <a href="/id-tags">Back to the id tags</a>
      </p>
    </>,
  );
}

const savedNotices: Record<string, string> = { created: "Id tag added.", changed: "Changes saved." };

/** The tag page; `form` refills the edit form after an error, `refused` explains a delete that did not happen. */
export async function renderIdTagPage(
  c: Context<AppEnv>,
  options: { form?: { values: IdTagValues; errors?: FieldErrors }; refused?: string; status?: 400 | 409 } = {},
) {
  const session = c.get("operatorSession");
  const idTag = c.req.param("idTag") ?? "";
  const tag = await idTagDetail(c.get("services").database.db, idTag);
  if (!tag) return idTagNotFound(c, idTag);
  const saved = savedNotices[c.req.query("saved") ?? ""];
  return page(
    c,
    { title: `Id tag ${tag.idTag}`, current: "/id-tags", status: options.status },
    <>
      <h1>Id tag {tag.idTag}</h1>
      {saved && <Notice kind="ok">{saved}</Notice>}
      {options.refused && <Notice kind="bad">{options.refused}</Notice>}
      <p>
        <a href="/id-tags">All id tags</a> · <a href={`/transactions${listQuery({ idTag: tag.idTag })}`}>Transactions with this tag</a>
      </p>
      <dl class="facts">
        <dt>State</dt>
        <dd>
          <TagState tag={tag} />
        </dd>
        <dt>Parent</dt>
        <dd>{tag.parentIdTag ? <a href={idTagHref(tag.parentIdTag)}>{tag.parentIdTag}</a> : <span class="muted">—</span>}</dd>
        <dt>Expires</dt>
        <dd>{tag.expiryDate ? <Time at={tag.expiryDate} /> : <span class="muted">Never</span>}</dd>
        <dt>Max active transactions</dt>
        <dd>{tag.maxActiveTransactions}</dd>
        <dt>Blocked</dt>
        <dd>{tag.blocked ? "Yes" : "No"}</dd>
        <dt>Description</dt>
        <dd>{tag.description || <span class="muted">—</span>}</dd>
        <dt>Added</dt>
        <dd>
          <Time at={tag.createdAt} />
        </dd>
      </dl>
      {session.role === "admin" && (
        <>
          <IdTagForm session={session} editing={tag.idTag} values={options.form?.values ?? idTagValues(tag)} errors={options.form?.errors} />
          <h2>Delete</h2>
          <DeleteIdTag session={session} idTag={tag.idTag} />
        </>
      )}
    </>,
  );
}

