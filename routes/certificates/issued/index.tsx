// GET /certificates/issued?stationId=&status=valid|revoked|expired&expiring=yes&page=: certificates Joule's CA issued.
import type { Context } from "hono";
import type { AppEnv } from "../../../lib/http/env.ts";
import { issuedPage } from "./_page.tsx";

export const GET = (c: Context<AppEnv>) => {
  const revoked = c.req.query("revoked") ?? "";
  return issuedPage(
    c,
    /^[0-9a-f]{1,64}$/.test(revoked)
      ? { kind: "ok", text: `Certificate ${revoked} revoked: it is refused from the next handshake, and a station connected with it was disconnected.` }
      : undefined,
  );
};
