// CertificateSigned (security; central system -> charge point): the signed certificate chain, PEM.
import * as v from "valibot";
import { ciString, strictObject } from "./common.ts";

export const CertificateSignedRequest = strictObject({
  certificateChain: ciString(10000),
});
export type CertificateSignedRequest = v.InferOutput<typeof CertificateSignedRequest>;

export const CertificateSignedStatus = v.picklist(["Accepted", "Rejected"]);

export const CertificateSignedResponse = strictObject({
  status: CertificateSignedStatus,
});
export type CertificateSignedResponse = v.InferOutput<typeof CertificateSignedResponse>;
