// Input accepted by the id-tags endpoints.
import * as v from "valibot";
import { utcDateTime } from "../../../../lib/dateTime.ts";

/** OCPP IdToken is a CiString20: at most 20 characters, compared case-insensitively (the column is NOCASE). */
const idToken = (field: string) =>
  v.pipe(
    v.string(`${field} must be a string`),
    v.minLength(1, `${field} is required`),
    v.maxLength(20, `${field} must be at most 20 characters`),
    v.regex(/^[^\u0000-\u001f\u007f]+$/, `${field} must not contain control characters`),
  );

/** Accepted with any offset, stored as UTC. */
const expiryDate = v.pipe(
  v.string("expiryDate must be a string"),
  v.rawTransform(({ dataset, addIssue, NEVER }) => {
    const utc = utcDateTime(dataset.value);
    if (utc !== undefined) return utc;
    addIssue({ message: "expiryDate must be an ISO-8601 date-time with time zone, e.g. 2030-01-31T23:59:59Z" });
    return NEVER;
  }),
);

const maxActiveTransactions = v.pipe(
  v.number("maxActiveTransactions must be a number"),
  v.safeInteger("maxActiveTransactions must be a whole number"),
  v.minValue(1, "maxActiveTransactions must be at least 1"),
);

const description = v.pipe(
  v.string("description must be a string"),
  v.maxLength(500, "description must be at most 500 characters"),
);

export const NewIdTagInput = v.strictObject({
  idTag: idToken("idTag"),
  parentIdTag: v.optional(v.nullable(idToken("parentIdTag")), null),
  expiryDate: v.optional(v.nullable(expiryDate), null),
  maxActiveTransactions: v.optional(maxActiveTransactions, 1),
  blocked: v.optional(v.boolean("blocked must be true or false"), false),
  description: v.optional(description, ""),
});

/** Every field but the tag itself; null clears parentIdTag or expiryDate. */
export const IdTagChangesInput = v.strictObject({
  parentIdTag: v.optional(v.nullable(idToken("parentIdTag"))),
  expiryDate: v.optional(v.nullable(expiryDate)),
  maxActiveTransactions: v.optional(maxActiveTransactions),
  blocked: v.optional(v.boolean("blocked must be true or false")),
  description: v.optional(description),
});
