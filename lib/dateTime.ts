// Date-times accepted from API clients: RFC 3339 with an explicit offset, stored and compared as UTC ISO strings
// (the form every timestamp Joule writes has), so that text comparison in SQL is time comparison.

const rfc3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?([Zz]|[+-]\d{2}:\d{2})$/;

/** The instant as `YYYY-MM-DDTHH:MM:SS.sssZ`, or undefined when the text is not a real RFC 3339 date-time. */
export function utcDateTime(text: string): string | undefined {
  const match = rfc3339.exec(text);
  if (!match) return undefined;
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map(Number) as [
    number, number, number, number, number, number,
  ];
  // Date.UTC rolls 2023-02-30 over into March; a date that does not survive the round trip does not exist.
  const calendar = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
  if (
    calendar.getUTCFullYear() !== year ||
    calendar.getUTCMonth() !== month - 1 ||
    calendar.getUTCDate() !== day ||
    calendar.getUTCHours() !== hour ||
    calendar.getUTCMinutes() !== minute ||
    calendar.getUTCSeconds() !== second
  ) {
    return undefined;
  }
  const offset = match[8]!.toUpperCase();
  if (offset !== "Z" && (Number(offset.slice(1, 3)) > 23 || Number(offset.slice(4, 6)) > 59)) return undefined;
  const instant = Date.parse(text.toUpperCase());
  return Number.isNaN(instant) ? undefined : new Date(instant).toISOString();
}

let nowMillis = -1;
let nowText = "";

/** The current time as `YYYY-MM-DDTHH:MM:SS.sssZ`; one text per millisecond, since every incoming message is stamped. */
export function nowIso(): string {
  const millis = Date.now();
  if (millis !== nowMillis) {
    nowMillis = millis;
    nowText = new Date(millis).toISOString();
  }
  return nowText;
}
