// InstallCertificate (security; central system -> charge point): install a root certificate, PEM.
import * as v from "valibot";
import { CertificateUse, ciString, strictObject } from "./common.ts";

export const InstallCertificateRequest = strictObject({
  certificateType: CertificateUse,
  certificate: ciString(5500),
});
export type InstallCertificateRequest = v.InferOutput<typeof InstallCertificateRequest>;

export const InstallCertificateStatus = v.picklist(["Accepted", "Failed", "Rejected"]);

export const InstallCertificateResponse = strictObject({
  status: InstallCertificateStatus,
});
export type InstallCertificateResponse = v.InferOutput<typeof InstallCertificateResponse>;
