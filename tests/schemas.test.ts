// Conformance of the valibot schemas in schemas/ with the official OCPP 1.6 JSON schemas.
//
// The official files are compiled with ajv 8 + ajv-formats and serve as the oracle. A seeded generator walks each
// official schema and produces valid payloads, then mutates them into invalid ones (one fault each, at any depth);
// a sweep then probes every constraint at every location of a payload that has all optional fields. For every
// sample, ajv's verdict must equal valibot's, and for an invalid one validatePayload must answer the OCPP error
// code (and path) that matches the fault.
import { describe, expect, test } from "bun:test";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import Ajv, { type ValidateFunction } from "ajv";
import addFormats from "ajv-formats";
import draft06MetaSchema from "ajv/dist/refs/json-schema-draft-06.json";
import * as v from "valibot";
import {
  acceptanceOf,
  type Action,
  allActions,
  centralSystemInitiated,
  chargePointInitiated,
  coreActions,
  isAction,
  isDateTime,
  isDateTimeByPattern,
  isUri,
  type OcppValidationErrorCode,
  type RequestOf,
  requestSchemas,
  type ResponseOf,
  responseSchemas,
  securityActions,
  validatePayload,
} from "../schemas/index.ts";

// The official files sit beside the repository (../shared) on the development and CI machines.
const officialSchemaDir =
  process.env.OCPP16_SCHEMA_DIR ??
  [join(import.meta.dir, "..", "..", "shared", "ocpp16", "schemas"), "/work/shared/ocpp16/schemas"].find(existsSync) ??
  "/work/shared/ocpp16/schemas";

// ---------------------------------------------------------------------------------------------------------------
// The official schemas, as ajv sees them

interface JsonSchema {
  type?: "object" | "array" | "string" | "integer" | "number" | "boolean";
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  minItems?: number;
  enum?: string[];
  maxLength?: number;
  multipleOf?: number;
  format?: "date-time" | "uri";
  $ref?: string;
  definitions?: Record<string, JsonSchema>;
  [keyword: string]: unknown;
}

// Every keyword the official files use. The generator understands all constraints among them; a keyword outside
// this list (say a future `pattern` or `minimum`) fails the test instead of being silently ignored.
const understoodKeywords = new Set([
  "$schema",
  "id",
  "$id",
  "title",
  "javaType",
  "definitions",
  "$ref",
  "type",
  "properties",
  "required",
  "additionalProperties",
  "additionalItems",
  "items",
  "minItems",
  "enum",
  "maxLength",
  "multipleOf",
  "format",
]);

interface OfficialSchema {
  file: string;
  action: Action;
  direction: "request" | "response";
  root: JsonSchema;
  ajvValidate: ValidateFunction;
  valibotSchema: v.GenericSchema;
}

// ajv 8 speaks draft-06 once given its meta-schema, but not draft-04: the core files lose their `$schema` and
// draft-04 `id` (only those; nothing they use differs between the drafts). ajv's strict schema mode is off because
// the official files carry harmless oddities it rejects: `javaType` (an annotation), `additionalItems` next to a
// single `items` schema, `additionalProperties` on strings. understoodKeywords below still catches anything new.
// strictNumbers stays on: NaN and Infinity are not numbers in JSON.
// multipleOfPrecision: without it ajv computes 7.3 / 0.1 in binary floating point and rejects 7.3 as a multiple of
// 0.1; the schemas mean decimal tenths (see decimalTenths in schemas/common.ts). With it, ajv tolerates a quotient
// within 1e-6 of an integer, which is exact enough for the magnitudes generated here (up to 10^7).
const ajv = new Ajv({ strictSchema: false, strictTypes: false, strictNumbers: true, multipleOfPrecision: 6 });
ajv.addMetaSchema(draft06MetaSchema);
addFormats(ajv);

function loadOfficialSchema(file: string): OfficialSchema {
  const root = JSON.parse(readFileSync(join(officialSchemaDir, file), "utf8")) as JsonSchema;
  const forAjv = { ...root };
  if (String(root.$schema).includes("draft-04")) {
    delete forAjv.$schema;
    delete forAjv.id;
  }
  const name = file.replace(/\.json$/, "");
  const direction = name.endsWith("Response") ? "response" : "request";
  const action = name.replace(/Response$/, "");
  if (!isAction(action)) throw new Error(`${file}: no such action in schemas/index.ts`);
  const schemas: Record<Action, v.GenericSchema> = direction === "request" ? requestSchemas : responseSchemas;
  return { file, action, direction, root, ajvValidate: ajv.compile(forAjv), valibotSchema: schemas[action] };
}

const officialFiles = readdirSync(officialSchemaDir)
  .filter((file) => file.endsWith(".json"))
  .sort();
const officialSchemas = officialFiles.map(loadOfficialSchema);

function resolve(root: JsonSchema, schema: JsonSchema): JsonSchema {
  for (const keyword of Object.keys(schema)) {
    if (!understoodKeywords.has(keyword)) throw new Error(`unsupported keyword "${keyword}" in an official schema`);
  }
  if (schema.$ref === undefined) return schema;
  const name = /^#\/definitions\/(\w+)$/.exec(schema.$ref)?.[1];
  const target = name === undefined ? undefined : root.definitions?.[name];
  if (target === undefined) throw new Error(`cannot resolve ${schema.$ref}`);
  return resolve(root, target);
}

// ---------------------------------------------------------------------------------------------------------------
// Deterministic randomness

class Random {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  /** mulberry32: small, fast, good enough for test data. */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  /** An integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  chance(probability: number): boolean {
    return this.next() < probability;
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }
}

function seedOf(text: string): number {
  let hash = 2166136261;
  for (const char of text) hash = Math.imul(hash ^ char.charCodeAt(0), 16777619);
  return hash >>> 0;
}

// ---------------------------------------------------------------------------------------------------------------
// Values for strings, numbers and formats

const pad = (value: number, width = 2) => String(value).padStart(width, "0");
const isLeapYear = (year: number) => year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
const daysInMonth = (year: number, month: number) =>
  month === 2 ? (isLeapYear(year) ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31;

/** A valid RFC 3339 date-time in one of the shapes stations send (and ajv-formats accepts). */
function randomDateTime(random: Random): string {
  const year = random.pick([random.int(1970, 2099), random.int(1970, 2099), 2000, 2024, 1900, 1, 9999]);
  const month = random.int(1, 12);
  const day = random.chance(0.2) ? daysInMonth(year, month) : random.int(1, daysInMonth(year, month));
  const offsetHours = random.int(0, 23);
  const offsetMinutes = random.pick([0, 0, 30, 45, random.int(0, 59)]);
  const sign = random.pick(["+", "-"]);
  const [offset, offsetTotal] = random.pick<[string, number]>([
    ["Z", 0],
    ["Z", 0],
    ["z", 0],
    [`${sign}${pad(offsetHours)}:${pad(offsetMinutes)}`, (sign === "-" ? -1 : 1) * (offsetHours * 60 + offsetMinutes)],
    [`${sign}${pad(offsetHours)}${pad(offsetMinutes)}`, (sign === "-" ? -1 : 1) * (offsetHours * 60 + offsetMinutes)],
    [`${sign}${pad(offsetHours)}`, (sign === "-" ? -1 : 1) * offsetHours * 60],
  ]);
  let hour = random.int(0, 23);
  let minute = random.int(0, 59);
  let second = random.int(0, 59);
  if (random.chance(0.05)) {
    // A leap second: 23:59:60 UTC, written in local time.
    const localMinuteOfDay = (((23 * 60 + 59 + offsetTotal) % 1440) + 1440) % 1440;
    [hour, minute, second] = [Math.floor(localMinuteOfDay / 60), localMinuteOfDay % 60, 60];
  }
  const fraction = random.pick(["", "", "", ".5", ".123", ".000000001", `.${random.int(0, 999999)}`]);
  const separator = random.pick(["T", "T", "T", "t", " "]);
  return `${pad(year, 4)}-${pad(month)}-${pad(day)}${separator}${pad(hour)}:${pad(minute)}:${pad(second)}${fraction}${offset}`;
}

/** Not date-times, each one fault away from one. (None in the region where ajv-formats errs; see the last tests.) */
const invalidDateTimes = [
  "",
  "now",
  "1704103200",
  "2024-05-06",
  "10:11:12Z",
  "2024-05-06T10:11:12", // no offset: a local time is not a date-time
  "2024-05-06T10:11Z", // no seconds
  "2024-05-06T10:11:12.Z", // fraction without digits
  "2024-05-06T10:11:12,5Z", // ISO 8601 comma fraction
  "2024-05-0610:11:12Z", // no separator
  "2024-05-06TT10:11:12Z",
  "2024-05-06_10:11:12Z",
  " 2024-05-06T10:11:12Z",
  "2024-05-06T10:11:12Z ",
  "2024-05-06T10:11:12Zx",
  "24-05-06T10:11:12Z",
  "2024-5-06T10:11:12Z",
  "2024-05-6T10:11:12Z",
  "+02024-05-06T10:11:12Z",
  "2024-00-06T10:11:12Z",
  "2024-13-06T10:11:12Z",
  "2024-05-00T10:11:12Z",
  "2024-05-32T10:11:12Z",
  "2024-04-31T10:11:12Z",
  "2023-02-29T10:11:12Z", // not a leap year
  "1900-02-29T10:11:12Z", // not a leap year either
  "2024-05-06T24:00:00Z",
  "2024-05-06T10:60:00Z",
  "2024-05-06T10:11:60Z", // leap second, but not at 23:59 UTC
  "2024-12-31T23:59:60+01:00", // 22:59:60 UTC
  "2024-12-31T23:59:61Z",
  "2024-05-06T10:11:12+24:00",
  "2024-05-06T10:11:12+01:60",
  "2024-05-06T10:11:12+1:00",
  "2024-05-06T10:11:12+01:",
  "2024-05-06T10:11:12 +01:00",
  "2024-05-06T1:11:12Z",
  "2024-05-06T10:11:12.123+0100Z",
  "٢٠٢٤-05-06T10:11:12Z", // non-ASCII digits
];

const ipv6Hosts = [
  "::1",
  "::",
  "2001:db8::8a2e:370:7334",
  "2001:0db8:0000:0000:0000:ff00:0042:8329",
  "1:2:3:4:5:6:7::",
  "::2:3:4:5:6:7:8",
  "fe80::1:2",
  "::ffff:192.0.2.128",
  "1:2:3:4:5:6:1.2.3.4",
  "64:ff9b::255.255.255.255",
];
const unreservedChars = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~";
const subDelimChars = "!$&'()*+,;=";

function randomChars(random: Random, alphabet: string, min: number, max: number): string {
  let text = "";
  for (let count = random.int(min, max); count > 0; count--) {
    text += random.chance(0.05) ? random.pick(["%20", "%2F", "%c3%a9", "%7E"]) : random.pick([...alphabet]);
  }
  return text;
}

/** A valid absolute RFC 3986 URI: scheme, then an authority and path, an absolute path or a rootless path. */
function randomUri(random: Random): string {
  const scheme = random.pick(["http", "https", "ftp", "sftp", "ws", "file", "urn", "mailto", "x-vendor+ssh.v2"]);
  const pathChars = `${unreservedChars}${subDelimChars}:@`;
  const segments = (min: number) =>
    Array.from({ length: random.int(0, 3) }, () => `/${randomChars(random, pathChars, min, 8)}`).join("");
  let rest: string;
  switch (random.pick(["authority", "authority", "authority", "absolute", "rootless"])) {
    case "authority": {
      const userinfo = random.chance(0.2) ? `${randomChars(random, `${unreservedChars}:`, 0, 8)}@` : "";
      const host = random.pick([
        randomChars(random, `${unreservedChars}${subDelimChars}`, 0, 15),
        "example.com",
        `${random.int(0, 255)}.${random.int(0, 255)}.${random.int(0, 255)}.${random.int(0, 255)}`,
        `[${random.pick(ipv6Hosts)}]`,
        "[v1.fe80::a+en1]",
      ]);
      const port = random.chance(0.3) ? `:${random.pick(["", "21", "443", String(random.int(0, 65535))])}` : "";
      rest = `//${userinfo}${host}${port}${segments(0)}`;
      break;
    }
    case "absolute":
      rest = `/${randomChars(random, pathChars, 1, 8)}${segments(0)}`;
      break;
    default:
      rest = `${randomChars(random, pathChars, 1, 12)}${segments(0)}`;
  }
  const query = random.chance(0.3) ? `?${randomChars(random, `${pathChars}/?`, 0, 12)}` : "";
  const fragment = random.chance(0.2) ? `#${randomChars(random, `${pathChars}/?`, 0, 8)}` : "";
  return `${scheme}:${rest}${query}${fragment}`;
}

const invalidUris = [
  "",
  "example.com/firmware.bin", // no scheme
  "//example.com/firmware.bin", // relative reference
  "/firmware.bin",
  "1ftp://example.com/",
  "ht tp://example.com/",
  "http://exa mple.com/",
  "http://example.com/fir mware.bin",
  "http://example.com/%zz",
  "http://example.com/%2",
  "http://example.com/<firmware>",
  "http://example.com/a\\b",
  "http://example.com/a#b#c",
  "http://ex^ample.com/",
  "http://bücher.example/",
  "http://[::g]/",
  "http://[1:2:3:4:5:6:7:8:9]/",
  "http://[1:2:3:4:5:6:7]/",
  "http://[1::2::3]/",
  "http://[1.2.3.4::]/",
  "http://[::1.2.3.256]/",
  "http://[::1/",
  "http://[::1]x/",
  'http://example.com/"quoted"',
  "mailto:someone@example.com extra",
];

// Strings: mostly printable ASCII, with some non-ASCII letters and astral characters, which count as one character
// each for JSON Schema's maxLength (and two UTF-16 code units for String.length).
const stringAlphabet = [..."abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 -_.:/+=*#"];
const exoticCharacters = ["é", "ß", "中", "€", "\u0000", "\n", '"', "🔌", "⚡️", "𝄞"];

function randomString(random: Random, length: number): string {
  let text = "";
  for (let count = 0; count < length; count++) {
    text += random.chance(0.1) ? [...random.pick(exoticCharacters)][0] : random.pick(stringAlphabet);
  }
  return text;
}

/** A marker that must never appear in a validation message (values could be secrets). */
const secretMarker = "S3CR3T";
const secretString = (length: number) => secretMarker.repeat(Math.ceil(length / secretMarker.length)).slice(0, length);

function randomInteger(random: Random): number {
  return random.pick([
    0,
    1,
    random.int(0, 10),
    random.int(-10, 100),
    random.int(-(2 ** 31), 2 ** 31 - 1),
    random.int(0, 2 ** 53 - 1),
    -(2 ** 53 - 1),
  ]);
}

function randomNumber(random: Random, schema: JsonSchema): number {
  if (schema.multipleOf !== 0.1) throw new Error(`unexpected multipleOf ${schema.multipleOf}`);
  // Decimal tenths: the nearest double to k/10 is exactly what JSON.parse("7.3") gives.
  return random.pick([0, 32, random.int(0, 500) / 10, random.int(-1000, 100000) / 10, random.int(0, 10 ** 8) / 10]);
}

// ---------------------------------------------------------------------------------------------------------------
// Generating valid payloads

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Path = (string | number)[];

interface GeneratorOptions {
  /** Include every optional property and give every array one item (so every location exists). */
  maximal: boolean;
}

function generate(root: JsonSchema, schemaAtHand: JsonSchema, random: Random, options: GeneratorOptions): Json {
  const schema = resolve(root, schemaAtHand);
  if (schema.enum) return random.pick(schema.enum);
  switch (schema.type) {
    case "object": {
      const object: { [key: string]: Json } = {};
      for (const [key, property] of Object.entries(schema.properties ?? {})) {
        if (options.maximal || schema.required?.includes(key) || random.chance(0.5)) {
          object[key] = generate(root, property, random, options);
        }
      }
      return object;
    }
    case "array": {
      const minItems = schema.minItems ?? 0;
      const count = options.maximal ? Math.max(1, minItems) : random.int(minItems, Math.max(minItems, 3));
      return Array.from({ length: count }, () => generate(root, schema.items!, random, options));
    }
    case "string":
      if (schema.format === "date-time") return randomDateTime(random);
      if (schema.format === "uri") return randomUri(random);
      if (schema.maxLength === undefined) return randomString(random, random.int(0, 40));
      return randomString(
        random,
        random.chance(0.25) ? schema.maxLength : random.chance(0.1) ? 0 : random.int(0, schema.maxLength),
      );
    case "integer":
      return randomInteger(random);
    case "number":
      return randomNumber(random, schema);
    case "boolean":
      return random.chance(0.5);
    default:
      throw new Error(`unexpected schema type ${schema.type}`);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Faults

/** One change to a valid payload. `expected` is the OCPP error code it must earn, or "ajv decides" for a probe. */
interface Fault {
  kind: string;
  path: Path;
  /** Remove the property at `path` instead of setting a value. */
  remove?: boolean;
  value?: Json;
  expected: OcppValidationErrorCode | "ajv decides";
  /** For a probe ajv rejects: the code validatePayload must answer. */
  codeIfInvalid?: OcppValidationErrorCode;
}

function applyFault(payload: Json, fault: Fault): Json {
  if (fault.path.length === 0) return fault.value!;
  const copy = structuredClone(payload);
  let parent: any = copy;
  for (const key of fault.path.slice(0, -1)) parent = parent[key];
  const last = fault.path.at(-1)!;
  if (fault.remove) delete parent[last];
  // defineProperty, so that even a key such as "__proto__" becomes an own property (as JSON.parse makes it).
  else
    Object.defineProperty(parent, last, { value: fault.value, enumerable: true, writable: true, configurable: true });
  return copy;
}

const wrongTypeValues: Record<string, Json[]> = {
  string: [42, 1.5, true, null, {}, [], [`${secretMarker}-text`]],
  integer: ["42", "1", true, false, null, {}, [1]],
  number: ["7.5", false, null, [], { value: 1 }],
  boolean: ["true", 0, 1, null, {}, []],
  object: [[], [{}], `${secretMarker}-object`, 1, true, null],
  array: [{}, { 0: "first" }, `${secretMarker}-list`, 3, false, null],
};

const nonObjectPayloads: Json[] = [null, [], [{}], `${secretMarker}-payload`, 0, true];

/** Every enumeration value of the given (parts of) schemas. */
function enumValuesIn(node: unknown): string[] {
  if (Array.isArray(node)) return node.flatMap(enumValuesIn);
  if (typeof node !== "object" || node === null) return [];
  return Object.entries(node).flatMap(([key, child]) => (key === "enum" ? (child as string[]) : enumValuesIn(child)));
}

/** Probed at every enumeration: catches a value missing, added, or taken from the wrong (similar) enumeration. */
const allEnumValues = [...new Set(enumValuesIn(officialSchemas.map(({ root }) => root)))].sort();

/**
 * The faults that apply to `value` (found at `path` in a valid payload), and to everything inside it.
 * With `probes`, also the values whose verdict ajv decides (other enumerations' values, boundary lengths, ...).
 */
function faultsAt(root: JsonSchema, schemaAtHand: JsonSchema, value: Json, path: Path, probes: boolean): Fault[] {
  const schema = resolve(root, schemaAtHand);
  const faults: Fault[] = [];
  const type = schema.type!;
  if (path.length === 0) {
    // The payload itself: anything but an object is a malformed message, not a type error.
    for (const payload of nonObjectPayloads)
      faults.push({ kind: "not an object", path, value: payload, expected: "FormationViolation" });
  } else {
    for (const wrong of wrongTypeValues[type]!) {
      faults.push({ kind: "wrong type", path, value: wrong, expected: "TypeConstraintViolation" });
    }
  }

  if (schema.enum) {
    const near = [`${secretMarker}-${schema.enum[0]}`, schema.enum[0]!.toLowerCase(), `${schema.enum[0]} `, ""];
    for (const outside of near.filter((candidate) => !schema.enum!.includes(candidate))) {
      faults.push({ kind: "not in enum", path, value: outside, expected: "PropertyConstraintViolation" });
    }
    if (probes) {
      for (const candidate of allEnumValues) {
        faults.push({
          kind: "enum probe",
          path,
          value: candidate,
          expected: "ajv decides",
          codeIfInvalid: "PropertyConstraintViolation",
        });
      }
    }
  }

  switch (type) {
    case "object": {
      const properties = schema.properties ?? {};
      for (const key of schema.required ?? []) {
        faults.push({
          kind: "missing required",
          path: [...path, key],
          remove: true,
          expected: "OccurenceConstraintViolation",
        });
      }
      for (const extra of ["unexpectedProperty", "__proto__", "toString", "Status"]) {
        if (!(extra in properties)) {
          faults.push({
            kind: "extra property",
            path: [...path, extra],
            value: `${secretMarker}-extra`,
            expected: "PropertyConstraintViolation",
          });
        }
      }
      for (const [key, propertyValue] of Object.entries(value as { [key: string]: Json })) {
        if (probes && !schema.required?.includes(key)) {
          faults.push({ kind: "optional omitted", path: [...path, key], remove: true, expected: "ajv decides" });
        }
        faults.push(...faultsAt(root, properties[key]!, propertyValue, [...path, key], probes));
      }
      break;
    }
    case "array": {
      if ((schema.minItems ?? 0) > 0) {
        faults.push({ kind: "too few items", path, value: [], expected: "OccurenceConstraintViolation" });
      } else if (probes) {
        faults.push({ kind: "empty array", path, value: [], expected: "ajv decides" });
      }
      (value as Json[]).forEach((item, index) =>
        faults.push(...faultsAt(root, schema.items!, item, [...path, index], probes)),
      );
      break;
    }
    case "string": {
      if (schema.maxLength !== undefined) {
        const max = schema.maxLength;
        faults.push({ kind: "too long", path, value: secretString(max + 1), expected: "PropertyConstraintViolation" });
        faults.push({
          kind: "too long (astral)",
          path,
          value: "🔌".repeat(max + 1),
          expected: "PropertyConstraintViolation",
        });
        if (probes) {
          for (const boundary of [secretString(max), "🔌".repeat(max), "é".repeat(max), "a".repeat(max - 1) + "🔌"]) {
            faults.push({
              kind: "length probe",
              path,
              value: boundary,
              expected: "ajv decides",
              codeIfInvalid: "PropertyConstraintViolation",
            });
          }
        }
      }
      if (schema.format === "date-time") {
        for (const invalid of invalidDateTimes) {
          faults.push({ kind: "invalid date-time", path, value: invalid, expected: "PropertyConstraintViolation" });
        }
      }
      if (schema.format === "uri") {
        for (const invalid of invalidUris) {
          faults.push({ kind: "invalid uri", path, value: invalid, expected: "PropertyConstraintViolation" });
        }
      }
      break;
    }
    case "integer":
      for (const fractional of [1.5, -0.5, 2 ** 31 + 0.25, 0.1]) {
        faults.push({ kind: "fractional integer", path, value: fractional, expected: "TypeConstraintViolation" });
      }
      if (probes) {
        for (const candidate of [0, -1, 2 ** 31, -(2 ** 53), 1e21, 5e-324]) {
          faults.push({
            kind: "integer probe",
            path,
            value: candidate,
            expected: "ajv decides",
            codeIfInvalid: "TypeConstraintViolation",
          });
        }
      }
      break;
    case "number":
      for (const offGrid of [7.35, 0.05, -0.01, 32.123, 100.55]) {
        faults.push({ kind: "not a multiple of 0.1", path, value: offGrid, expected: "PropertyConstraintViolation" });
      }
      if (probes) {
        for (const candidate of [0, -0.1, 0.3, 7.3, 16.6, 22.1, 1234567.8, 2 ** 40, -2e9]) {
          faults.push({
            kind: "number probe",
            path,
            value: candidate,
            expected: "ajv decides",
            codeIfInvalid: "PropertyConstraintViolation",
          });
        }
      }
      break;
  }

  return faults;
}

// ---------------------------------------------------------------------------------------------------------------
// Comparing ajv and valibot

function ajvAccepts(official: OfficialSchema, payload: Json): boolean {
  return official.ajvValidate(payload) === true;
}

/**
 * validatePayload decides most payloads with a predicate compiled from the schema (schemas/acceptance.ts): it must
 * give valibot's own verdict, or an invalid payload would pass unnamed and a valid one pay for valibot twice.
 */
function predicateDisagrees(official: OfficialSchema, payload: Json): string | undefined {
  const byPredicate = acceptanceOf(official.valibotSchema)!(payload);
  const byValibot = v.safeParse(official.valibotSchema, payload).success;
  if (byPredicate === byValibot) return undefined;
  return `compiled predicate ${byPredicate ? "accepts" : "rejects"} but valibot ${byValibot ? "accepts" : "rejects"}: ${JSON.stringify(payload).slice(0, 300)}`;
}

/** Describes every disagreement of valibot / validatePayload with ajv and with the fault's expectations. */
function checkFault(official: OfficialSchema, base: Json, fault: Fault): string | undefined {
  const payload = applyFault(base, fault);
  const byAjv = ajvAccepts(official, payload);
  const result = validatePayload(official.valibotSchema, payload);
  const where = `${fault.kind} at "${fault.path.join(".")}" in ${JSON.stringify(payload).slice(0, 300)}`;
  const predicateProblem = predicateDisagrees(official, payload);
  if (predicateProblem) return predicateProblem;
  if (byAjv !== result.ok)
    return `ajv ${byAjv ? "accepts" : "rejects"} but valibot ${result.ok ? "accepts" : "rejects"}: ${where}`;
  if (fault.expected !== "ajv decides" && byAjv) return `the official schema accepts a supposed fault: ${where}`;
  if (result.ok) return undefined;

  const expectedCode = fault.expected === "ajv decides" ? fault.codeIfInvalid : fault.expected;
  if (expectedCode !== undefined && result.code !== expectedCode)
    return `code ${result.code}, expected ${expectedCode}: ${where}`;
  if (result.path !== fault.path.join("."))
    return `path "${result.path}", expected "${fault.path.join(".")}": ${where}`;
  if (!result.message.startsWith(result.path === "" ? "" : `${result.path}: `))
    return `message "${result.message}" does not start with the path`;
  // Values carrying the secret marker, and invalid dates and URIs, must not show up in the message. (Not every
  // value can be checked this way: a wrong enumeration value may be part of a listed valid one.)
  const formatValue = fault.kind.startsWith("invalid") && typeof fault.value === "string" && fault.value.length >= 4;
  if (result.message.includes(secretMarker) || (formatValue && result.message.includes(fault.value as string))) {
    return `message "${result.message}" repeats the offending value: ${where}`;
  }
  return undefined;
}

const validSamplesPerSchema = 60;
const faultsPerValidSample = 2;

function randomValidSamples(official: OfficialSchema): Json[] {
  const random = new Random(seedOf(official.file));
  return Array.from({ length: validSamplesPerSchema }, () =>
    generate(official.root, official.root, random, { maximal: false }),
  );
}

// ---------------------------------------------------------------------------------------------------------------
// Tests

describe("action registry", () => {
  test("28 core actions, 11 security actions, 39 in all, no duplicates", () => {
    expect(coreActions.length).toBe(28);
    expect(securityActions.length).toBe(11);
    expect(new Set(allActions).size).toBe(39);
  });

  test("every official schema file has its schema, and every schema its official file", () => {
    expect(officialFiles.length).toBe(78);
    const expectedFiles = allActions.flatMap((action) => [`${action}.json`, `${action}Response.json`]).sort();
    expect(officialFiles).toEqual(expectedFiles);
    for (const official of officialSchemas) expect(official.valibotSchema).toBeDefined();
    expect(Object.keys(requestSchemas).sort()).toEqual([...allActions].sort());
    expect(Object.keys(responseSchemas).sort()).toEqual([...allActions].sort());
  });

  test("every request and response schema compiles to an acceptance predicate (the validation fast path)", () => {
    const uncompiled = officialSchemas.filter((official) => acceptanceOf(official.valibotSchema) === undefined);
    expect(uncompiled.map((official) => official.file)).toEqual([]);
  });

  test("the acceptance predicate refuses what valibot refuses at the edges of JSON objects", () => {
    const heartbeat = acceptanceOf(requestSchemas.Heartbeat)!;
    const authorize = acceptanceOf(requestSchemas.Authorize)!;
    expect(heartbeat({})).toBe(true);
    expect(authorize({ idTag: "A" })).toBe(true);
    // Keys that objects inherit are still properties the schema does not define.
    for (const payload of ['{"__proto__":{}}', '{"toString":1}', '{"constructor":"x"}', '{"hasOwnProperty":1}']) {
      const parsed = JSON.parse(payload);
      expect([payload, heartbeat(parsed)]).toEqual([payload, v.safeParse(requestSchemas.Heartbeat, parsed).success]);
      expect([payload, heartbeat(parsed)]).toEqual([payload, false]);
    }
    for (const payload of [[], null, "x", 1, { idTag: "A".repeat(21) }, { idTag: 1 }, { idTag: "A", extra: 1 }]) {
      expect([payload, authorize(payload)]).toEqual([payload, false]);
    }
  });

  test("isAction knows exactly the 39 actions", () => {
    for (const action of allActions) expect(isAction(action)).toBe(true);
    for (const name of ["", "authorize", "Authorize ", "SignChargePointCertificate", "toString", "__proto__"]) {
      expect(isAction(name)).toBe(false);
    }
  });

  test("directions: each action is initiated by one side, DataTransfer by both", () => {
    expect([...chargePointInitiated].sort()).toEqual([
      "Authorize",
      "BootNotification",
      "DataTransfer",
      "DiagnosticsStatusNotification",
      "FirmwareStatusNotification",
      "Heartbeat",
      "LogStatusNotification",
      "MeterValues",
      "SecurityEventNotification",
      "SignCertificate",
      "SignedFirmwareStatusNotification",
      "StartTransaction",
      "StatusNotification",
      "StopTransaction",
    ]);
    expect(centralSystemInitiated.size).toBe(26);
    for (const action of allActions) {
      const sides = Number(chargePointInitiated.has(action)) + Number(centralSystemInitiated.has(action));
      expect(sides).toBe(action === "DataTransfer" ? 2 : 1);
    }
  });
});

describe.each(officialSchemas.map((official) => [official.file, official] as const))("%s", (_file, official) => {
  test(`${validSamplesPerSchema} random valid payloads: accepted by ajv and by valibot`, () => {
    const disagreements: string[] = [];
    for (const sample of randomValidSamples(official)) {
      const byAjv = ajvAccepts(official, sample);
      const result = validatePayload(official.valibotSchema, sample);
      const predicateProblem = predicateDisagrees(official, sample);
      if (predicateProblem) disagreements.push(predicateProblem);
      if (!byAjv || !result.ok) {
        disagreements.push(
          `ajv ${byAjv}, valibot ${result.ok ? true : `${result.code} ${result.message}`}: ${JSON.stringify(sample).slice(0, 300)}`,
        );
      }
    }
    expect(disagreements).toEqual([]);
  });

  test("random one-fault mutations: rejected by both, with the matching error code and path", () => {
    const random = new Random(seedOf(`faults of ${official.file}`));
    const disagreements: string[] = [];
    let checked = 0;
    for (const sample of randomValidSamples(official)) {
      const faults = faultsAt(official.root, official.root, sample, [], false);
      for (let count = 0; count < faultsPerValidSample; count++) {
        const problem = checkFault(official, sample, random.pick(faults));
        if (problem) disagreements.push(problem);
        checked++;
      }
    }
    expect(disagreements.slice(0, 10)).toEqual([]);
    expect(checked).toBeGreaterThanOrEqual(100);
  });

  test("every fault and probe at every location of a maximal payload: same verdict as ajv", () => {
    const random = new Random(seedOf(`maximal ${official.file}`));
    const disagreements: string[] = [];
    for (let round = 0; round < 2; round++) {
      const maximal = generate(official.root, official.root, random, { maximal: true });
      if (!ajvAccepts(official, maximal) || !validatePayload(official.valibotSchema, maximal).ok) {
        disagreements.push(`maximal payload not accepted by both: ${JSON.stringify(maximal).slice(0, 300)}`);
      }
      for (const fault of faultsAt(official.root, official.root, maximal, [], true)) {
        const problem = checkFault(official, maximal, fault);
        if (problem) disagreements.push(problem);
      }
    }
    expect(disagreements.slice(0, 10)).toEqual([]);
  });
});

describe("formats agree with ajv-formats", () => {
  const dateTimeValidator = ajv.compile({ type: "string", format: "date-time" });
  const uriValidator = ajv.compile({ type: "string", format: "uri" });

  test("2000 generated date-times are valid for both; the catalogue of invalid ones invalid for both", () => {
    const random = new Random(seedOf("date-times"));
    const samples = Array.from({ length: 2000 }, () => randomDateTime(random));
    expect(samples.filter((sample) => !dateTimeValidator(sample) || !isDateTime(sample))).toEqual([]);
    expect(invalidDateTimes.filter((sample) => dateTimeValidator(sample) || isDateTime(sample))).toEqual([]);
  });

  test("the character-by-character date-time check agrees with the pattern on every near miss of 300 samples", () => {
    const random = new Random(seedOf("date-time near misses"));
    const replacements = ["0", "9", "1", ":", "-", ".", "T", "t", " ", "Z", "z", "+", "x", "\n", ""];
    const disagreements: string[] = [];
    for (let n = 0; n < 300; n++) {
      const sample = randomDateTime(random);
      for (let at = 0; at <= sample.length; at++) {
        for (const replacement of replacements) {
          for (const text of [sample.slice(0, at) + replacement + sample.slice(at + 1), sample.slice(0, at) + replacement + sample.slice(at)]) {
            if (isDateTime(text) !== isDateTimeByPattern(text)) disagreements.push(text);
          }
        }
      }
    }
    expect(disagreements.slice(0, 10)).toEqual([]);
  });

  test("2000 generated URIs are valid for both; the catalogue of invalid ones invalid for both", () => {
    const random = new Random(seedOf("uris"));
    const samples = Array.from({ length: 2000 }, () => randomUri(random));
    expect(samples.filter((sample) => !uriValidator(sample) || !isUri(sample))).toEqual([]);
    expect(invalidUris.filter((sample) => uriValidator(sample) || isUri(sample))).toEqual([]);
  });

  // Deliberate differences, outside what the generators produce. They pin down our behaviour.
  test("where ajv-formats is wrong, the RFCs win", () => {
    // ajv-formats' leap-second branch accepts out-of-range hours and minutes that "normalise" to 23:59 UTC.
    for (const text of ["2024-05-06T24:59:30+01:00", "2024-05-06T23:60:00+00:01"]) {
      expect(dateTimeValidator(text)).toBe(true);
      expect(isDateTime(text)).toBe(false);
    }
    // RFC 3986 allows an empty path after the scheme, which ajv-formats' uri rejects ...
    expect(uriValidator("about:")).toBe(false);
    expect(isUri("about:")).toBe(true);
    // ... and has no authority after a single slash, which ajv-formats' uri accepts. So ajv-formats takes
    // "http://" followed by any path characters as an empty host and a path, whatever the authority looks like.
    for (const text of ["http:/[::1]/", "http://example.com:80a/", "http://user@name@example.com/"]) {
      expect(uriValidator(text)).toBe(true);
      expect(isUri(text)).toBe(false);
    }
  });
});

describe("hand-written payloads", () => {
  /** validatePayload's answer, after checking that ajv with the official schema reaches the same verdict. */
  function validateWithBoth(action: Action, direction: "request" | "response", payload: unknown) {
    const official = officialSchemas.find((schema) => schema.action === action && schema.direction === direction)!;
    const result = validatePayload(official.valibotSchema, payload);
    expect({ action, direction, ajv: official.ajvValidate(payload) }).toEqual({ action, direction, ajv: result.ok });
    return result;
  }
  const validateRequest = (action: Action, payload: unknown) => validateWithBoth(action, "request", payload);
  const validateResponse = (action: Action, payload: unknown) => validateWithBoth(action, "response", payload);

  const bootNotification: RequestOf<"BootNotification"> = {
    chargePointVendor: "Joule Test Vendor", // 17
    chargePointModel: "JX-22 Dual 22kW AC", // 18
    chargePointSerialNumber: "JX22-2024-000001234", // 19
    chargeBoxSerialNumber: "BOX-000001234",
    firmwareVersion: "4.2.1-rc3+build.20240506",
    iccid: "89310410106543789301",
    imsi: "204043729384756",
    meterType: "Eastron SDM630 MID",
    meterSerialNumber: "SDM630-778899",
  };

  test("a full BootNotification is accepted, with its fields and nothing more", () => {
    const result = validateRequest("BootNotification", JSON.parse(JSON.stringify(bootNotification)));
    expect(result).toEqual({ ok: true, value: bootNotification });
  });

  test("BootNotification: limits, missing fields and extra fields", () => {
    expect(validateRequest("BootNotification", { ...bootNotification, chargePointVendor: "V".repeat(20) }).ok).toBe(
      true,
    );
    expect(validateRequest("BootNotification", { ...bootNotification, chargePointVendor: "V".repeat(21) })).toEqual({
      ok: false,
      code: "PropertyConstraintViolation",
      message: "chargePointVendor: expected string of at most 20 characters",
      path: "chargePointVendor",
    });
    const { chargePointModel: _, ...withoutModel } = bootNotification;
    expect(validateRequest("BootNotification", withoutModel)).toMatchObject({
      code: "OccurenceConstraintViolation",
      path: "chargePointModel",
    });
    expect(validateRequest("BootNotification", { ...bootNotification, meterType: 3 })).toMatchObject({
      code: "TypeConstraintViolation",
      path: "meterType",
    });
    expect(validateRequest("BootNotification", { ...bootNotification, vendor: "x" })).toMatchObject({
      code: "PropertyConstraintViolation",
      path: "vendor",
    });
    // JSON.parse gives "__proto__" as an own property: it is an extra property like any other.
    expect(
      validateRequest(
        "BootNotification",
        JSON.parse('{"chargePointVendor":"a","chargePointModel":"b","__proto__":{}}'),
      ),
    ).toMatchObject({
      code: "PropertyConstraintViolation",
      path: "__proto__",
    });
  });

  test("BootNotification.conf: interval is an integer, and 300.0 is one", () => {
    const answer: ResponseOf<"BootNotification"> = {
      status: "Accepted",
      currentTime: "2024-05-06T10:11:12.345Z",
      interval: 300,
    };
    expect(
      validateResponse(
        "BootNotification",
        JSON.parse('{"status":"Accepted","currentTime":"2024-05-06T10:11:12.345Z","interval":300.0}'),
      ),
    ).toEqual({ ok: true, value: answer });
    expect(validateResponse("BootNotification", { ...answer, interval: 300.5 })).toMatchObject({
      code: "TypeConstraintViolation",
      message: "interval: expected integer",
    });
    expect(validateResponse("BootNotification", { ...answer, status: "accepted" })).toMatchObject({
      code: "PropertyConstraintViolation",
      path: "status",
    });
    expect(validateResponse("BootNotification", { ...answer, currentTime: "2024-05-06T10:11:12" })).toMatchObject({
      code: "PropertyConstraintViolation",
      path: "currentTime",
    });
  });

  const meterValues: RequestOf<"MeterValues"> = {
    connectorId: 1,
    transactionId: 4711,
    meterValue: [
      {
        timestamp: "2024-05-06T10:15:00Z",
        sampledValue: [
          {
            value: "12345.6",
            context: "Sample.Periodic",
            measurand: "Energy.Active.Import.Register",
            unit: "kWh",
            location: "Outlet",
          },
          { value: "16.1", measurand: "Current.Import", phase: "L1", unit: "A" },
          { value: "230.4", measurand: "Voltage", phase: "L1-N", unit: "V" },
          { value: "41", measurand: "Temperature", unit: "Celcius", location: "Body" },
          { value: "0A1B2C", format: "SignedData", context: "Transaction.Begin" },
        ],
      },
      { timestamp: "2024-05-06T12:15:00+02:00", sampledValue: [{ value: "12350.0", unit: "kWh" }] },
    ],
  };

  test("MeterValues with several sampled values, and faults deep inside", () => {
    expect(validateRequest("MeterValues", meterValues)).toEqual({ ok: true, value: meterValues });
    const broken = structuredClone(meterValues) as any;
    broken.meterValue[0].sampledValue[1].value = 16.1;
    expect(validateRequest("MeterValues", broken)).toEqual({
      ok: false,
      code: "TypeConstraintViolation",
      message: "meterValue.0.sampledValue.1.value: expected string",
      path: "meterValue.0.sampledValue.1.value",
    });
    const wrongUnit = structuredClone(meterValues) as any;
    wrongUnit.meterValue[1].sampledValue[0].unit = "kwh";
    expect(validateRequest("MeterValues", wrongUnit)).toMatchObject({
      code: "PropertyConstraintViolation",
      path: "meterValue.1.sampledValue.0.unit",
    });
    const noTimestamp = structuredClone(meterValues) as any;
    delete noTimestamp.meterValue[1].timestamp;
    expect(validateRequest("MeterValues", noTimestamp)).toMatchObject({
      code: "OccurenceConstraintViolation",
      path: "meterValue.1.timestamp",
    });
    // The official schema has no minItems: an empty list of meter values passes.
    expect(validateRequest("MeterValues", { connectorId: 1, meterValue: [] }).ok).toBe(true);
  });

  const setChargingProfile: RequestOf<"SetChargingProfile"> = {
    connectorId: 1,
    csChargingProfiles: {
      chargingProfileId: 12,
      transactionId: 4711,
      stackLevel: 1,
      chargingProfilePurpose: "TxProfile",
      chargingProfileKind: "Absolute",
      validFrom: "2024-05-06T00:00:00Z",
      validTo: "2024-05-07T00:00:00Z",
      chargingSchedule: {
        duration: 86400,
        startSchedule: "2024-05-06T00:00:00Z",
        chargingRateUnit: "A",
        chargingSchedulePeriod: [
          { startPeriod: 0, limit: 16.0, numberPhases: 3 },
          { startPeriod: 3600, limit: 7.3 },
          { startPeriod: 7200, limit: 0.3, numberPhases: 1 },
        ],
        minChargingRate: 6.1,
      },
    },
  };

  test("SetChargingProfile with a nested schedule; limits are decimal tenths", () => {
    expect(validateRequest("SetChargingProfile", setChargingProfile)).toEqual({ ok: true, value: setChargingProfile });
    const offGrid = structuredClone(setChargingProfile);
    offGrid.csChargingProfiles.chargingSchedule.chargingSchedulePeriod[1]!.limit = 7.25;
    expect(validateRequest("SetChargingProfile", offGrid)).toEqual({
      ok: false,
      code: "PropertyConstraintViolation",
      message: "csChargingProfiles.chargingSchedule.chargingSchedulePeriod.1.limit: expected a multiple of 0.1",
      path: "csChargingProfiles.chargingSchedule.chargingSchedulePeriod.1.limit",
    });
    const badUnit = structuredClone(setChargingProfile) as any;
    badUnit.csChargingProfiles.chargingSchedule.chargingRateUnit = "kW";
    expect(validateRequest("SetChargingProfile", badUnit)).toMatchObject({
      code: "PropertyConstraintViolation",
      path: "csChargingProfiles.chargingSchedule.chargingRateUnit",
    });
    const noPeriods = structuredClone(setChargingProfile) as any;
    delete noPeriods.csChargingProfiles.chargingSchedule.chargingSchedulePeriod;
    expect(validateRequest("SetChargingProfile", noPeriods)).toMatchObject({
      code: "OccurenceConstraintViolation",
      path: "csChargingProfiles.chargingSchedule.chargingSchedulePeriod",
    });
    const scheduleAsList = structuredClone(setChargingProfile) as any;
    scheduleAsList.csChargingProfiles.chargingSchedule = [scheduleAsList.csChargingProfiles.chargingSchedule];
    expect(validateRequest("SetChargingProfile", scheduleAsList)).toMatchObject({
      code: "TypeConstraintViolation",
      path: "csChargingProfiles.chargingSchedule",
    });
  });

  test("security messages: enumerations and limits of the white paper", () => {
    expect(validateRequest("ExtendedTriggerMessage", { requestedMessage: "SignChargePointCertificate" }).ok).toBe(true);
    expect(validateRequest("ExtendedTriggerMessage", { requestedMessage: "DiagnosticsStatusNotification" }).ok).toBe(
      false,
    );
    expect(validateRequest("TriggerMessage", { requestedMessage: "LogStatusNotification" }).ok).toBe(false);
    expect(validateRequest("SignCertificate", { csr: "x".repeat(5500) }).ok).toBe(true);
    expect(validateRequest("CertificateSigned", { certificateChain: "x".repeat(10001) })).toMatchObject({
      code: "PropertyConstraintViolation",
      message: "certificateChain: expected string of at most 10000 characters",
    });
    expect(
      validateResponse("GetInstalledCertificateIds", { status: "NotFound", certificateHashData: [] }),
    ).toMatchObject({
      code: "OccurenceConstraintViolation",
      path: "certificateHashData",
    });
    expect(
      validateRequest("SecurityEventNotification", { type: "MyOwnEventType", timestamp: "2024-05-06T10:11:12Z" }).ok,
    ).toBe(true);
    // JSON Schema counts characters (code points), not UTF-16 units: 20 plugs are 20 characters.
    expect(validateRequest("Authorize", { idTag: "🔌".repeat(20) }).ok).toBe(true);
    expect(validateRequest("Authorize", { idTag: "🔌".repeat(21) }).ok).toBe(false);
  });

  test("not an object at the top: FormationViolation; numbers that JSON cannot carry: TypeConstraintViolation", () => {
    for (const payload of [null, undefined, [], "{}", 1]) {
      expect(validateRequest("Heartbeat", payload)).toEqual({
        ok: false,
        code: "FormationViolation",
        message: "payload must be a JSON object",
        path: "",
      });
    }
    expect(validateRequest("Heartbeat", {})).toEqual({ ok: true, value: {} });
    expect(validateRequest("RemoteStopTransaction", { transactionId: Infinity })).toMatchObject({
      code: "TypeConstraintViolation",
    });
    expect(validateRequest("RemoteStopTransaction", { transactionId: NaN })).toMatchObject({
      code: "TypeConstraintViolation",
    });
    const limitInfinity = structuredClone(setChargingProfile);
    limitInfinity.csChargingProfiles.chargingSchedule.chargingSchedulePeriod[0]!.limit = Infinity;
    expect(validateRequest("SetChargingProfile", limitInfinity)).toMatchObject({ code: "TypeConstraintViolation" });
  });

  test("messages name the field and the constraint, never the value", () => {
    const secret = "AuthorizationKey=0011223344556677";
    for (const result of [
      validateRequest("ChangeConfiguration", { key: "AuthorizationKey", value: secret.repeat(20) }),
      validateResponse("ChangeConfiguration", { status: secret }),
      validateRequest("ChangeConfiguration", { key: "AuthorizationKey", value: secret, note: secret }),
      validateRequest("ReserveNow", { connectorId: 1, expiryDate: secret, idTag: "a", reservationId: 1 }),
    ]) {
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.message).not.toContain(secret);
    }
  });
});
