// API bearer tokens. Only their SHA-256 is stored; a generated token is shown once, at the first start.
import { apiTokenCount, apiTokenNameByHash, storeApiTokenHash } from "../db/apiTokens.ts";
import type { Db } from "../db/index.ts";

export function hashApiToken(token: string): string {
  return new Bun.CryptoHasher("sha256").update(token).digest("hex");
}

/**
 * Makes sure at least one token exists. Returns a newly generated token (to be shown once) or undefined.
 * A token fixed by configuration is stored (hashed) and never shown.
 */
export async function ensureApiToken(db: Db, configured: string | undefined): Promise<string | undefined> {
  if (configured !== undefined) {
    await storeApiTokenHash(db, "JOULE_API_TOKEN", hashApiToken(configured));
    return undefined;
  }
  if ((await apiTokenCount(db)) > 0) return undefined;
  const token = Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString("base64url");
  await storeApiTokenHash(db, "generated at first start", hashApiToken(token));
  return token;
}

/** The name of the token presented, or undefined when it is not a valid token. */
export async function apiClientFor(db: Db, token: string): Promise<string | undefined> {
  return apiTokenNameByHash(db, hashApiToken(token));
}
