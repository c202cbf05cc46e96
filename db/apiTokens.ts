import { count, eq } from "drizzle-orm";
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
