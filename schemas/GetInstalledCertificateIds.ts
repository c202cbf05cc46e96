// GetInstalledCertificateIds (security; central system -> charge point).
import * as v from "valibot";
import { CertificateHashData, CertificateUse, strictObject } from "./common.ts";

export const GetInstalledCertificateIdsRequest = strictObject({
  certificateType: CertificateUse,
});
export type GetInstalledCertificateIdsRequest = v.InferOutput<typeof GetInstalledCertificateIdsRequest>;

export const GetInstalledCertificateStatus = v.picklist(["Accepted", "NotFound"]);

export const GetInstalledCertificateIdsResponse = strictObject({
  // The only minItems in all 78 official schemas: when present, the list is not empty.
  certificateHashData: v.optional(v.pipe(v.array(CertificateHashData), v.minLength(1))),
  status: GetInstalledCertificateStatus,
});
export type GetInstalledCertificateIdsResponse = v.InferOutput<typeof GetInstalledCertificateIdsResponse>;
