// Forms built from the valibot schemas of OCPP payloads. A schema is read once into a small field tree; the tree
// renders as labelled inputs named by their path in the payload (`csChargingProfiles.chargingSchedule.
// chargingSchedulePeriod.0.limit`), parses a submitted form back into a payload, turns a payload into form values,
// and maps the schema's issues to the fields they concern. No form is written by hand for any action.
import type { Child } from "hono/jsx";
import * as v from "valibot";
import { isDateTime, isUri } from "../../schemas/index.ts";

export type FieldNode =
  | { kind: "object"; entries: [string, FieldNode][]; optional: boolean }
  | { kind: "array"; item: FieldNode; optional: boolean; minItems: number }
  | { kind: "enum"; options: string[]; optional: boolean }
  | { kind: "boolean"; optional: boolean }
  | { kind: "number"; integer: boolean; tenths: boolean; optional: boolean }
  | { kind: "string"; format?: "date-time" | "uri"; maxLength?: number; optional: boolean };

export type ObjectNode = Extract<FieldNode, { kind: "object" }>;

/** Form values by field name, errors by field name, and the number of rows shown for each list. */
export interface FormState {
  values: Record<string, string>;
  errors: Record<string, string>;
  rows: Record<string, number>;
  /** Fields whose value is a secret: left empty when the form is shown again. */
  secrets?: ReadonlySet<string>;
  /** Extra help text by field name. */
  hints?: Record<string, string>;
}

/** The most rows a list gets in a form (and the most a submitted form is read for). */
export const maxRows = 50;

// ---- reading a schema -----------------------------------------------------------------------------------------------

/** The parts of valibot's schema and action objects this reader looks at. */
interface RawSchema {
  kind: string;
  type: string;
  pipe?: RawSchema[];
  wrapped?: RawSchema;
  entries?: Record<string, RawSchema>;
  item?: RawSchema;
  options?: unknown[];
  requirement?: unknown;
  message?: unknown;
}

/** A schema and the schemas and validations piped after it, nested pipes flattened. */
function pipeParts(schema: RawSchema): RawSchema[] {
  return schema.pipe ? schema.pipe.flatMap(pipeParts) : [schema];
}

function read(schema: RawSchema, optional: boolean): FieldNode {
  if (schema.type === "optional") return read(schema.wrapped!, true);
  const parts = pipeParts(schema);
  const checks = parts.filter((part) => part.kind === "validation");
  // strictObject() in common.ts is a JSON-object guard (a custom schema) piped into v.strictObject.
  const main = parts.find((part) => part.kind === "schema" && part.type !== "custom");
  const checkMessages = checks.filter((c) => c.type === "check").map((c) => String(c.message));
  switch (main?.type) {
    case "object":
    case "strict_object":
      return { kind: "object", optional, entries: Object.entries(main.entries!).map(([key, entry]) => [key, read(entry, false)]) };
    case "array": {
      const min = checks.find((c) => c.type === "min_length");
      return { kind: "array", optional, item: read(main.item!, false), minItems: Number(min?.requirement ?? 0) };
    }
    case "picklist":
    case "enum":
      return { kind: "enum", optional, options: main.options!.map(String) };
    case "boolean":
      return { kind: "boolean", optional };
    case "number":
      return {
        kind: "number",
        optional,
        integer: checks.some((c) => c.type === "integer"),
        // decimalTenths in common.ts (multipleOf 0.1); its message is static text.
        tenths: checkMessages.includes("expected a multiple of 0.1"),
      };
    case "string": {
      const requirements = checks.map((c) => c.requirement);
      // ciString(n) in common.ts says "expected string of at most n characters".
      const max = checkMessages.map((m) => /at most (\d+) characters/.exec(m)?.[1]).find(Boolean);
      return {
        kind: "string",
        optional,
        format: requirements.includes(isDateTime) ? "date-time" : requirements.includes(isUri) ? "uri" : undefined,
        maxLength: max === undefined ? undefined : Number(max),
      };
    }
    default:
      throw new Error(`schemaForm: no form field for a valibot ${main?.type ?? schema.type} schema`);
  }
}

const trees = new WeakMap<object, ObjectNode>();

/** The field tree of an object schema (read once per schema). */
export function fieldTree(schema: v.GenericSchema): ObjectNode {
  let tree = trees.get(schema);
  if (!tree) {
    const node = read(schema as unknown as RawSchema, false);
    if (node.kind !== "object") throw new Error("schemaForm: a form needs an object schema");
    trees.set(schema, (tree = node));
  }
  return tree;
}

const join = (path: string, key: string | number) => (path === "" ? String(key) : `${path}.${key}`);

// ---- form -> payload ------------------------------------------------------------------------------------------------

/** The row indices a submitted form has for the list at `path`, in order (at most `maxRows`). */
function rowIndices(form: Record<string, string>, path: string): number[] {
  const prefix = `${path}.`;
  const found = new Set<number>();
  for (const name of Object.keys(form)) {
    if (!name.startsWith(prefix)) continue;
    const index = /^(\d{1,4})(?:\.|$)/.exec(name.slice(prefix.length))?.[1];
    if (index !== undefined) found.add(Number(index));
  }
  return [...found].sort((a, b) => a - b).slice(0, maxRows);
}

const decimalPattern = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * A field's text as a JSON value. Text that is not what the field takes (a word in a number field) stays text, so
 * that validation reports it on that field.
 */
function leafValue(node: FieldNode, text: string): unknown {
  if (node.kind === "number") return decimalPattern.test(text.trim()) ? Number(text.trim()) : text;
  if (node.kind === "boolean") return text === "true" ? true : text === "false" ? false : text;
  if (node.kind === "string" && isMultiline(node)) return text.replace(/\r\n/g, "\n"); // browsers send CRLF
  return text;
}

/**
 * The value at `path`, or undefined when nothing was entered there. `forced`: the parent has content, so a required
 * object or list is included (empty) and validation reports its missing fields rather than the object as a whole.
 */
function parseNode(node: FieldNode, path: string, form: Record<string, string>, forced: boolean): unknown {
  switch (node.kind) {
    case "object": {
      const children = node.entries.map(([key, child]) => [key, child, parseNode(child, join(path, key), form, false)] as const);
      if (!forced && children.every(([, , value]) => value === undefined)) return undefined;
      const result: Record<string, unknown> = {};
      for (const [key, child, value] of children) {
        if (value !== undefined) result[key] = value;
        else if (!child.optional && (child.kind === "object" || child.kind === "array")) result[key] = parseNode(child, join(path, key), form, true);
      }
      return result;
    }
    case "array": {
      // Empty rows are left out.
      const items = rowIndices(form, path)
        .map((index) => parseNode(node.item, join(path, index), form, false))
        .filter((item) => item !== undefined);
      return items.length === 0 && !forced ? undefined : items;
    }
    default: {
      const text = form[path];
      return text === undefined || text.trim() === "" ? undefined : leafValue(node, text);
    }
  }
}

/** The payload a submitted form stands for: empty fields left out, numbers and booleans converted. */
export function parseForm(tree: ObjectNode, form: Record<string, string>): Record<string, unknown> {
  return parseNode(tree, "", form, true) as Record<string, unknown>;
}

// ---- payload -> form values -----------------------------------------------------------------------------------------

function collectValues(node: FieldNode, path: string, value: unknown, out: Record<string, string>): void {
  if (value === undefined || value === null) return;
  if (node.kind === "object") {
    if (typeof value !== "object" || Array.isArray(value)) return;
    for (const [key, child] of node.entries) collectValues(child, join(path, key), (value as Record<string, unknown>)[key], out);
  } else if (node.kind === "array") {
    if (!Array.isArray(value)) return;
    value.slice(0, maxRows).forEach((item, index) => collectValues(node.item, join(path, index), item, out));
  } else if (typeof value !== "object") {
    out[path] = String(value);
  }
}

/** The form values that stand for a payload (the inverse of parseForm). */
export function formValues(tree: ObjectNode, payload: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  collectValues(tree, "", payload, out);
  return out;
}

// ---- validation -----------------------------------------------------------------------------------------------------

const capitalized = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** A short text for a valibot issue; never repeats the value (which may be a secret). */
function issueText(issue: v.BaseIssue<unknown>): string {
  switch (issue.type) {
    case "object":
    case "strict_object":
      if (issue.path?.at(-1)?.origin === "key") return issue.expected === "never" ? "Not a field of this action" : "Required";
      return "Expected an object";
    case "number":
      return "Expected a number";
    case "integer":
      return "Expected a whole number";
    case "finite":
      return "Expected a finite number";
    case "string":
      return "Expected text";
    case "boolean":
      return "Choose true or false";
    case "picklist":
    case "enum":
      return `Expected one of ${(issue.expected ?? "").replace(/^\((.*)\)$/, "$1").replace(/"/g, "").replace(/ \| /g, ", ")}`;
    case "array":
      return "Expected a list";
    case "min_length":
      return `At least ${String(issue.requirement)} row(s) needed`;
    case "check": // the messages of common.ts are static text
      return capitalized(issue.message);
    default:
      return "Invalid value";
  }
}

/** The schema's problems with a payload, by field name (the first problem of each field); empty when valid. */
export function formErrors(schema: v.GenericSchema, payload: unknown): Record<string, string> {
  const result = v.safeParse(schema, payload);
  const errors: Record<string, string> = {};
  for (const issue of result.issues ?? []) {
    const name = issue.path?.map((item) => String(item.key)).join(".") ?? "";
    errors[name] ??= issueText(issue);
  }
  return errors;
}

// ---- rendering ------------------------------------------------------------------------------------------------------

/** Long texts (certificates, signatures, vendor data) get a text area. */
function isMultiline(node: Extract<FieldNode, { kind: "string" }>): boolean {
  return node.format === undefined && (node.maxLength === undefined || node.maxLength > 512);
}

/** The number of rows shown for the list at `path`: as asked, as filled, at least its minimum and one. */
export function rowCount(state: FormState, path: string, node: Extract<FieldNode, { kind: "array" }>): number {
  const filled = rowIndices(state.values, path);
  const wanted = Math.max(state.rows[path] ?? 0, (filled.at(-1) ?? -1) + 1, node.minItems, 1);
  return Math.min(wanted, maxRows);
}

/** Every field name and list path the form shows: errors elsewhere are shown above the form. */
export function shownNames(tree: ObjectNode, state: FormState): Set<string> {
  const names = new Set<string>([""]);
  const walk = (node: FieldNode, path: string) => {
    names.add(path);
    if (node.kind === "object") for (const [key, child] of node.entries) walk(child, join(path, key));
    if (node.kind === "array") for (let i = 0; i < rowCount(state, path, node); i++) walk(node.item, join(path, i));
  };
  walk(tree, "");
  return names;
}

export const fieldId = (name: string) => `op-${name}`;

function ErrorText(props: { name: string; state: FormState }) {
  const error = props.state.errors[props.name];
  return error ? (
    <p id={`${fieldId(props.name)}-error`} class="error">
      {error}
    </p>
  ) : null;
}

function Optional(props: { optional: boolean }) {
  return props.optional ? <span class="muted"> (optional)</span> : null;
}

/** Every list the form shows, with its number of rows. */
export function listRows(tree: ObjectNode, state: FormState): Map<string, number> {
  const counts = new Map<string, number>();
  const walk = (node: FieldNode, path: string) => {
    if (node.kind === "object") for (const [key, child] of node.entries) walk(child, join(path, key));
    if (node.kind === "array") {
      const rows = rowCount(state, path, node);
      counts.set(path, rows);
      for (let i = 0; i < rows; i++) walk(node.item, join(path, i));
    }
  };
  walk(tree, "");
  return counts;
}

/** The hidden row counts of every list, so that rows added (and left empty) stay when the form comes back. */
function RowCounts(props: { tree: ObjectNode; state: FormState }) {
  return (
    <>
      {[...listRows(props.tree, props.state)].map(([path, rows]) => (
        <input type="hidden" name={`rows.${path}`} value={String(rows)} />
      ))}
    </>
  );
}

interface LeafProps {
  node: Exclude<FieldNode, { kind: "object" | "array" }>;
  name: string;
  label: string;
  required: boolean;
  state: FormState;
}

function Leaf(props: LeafProps) {
  const { node, name, state } = props;
  const id = fieldId(name);
  const error = state.errors[name];
  const secret = state.secrets?.has(name) ?? false;
  const value = secret ? "" : (state.values[name] ?? "");
  const hints = [
    node.kind === "string" && node.format === "date-time" && "Date and time with time zone, e.g. 2026-05-01T08:00:00Z",
    node.kind === "string" && node.format === "uri" && "Absolute URI, e.g. https://example.com/file",
    node.kind === "number" && node.tenths && "At most one decimal place",
    secret && "Secret: not shown again, enter it again to resend",
    state.hints?.[name],
  ].filter((hint): hint is string => typeof hint === "string");
  const described = [hints.length > 0 && `${id}-hint`, error && `${id}-error`].filter(Boolean).join(" ") || undefined;
  const common = {
    id,
    name,
    required: props.required && !node.optional,
    "aria-invalid": error ? "true" : undefined,
    "aria-describedby": described,
  };
  let control: Child;
  if (node.kind === "enum" || node.kind === "boolean") {
    const options = node.kind === "enum" ? node.options : ["true", "false"];
    control = (
      <select {...common}>
        <option value="" selected={value === ""}>
          {node.optional ? "—" : "Choose…"}
        </option>
        {options.map((option) => (
          <option value={option} selected={option === value}>
            {option}
          </option>
        ))}
      </select>
    );
  } else if (node.kind === "number") {
    control = (
      <input
        {...common}
        type="number"
        step={node.integer ? "1" : node.tenths ? "0.1" : "any"}
        inputmode={node.integer ? "numeric" : "decimal"}
        value={value}
      />
    );
  } else if (isMultiline(node)) {
    control = (
      <textarea {...common} rows={6} maxlength={node.maxLength}>
        {/* A browser drops one newline right after <textarea>: this one, so that the value's own stays. */}
        {"\n" + value}
      </textarea>
    );
  } else {
    control = (
      <input
        {...common}
        type="text"
        value={value}
        maxlength={node.maxLength}
        inputmode={node.format === "uri" ? "url" : undefined}
        autocomplete="off"
        spellcheck={false}
      />
    );
  }
  return (
    <div class="field">
      <label for={id}>
        {props.label}
        <Optional optional={node.optional} />
      </label>
      {control}
      {hints.length > 0 && (
        <small id={`${id}-hint`} class="muted">
          {hints.join(". ")}
        </small>
      )}
      <ErrorText name={name} state={state} />
    </div>
  );
}

function Node(props: { node: FieldNode; name: string; label: string; required: boolean; state: FormState }): Child {
  const { node, name, label, state } = props;
  if (node.kind === "object") {
    // A required field inside an optional object is required only once the object is filled in.
    const required = props.required && !node.optional;
    return (
      <fieldset class="object">
        <legend>
          {label}
          <Optional optional={node.optional} />
        </legend>
        <ErrorText name={name} state={state} />
        {node.entries.map(([key, child]) => (
          <Node node={child} name={join(name, key)} label={key} required={required} state={state} />
        ))}
      </fieldset>
    );
  }
  if (node.kind === "array") {
    const rows = rowCount(state, name, node);
    return (
      <fieldset class="rows">
        <legend>
          {label} (list)
          <Optional optional={node.optional} />
        </legend>
        <small class="muted">Empty rows are left out.</small>
        <ErrorText name={name} state={state} />
        {Array.from({ length: rows }, (_, i) => (
          // Rows may stay empty, so nothing inside a row is required by the browser.
          <Node node={node.item} name={join(name, i)} label={`${label} ${i + 1}`} required={false} state={state} />
        ))}
        {rows < maxRows && (
          <button type="submit" name="addRow" value={name} formnovalidate class="secondary">
            Add a row to {label}
          </button>
        )}
      </fieldset>
    );
  }
  return <Leaf node={node} name={name} label={label} required={props.required} state={state} />;
}

/** The fields of an object schema's form (without the <form> itself), and the hidden row counts of its lists. */
export function SchemaFields(props: { tree: ObjectNode; state: FormState }) {
  return (
    <>
      <RowCounts tree={props.tree} state={props.state} />
      {props.tree.entries.map(([key, child]) => (
        <Node node={child} name={key} label={key} required={true} state={props.state} />
      ))}
    </>
  );
}

/** The `rows.<path>` counts of a query or form (invalid ones ignored). */
export function rowsOf(fields: Record<string, string>): Record<string, number> {
  const rows: Record<string, number> = {};
  for (const [name, text] of Object.entries(fields)) {
    if (!name.startsWith("rows.") || !/^\d{1,3}$/.test(text)) continue;
    rows[name.slice("rows.".length)] = Math.min(Number(text), maxRows);
  }
  return rows;
}
