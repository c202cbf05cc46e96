// DeleteCertificate (security; central system -> charge point).
import * as v from "valibot";
import { CertificateHashData, strictObject } from "./common.ts";

export const DeleteCertificateRequest = strictObject({
  certificateHashData: CertificateHashData,
});
export type DeleteCertificateRequest = v.InferOutput<typeof DeleteCertificateRequest>;

export const DeleteCertificateStatus = v.picklist(["Accepted", "Failed", "NotFound"]);

export const DeleteCertificateResponse = strictObject({
  status: DeleteCertificateStatus,
});
export type DeleteCertificateResponse = v.InferOutput<typeof DeleteCertificateResponse>;
