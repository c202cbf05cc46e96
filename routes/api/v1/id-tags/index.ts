// GET /api/v1/id-tags (list), POST /api/v1/id-tags (create)
import type { Context } from "hono";
import { apiError, parseJsonBody, parsePage } from "../../../../lib/http/api.ts";
import type { AppEnv } from "../../../../lib/http/env.ts";
import { addIdTag, idTagPage } from "../../../../lib/idTags.ts";
import { NewIdTagInput } from "./_input.ts";

export const GET = async (c: Context<AppEnv>) => {
  const page = parsePage(c);
  if (page instanceof Response) return page;
  return c.json(await idTagPage(c.get("services").database.db, page));
};

export const POST = async (c: Context<AppEnv>) => {
  const input = await parseJsonBody(c, NewIdTagInput);
  if (input instanceof Response) return input;
  const outcome = await addIdTag(c.get("services").database.db, input);
  switch (outcome.kind) {
    case "created":
      return c.json(outcome.tag, 201);
    case "duplicate":
      return apiError(c, 409, `The id tag ${input.idTag} exists already (compared case-insensitively)`, "idTag");
    case "unknown_parent":
      return apiError(c, 400, `The parent id tag ${input.parentIdTag} does not exist`, "parentIdTag");
  }
};
