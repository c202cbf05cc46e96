// Id tags (OCPP IdToken, case-insensitive) and the facts authorization needs about them.
import { and, asc, count, eq, isNull, ne, sql } from "drizzle-orm";
import type { Db } from "./index.ts";
import { idTags, transactions } from "./schema.ts";

export type IdTag = typeof idTags.$inferSelect;

export async function idTagByValue(db: Db, idTag: string): Promise<IdTag | undefined> {
  return db.query.idTags.findFirst({ where: eq(idTags.idTag, idTag) });
}

/** Active (not stopped) transactions of a tag, optionally not counting one transaction. */
export async function activeTransactionCount(db: Db, idTag: string, excludeTransactionId?: number): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(transactions)
    .where(
      and(
        eq(transactions.idTag, idTag),
        isNull(transactions.stopTimestamp),
        excludeTransactionId === undefined ? undefined : ne(transactions.id, excludeTransactionId),
      ),
    );
  return row!.n;
}

/** In tag order; `search` keeps the tags containing it (case-insensitively). */
export async function listIdTags(db: Db, page: { limit: number; offset: number }, search?: string) {
  const where = search ? sql`instr(lower(${idTags.idTag}), lower(${search})) > 0` : undefined;
  const [items, [total]] = await Promise.all([
    db.select().from(idTags).where(where).orderBy(asc(idTags.idTag)).limit(page.limit).offset(page.offset),
    db.select({ total: count() }).from(idTags).where(where),
  ]);
  return { items, total: total!.total };
}

export type NewIdTag = typeof idTags.$inferInsert;

/** Inserts a tag; undefined when it exists already (compared case-insensitively). */
export async function createIdTag(db: Db, tag: NewIdTag): Promise<IdTag | undefined> {
  const [row] = await db.insert(idTags).values(tag).onConflictDoNothing().returning();
  return row;
}

export async function updateIdTag(
  db: Db,
  idTag: string,
  changes: Partial<Omit<NewIdTag, "idTag" | "createdAt">>,
): Promise<IdTag | undefined> {
  if (Object.keys(changes).length === 0) return idTagByValue(db, idTag);
  const [row] = await db.update(idTags).set(changes).where(eq(idTags.idTag, idTag)).returning();
  return row;
}

export async function deleteIdTag(db: Db, idTag: string): Promise<boolean> {
  const rows = await db.delete(idTags).where(eq(idTags.idTag, idTag)).returning({ idTag: idTags.idTag });
  return rows.length > 0;
}


/** How many other tags name this tag as their parent (a tag that is its own parent, a group's main card, is left out). */
export async function childIdTagCount(db: Db, idTag: string): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(idTags)
    .where(and(eq(idTags.parentIdTag, idTag), ne(idTags.idTag, idTag)));
  return row!.n;
}
