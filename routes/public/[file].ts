// GET /public/:file: the console's static files from public/, and htmx from its package (no CDN, no build step).
import type { Context } from "hono";
import { existsSync } from "node:fs";
import { join } from "node:path";
import type { AppEnv } from "../../lib/http/env.ts";

const root = join(import.meta.dir, "..", "..");
const types: Record<string, string> = {
  css: "text/css; charset=utf-8",
  js: "text/javascript; charset=utf-8",
  svg: "image/svg+xml",
  png: "image/png",
  ico: "image/x-icon",
};
const packaged: Record<string, string> = { "htmx.min.js": join(root, "node_modules", "htmx.org", "dist", "htmx.min.js") };

export const GET = async (c: Context<AppEnv>) => {
  const name = c.req.param("file") ?? "";
  const match = /^[A-Za-z0-9_-][A-Za-z0-9_.-]*\.([a-z]+)$/.exec(name);
  const type = match && types[match[1]!];
  const path = packaged[name] ?? join(root, "public", name);
  if (!type || !existsSync(path)) return c.notFound();
  return c.body(await Bun.file(path).arrayBuffer(), 200, {
    "Content-Type": type,
    "Cache-Control": "public, max-age=3600",
    "X-Content-Type-Options": "nosniff",
  });
};
