// StartTransaction (core; charge point -> central system).
import * as v from "valibot";
import { ciString, dateTime, IdTagInfo, integer, strictObject } from "./common.ts";

export const StartTransactionRequest = strictObject({
  connectorId: integer,
  idTag: ciString(20),
  /** Wh. */
  meterStart: integer,
  reservationId: v.optional(integer),
  timestamp: dateTime,
});
export type StartTransactionRequest = v.InferOutput<typeof StartTransactionRequest>;

export const StartTransactionResponse = strictObject({
  idTagInfo: IdTagInfo,
  transactionId: integer,
});
export type StartTransactionResponse = v.InferOutput<typeof StartTransactionResponse>;
