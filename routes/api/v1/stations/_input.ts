// Input accepted by the stations endpoints.
import * as v from "valibot";
import { registrationStatuses } from "../../../../db/schema.ts";
import { maxChargePointIdLength } from "../../../../lib/ocpp/handshake.ts";

export const registrationStatus = v.picklist(registrationStatuses, "registrationStatus must be Accepted, Pending or Rejected");

const nameOrNull = (field: string) =>
  v.nullable(v.pipe(v.string(`${field} must be a string`), v.minLength(1, `${field} must not be empty`), v.maxLength(64, `${field} must be at most 64 characters`)));

/** Security fields: what the station already has; provisioning them sends nothing to it. */
const securityFields = {
  securityProfile: v.optional(
    v.pipe(v.number("securityProfile must be 0, 1, 2 or 3"), v.integer("securityProfile must be 0, 1, 2 or 3"), v.minValue(0, "securityProfile must be 0, 1, 2 or 3"), v.maxValue(3, "securityProfile must be 0, 1, 2 or 3")),
  ),
  password: v.optional(
    v.pipe(
      v.string("password must be a string"),
      v.check((p) => {
        const bytes = new TextEncoder().encode(p).length;
        return bytes >= 16 && bytes <= 20;
      }, "password must be 16 to 20 bytes"),
    ),
  ),
  authorizationKey: v.optional(
    v.pipe(v.string("authorizationKey must be a string"), v.regex(/^(?:[0-9a-fA-F]{2}){16,20}$/, "authorizationKey must be 32 to 40 hex digits (16 to 20 bytes)")),
  ),
  cpoName: v.optional(nameOrNull("cpoName")),
  certificateIdentity: v.optional(nameOrNull("certificateIdentity")),
};

type PasswordForms = { password?: string; authorizationKey?: string };
/** A password comes as text or as hex, not both; the error names authorizationKey. */
const notBoth = <T extends PasswordForms>() =>
  v.forward<T, v.CheckIssue<T>, ["authorizationKey"]>(
    v.check((input) => input.password === undefined || input.authorizationKey === undefined, "give password or authorizationKey, not both"),
    ["authorizationKey"] as never,
  );

/** A password in either form, as the bytes that go on the wire. */
export const RotationInput = v.pipe(
  v.strictObject({ password: securityFields.password, authorizationKey: securityFields.authorizationKey }),
  notBoth(),
);

export const ProfileInput = v.strictObject({
  profile: v.pipe(v.number("profile must be 0, 1, 2 or 3"), v.integer("profile must be 0, 1, 2 or 3"), v.minValue(0, "profile must be 0, 1, 2 or 3"), v.maxValue(3, "profile must be 0, 1, 2 or 3")),
  force: v.optional(v.boolean("force must be true or false"), false),
});

/** What registering a known-by-sight station takes. */
export const StationRegistrationInput = v.strictObject({
  description: v.optional(v.pipe(v.string("description must be a string"), v.maxLength(500)), ""),
  registrationStatus: v.optional(registrationStatus, "Accepted"),
});

export const NewStationInput = v.pipe(v.strictObject({
  id: v.pipe(
    v.string("id must be a string"),
    v.minLength(1, "id is required"),
    v.maxLength(maxChargePointIdLength, `id must be at most ${maxChargePointIdLength} characters`),
    v.regex(/^[^\u0000-\u001f\u007f]+$/, "id must not contain control characters"),
  ),
  ...StationRegistrationInput.entries,
  ...securityFields,
}), notBoth());

export const StationChangesInput = v.pipe(v.strictObject({
  description: v.optional(v.pipe(v.string("description must be a string"), v.maxLength(500))),
  registrationStatus: v.optional(registrationStatus),
  ...securityFields,
}), notBoth());
