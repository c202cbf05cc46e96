// GetLocalListVersion (core, local auth list management; central system -> charge point).
import * as v from "valibot";
import { integer, strictObject } from "./common.ts";

export const GetLocalListVersionRequest = strictObject({});
export type GetLocalListVersionRequest = v.InferOutput<typeof GetLocalListVersionRequest>;

export const GetLocalListVersionResponse = strictObject({
  /** 0: empty list; -1: local authorization list not supported. */
  listVersion: integer,
});
export type GetLocalListVersionResponse = v.InferOutput<typeof GetLocalListVersionResponse>;
