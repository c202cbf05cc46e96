// A cap on request bodies that routes read whole (JSON, forms, PEM text): without it, anyone, before any login,
// could make Joule hold a body as large as the largest upload in memory. The routes that take files stream them to
// disk under their own limits (JOULE_MAX_UPLOAD_BYTES, JOULE_MAX_FIRMWARE_BYTES) and are left to those.
import type { MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";

/** Far above any form, JSON body or certificate chain Joule takes. */
const minimumBufferedBodyBytes = 1024 * 1024;

/**
 * The cap: 1 MiB, or the OCPP frame limit when that is larger, so that an OCPP payload (a long SendLocalList, say)
 * that a station could take in one frame can also be posted to the calls API.
 */
export const maxBufferedBodyBytes = (maxFrameBytes: number) => Math.max(minimumBufferedBodyBytes, maxFrameBytes);

/** The routes that stream their body to disk: station uploads, and firmware images from the API and the console. */
export function streamsItsBody(method: string, path: string): boolean {
  const route = path.length > 1 && path.endsWith("/") ? path.slice(0, -1) : path;
  if (method === "PUT" || method === "POST") {
    if (route.startsWith("/uploads/")) return true;
    if (method === "POST" && (route === "/api/v1/firmware" || route === "/jobs/firmware")) return true;
  }
  return false;
}

export function limitBufferedBodies(maxFrameBytes: number): MiddlewareHandler {
  const maxSize = maxBufferedBodyBytes(maxFrameBytes);
  const limit = bodyLimit({ maxSize, onError: (c) => c.json({ message: `The request body is larger than ${maxSize} bytes` }, 413) });
  return (c, next) => (streamsItsBody(c.req.method, c.req.path) ? next() : limit(c, next));
}
