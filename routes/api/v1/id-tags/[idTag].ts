// GET, PATCH, DELETE /api/v1/id-tags/{idTag} (the tag is matched case-insensitively)
import type { Context } from "hono";
import { apiError, parseJsonBody } from "../../../../lib/http/api.ts";
import type { AppEnv } from "../../../../lib/http/env.ts";
import { changeIdTag, idTagDetail, removeIdTag } from "../../../../lib/idTags.ts";
import { IdTagChangesInput } from "./_input.ts";

const notFound = (c: Context) => apiError(c, 404, "No such id tag");

export const GET = async (c: Context<AppEnv>) => {
  const tag = await idTagDetail(c.get("services").database.db, c.req.param("idTag")!);
  return tag ? c.json(tag) : notFound(c);
};

export const PATCH = async (c: Context<AppEnv>) => {
  const changes = await parseJsonBody(c, IdTagChangesInput);
  if (changes instanceof Response) return changes;
  const outcome = await changeIdTag(c.get("services").database.db, c.req.param("idTag")!, changes);
  switch (outcome.kind) {
    case "changed":
      return c.json(outcome.tag);
    case "not_found":
      return notFound(c);
    case "unknown_parent":
      return apiError(c, 400, `The parent id tag ${changes.parentIdTag} does not exist`, "parentIdTag");
  }
};

export const DELETE = async (c: Context<AppEnv>) => {
  const outcome = await removeIdTag(c.get("services").database.db, c.req.param("idTag")!);
  switch (outcome.kind) {
    case "removed":
      return c.body(null, 204);
    case "not_found":
      return notFound(c);
    case "has_children":
      return apiError(c, 409, `The id tag is the parent of ${outcome.children} other tag(s); change those first`);
  }
};
