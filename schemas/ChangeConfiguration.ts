// ChangeConfiguration (core; central system -> charge point).
import * as v from "valibot";
import { ciString, strictObject } from "./common.ts";

export const ChangeConfigurationRequest = strictObject({
  key: ciString(50),
  value: ciString(500),
});
export type ChangeConfigurationRequest = v.InferOutput<typeof ChangeConfigurationRequest>;

export const ConfigurationStatus = v.picklist(["Accepted", "Rejected", "RebootRequired", "NotSupported"]);

export const ChangeConfigurationResponse = strictObject({
  status: ConfigurationStatus,
});
export type ChangeConfigurationResponse = v.InferOutput<typeof ChangeConfigurationResponse>;
