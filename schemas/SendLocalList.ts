// SendLocalList (core, local auth list management; central system -> charge point).
import * as v from "valibot";
import { ciString, IdTagInfo, integer, strictObject } from "./common.ts";

export const AuthorizationData = strictObject({
  idTag: ciString(20),
  /** Absent in a Differential update: remove this idTag from the list. */
  idTagInfo: v.optional(IdTagInfo),
});
export type AuthorizationData = v.InferOutput<typeof AuthorizationData>;

export const UpdateType = v.picklist(["Differential", "Full"]);

export const SendLocalListRequest = strictObject({
  listVersion: integer,
  localAuthorizationList: v.optional(v.array(AuthorizationData)),
  updateType: UpdateType,
});
export type SendLocalListRequest = v.InferOutput<typeof SendLocalListRequest>;

export const UpdateStatus = v.picklist(["Accepted", "Failed", "NotSupported", "VersionMismatch"]);

export const SendLocalListResponse = strictObject({
  status: UpdateStatus,
});
export type SendLocalListResponse = v.InferOutput<typeof SendLocalListResponse>;
