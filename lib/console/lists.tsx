// What the console's paged lists share: page size and `page=` parsing, query strings that keep the filters, the
// summary line and pager, period filter values, and the station and time cells.
import { utcDateTime } from "../dateTime.ts";
import { when } from "./layout.tsx";

export const pageSize = 50;

/** A request's query parameter by name. */
export type Query = (name: string) => string | undefined;

/**
 * A `from` / `to` filter value as an ISO instant: `YYYY-MM-DD` is the whole UTC day (`to` includes it), or a full
 * timestamp (RFC 3339 with offset; without one it is read as UTC). Undefined for anything else.
 */
export function periodBound(text: string | undefined, bound: "from" | "to"): string | undefined {
  const value = (text ?? "").trim();
  if (/^\d{4}-\d\d-\d\d$/.test(value)) return utcDateTime(`${value}T${bound === "from" ? "00:00:00.000" : "23:59:59.999"}Z`);
  if (/^\d{4}-\d\d-\d\dT\d\d:\d\d$/.test(value)) return utcDateTime(`${value}:00Z`);
  if (/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,9})?$/.test(value)) return utcDateTime(`${value}Z`);
  return utcDateTime(value);
}

/** A `page=` value: a whole number from 1, else 1. */
export function pageNumber(raw: string | undefined): number {
  const n = Number(raw ?? "1");
  return Number.isInteger(n) && n >= 1 && n <= 1_000_000 ? n : 1;
}

/** The `page` parameter: a whole number from 1, else 1. */
export const pageOf = (query: Query): number => pageNumber(query("page"));

/** The query string of a list with these values (empty ones left out). */
export function listQuery(values: Record<string, string>, page = 1): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(values)) if (value) params.set(key, value);
  if (page > 1) params.set("page", String(page));
  const text = params.toString();
  return text ? `?${text}` : "";
}

/** "Items 1–50 of 120", or `empty`. */
export function ListSummary(props: { noun: string; total: number; page: number; empty: string }) {
  const first = (props.page - 1) * pageSize + 1;
  const last = Math.min(props.total, props.page * pageSize);
  return <p aria-live="polite">{props.total === 0 || first > props.total ? props.empty : `${props.noun} ${first}–${last} of ${props.total}`}</p>;
}

/**
 * "Previous / Page N of M / Next" under a list; page n is at `path` + `listQuery(values, n)`, so the links keep the
 * filters. Shown when there is more than one page. With `pastEnd`, also on a page past the last (a stale link), with
 * Previous going to the last page.
 */
export function Pager(props: {
  path: string;
  values?: Record<string, string>;
  page: number;
  total: number;
  /** The nav's aria-label. */
  label?: string;
  pastEnd?: boolean;
}) {
  const pages = Math.max(1, Math.ceil(props.total / pageSize));
  if (pages <= 1 && !(props.pastEnd && props.page > 1)) return null;
  const href = (n: number) => `${props.path}${listQuery(props.values ?? {}, n)}`;
  const previous = props.pastEnd ? Math.min(props.page - 1, pages) : props.page - 1;
  return (
    <nav class="pager" aria-label={props.label ?? "Pages"}>
      {props.page > 1 ? <a href={href(previous)}>Previous</a> : null}
      <span>
        Page {props.page} of {pages}
      </span>
      {props.page < pages ? <a href={href(props.page + 1)}>Next</a> : null}
    </nav>
  );
}

export const stationHref = (id: string) => `/stations/${encodeURIComponent(id)}`;

export function StationLink(props: { id: string | null | undefined }) {
  return props.id ? <a href={stationHref(props.id)}>{props.id}</a> : <span class="muted">—</span>;
}

export function Time(props: { at: string | null | undefined }) {
  return props.at ? <time datetime={props.at}>{when(props.at)}</time> : <span class="muted">—</span>;
}
