// POST /api/v1/certificate-hash {pem, hashAlgorithm?, issuerPem?}: the whitepaper's certificateHashData of a
// certificate, to match a station's GetInstalledCertificateIds answer or to build a DeleteCertificate.
import type { Context } from "hono";
import * as v from "valibot";
import { apiError, parseJsonBody } from "../../../lib/http/api.ts";
import type { AppEnv } from "../../../lib/http/env.ts";
import { certificateHashData } from "../../../lib/pki/certificateHash.ts";

const pem = (field: string) => v.pipe(v.string(`${field} must be PEM text`), v.maxLength(20_000, `${field} is too long`));
const HashInput = v.strictObject({
  pem: pem("pem"),
  hashAlgorithm: v.optional(v.picklist(["SHA256", "SHA384", "SHA512"], "hashAlgorithm must be SHA256, SHA384 or SHA512"), "SHA256"),
  issuerPem: v.optional(pem("issuerPem")),
});

export const POST = async (c: Context<AppEnv>) => {
  const input = await parseJsonBody(c, HashInput);
  if (input instanceof Response) return input;
  const result = certificateHashData(input.pem, input.hashAlgorithm, input.issuerPem);
  return "problem" in result ? apiError(c, 400, result.problem, result.field) : c.json(result);
};
