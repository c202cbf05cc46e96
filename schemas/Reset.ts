// Reset (core; central system -> charge point).
import * as v from "valibot";
import { GenericStatus, strictObject } from "./common.ts";

export const ResetType = v.picklist(["Hard", "Soft"]);

export const ResetRequest = strictObject({
  type: ResetType,
});
export type ResetRequest = v.InferOutput<typeof ResetRequest>;

export const ResetResponse = strictObject({
  status: GenericStatus,
});
export type ResetResponse = v.InferOutput<typeof ResetResponse>;
