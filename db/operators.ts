// Console operators and their sessions. Passwords and session tokens are stored only as hashes.
import { and, count, eq, gt, isNull, lte } from "drizzle-orm";
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
