// A cap on request bodies that routes read whole (JSON, forms, PEM text): without it, anyone, before any login,
// could make Joule hold a body as large as the largest upload in memory. The routes that take files stream them to
// disk under their own limits (JOULE_MAX_UPLOAD_BYTES, JOULE_MAX_FIRMWARE_BYTES) and are left to those.
import type { MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";

/** Far above any form, JSON body or certificate chain Joule takes. */
export const maxBufferedBodyBytes = 1024 * 1024;

/** The routes that stream their body to disk: station uploads, and firmware images from the API and the console. */
export function streamsItsBody(method: string, path: string): boolean {
  const route = path.length > 1 && path.endsWith("/") ? path.slice(0, -1) : path;
  if (method === "PUT" || method === "POST") {
    if (route.startsWith("/uploads/")) return true;
    if (method === "POST" && (route === "/api/v1/firmware" || route === "/jobs/firmware")) return true;
  }
  return false;
}

const limit = bodyLimit({
  maxSize: maxBufferedBodyBytes,
  onError: (c) => c.json({ message: `The request body is larger than ${maxBufferedBodyBytes} bytes` }, 413),
});

export const limitBufferedBodies: MiddlewareHandler = (c, next) =>
  streamsItsBody(c.req.method, c.req.path) ? next() : limit(c, next);
