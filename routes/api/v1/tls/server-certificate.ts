// PUT /api/v1/tls/server-certificate {certificate, key}: replaces the ECDSA or RSA server certificate (the key decides)
// for new handshakes, without a restart.
import type { Context } from "hono";
import * as v from "valibot";
import { apiError, parseJsonBody } from "../../../../lib/http/api.ts";
import type { AppEnv } from "../../../../lib/http/env.ts";
import { replaceServerCertificate, ServerCertificateError } from "../../../../lib/tls/serverCertificate.ts";

const pemText = (field: string) => v.pipe(v.string(`${field} must be PEM text`), v.maxLength(50_000, `${field} is too long`));
const ServerCertificateInput = v.strictObject({ certificate: pemText("certificate"), key: pemText("key") });

export const PUT = async (c: Context<AppEnv>) => {
  const input = await parseJsonBody(c, ServerCertificateInput);
  if (input instanceof Response) return input;
  try {
    return c.json(await replaceServerCertificate(c.get("services"), input.certificate, input.key, c.get("apiClient")));
  } catch (error) {
    if (error instanceof ServerCertificateError) return apiError(c, 400, error.message, error.field);
    throw error;
  }
};
