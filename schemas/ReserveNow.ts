// ReserveNow (core, reservation; central system -> charge point).
import * as v from "valibot";
import { ciString, dateTime, integer, strictObject } from "./common.ts";

export const ReserveNowRequest = strictObject({
  connectorId: integer,
  expiryDate: dateTime,
  idTag: ciString(20),
  parentIdTag: v.optional(ciString(20)),
  reservationId: integer,
});
export type ReserveNowRequest = v.InferOutput<typeof ReserveNowRequest>;

export const ReservationStatus = v.picklist(["Accepted", "Faulted", "Occupied", "Rejected", "Unavailable"]);

export const ReserveNowResponse = strictObject({
  status: ReservationStatus,
});
export type ReserveNowResponse = v.InferOutput<typeof ReserveNowResponse>;
