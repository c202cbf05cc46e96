// GET /api/v1/openapi.json: the OpenAPI 3.1 document of the API (readable without a token, see _middleware.ts).
import type { Context } from "hono";
import { openApiDocument } from "../../../lib/openapi.ts";

export const GET = (c: Context) => c.json(openApiDocument);
