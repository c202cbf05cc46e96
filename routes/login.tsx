// GET /login: the login form; POST /login: checks the credentials (throttled) and starts a session.
import type { Context } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import {
  auditOperator,
  authenticate,
  forbidden,
  loginCookie,
  overHttps,
  randomToken,
  safeNext,
  sameSecret,
  startSession,
} from "../lib/console/auth.ts";
import { CsrfField, Field, page, type FieldErrors } from "../lib/console/layout.tsx";
import type { AppEnv } from "../lib/http/env.ts";

function loginForm(c: Context<AppEnv>, state: { next?: string; username?: string; errors?: FieldErrors; message?: string }, status?: 401 | 400 | 429) {
  // Keep the token the browser already holds: a second GET of this page (another tab, or a browser's own request
  // for /favicon.ico sent here by the session redirect) must not invalidate the form already shown.
  const held = getCookie(c, loginCookie);
  const token = held && /^[\w-]{43}$/.test(held) ? held : randomToken();
  setCookie(c, loginCookie, token, { httpOnly: true, sameSite: "Strict", secure: overHttps(c), path: "/login", maxAge: 3600 });
  return page(
    c,
    { title: "Log in", status },
    <>
      <h1>Log in to Joule</h1>
      {state.message && (
        <p class="notice bad" role="alert">
          {state.message}
        </p>
      )}
      <form method="post" action="/login" class="stack">
        <CsrfField session={undefined} token={token} />
        {state.next && <input type="hidden" name="next" value={state.next} />}
        <Field name="username" label="User name" value={state.username} errors={state.errors} required autocomplete="username" />
        <Field name="password" label="Password" type="password" errors={state.errors} required autocomplete="current-password" />
        <div>
          <button type="submit">Log in</button>
        </div>
      </form>
    </>,
  );
}

export const GET = (c: Context<AppEnv>) => loginForm(c, { next: safeNext(c.req.query("next")) });

export const POST = async (c: Context<AppEnv>) => {
  const body = await c.req.parseBody();
  const field = (name: string) => (typeof body[name] === "string" ? (body[name] as string) : "");
  const expected = getCookie(c, loginCookie);
  if (!expected || !sameSecret(field("_csrf"), expected)) {
    return forbidden(c, "The login form expired or did not come from this site: reload the login page and try again");
  }
  const next = safeNext(field("next"));
  const username = field("username").trim();
  const password = field("password");
  const errors: FieldErrors = {};
  if (username === "") errors.username = "Enter your user name";
  if (password === "") errors.password = "Enter your password";
  if (Object.keys(errors).length > 0) return loginForm(c, { next, username, errors }, 400);

  const services = c.get("services");
  const address = c.get("connection").remoteAddress;
  const result = await authenticate(services, username, password, address);
  if (result.kind === "busy") return loginForm(c, { next, username, message: "Too many login attempts at once: wait a moment and try again" }, 429);
  if (result.kind === "refused") {
    await auditOperator(services, "operator_login_failed", username, address, "wrong user name or password");
    return loginForm(c, { next, username, message: "Wrong user name or password" }, 401);
  }
  await startSession(c, result.operatorId);
  await auditOperator(services, "operator_login", result.username, address, "logged in to the console");
  deleteCookie(c, loginCookie, { path: "/login", secure: overHttps(c) });
  return c.redirect(next ?? "/", 303);
};
