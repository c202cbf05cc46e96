import { asc, count, eq } from "drizzle-orm";
import type { Db } from "./index.ts";
import { apiTokens } from "./schema.ts";

export async function apiTokenCount(db: Db): Promise<number> {
  const [row] = await db.select({ n: count() }).from(apiTokens);
  return row!.n;
}

export async function storeApiTokenHash(db: Db, name: string, tokenHash: string): Promise<void> {
  await db.insert(apiTokens).values({ name, tokenHash }).onConflictDoNothing();
}

/** The token's name, when the hash belongs to a stored token. */
export async function apiTokenNameByHash(db: Db, tokenHash: string): Promise<string | undefined> {
  const [row] = await db.select({ name: apiTokens.name }).from(apiTokens).where(eq(apiTokens.tokenHash, tokenHash));
  return row?.name;
}

/** What the console lists about a token (never its hash). */
export interface ApiTokenListing {
  id: number;
  name: string;
  createdAt: string;
}

const listing = { id: apiTokens.id, name: apiTokens.name, createdAt: apiTokens.createdAt };

/** Tokens, oldest first, one page at a time. */
export async function listApiTokens(db: Db, page: { limit: number; offset: number }) {
  const [items, [total]] = await Promise.all([
    db.select(listing).from(apiTokens).orderBy(asc(apiTokens.id)).limit(page.limit).offset(page.offset),
    db.select({ total: count() }).from(apiTokens),
  ]);
  return { items: items as ApiTokenListing[], total: total!.total };
}

export async function apiTokenById(db: Db, id: number): Promise<ApiTokenListing | undefined> {
  const [row] = await db.select(listing).from(apiTokens).where(eq(apiTokens.id, id));
  return row;
}

export async function apiTokenNameTaken(db: Db, name: string): Promise<boolean> {
  const [row] = await db.select({ id: apiTokens.id }).from(apiTokens).where(eq(apiTokens.name, name));
  return row !== undefined;
}

export async function insertApiToken(db: Db, name: string, tokenHash: string): Promise<ApiTokenListing> {
  const [row] = await db.insert(apiTokens).values({ name, tokenHash }).returning(listing);
  return row!;
}

/** Deletes the token; the deleted token's listing, or undefined when there was none. */
export async function deleteApiToken(db: Db, id: number): Promise<ApiTokenListing | undefined> {
  const [row] = await db.delete(apiTokens).where(eq(apiTokens.id, id)).returning(listing);
  return row;
}
