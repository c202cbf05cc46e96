// Authorize (core; charge point -> central system): may this idTag charge?
import * as v from "valibot";
import { ciString, IdTagInfo, strictObject } from "./common.ts";

export const AuthorizeRequest = strictObject({
  idTag: ciString(20),
});
export type AuthorizeRequest = v.InferOutput<typeof AuthorizeRequest>;

export const AuthorizeResponse = strictObject({
  idTagInfo: IdTagInfo,
});
export type AuthorizeResponse = v.InferOutput<typeof AuthorizeResponse>;
