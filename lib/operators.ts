// Operator accounts: creating them, roles, disabling, password changes and resets. Every change is audited (never
// with a password); the last enabled admin always stays an enabled admin.
import { recordAudit } from "../db/audit.ts";
import {
  createOperator,
  disableOperator,
  enableOperator,
  operatorById,
  operatorPasswordHash,
  replaceOperatorPassword,
  setOperatorRole,
  type OperatorListing,
  type OperatorRole,
} from "../db/operators.ts";
import { randomToken } from "./console/auth.ts";
import type { Services } from "./services.ts";

export const minPasswordLength = 12;
export const maxPasswordLength = 256;
export const operatorRoles: readonly OperatorRole[] = ["admin", "viewer"];

/** Who makes a change: the operator of the console session, and from where. */
export interface Actor {
  operatorId: number;
  username: string;
  address: string;
  /** Hash of the session making the change (kept when the operator changes their own password). */
  sessionTokenHash: string;
}

/** A random password of 24 characters (144 bits), for new accounts and resets; shown once. */
export function generatePassword(): string {
  return randomToken().slice(0, 24);
}

export function usernameProblem(username: string): string | undefined {
  if (username === "") return "Enter a user name";
  if (username.length > 64) return "At most 64 characters";
  if (!/^[A-Za-z0-9._@-]+$/.test(username)) return "Use letters, digits and . _ - @ only";
  return undefined;
}

export function passwordProblem(password: string): string | undefined {
  if (password.length < minPasswordLength) return `At least ${minPasswordLength} characters`;
  if (password.length > maxPasswordLength) return `At most ${maxPasswordLength} characters`;
  return undefined;
}

export const isOperatorRole = (value: string): value is OperatorRole => (operatorRoles as readonly string[]).includes(value);

/** How an operator's action is named in the audit log, as for station and trust changes: `operator:<name>`. */
export const auditActor = (actor: { username: string }) => `operator:${actor.username}`.slice(0, 64);

async function audit(services: Services, actor: Actor, kind: string, reason: string): Promise<void> {
  await recordAudit(services.database.db, { kind, actor: auditActor(actor), address: actor.address, reason });
}

export type FieldProblems = Partial<Record<string, string>>;

// ---- creating -------------------------------------------------------------------------------------------------------

export type CreateOperatorOutcome =
  | { kind: "created"; operator: OperatorListing; generatedPassword: string | undefined }
  | { kind: "invalid"; errors: FieldProblems };

/** Creates an operator with the password given, or with a generated one (returned to be shown once). */
export async function createOperatorAccount(
  services: Services,
  actor: Actor,
  input: { username: string; role: string; password: string },
): Promise<CreateOperatorOutcome> {
  const errors: FieldProblems = {};
  const username = input.username.trim();
  errors.username = usernameProblem(username);
  if (!isOperatorRole(input.role)) errors.role = "Choose admin or viewer";
  if (input.password !== "") errors.password = passwordProblem(input.password);
  if (Object.values(errors).some(Boolean)) return { kind: "invalid", errors };
  const generatedPassword = input.password === "" ? generatePassword() : undefined;
  const passwordHash = await Bun.password.hash(generatedPassword ?? input.password);
  const created = await createOperator(services.database.db, { username, passwordHash, role: input.role as OperatorRole });
  if (!created) return { kind: "invalid", errors: { username: `An operator named ${username} exists already` } };
  await audit(services, actor, "operator_created", `created operator ${created.username} (${created.role})`);
  const { passwordHash: _, ...operator } = created;
  return { kind: "created", operator, generatedPassword };
}

// ---- role and access ------------------------------------------------------------------------------------------------

export type OperatorChange = "ok" | "unchanged" | "missing" | "last-admin" | "self";

export const lastAdminMessage = "This is the last enabled admin: make another operator admin first";

export async function changeOperatorRole(services: Services, actor: Actor, id: number, role: OperatorRole): Promise<OperatorChange> {
  const { db } = services.database;
  const before = await operatorById(db, id);
  if (!before) return "missing";
  if (before.role === role) return "unchanged";
  const outcome = await setOperatorRole(db, id, role);
  if (outcome === "ok") await audit(services, actor, "operator_role_changed", `${before.username}: ${before.role} -> ${role}`);
  return outcome;
}

/** Disables (ending every session of the operator) or enables an operator; nobody disables themselves. */
export async function setOperatorEnabled(services: Services, actor: Actor, id: number, enabled: boolean): Promise<OperatorChange> {
  const { db } = services.database;
  const before = await operatorById(db, id);
  if (!before) return "missing";
  if ((before.disabledAt === null) === enabled) return "unchanged";
  if (enabled) {
    if (!(await enableOperator(db, id))) return "missing";
    await audit(services, actor, "operator_enabled", `enabled operator ${before.username}`);
    return "ok";
  }
  if (id === actor.operatorId) return "self";
  const outcome = await disableOperator(db, id, new Date().toISOString());
  if (outcome === "ok") await audit(services, actor, "operator_disabled", `disabled operator ${before.username}; sessions ended`);
  return outcome;
}

// ---- passwords ------------------------------------------------------------------------------------------------------

export type ResetOutcome = { kind: "reset"; operator: OperatorListing; password: string } | { kind: "missing" };

/** Gives the operator a generated password (returned to be shown once) and ends their sessions (but the actor's). */
export async function resetOperatorPassword(services: Services, actor: Actor, id: number): Promise<ResetOutcome> {
  const { db } = services.database;
  const operator = await operatorById(db, id);
  if (!operator) return { kind: "missing" };
  const password = generatePassword();
  const keep = id === actor.operatorId ? actor.sessionTokenHash : undefined;
  if (!(await replaceOperatorPassword(db, id, await Bun.password.hash(password), keep))) return { kind: "missing" };
  await audit(services, actor, "operator_password_reset", `reset the password of ${operator.username}; their sessions ended`);
  return { kind: "reset", operator, password };
}

export type OwnPasswordOutcome = { kind: "changed" } | { kind: "invalid"; errors: FieldProblems } | { kind: "busy" };

/**
 * The operator changes their own password: the current one is checked (throttled like a login, since a stolen
 * session must not become a way to guess it), the new one must be long enough and repeated. Ends the operator's
 * other sessions and keeps this one.
 */
export async function changeOwnPassword(
  services: Services,
  actor: Actor,
  input: { currentPassword: string; newPassword: string; repeatPassword: string },
): Promise<OwnPasswordOutcome> {
  const errors: FieldProblems = {};
  if (input.currentPassword === "") errors.currentPassword = "Enter your current password";
  errors.newPassword = passwordProblem(input.newPassword);
  if (!errors.newPassword && input.repeatPassword !== input.newPassword) errors.repeatPassword = "The two new passwords differ";
  if (!errors.newPassword && !errors.repeatPassword && input.newPassword === input.currentPassword) {
    errors.newPassword = "Choose a password different from the current one";
  }
  if (Object.values(errors).some(Boolean)) return { kind: "invalid", errors };

  const { db } = services.database;
  const throttle = services.loginThrottle;
  const name = actor.username.toLowerCase();
  const delay = throttle.delayMs(actor.address, name);
  if (delay > 0) await Bun.sleep(delay);
  const valid = await throttle.attempt(actor.address, async () => {
    const hash = await operatorPasswordHash(db, actor.operatorId);
    return hash !== undefined && (await Bun.password.verify(input.currentPassword, hash).catch(() => false));
  });
  if (valid === undefined) return { kind: "busy" };
  if (!valid) {
    throttle.recordFailure(actor.address, name);
    return { kind: "invalid", errors: { currentPassword: "This is not your current password" } };
  }
  await replaceOperatorPassword(db, actor.operatorId, await Bun.password.hash(input.newPassword), actor.sessionTokenHash);
  await audit(services, actor, "operator_password_changed", "changed own password; other sessions ended");
  return { kind: "changed" };
}
