// DataTransfer (core; either direction): vendor-specific data. `data` has no length limit.
import * as v from "valibot";
import { ciString, strictObject } from "./common.ts";

export const DataTransferRequest = strictObject({
  vendorId: ciString(255),
  messageId: v.optional(ciString(50)),
  data: v.optional(v.string()),
});
export type DataTransferRequest = v.InferOutput<typeof DataTransferRequest>;

export const DataTransferStatus = v.picklist(["Accepted", "Rejected", "UnknownMessageId", "UnknownVendorId"]);

export const DataTransferResponse = strictObject({
  status: DataTransferStatus,
  data: v.optional(v.string()),
});
export type DataTransferResponse = v.InferOutput<typeof DataTransferResponse>;
