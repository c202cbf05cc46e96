// GetConfiguration (core; central system -> charge point). No `key` means all keys.
import * as v from "valibot";
import { ciString, strictObject } from "./common.ts";

export const GetConfigurationRequest = strictObject({
  key: v.optional(v.array(ciString(50))),
});
export type GetConfigurationRequest = v.InferOutput<typeof GetConfigurationRequest>;

export const KeyValue = strictObject({
  key: ciString(50),
  readonly: v.boolean(),
  value: v.optional(ciString(500)),
});
export type KeyValue = v.InferOutput<typeof KeyValue>;

export const GetConfigurationResponse = strictObject({
  configurationKey: v.optional(v.array(KeyValue)),
  unknownKey: v.optional(v.array(ciString(50))),
});
export type GetConfigurationResponse = v.InferOutput<typeof GetConfigurationResponse>;
