// PUT /api/v1/tls/server-certificate {certificate, key}: replaces the ECDSA or RSA server certificate (the key decides)
// for new handshakes, without a restart.
import type { Context } from "hono";
import * as v from "valibot";
import { apiError, parseJsonBody } from "../../../../lib/http/api.ts";
import type { AppEnv } from "../../../../lib/http/env.ts";
import { recordAudit } from "../../../../db/audit.ts";
import { ServerCertificateError } from "../../../../lib/tls/runtime.ts";

const pemText = (field: string) => v.pipe(v.string(`${field} must be PEM text`), v.maxLength(50_000, `${field} is too long`));
const ServerCertificateInput = v.strictObject({ certificate: pemText("certificate"), key: pemText("key") });

export const PUT = async (c: Context<AppEnv>) => {
  const input = await parseJsonBody(c, ServerCertificateInput);
  if (input instanceof Response) return input;
  const services = c.get("services");
  try {
    const replaced = await services.tls.replaceServerCertificate(input.certificate, input.key);
    await recordAudit(services.database.db, {
      kind: "server_certificate_replaced",
      reason: `${replaced.kind}: ${replaced.subject}, valid until ${replaced.notAfter}`,
      actor: c.get("apiClient"),
    });
    return c.json(replaced);
  } catch (error) {
    if (error instanceof ServerCertificateError) return apiError(c, 400, error.message, error.field);
    throw error;
  }
};
