// CancelReservation (core; central system -> charge point).
import * as v from "valibot";
import { GenericStatus, integer, strictObject } from "./common.ts";

export const CancelReservationRequest = strictObject({
  reservationId: integer,
});
export type CancelReservationRequest = v.InferOutput<typeof CancelReservationRequest>;

export const CancelReservationResponse = strictObject({
  status: GenericStatus,
});
export type CancelReservationResponse = v.InferOutput<typeof CancelReservationResponse>;
