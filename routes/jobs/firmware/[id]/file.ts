// GET /jobs/firmware/:id/file: an uploaded firmware file, as an attachment.
import type { Context } from "hono";
import { attachment } from "../../../../lib/http/download.ts";
import { firmwareFileForOperator } from "../../../../lib/firmware.ts";
import type { AppEnv } from "../../../../lib/http/env.ts";

export const GET = async (c: Context<AppEnv>) => {
  const id = c.req.param("id") ?? "";
  const file = /^\d{1,9}$/.test(id) ? await firmwareFileForOperator(c.get("services"), Number(id)) : undefined;
  if (!file) return c.text("No such firmware file", 404);
  return attachment(file);
};
