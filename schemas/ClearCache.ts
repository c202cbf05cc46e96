// ClearCache (core; central system -> charge point): empty the authorization cache.
import * as v from "valibot";
import { GenericStatus, strictObject } from "./common.ts";

export const ClearCacheRequest = strictObject({});
export type ClearCacheRequest = v.InferOutput<typeof ClearCacheRequest>;

export const ClearCacheResponse = strictObject({
  status: GenericStatus,
});
export type ClearCacheResponse = v.InferOutput<typeof ClearCacheResponse>;
