// UnlockConnector (core; central system -> charge point).
import * as v from "valibot";
import { integer, strictObject } from "./common.ts";

export const UnlockConnectorRequest = strictObject({
  connectorId: integer,
});
export type UnlockConnectorRequest = v.InferOutput<typeof UnlockConnectorRequest>;

export const UnlockStatus = v.picklist(["Unlocked", "UnlockFailed", "NotSupported"]);

export const UnlockConnectorResponse = strictObject({
  status: UnlockStatus,
});
export type UnlockConnectorResponse = v.InferOutput<typeof UnlockConnectorResponse>;
