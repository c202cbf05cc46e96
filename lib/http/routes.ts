// File-based routing over routes/: one file per page or endpoint.
//   routes/index.ts -> /             routes/api/v1/stations/[id].ts -> /api/v1/stations/:id
//   _middleware.ts  -> applies to its folder and below (default export: a handler or an array of them)
//   other files starting with "_" are helpers, not routes.
// A route file exports named method handlers (GET, POST, PUT, PATCH, DELETE), each a handler or an array
// (middleware chain, then the handler).
import type { Hono, MiddlewareHandler } from "hono";
import { join, relative, sep } from "node:path";
import type { AppEnv } from "./env.ts";

const methods = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
type RouteModule = Partial<Record<(typeof methods)[number], MiddlewareHandler<AppEnv> | MiddlewareHandler<AppEnv>[]>> & {
  default?: MiddlewareHandler<AppEnv> | MiddlewareHandler<AppEnv>[];
};

function urlPathOf(file: string): { path: string; kind: "route" | "middleware" | "helper" } {
  const parts = file.replace(/\.tsx?$/, "").split(sep);
  const name = parts.pop()!;
  const segments = parts.map(segment);
  if (name === "_middleware") return { path: "/" + segments.join("/"), kind: "middleware" };
  if (name.startsWith("_")) return { path: "", kind: "helper" };
  if (name !== "index") segments.push(segment(name));
  return { path: "/" + segments.join("/"), kind: "route" };
}

function segment(part: string): string {
  const dynamic = /^\[(\w+)\]$/.exec(part);
  return dynamic ? `:${dynamic[1]}` : part;
}

/** Static segments sort before dynamic ones, so /stations/export wins over /stations/:id. */
function routeOrder(a: string, b: string): number {
  const as = a.split("/");
  const bs = b.split("/");
  for (let i = 0; i < Math.min(as.length, bs.length); i++) {
    const ad = as[i]!.startsWith(":");
    const bd = bs[i]!.startsWith(":");
    if (ad !== bd) return ad ? 1 : -1;
    if (as[i] !== bs[i]) return as[i]! < bs[i]! ? -1 : 1;
  }
  return as.length - bs.length;
}

const asArray = <T>(value: T | T[]): T[] => (Array.isArray(value) ? value : [value]);

export async function mountRoutes(app: Hono<AppEnv>, routesDir: string): Promise<string[]> {
  const files = [...new Bun.Glob("**/*.{ts,tsx}").scanSync({ cwd: routesDir })].sort();
  const entries = await Promise.all(
    files.map(async (file) => ({ ...urlPathOf(file), module: (await import(join(routesDir, file))) as RouteModule, file })),
  );
  const middlewares = entries.filter((e) => e.kind === "middleware").sort((a, b) => a.path.length - b.path.length);
  for (const { path, module, file } of middlewares) {
    if (!module.default) throw new Error(`${relative(process.cwd(), file)}: _middleware must have a default export`);
    // Hono's "/x/*" also matches "/x" itself.
    const pattern = path === "/" ? "/*" : `${path}/*`;
    for (const handler of asArray(module.default)) app.use(pattern, handler);
  }
  const routes = entries.filter((e) => e.kind === "route").sort((a, b) => routeOrder(a.path, b.path));
  const mounted: string[] = [];
  for (const { path, module } of routes) {
    for (const method of methods) {
      const handlers = module[method];
      if (!handlers) continue;
      app.on(method, path, ...(asArray(handlers) as [MiddlewareHandler<AppEnv>]));
      mounted.push(`${method} ${path}`);
    }
  }
  return mounted;
}
