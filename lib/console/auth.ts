// Console access: operator accounts, login with throttling, sessions in a cookie (only the token's SHA-256 is
// stored), a per-session CSRF token on every state-changing request, roles admin and viewer.
import type { Context, MiddlewareHandler } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import { timingSafeEqual } from "node:crypto";
import { recordAudit } from "../../db/audit.ts";
import type { Db } from "../../db/index.ts";
import {
  activeOperatorByUsername,
  createOperator,
  deleteExpiredOperatorSessions,
  deleteOperatorSession,
  operatorCount,
  operatorSessionByTokenHash,
  storeOperatorSession,
  type OperatorRole,
} from "../../db/operators.ts";
import type { Config } from "../config.ts";
import type { AppEnv } from "../http/env.ts";
import type { Services } from "../services.ts";

export const sessionCookie = "joule_session";
/** Double-submit token of the login form (there is no session yet to hold a CSRF token). */
export const loginCookie = "joule_login";
export const sessionHours = 12;

/** The operator behind a console request, set by `consoleAccess`. */
export interface OperatorSession {
  tokenHash: string;
  csrfToken: string;
  expiresAt: string;
  operatorId: number;
  username: string;
  role: OperatorRole;
}

declare module "hono" {
  interface ContextVariableMap {
    operatorSession: OperatorSession;
  }
}

export function randomToken(): string {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString("base64url");
}

export function hashToken(token: string): string {
  return new Bun.CryptoHasher("sha256").update(token).digest("hex");
}

/** Constant-time comparison of two strings (false when lengths differ). */
export function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * On the first start (no operator yet) creates the admin JOULE_ADMIN_USER with JOULE_ADMIN_PASSWORD, or with a
 * generated password that is returned to be shown once. Only the hash is stored.
 */
export async function ensureAdminOperator(db: Db, config: Pick<Config, "adminUser" | "adminPassword">): Promise<string | undefined> {
  if ((await operatorCount(db)) > 0) return undefined;
  const generated = config.adminPassword === undefined ? randomToken().slice(0, 24) : undefined;
  const password = config.adminPassword ?? generated!;
  await createOperator(db, { username: config.adminUser, passwordHash: await Bun.password.hash(password), role: "admin" });
  return generated;
}

// ---- login ----------------------------------------------------------------------------------------------------------

// Unknown user names cost as much as wrong passwords, so that timing does not tell which names exist.
let dummyHash: Promise<string> | undefined;

export type LoginResult = { kind: "ok"; operatorId: number; username: string } | { kind: "refused" } | { kind: "busy" };

/** Checks a user name and password; failures are throttled per address and per user name. */
export async function authenticate(services: Services, username: string, password: string, address: string): Promise<LoginResult> {
  const throttle = services.loginThrottle;
  const name = username.trim().toLowerCase().slice(0, 64);
  const delay = throttle.delayMs(address, name);
  if (delay > 0) await Bun.sleep(delay);
  const result = await throttle.attempt(address, async (): Promise<LoginResult> => {
    const operator = name === "" ? undefined : await activeOperatorByUsername(services.database.db, name);
    dummyHash ??= Bun.password.hash("no such operator");
    const valid = await Bun.password.verify(password, operator?.passwordHash ?? (await dummyHash)).catch(() => false);
    return operator && valid ? { kind: "ok", operatorId: operator.id, username: operator.username } : { kind: "refused" };
  });
  if (result === undefined) return { kind: "busy" };
  if (result.kind === "refused") throttle.recordFailure(address, name);
  return result;
}

/** Whether the browser reached Joule over https (directly on the TLS listener or through a trusted proxy). */
export function overHttps(c: Context<AppEnv>): boolean {
  return c.get("connection").transport === "wss" || new URL(c.req.url).protocol === "https:";
}

/** Starts a session and sets its cookie. */
export async function startSession(c: Context<AppEnv>, operatorId: number): Promise<void> {
  const { db } = c.get("services").database;
  const token = randomToken();
  const now = new Date();
  const expires = new Date(now.getTime() + sessionHours * 3_600_000);
  await deleteExpiredOperatorSessions(db, now.toISOString());
  await storeOperatorSession(db, {
    tokenHash: hashToken(token),
    operatorId,
    csrfToken: randomToken(),
    createdAt: now.toISOString(),
    expiresAt: expires.toISOString(),
  });
  setCookie(c, sessionCookie, token, {
    httpOnly: true,
    sameSite: "Lax",
    secure: overHttps(c),
    path: "/",
    expires,
    maxAge: sessionHours * 3600,
  });
}

export async function endSession(c: Context<AppEnv>, session: OperatorSession): Promise<void> {
  await deleteOperatorSession(c.get("services").database.db, session.tokenHash);
  deleteCookie(c, sessionCookie, { path: "/", secure: overHttps(c), httpOnly: true, sameSite: "Lax" });
}

export async function auditOperator(services: Services, kind: string, actor: string, address: string, reason: string): Promise<void> {
  await recordAudit(services.database.db, { kind, actor: actor.slice(0, 64), address, reason });
}

/**
 * Where to go after login: only a path on this site ("/stations?x=1"); anything else (//host, https://..., /\host)
 * gives undefined, so that a link cannot turn the login page into an open redirect.
 */
export function safeNext(next: string | undefined): string | undefined {
  if (!next || next.length > 2000 || !next.startsWith("/") || next.startsWith("//") || next.startsWith("/\\")) return undefined;
  if (/[\u0000-\u001f\u007f\\]/.test(next)) return undefined;
  const base = "http://joule.invalid";
  let url: URL;
  try {
    url = new URL(next, base);
  } catch {
    return undefined;
  }
  if (url.origin !== base || url.pathname === "/login") return undefined;
  return url.pathname + url.search;
}

// ---- the middleware -------------------------------------------------------------------------------------------------

/** Paths that are not the console: they have their own authentication (or none) and never see console cookies. */
const outsideConsole = ["/api", "/ocpp", "/steve", "/health", "/uploads", "/firmware", "/public"];
/** Console paths reachable without a session. */
const withoutSession = ["/login"];

const under = (path: string, prefixes: string[]) => prefixes.some((p) => path === p || path.startsWith(p + "/"));
const safeMethods = new Set(["GET", "HEAD", "OPTIONS"]);

export function isConsolePath(path: string): boolean {
  return !under(path, outsideConsole);
}

/** A browser's Origin header, when sent, must be this site (in addition to the CSRF token, not instead of it). */
function originAllowed(c: Context<AppEnv>): boolean {
  const origin = c.req.header("origin");
  if (origin === undefined) return true;
  if (origin === "null") return false;
  try {
    return new URL(origin).host === (c.req.header("host") ?? new URL(c.req.url).host);
  } catch {
    return false;
  }
}

/** The CSRF token sent with the request: the `_csrf` form field, or the X-CSRF-Token header (htmx). */
async function presentedCsrfToken(c: Context<AppEnv>): Promise<string | undefined> {
  const header = c.req.header("x-csrf-token");
  if (header) return header;
  const type = c.req.header("content-type") ?? "";
  if (!type.startsWith("application/x-www-form-urlencoded") && !type.startsWith("multipart/form-data")) return undefined;
  try {
    const body = await c.req.parseBody();
    return typeof body._csrf === "string" ? body._csrf : undefined;
  } catch {
    return undefined;
  }
}

function setPageHeaders(c: Context<AppEnv>): void {
  try {
    const headers = c.res.headers;
    headers.set("Cache-Control", "no-store");
    headers.set("X-Content-Type-Options", "nosniff");
    headers.set("X-Frame-Options", "DENY");
    headers.set("Referrer-Policy", "same-origin");
    headers.set(
      "Content-Security-Policy",
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; frame-ancestors 'none'; form-action 'self'; base-uri 'none'; object-src 'none'",
    );
  } catch {
    // An immutable response (none of the console's): leave it as it is.
  }
}

async function loadSession(c: Context<AppEnv>): Promise<OperatorSession | undefined> {
  const token = getCookie(c, sessionCookie);
  if (!token || token.length > 100) return undefined;
  return operatorSessionByTokenHash(c.get("services").database.db, hashToken(token), new Date().toISOString());
}

export function forbidden(c: Context<AppEnv>, message: string) {
  return c.text(message, 403, { "Cache-Control": "no-store" });
}

/**
 * Guards every console page: no session gives a redirect to /login (303, remembering the page), a state-changing
 * request needs the session's CSRF token and, when the browser sends one, this site's Origin.
 */
export const consoleAccess: MiddlewareHandler<AppEnv> = async (c, next) => {
  const path = c.req.path;
  if (!isConsolePath(path)) return next();
  const unsafe = !safeMethods.has(c.req.method);
  if (unsafe && !originAllowed(c)) return forbidden(c, "Cross-site request refused");
  if (under(path, withoutSession)) {
    await next();
    setPageHeaders(c);
    return;
  }
  const session = await loadSession(c);
  if (!session) {
    const target = unsafe ? "/login" : `/login?next=${encodeURIComponent(path + new URL(c.req.url).search)}`;
    if (c.req.header("hx-request")) return c.body(null, 401, { "HX-Redirect": target, "Cache-Control": "no-store" });
    return c.redirect(target, 303);
  }
  if (unsafe) {
    const presented = await presentedCsrfToken(c);
    if (presented === undefined || !sameSecret(presented, session.csrfToken)) {
      return forbidden(c, "Invalid or missing CSRF token: reload the page and try again");
    }
  }
  c.set("operatorSession", session);
  await next();
  setPageHeaders(c);
};

/** Admin actions: a viewer gets 403. */
export const requireAdmin: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (c.get("operatorSession")?.role !== "admin") return forbidden(c, "This action needs the admin role");
  await next();
};
