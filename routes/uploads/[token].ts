// PUT or POST /uploads/{token}: a station uploads the file of a GetLog / GetDiagnostics to the one-time URL it was
// given, as the raw body or as multipart/form-data (the first file part). Not under /api/v1: the token is the
// credential, and it works once.
import type { Context } from "hono";
import type { AppEnv } from "../../lib/http/env.ts";
import { receiveUpload } from "../../lib/uploads.ts";

const upload = async (c: Context<AppEnv>) => {
  const outcome = await receiveUpload(c.get("services"), c.req.param("token")!, {
    contentType: c.req.header("content-type"),
    contentLength: c.req.header("content-length"),
    contentDisposition: c.req.header("content-disposition"),
    body: c.req.raw.body,
  });
  switch (outcome.kind) {
    case "stored":
      return c.json({ fileName: outcome.slot.fileName, size: outcome.slot.size }, 201);
    case "unknown":
      return c.json({ message: "Unknown upload URL" }, 404);
    case "used":
      return c.json({ message: "This upload URL has been used already" }, 410);
    case "busy":
      return c.json({ message: "An upload to this URL is in progress" }, 409);
    case "too_large":
      return c.json({ message: `The file is larger than ${outcome.maxBytes} bytes` }, 413);
    case "invalid":
      return c.json({ message: outcome.message }, 400);
  }
};

export const PUT = upload;
export const POST = upload;
