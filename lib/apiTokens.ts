// API bearer tokens. Only their SHA-256 is stored; a generated token is shown once (at the first start, or when an
// admin creates one in the console). Revoking deletes the row, so the next request with it gets 401.
import { recordAudit } from "../db/audit.ts";
import {
  apiTokenCount,
  apiTokenNameByHash,
  apiTokenNameTaken,
  deleteApiToken,
  insertApiToken,
  storeApiTokenHash,
  type ApiTokenListing,
} from "../db/apiTokens.ts";
import type { Db } from "../db/index.ts";
import { auditActor, type Actor } from "./operators.ts";
import type { Services } from "./services.ts";

/** The name under which the token of JOULE_API_TOKEN is stored (again at every start). */
export const configuredTokenName = "JOULE_API_TOKEN";

/** A new random token: 256 bits, base64url. */
function newToken(): string {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString("base64url");
}

export function hashApiToken(token: string): string {
  return new Bun.CryptoHasher("sha256").update(token).digest("hex");
}

/**
 * Makes sure at least one token exists. Returns a newly generated token (to be shown once) or undefined.
 * A token fixed by configuration is stored (hashed) and never shown.
 */
export async function ensureApiToken(db: Db, configured: string | undefined): Promise<string | undefined> {
  if (configured !== undefined) {
    await storeApiTokenHash(db, configuredTokenName, hashApiToken(configured));
    return undefined;
  }
  if ((await apiTokenCount(db)) > 0) return undefined;
  const token = newToken();
  await storeApiTokenHash(db, "generated at first start", hashApiToken(token));
  return token;
}

/** The name of the token presented, or undefined when it is not a valid token. */
export async function apiClientFor(db: Db, token: string): Promise<string | undefined> {
  return apiTokenNameByHash(db, hashApiToken(token));
}

export type CreateApiTokenOutcome =
  | { kind: "created"; token: string; listing: ApiTokenListing }
  | { kind: "invalid"; errors: { name?: string } };

/** Creates a named token; the token itself is returned once and only its hash is stored. */
export async function createApiToken(services: Services, actor: Actor, rawName: string): Promise<CreateApiTokenOutcome> {
  const { db } = services.database;
  const name = rawName.trim();
  if (name === "") return { kind: "invalid", errors: { name: "Name the token after the client that will use it" } };
  if (name.length > 100) return { kind: "invalid", errors: { name: "At most 100 characters" } };
  if (/[\u0000-\u001f\u007f]/.test(name)) return { kind: "invalid", errors: { name: "Control characters are not allowed" } };
  if (await apiTokenNameTaken(db, name)) return { kind: "invalid", errors: { name: `A token named ${name} exists already` } };
  const token = newToken();
  const listing = await insertApiToken(db, name, hashApiToken(token));
  await recordAudit(db, { kind: "api_token_created", actor: auditActor(actor), address: actor.address, reason: `created API token ${name}` });
  return { kind: "created", token, listing };
}

/** Revokes (deletes) a token: the JSON API refuses it from the next request on. Undefined when there is none. */
export async function revokeApiToken(services: Services, actor: Actor, id: number): Promise<ApiTokenListing | undefined> {
  const { db } = services.database;
  const revoked = await deleteApiToken(db, id);
  if (!revoked) return undefined;
  const left = await apiTokenCount(db);
  await recordAudit(db, {
    kind: "api_token_revoked",
    actor: auditActor(actor),
    address: actor.address,
    reason: `revoked API token ${revoked.name}; ${left} left`,
  });
  return revoked;
}
