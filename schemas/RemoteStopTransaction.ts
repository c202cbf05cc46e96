// RemoteStopTransaction (core; central system -> charge point).
import * as v from "valibot";
import { GenericStatus, integer, strictObject } from "./common.ts";

export const RemoteStopTransactionRequest = strictObject({
  transactionId: integer,
});
export type RemoteStopTransactionRequest = v.InferOutput<typeof RemoteStopTransactionRequest>;

export const RemoteStopTransactionResponse = strictObject({
  status: GenericStatus,
});
export type RemoteStopTransactionResponse = v.InferOutput<typeof RemoteStopTransactionResponse>;
