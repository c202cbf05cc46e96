// Console operators and their sessions. Passwords and session tokens are stored only as hashes.
import { and, asc, count, eq, exists, gt, isNotNull, isNull, lte, ne, or } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import type { Db } from "./index.ts";
import { operators, operatorSessions } from "./schema.ts";

export type Operator = typeof operators.$inferSelect;
export type OperatorRole = Operator["role"];

export async function operatorCount(db: Db): Promise<number> {
  const [row] = await db.select({ n: count() }).from(operators);
  return row!.n;
}

/** Inserts an operator; undefined when the user name is taken (compared case-insensitively). */
export async function createOperator(
  db: Db,
  operator: { username: string; passwordHash: string; role: OperatorRole },
): Promise<Operator | undefined> {
  const [row] = await db.insert(operators).values(operator).onConflictDoNothing().returning();
  return row;
}

/** An enabled operator by user name. */
export async function activeOperatorByUsername(db: Db, username: string): Promise<Operator | undefined> {
  const [row] = await db
    .select()
    .from(operators)
    .where(and(eq(operators.username, username), isNull(operators.disabledAt)));
  return row;
}

export async function storeOperatorSession(
  db: Db,
  session: { tokenHash: string; operatorId: number; csrfToken: string; createdAt: string; expiresAt: string },
): Promise<void> {
  await db.insert(operatorSessions).values(session);
}

/** The unexpired session with this token hash, with its (enabled) operator. */
export async function operatorSessionByTokenHash(db: Db, tokenHash: string, now: string) {
  const [row] = await db
    .select({
      tokenHash: operatorSessions.tokenHash,
      csrfToken: operatorSessions.csrfToken,
      expiresAt: operatorSessions.expiresAt,
      operatorId: operators.id,
      username: operators.username,
      role: operators.role,
    })
    .from(operatorSessions)
    .innerJoin(operators, eq(operators.id, operatorSessions.operatorId))
    .where(and(eq(operatorSessions.tokenHash, tokenHash), gt(operatorSessions.expiresAt, now), isNull(operators.disabledAt)));
  return row;
}

export async function deleteOperatorSession(db: Db, tokenHash: string): Promise<void> {
  await db.delete(operatorSessions).where(eq(operatorSessions.tokenHash, tokenHash));
}

export async function deleteExpiredOperatorSessions(db: Db, now: string): Promise<void> {
  await db.delete(operatorSessions).where(lte(operatorSessions.expiresAt, now));
}

// ---- account management ---------------------------------------------------------------------------------------------

/** What the console lists about an operator (never the password hash). */
export interface OperatorListing {
  id: number;
  username: string;
  role: OperatorRole;
  createdAt: string;
  disabledAt: string | null;
}

const listing = {
  id: operators.id,
  username: operators.username,
  role: operators.role,
  createdAt: operators.createdAt,
  disabledAt: operators.disabledAt,
};

/** Operators by user name, one page at a time. */
export async function listOperators(db: Db, page: { limit: number; offset: number }) {
  const [items, [total]] = await Promise.all([
    db.select(listing).from(operators).orderBy(asc(operators.username)).limit(page.limit).offset(page.offset),
    db.select({ total: count() }).from(operators),
  ]);
  return { items: items as OperatorListing[], total: total!.total };
}

export async function operatorById(db: Db, id: number): Promise<OperatorListing | undefined> {
  const [row] = await db.select(listing).from(operators).where(eq(operators.id, id));
  return row;
}

/** The password hash of an enabled operator, to check the current password before a change. */
export async function operatorPasswordHash(db: Db, id: number): Promise<string | undefined> {
  const [row] = await db
    .select({ passwordHash: operators.passwordHash })
    .from(operators)
    .where(and(eq(operators.id, id), isNull(operators.disabledAt)));
  return row?.passwordHash;
}

/** The condition "another enabled admin than operator `id` exists", evaluated inside the same statement. */
function anotherEnabledAdmin(db: Db, id: number) {
  const other = alias(operators, "other_admin");
  return exists(
    db
      .select({ id: other.id })
      .from(other)
      .where(and(ne(other.id, id), eq(other.role, "admin"), isNull(other.disabledAt))),
  );
}

/** Whether the operator is the only enabled admin (so that it must stay an enabled admin). */
function keepsAnAdmin(db: Db, id: number) {
  return or(ne(operators.role, "admin"), isNotNull(operators.disabledAt), anotherEnabledAdmin(db, id));
}

export type GuardedUpdate = "ok" | "missing" | "last-admin";

async function guardedOutcome(db: Db, id: number, changed: boolean): Promise<GuardedUpdate> {
  if (changed) return "ok";
  return (await operatorById(db, id)) ? "last-admin" : "missing";
}

/**
 * Sets the role; demoting the last enabled admin is refused within the same statement (two admins demoting each
 * other at once cannot leave none).
 */
export async function setOperatorRole(db: Db, id: number, role: OperatorRole): Promise<GuardedUpdate> {
  const rows = await db
    .update(operators)
    .set({ role })
    .where(and(eq(operators.id, id), role === "admin" ? undefined : keepsAnAdmin(db, id)))
    .returning({ id: operators.id });
  return guardedOutcome(db, id, rows.length > 0);
}

/** Disables the operator and ends its sessions; the last enabled admin is never disabled. */
export async function disableOperator(db: Db, id: number, at: string): Promise<GuardedUpdate> {
  const [updated] = await db.batch([
    db
      .update(operators)
      .set({ disabledAt: at })
      .where(and(eq(operators.id, id), isNull(operators.disabledAt), keepsAnAdmin(db, id)))
      .returning({ id: operators.id }),
    db
      .delete(operatorSessions)
      .where(
        and(
          eq(operatorSessions.operatorId, id),
          exists(db.select({ id: operators.id }).from(operators).where(and(eq(operators.id, id), isNotNull(operators.disabledAt)))),
        ),
      ),
  ]);
  if (updated.length > 0) return "ok";
  const operator = await operatorById(db, id);
  if (!operator) return "missing";
  return operator.disabledAt ? "ok" : "last-admin";
}

/** Enables a disabled operator; false when there is no such operator. */
export async function enableOperator(db: Db, id: number): Promise<boolean> {
  const rows = await db.update(operators).set({ disabledAt: null }).where(eq(operators.id, id)).returning({ id: operators.id });
  return rows.length > 0;
}

/**
 * Stores a new password hash and ends the operator's sessions, except `keepSession` (the token hash of the session
 * that made the change, when it is the operator's own). False when there is no such operator.
 */
export async function replaceOperatorPassword(db: Db, id: number, passwordHash: string, keepSession?: string): Promise<boolean> {
  const [updated] = await db.batch([
    db.update(operators).set({ passwordHash }).where(eq(operators.id, id)).returning({ id: operators.id }),
    db
      .delete(operatorSessions)
      .where(
        and(
          eq(operatorSessions.operatorId, id),
          keepSession === undefined ? undefined : ne(operatorSessions.tokenHash, keepSession),
        ),
      ),
  ]);
  return updated.length > 0;
}

/** How many unexpired sessions the operator has (for tests and the operator list). */
export async function operatorSessionCount(db: Db, id: number, now: string): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(operatorSessions)
    .where(and(eq(operatorSessions.operatorId, id), gt(operatorSessions.expiresAt, now)));
  return row!.n;
}
