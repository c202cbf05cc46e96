// SignCertificate (security; charge point -> central system): a certificate signing request, PEM.
import * as v from "valibot";
import { ciString, GenericStatus, strictObject } from "./common.ts";

export const SignCertificateRequest = strictObject({
  csr: ciString(5500),
});
export type SignCertificateRequest = v.InferOutput<typeof SignCertificateRequest>;

export const SignCertificateResponse = strictObject({
  status: GenericStatus,
});
export type SignCertificateResponse = v.InferOutput<typeof SignCertificateResponse>;
