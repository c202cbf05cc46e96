// Id tag semantics shared by Authorize, StartTransaction and StopTransaction.
import { activeTransactionCount, idTagByValue } from "../../../db/idTags.ts";
import type { Db } from "../../../db/index.ts";
import type { ActionHandler } from "./context.ts";

export type AuthorizationStatus = "Accepted" | "Blocked" | "Expired" | "Invalid" | "ConcurrentTx";

export interface IdTagInfo {
  status: AuthorizationStatus;
  expiryDate?: string;
  parentIdTag?: string;
}

/**
 * What the central system says about a tag. `checkConcurrency` counts the tag's active transactions against its
 * limit; `excludeTransactionId` leaves one transaction out of that count.
 */
export async function idTagInfo(
  db: Db,
  idTag: string,
  options: { checkConcurrency: boolean; excludeTransactionId?: number } = { checkConcurrency: true },
): Promise<IdTagInfo> {
  const tag = await idTagByValue(db, idTag);
  if (!tag) return { status: "Invalid" };
  const info = (status: AuthorizationStatus): IdTagInfo => ({
    status,
    ...(tag.expiryDate ? { expiryDate: tag.expiryDate } : {}),
    ...(tag.parentIdTag ? { parentIdTag: tag.parentIdTag } : {}),
  });
  if (tag.blocked) return info("Blocked");
  if (tag.expiryDate && Date.parse(tag.expiryDate) <= Date.now()) return info("Expired");
  if (options.checkConcurrency) {
    const active = await activeTransactionCount(db, idTag, options.excludeTransactionId);
    if (active >= tag.maxActiveTransactions) return info("ConcurrentTx");
  }
  return info("Accepted");
}

export const authorize: ActionHandler<"Authorize"> = async (ctx, request) => ({
  idTagInfo: await idTagInfo(ctx.services.database.db, request.idTag),
});
