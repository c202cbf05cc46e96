// RemoteStartTransaction (core; central system -> charge point).
import * as v from "valibot";
import { ChargingProfile, ciString, GenericStatus, integer, strictObject } from "./common.ts";

export const RemoteStartTransactionRequest = strictObject({
  connectorId: v.optional(integer),
  idTag: ciString(20),
  chargingProfile: v.optional(ChargingProfile),
});
export type RemoteStartTransactionRequest = v.InferOutput<typeof RemoteStartTransactionRequest>;

export const RemoteStartTransactionResponse = strictObject({
  status: GenericStatus,
});
export type RemoteStartTransactionResponse = v.InferOutput<typeof RemoteStartTransactionResponse>;
