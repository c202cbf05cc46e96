// Building blocks shared by the OCPP 1.6 payload schemas: JSON Schema's primitive types and formats as valibot
// schemas, and every structure or enumeration that appears in more than one message, written once.
// The reference is the official OCPP 1.6 JSON schemas (/work/shared/ocpp16/schemas); tests/schemas.test.ts checks
// that these schemas accept and reject exactly what the official ones do.
//
// Messages given to checks here are static text on purpose: validation messages end up in CALLERROR
// descriptions and logs, so they name the constraint and never repeat the offending value.
import * as v from "valibot";

// ---------------------------------------------------------------------------------------------------------------
// JSON primitives

function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * An object with exactly the given properties (`additionalProperties: false` in every official schema).
 * Unlike `v.strictObject` alone, arrays are rejected as the wrong type, as JSON Schema's `type: object` does.
 */
export function strictObject<const TEntries extends v.ObjectEntries>(entries: TEntries) {
  return v.pipe(v.custom<Record<string, unknown>>(isJsonObject, "expected object"), v.strictObject(entries));
}

/** JSON Schema `type: number`: any finite number (JSON cannot carry NaN or Infinity). */
export const finiteNumber = v.pipe(v.number(), v.finite());

/** JSON Schema `type: integer`: a number without fraction, so `1.0` counts (it is the same JS number as `1`). */
export const integer = v.pipe(v.number(), v.integer());

/**
 * JSON Schema `type: number, multipleOf: 0.1` (charging limits), read as decimal arithmetic: at most one decimal
 * place. (A naive `x / 0.1` in binary floating point would reject legitimate values such as 7.3 or 0.3.)
 */
export const decimalTenths = v.pipe(
  finiteNumber,
  v.check((value) => Math.round(value * 10) / 10 === value, "expected a multiple of 0.1"),
);

/** Length in Unicode code points, which is what JSON Schema's `maxLength` counts (not UTF-16 code units). */
function codePointLength(text: string): number {
  let length = 0;
  for (const _ of text) length++;
  return length;
}

/**
 * A string of at most `max` characters: OCPP's CiStringNType, JSON Schema `type: string, maxLength: max`.
 * (Case-insensitivity matters for comparisons, not for validation.)
 */
export function ciString(max: number) {
  return v.pipe(
    v.string(),
    v.check(
      // A string never has more code points than code units, so short strings need no counting.
      (text) => text.length <= max || codePointLength(text) <= max,
      `expected string of at most ${max} characters`,
    ),
  );
}

// ---------------------------------------------------------------------------------------------------------------
// Formats

// RFC 3339 date-time, with the leniencies of ajv-formats' `date-time` (the usual reference validator): the
// separator may be T, t or whitespace, the offset Z, z, +hh:mm, +hhmm or +hh, and the fraction any number of digits.
// The offset itself is required.
const dateTimePattern =
  /^(\d{4})-(\d{2})-(\d{2})[Tt\s](\d{2}):(\d{2}):(\d{2})(?:\.\d+)?(?:[Zz]|([+-])(\d{2})(?::?(\d{2}))?)$/;

const daysInMonth = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function isLeapYear(year: number): boolean {
  return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
}

/** Field ranges of a date-time already split into numbers (offsetSign is -1 or 1). */
function dateTimeFieldsValid(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
  offsetSign: number,
  offsetHour: number,
  offsetMinute: number,
): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  if (day > (month === 2 && isLeapYear(year) ? 29 : daysInMonth[month - 1]!)) return false;
  if (hour > 23 || minute > 59 || second > 60 || offsetHour > 23 || offsetMinute > 59) return false;
  if (second < 60) return true;
  // A leap second exists only as 23:59:60 UTC, whatever the local offset.
  const utcMinuteOfDay = hour * 60 + minute - offsetSign * (offsetHour * 60 + offsetMinute);
  return ((utcMinuteOfDay % 1440) + 1440) % 1440 === 23 * 60 + 59;
}

/** The date-time check by the pattern: every form, including the rare whitespace separators. */
export function isDateTimeByPattern(text: string): boolean {
  const match = dateTimePattern.exec(text);
  if (!match) return false;
  return dateTimeFieldsValid(
    Number(match[1]),
    Number(match[2]),
    Number(match[3]),
    Number(match[4]),
    Number(match[5]),
    Number(match[6]),
    match[7] === "-" ? -1 : 1,
    Number(match[8] ?? 0),
    Number(match[9] ?? 0),
  );
}

/** The number of the two ASCII digits at `at`, or -1. */
function twoDigits(text: string, at: number): number {
  const tens = text.charCodeAt(at) - 48;
  const ones = text.charCodeAt(at + 1) - 48;
  return tens >= 0 && tens <= 9 && ones >= 0 && ones <= 9 ? tens * 10 + ones : -1;
}

/**
 * RFC 3339 date-time (see the pattern above). This runs for every timestamp of every message, so the usual form,
 * with a T or t separator, is read character by character without the pattern's allocations (a third of the
 * answering thread's validation time in a profile); other separators go to the pattern.
 */
export function isDateTime(text: string): boolean {
  const separator = text.charCodeAt(10);
  if (separator !== 84 /* T */ && separator !== 116 /* t */) return isDateTimeByPattern(text);
  const century = twoDigits(text, 0);
  const yearInCentury = twoDigits(text, 2);
  const month = twoDigits(text, 5);
  const day = twoDigits(text, 8);
  const hour = twoDigits(text, 11);
  const minute = twoDigits(text, 14);
  const second = twoDigits(text, 17);
  if ((century | yearInCentury | month | day | hour | minute | second) < 0) return false;
  if (text[4] !== "-" || text[7] !== "-" || text[13] !== ":" || text[16] !== ":") return false;
  let at = 19;
  if (text[at] === ".") {
    const firstDigit = ++at;
    while (at < text.length && text.charCodeAt(at) >= 48 && text.charCodeAt(at) <= 57) at++;
    if (at === firstDigit) return false;
  }
  let offsetSign = 1;
  let offsetHour = 0;
  let offsetMinute = 0;
  const zone = text[at];
  if (zone === "Z" || zone === "z") {
    at++;
  } else if (zone === "+" || zone === "-") {
    offsetSign = zone === "-" ? -1 : 1;
    offsetHour = twoDigits(text, at + 1);
    if (offsetHour < 0) return false;
    at += 3;
    if (at < text.length) {
      if (text[at] === ":") at++;
      offsetMinute = twoDigits(text, at);
      if (offsetMinute < 0) return false;
      at += 2;
    }
  } else {
    return false;
  }
  if (at !== text.length) return false;
  return dateTimeFieldsValid(century * 100 + yearInCentury, month, day, hour, minute, second, offsetSign, offsetHour, offsetMinute);
}

/** JSON Schema `type: string, format: date-time`. */
export const dateTime = v.pipe(v.string(), v.check(isDateTime, "expected RFC 3339 date-time with time zone"));

// RFC 3986 `URI` (absolute, fragment allowed), built from the RFC's own grammar rules.
const unreserved = "A-Za-z0-9\\-._~";
const subDelims = "!$&'()*+,;=";
const pctEncoded = "%[0-9A-Fa-f]{2}";
const pchar = `(?:[${unreserved}${subDelims}:@]|${pctEncoded})`;
const segment = `${pchar}*`;
const segmentNonEmpty = `${pchar}+`;
const uriPattern = new RegExp(
  "^[A-Za-z][A-Za-z0-9+\\-.]*:" + // scheme
    "(?:" +
    `//(?:(?:[${unreserved}${subDelims}:]|${pctEncoded})*@)?` + // "//" [userinfo "@"]
    `(\\[[^\\]]*\\]|(?:[${unreserved}${subDelims}]|${pctEncoded})*)` + // host: IP-literal (checked below) or reg-name
    "(?::\\d*)?" + // port
    `(?:/${segment})*` + // path-abempty
    `|/(?:${segmentNonEmpty}(?:/${segment})*)?` + // path-absolute
    `|${segmentNonEmpty}(?:/${segment})*` + // path-rootless
    "|)" + // path-empty
    `(?:\\?(?:${pchar}|[/?])*)?` + // query
    `(?:#(?:${pchar}|[/?])*)?$`, // fragment
);

const decOctet = "(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)";
const ipv4Pattern = new RegExp(`^${decOctet}(?:\\.${decOctet}){3}$`);
const h16Pattern = /^[0-9A-Fa-f]{1,4}$/;
const ipvFuturePattern = new RegExp(`^[Vv][0-9A-Fa-f]+\\.[${unreserved}${subDelims}:]+$`);

/** RFC 3986 IPv6address: eight 16-bit groups, or fewer around one "::"; the last 32 bits may be dotted IPv4. */
function isIpv6(text: string): boolean {
  const halves = text.split("::");
  if (halves.length > 2) return false;
  const groups = halves.flatMap((half) => (half === "" ? [] : half.split(":")));
  // Only the very last group may be an IPv4 address (so not when the text ends with "::").
  const ipv4Allowed = !text.endsWith("::");
  let bits = 0;
  for (const [index, group] of groups.entries()) {
    if (h16Pattern.test(group)) bits += 16;
    else if (ipv4Allowed && index === groups.length - 1 && ipv4Pattern.test(group)) bits += 32;
    else return false;
  }
  // "::" stands for at least one group of zeros.
  return halves.length === 2 ? bits <= 112 : bits === 128;
}

export function isUri(text: string): boolean {
  const match = uriPattern.exec(text);
  if (!match) return false;
  const host = match[1];
  if (host === undefined || !host.startsWith("[")) return true;
  const literal = host.slice(1, -1);
  return isIpv6(literal) || ipvFuturePattern.test(literal);
}

/** JSON Schema `type: string, format: uri`. */
export const uri = v.pipe(v.string(), v.check(isUri, "expected absolute URI (RFC 3986)"));

// ---------------------------------------------------------------------------------------------------------------
// Shared enumerations and structures

/** Accepted / Rejected: the answer of many confirmations (GenericStatusEnumType in the security schemas). */
export const GenericStatus = v.picklist(["Accepted", "Rejected"]);

/** The answer of TriggerMessage and ExtendedTriggerMessage. */
export const TriggerMessageStatus = v.picklist(["Accepted", "Rejected", "NotImplemented"]);

export const AuthorizationStatus = v.picklist(["Accepted", "Blocked", "Expired", "Invalid", "ConcurrentTx"]);

export const IdTagInfo = strictObject({
  expiryDate: v.optional(dateTime),
  parentIdTag: v.optional(ciString(20)),
  status: AuthorizationStatus,
});
export type IdTagInfo = v.InferOutput<typeof IdTagInfo>;

// Smart charging

export const ChargingProfilePurpose = v.picklist(["ChargePointMaxProfile", "TxDefaultProfile", "TxProfile"]);
export const ChargingProfileKind = v.picklist(["Absolute", "Recurring", "Relative"]);
export const RecurrencyKind = v.picklist(["Daily", "Weekly"]);
export const ChargingRateUnit = v.picklist(["A", "W"]);

export const ChargingSchedulePeriod = strictObject({
  startPeriod: integer,
  limit: decimalTenths,
  numberPhases: v.optional(integer),
});
export type ChargingSchedulePeriod = v.InferOutput<typeof ChargingSchedulePeriod>;

export const ChargingSchedule = strictObject({
  duration: v.optional(integer),
  startSchedule: v.optional(dateTime),
  chargingRateUnit: ChargingRateUnit,
  // No minItems in the official schema, although the specification asks for at least one period.
  chargingSchedulePeriod: v.array(ChargingSchedulePeriod),
  minChargingRate: v.optional(decimalTenths),
});
export type ChargingSchedule = v.InferOutput<typeof ChargingSchedule>;

export const ChargingProfile = strictObject({
  chargingProfileId: integer,
  transactionId: v.optional(integer),
  stackLevel: integer,
  chargingProfilePurpose: ChargingProfilePurpose,
  chargingProfileKind: ChargingProfileKind,
  recurrencyKind: v.optional(RecurrencyKind),
  validFrom: v.optional(dateTime),
  validTo: v.optional(dateTime),
  chargingSchedule: ChargingSchedule,
});
export type ChargingProfile = v.InferOutput<typeof ChargingProfile>;

// Metering

export const ReadingContext = v.picklist([
  "Interruption.Begin",
  "Interruption.End",
  "Sample.Clock",
  "Sample.Periodic",
  "Transaction.Begin",
  "Transaction.End",
  "Trigger",
  "Other",
]);

export const ValueFormat = v.picklist(["Raw", "SignedData"]);

export const Measurand = v.picklist([
  "Energy.Active.Export.Register",
  "Energy.Active.Import.Register",
  "Energy.Reactive.Export.Register",
  "Energy.Reactive.Import.Register",
  "Energy.Active.Export.Interval",
  "Energy.Active.Import.Interval",
  "Energy.Reactive.Export.Interval",
  "Energy.Reactive.Import.Interval",
  "Power.Active.Export",
  "Power.Active.Import",
  "Power.Offered",
  "Power.Reactive.Export",
  "Power.Reactive.Import",
  "Power.Factor",
  "Current.Import",
  "Current.Export",
  "Current.Offered",
  "Voltage",
  "Frequency",
  "Temperature",
  "SoC",
  "RPM",
]);

export const Phase = v.picklist(["L1", "L2", "L3", "N", "L1-N", "L2-N", "L3-N", "L1-L2", "L2-L3", "L3-L1"]);

export const MeasurementLocation = v.picklist(["Cable", "EV", "Inlet", "Outlet", "Body"]);

export const UnitOfMeasure = v.picklist([
  "Wh",
  "kWh",
  "varh",
  "kvarh",
  "W",
  "kW",
  "VA",
  "kVA",
  "var",
  "kvar",
  "A",
  "V",
  "K",
  "Celcius", // sic: the 1.6 misspelling, kept next to the corrected "Celsius" added by the errata
  "Celsius",
  "Fahrenheit",
  "Percent",
]);

export const SampledValue = strictObject({
  value: v.string(),
  context: v.optional(ReadingContext),
  format: v.optional(ValueFormat),
  measurand: v.optional(Measurand),
  phase: v.optional(Phase),
  location: v.optional(MeasurementLocation),
  unit: v.optional(UnitOfMeasure),
});
export type SampledValue = v.InferOutput<typeof SampledValue>;

export const MeterValue = strictObject({
  timestamp: dateTime,
  sampledValue: v.array(SampledValue),
});
export type MeterValue = v.InferOutput<typeof MeterValue>;

// Security whitepaper: certificates and firmware

export const HashAlgorithm = v.picklist(["SHA256", "SHA384", "SHA512"]);

export const CertificateHashData = strictObject({
  hashAlgorithm: HashAlgorithm,
  issuerNameHash: ciString(128),
  issuerKeyHash: ciString(128),
  serialNumber: ciString(40),
});
export type CertificateHashData = v.InferOutput<typeof CertificateHashData>;

export const CertificateUse = v.picklist(["CentralSystemRootCertificate", "ManufacturerRootCertificate"]);
