// Conventions of the JSON API: bearer token, paging, error bodies {message, field}, valibot-checked input.
import type { Context, MiddlewareHandler } from "hono";
import * as v from "valibot";
import { apiClientFor } from "../apiTokens.ts";
import type { AppEnv } from "./env.ts";

export type ApiStatus = 400 | 401 | 404 | 409 | 500 | 503 | 504;

export function apiError(c: Context, status: ApiStatus, message: string, field?: string) {
  return c.json(field === undefined ? { message } : { message, field }, status);
}

// Public documents: the API description and Joule's CA certificates (which stations need to trust the server).
const publicPaths = new Set(["/api/v1/openapi.json", "/api/v1/ca"]);

/** Every other API request carries `Authorization: Bearer <token>`. */
export const requireApiToken: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (publicPaths.has(c.req.path)) return next();
  const header = c.req.header("authorization") ?? "";
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  const client = match ? await apiClientFor(c.get("services").database.db, match[1]!) : undefined;
  if (!client) {
    c.header("WWW-Authenticate", 'Bearer realm="joule"');
    return apiError(c, 401, "A valid API token is required (Authorization: Bearer <token>)");
  }
  c.set("apiClient", client);
  await next();
};

export interface Page {
  limit: number;
  offset: number;
}

/** `limit` (1..1000, default 100) and `offset` (default 0) from the query string. */
export function parsePage(c: Context): Page | Response {
  const parse = (name: string, fallback: number, max: number): number | Response => {
    const raw = c.req.query(name);
    if (raw === undefined || raw === "") return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < 0 || value > max) {
      return apiError(c, 400, `${name} must be a whole number between 0 and ${max}`, name);
    }
    return value;
  };
  const limit = parse("limit", 100, 1000);
  if (limit instanceof Response) return limit;
  if (limit === 0) return apiError(c, 400, "limit must be a whole number between 1 and 1000", "limit");
  const offset = parse("offset", 0, Number.MAX_SAFE_INTEGER);
  if (offset instanceof Response) return offset;
  return { limit, offset };
}

/** Reads a JSON body and checks it against a valibot schema; a failure answers 400 naming the field. */
export async function parseJsonBody<S extends v.GenericSchema>(
  c: Context,
  schema: S,
): Promise<v.InferOutput<S> | Response> {
  let body: unknown;
  try {
    body = await c.req.json();
  } catch {
    return apiError(c, 400, "The request body must be JSON");
  }
  const result = v.safeParse(schema, body);
  if (result.success) return result.output;
  const issue = result.issues[0];
  const field = issue.path?.map((p) => String(p.key)).join(".") || undefined;
  return apiError(c, 400, issue.message, field);
}
