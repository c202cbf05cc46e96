// A minimal browser for console route tests: a cookie jar, manual redirects, form posts with the CSRF token.

/** A minimal browser: a cookie jar, manual redirects, form posts. */
export class Browser {
  readonly cookies = new Map<string, string>();
  lastSetCookies: string[] = [];
  constructor(
    readonly base: string,
    readonly init: Record<string, unknown> = {},
  ) {}

  async request(method: string, path: string, form?: Record<string, string>, headers: Record<string, string> = {}): Promise<Response> {
    const h = new Headers(headers);
    if (this.cookies.size > 0) h.set("cookie", [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; "));
    if (form) h.set("content-type", "application/x-www-form-urlencoded");
    const response = await fetch(this.base + path, {
      method,
      headers: h,
      body: form ? new URLSearchParams(form).toString() : undefined,
      redirect: "manual",
      ...this.init,
    } as RequestInit);
    this.lastSetCookies = response.headers.getSetCookie();
    for (const line of this.lastSetCookies) {
      const [pair, ...attributes] = line.split(";");
      const [name, ...rest] = pair!.split("=");
      const value = rest.join("=");
      const expired = value === "" || attributes.some((a) => /^\s*max-age=0\s*$/i.test(a));
      if (expired) this.cookies.delete(name!.trim());
      else this.cookies.set(name!.trim(), value);
    }
    return response;
  }

  get(path: string, headers?: Record<string, string>) {
    return this.request("GET", path, undefined, headers);
  }

  post(path: string, form: Record<string, string>, headers?: Record<string, string>) {
    return this.request("POST", path, form, headers);
  }

  /** Opens the login form and posts it; answers the POST's response. */
  async login(username: string, password: string, next?: string): Promise<Response> {
    const form = await (await this.get(next === undefined ? "/login" : `/login?next=${encodeURIComponent(next)}`)).text();
    const fields: Record<string, string> = { _csrf: csrfOf(form), username, password };
    const nextField = /name="next" value="([^"]*)"/.exec(form)?.[1];
    if (nextField !== undefined) fields.next = decodeEntities(nextField);
    return this.post("/login", fields);
  }

  /** The CSRF token of a page this browser is logged in to. */
  async csrf(path = "/"): Promise<string> {
    return csrfOf(await (await this.get(path)).text());
  }
}

export function decodeEntities(text: string): string {
  return text.replace(/&amp;/g, "&").replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, "<").replace(/&gt;/g, ">");
}

export function csrfOf(html: string): string {
  const token = /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
  if (!token) throw new Error(`no CSRF field in:\n${html.slice(0, 500)}`);
  return token;
}
