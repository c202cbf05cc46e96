// Id tags as the operator manages them: a tag's parent must exist, and a parent cannot be deleted from under its
// children (the station would otherwise be told about a group that is gone).
import {
  childIdTagCount,
  createIdTag,
  deleteIdTag,
  idTagByValue,
  listIdTags,
  updateIdTag,
  type IdTag,
  type NewIdTag,
} from "../db/idTags.ts";
import type { Db } from "../db/index.ts";
import type { Page } from "./http/api.ts";

export function idTagView(tag: IdTag) {
  return {
    idTag: tag.idTag,
    parentIdTag: tag.parentIdTag,
    expiryDate: tag.expiryDate,
    maxActiveTransactions: tag.maxActiveTransactions,
    blocked: tag.blocked,
    description: tag.description,
    createdAt: tag.createdAt,
  };
}
export type IdTagView = ReturnType<typeof idTagView>;

export async function idTagPage(db: Db, page: Page, search?: string) {
  const { items, total } = await listIdTags(db, page, search);
  return { items: items.map(idTagView), total };
}

export async function idTagDetail(db: Db, idTag: string): Promise<IdTagView | undefined> {
  const tag = await idTagByValue(db, idTag);
  return tag && idTagView(tag);
}

type Changes = Partial<Omit<NewIdTag, "idTag" | "createdAt">>;

export type IdTagCreation = { kind: "created"; tag: IdTagView } | { kind: "duplicate" } | { kind: "unknown_parent" };
export type IdTagChange = { kind: "changed"; tag: IdTagView } | { kind: "not_found" } | { kind: "unknown_parent" };

async function parentIsMissing(db: Db, parentIdTag: string | null | undefined): Promise<boolean> {
  return typeof parentIdTag === "string" && !(await idTagByValue(db, parentIdTag));
}

export async function addIdTag(db: Db, tag: NewIdTag): Promise<IdTagCreation> {
  if (await parentIsMissing(db, tag.parentIdTag)) return { kind: "unknown_parent" };
  const created = await createIdTag(db, tag);
  return created ? { kind: "created", tag: idTagView(created) } : { kind: "duplicate" };
}

export async function changeIdTag(db: Db, idTag: string, changes: Changes): Promise<IdTagChange> {
  if (await parentIsMissing(db, changes.parentIdTag)) return { kind: "unknown_parent" };
  const updated = await updateIdTag(db, idTag, changes);
  return updated ? { kind: "changed", tag: idTagView(updated) } : { kind: "not_found" };
}

export type IdTagRemoval = { kind: "removed" } | { kind: "not_found" } | { kind: "has_children"; children: number };

export async function removeIdTag(db: Db, idTag: string): Promise<IdTagRemoval> {
  const children = await childIdTagCount(db, idTag);
  if (children > 0) return { kind: "has_children", children };
  return (await deleteIdTag(db, idTag)) ? { kind: "removed" } : { kind: "not_found" };
}
