// Checks values against the schemas of the served OpenAPI document (JSON Schema 2020-12 in OpenAPI 3.1).
import Ajv2020, { type ValidateFunction } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";

/** A `conforms(schemaName, value)` that throws with the validation errors; the validators compile once each. */
export function documentSchemas(openApi: unknown): (schemaName: string, value: unknown) => void {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addSchema(openApi as object, "openapi.json");
  const compiled = new Map<string, ValidateFunction>();
  return (schemaName, value) => {
    let validate = compiled.get(schemaName);
    if (!validate) {
      validate = ajv.compile({ $ref: `openapi.json#/components/schemas/${schemaName}` });
      compiled.set(schemaName, validate);
    }
    if (!validate(value)) throw new Error(`${schemaName}: ${ajv.errorsText(validate.errors)}\n${JSON.stringify(value, null, 2)}`);
  };
}
