// The OCPP 1.6 actions (core and Security Whitepaper edition 3), their payload schemas and payload types, and
// validation of a payload with the OCPP-J error code to answer when it is invalid.
import * as v from "valibot";
import { compileAcceptance } from "./acceptance.ts";
import * as Authorize from "./Authorize.ts";
import * as BootNotification from "./BootNotification.ts";
import * as CancelReservation from "./CancelReservation.ts";
import * as CertificateSigned from "./CertificateSigned.ts";
import * as ChangeAvailability from "./ChangeAvailability.ts";
import * as ChangeConfiguration from "./ChangeConfiguration.ts";
import * as ClearCache from "./ClearCache.ts";
import * as ClearChargingProfile from "./ClearChargingProfile.ts";
import * as DataTransfer from "./DataTransfer.ts";
import * as DeleteCertificate from "./DeleteCertificate.ts";
import * as DiagnosticsStatusNotification from "./DiagnosticsStatusNotification.ts";
import * as ExtendedTriggerMessage from "./ExtendedTriggerMessage.ts";
import * as FirmwareStatusNotification from "./FirmwareStatusNotification.ts";
import * as GetCompositeSchedule from "./GetCompositeSchedule.ts";
import * as GetConfiguration from "./GetConfiguration.ts";
import * as GetDiagnostics from "./GetDiagnostics.ts";
import * as GetInstalledCertificateIds from "./GetInstalledCertificateIds.ts";
import * as GetLocalListVersion from "./GetLocalListVersion.ts";
import * as GetLog from "./GetLog.ts";
import * as Heartbeat from "./Heartbeat.ts";
import * as InstallCertificate from "./InstallCertificate.ts";
import * as LogStatusNotification from "./LogStatusNotification.ts";
import * as MeterValues from "./MeterValues.ts";
import * as RemoteStartTransaction from "./RemoteStartTransaction.ts";
import * as RemoteStopTransaction from "./RemoteStopTransaction.ts";
import * as ReserveNow from "./ReserveNow.ts";
import * as Reset from "./Reset.ts";
import * as SecurityEventNotification from "./SecurityEventNotification.ts";
import * as SendLocalList from "./SendLocalList.ts";
import * as SetChargingProfile from "./SetChargingProfile.ts";
import * as SignCertificate from "./SignCertificate.ts";
import * as SignedFirmwareStatusNotification from "./SignedFirmwareStatusNotification.ts";
import * as SignedUpdateFirmware from "./SignedUpdateFirmware.ts";
import * as StartTransaction from "./StartTransaction.ts";
import * as StatusNotification from "./StatusNotification.ts";
import * as StopTransaction from "./StopTransaction.ts";
import * as TriggerMessage from "./TriggerMessage.ts";
import * as UnlockConnector from "./UnlockConnector.ts";
import * as UpdateFirmware from "./UpdateFirmware.ts";

export * from "./common.ts";
export * from "./Authorize.ts";
export * from "./BootNotification.ts";
export * from "./CancelReservation.ts";
export * from "./CertificateSigned.ts";
export * from "./ChangeAvailability.ts";
export * from "./ChangeConfiguration.ts";
export * from "./ClearCache.ts";
export * from "./ClearChargingProfile.ts";
export * from "./DataTransfer.ts";
export * from "./DeleteCertificate.ts";
export * from "./DiagnosticsStatusNotification.ts";
export * from "./ExtendedTriggerMessage.ts";
export * from "./FirmwareStatusNotification.ts";
export * from "./GetCompositeSchedule.ts";
export * from "./GetConfiguration.ts";
export * from "./GetDiagnostics.ts";
export * from "./GetInstalledCertificateIds.ts";
export * from "./GetLocalListVersion.ts";
export * from "./GetLog.ts";
export * from "./Heartbeat.ts";
export * from "./InstallCertificate.ts";
export * from "./LogStatusNotification.ts";
export * from "./MeterValues.ts";
export * from "./RemoteStartTransaction.ts";
export * from "./RemoteStopTransaction.ts";
export * from "./ReserveNow.ts";
export * from "./Reset.ts";
export * from "./SecurityEventNotification.ts";
export * from "./SendLocalList.ts";
export * from "./SetChargingProfile.ts";
export * from "./SignCertificate.ts";
export * from "./SignedFirmwareStatusNotification.ts";
export * from "./SignedUpdateFirmware.ts";
export * from "./StartTransaction.ts";
export * from "./StatusNotification.ts";
export * from "./StopTransaction.ts";
export * from "./TriggerMessage.ts";
export * from "./UnlockConnector.ts";
export * from "./UpdateFirmware.ts";

// ---------------------------------------------------------------------------------------------------------------
// Actions

/** The 28 actions of OCPP 1.6 edition 2. */
export const coreActions = [
  "Authorize",
  "BootNotification",
  "CancelReservation",
  "ChangeAvailability",
  "ChangeConfiguration",
  "ClearCache",
  "ClearChargingProfile",
  "DataTransfer",
  "DiagnosticsStatusNotification",
  "FirmwareStatusNotification",
  "GetCompositeSchedule",
  "GetConfiguration",
  "GetDiagnostics",
  "GetLocalListVersion",
  "Heartbeat",
  "MeterValues",
  "RemoteStartTransaction",
  "RemoteStopTransaction",
  "ReserveNow",
  "Reset",
  "SendLocalList",
  "SetChargingProfile",
  "StartTransaction",
  "StatusNotification",
  "StopTransaction",
  "TriggerMessage",
  "UnlockConnector",
  "UpdateFirmware",
] as const;

/** The 11 actions added by the "Improved security for OCPP 1.6-J" white paper, edition 3. */
export const securityActions = [
  "CertificateSigned",
  "DeleteCertificate",
  "ExtendedTriggerMessage",
  "GetInstalledCertificateIds",
  "GetLog",
  "InstallCertificate",
  "LogStatusNotification",
  "SecurityEventNotification",
  "SignCertificate",
  "SignedFirmwareStatusNotification",
  "SignedUpdateFirmware",
] as const;

export type CoreAction = (typeof coreActions)[number];
export type SecurityAction = (typeof securityActions)[number];
export type Action = CoreAction | SecurityAction;

export const allActions: readonly Action[] = [...coreActions, ...securityActions];

const actionNames: ReadonlySet<string> = new Set(allActions);

export function isAction(name: string): name is Action {
  return actionNames.has(name);
}

/** Actions a charge point sends to the central system (CALLs we receive). */
export const chargePointInitiated: ReadonlySet<Action> = new Set<Action>([
  "Authorize",
  "BootNotification",
  "DataTransfer",
  "DiagnosticsStatusNotification",
  "FirmwareStatusNotification",
  "Heartbeat",
  "MeterValues",
  "StartTransaction",
  "StatusNotification",
  "StopTransaction",
  "LogStatusNotification",
  "SecurityEventNotification",
  "SignCertificate",
  "SignedFirmwareStatusNotification",
]);

/** Actions the central system sends to a charge point (CALLs we make). DataTransfer goes both ways. */
export const centralSystemInitiated: ReadonlySet<Action> = new Set<Action>(
  allActions.filter((action) => action === "DataTransfer" || !chargePointInitiated.has(action)),
);

// ---------------------------------------------------------------------------------------------------------------
// Schemas and types per action

/** The `.req` payload schema of each action. */
export const requestSchemas = {
  Authorize: Authorize.AuthorizeRequest,
  BootNotification: BootNotification.BootNotificationRequest,
  CancelReservation: CancelReservation.CancelReservationRequest,
  ChangeAvailability: ChangeAvailability.ChangeAvailabilityRequest,
  ChangeConfiguration: ChangeConfiguration.ChangeConfigurationRequest,
  ClearCache: ClearCache.ClearCacheRequest,
  ClearChargingProfile: ClearChargingProfile.ClearChargingProfileRequest,
  DataTransfer: DataTransfer.DataTransferRequest,
  DiagnosticsStatusNotification: DiagnosticsStatusNotification.DiagnosticsStatusNotificationRequest,
  FirmwareStatusNotification: FirmwareStatusNotification.FirmwareStatusNotificationRequest,
  GetCompositeSchedule: GetCompositeSchedule.GetCompositeScheduleRequest,
  GetConfiguration: GetConfiguration.GetConfigurationRequest,
  GetDiagnostics: GetDiagnostics.GetDiagnosticsRequest,
  GetLocalListVersion: GetLocalListVersion.GetLocalListVersionRequest,
  Heartbeat: Heartbeat.HeartbeatRequest,
  MeterValues: MeterValues.MeterValuesRequest,
  RemoteStartTransaction: RemoteStartTransaction.RemoteStartTransactionRequest,
  RemoteStopTransaction: RemoteStopTransaction.RemoteStopTransactionRequest,
  ReserveNow: ReserveNow.ReserveNowRequest,
  Reset: Reset.ResetRequest,
  SendLocalList: SendLocalList.SendLocalListRequest,
  SetChargingProfile: SetChargingProfile.SetChargingProfileRequest,
  StartTransaction: StartTransaction.StartTransactionRequest,
  StatusNotification: StatusNotification.StatusNotificationRequest,
  StopTransaction: StopTransaction.StopTransactionRequest,
  TriggerMessage: TriggerMessage.TriggerMessageRequest,
  UnlockConnector: UnlockConnector.UnlockConnectorRequest,
  UpdateFirmware: UpdateFirmware.UpdateFirmwareRequest,
  CertificateSigned: CertificateSigned.CertificateSignedRequest,
  DeleteCertificate: DeleteCertificate.DeleteCertificateRequest,
  ExtendedTriggerMessage: ExtendedTriggerMessage.ExtendedTriggerMessageRequest,
  GetInstalledCertificateIds: GetInstalledCertificateIds.GetInstalledCertificateIdsRequest,
  GetLog: GetLog.GetLogRequest,
  InstallCertificate: InstallCertificate.InstallCertificateRequest,
  LogStatusNotification: LogStatusNotification.LogStatusNotificationRequest,
  SecurityEventNotification: SecurityEventNotification.SecurityEventNotificationRequest,
  SignCertificate: SignCertificate.SignCertificateRequest,
  SignedFirmwareStatusNotification: SignedFirmwareStatusNotification.SignedFirmwareStatusNotificationRequest,
  SignedUpdateFirmware: SignedUpdateFirmware.SignedUpdateFirmwareRequest,
} as const satisfies Record<Action, v.GenericSchema>;

/** The `.conf` payload schema of each action. */
export const responseSchemas = {
  Authorize: Authorize.AuthorizeResponse,
  BootNotification: BootNotification.BootNotificationResponse,
  CancelReservation: CancelReservation.CancelReservationResponse,
  ChangeAvailability: ChangeAvailability.ChangeAvailabilityResponse,
  ChangeConfiguration: ChangeConfiguration.ChangeConfigurationResponse,
  ClearCache: ClearCache.ClearCacheResponse,
  ClearChargingProfile: ClearChargingProfile.ClearChargingProfileResponse,
  DataTransfer: DataTransfer.DataTransferResponse,
  DiagnosticsStatusNotification: DiagnosticsStatusNotification.DiagnosticsStatusNotificationResponse,
  FirmwareStatusNotification: FirmwareStatusNotification.FirmwareStatusNotificationResponse,
  GetCompositeSchedule: GetCompositeSchedule.GetCompositeScheduleResponse,
  GetConfiguration: GetConfiguration.GetConfigurationResponse,
  GetDiagnostics: GetDiagnostics.GetDiagnosticsResponse,
  GetLocalListVersion: GetLocalListVersion.GetLocalListVersionResponse,
  Heartbeat: Heartbeat.HeartbeatResponse,
  MeterValues: MeterValues.MeterValuesResponse,
  RemoteStartTransaction: RemoteStartTransaction.RemoteStartTransactionResponse,
  RemoteStopTransaction: RemoteStopTransaction.RemoteStopTransactionResponse,
  ReserveNow: ReserveNow.ReserveNowResponse,
  Reset: Reset.ResetResponse,
  SendLocalList: SendLocalList.SendLocalListResponse,
  SetChargingProfile: SetChargingProfile.SetChargingProfileResponse,
  StartTransaction: StartTransaction.StartTransactionResponse,
  StatusNotification: StatusNotification.StatusNotificationResponse,
  StopTransaction: StopTransaction.StopTransactionResponse,
  TriggerMessage: TriggerMessage.TriggerMessageResponse,
  UnlockConnector: UnlockConnector.UnlockConnectorResponse,
  UpdateFirmware: UpdateFirmware.UpdateFirmwareResponse,
  CertificateSigned: CertificateSigned.CertificateSignedResponse,
  DeleteCertificate: DeleteCertificate.DeleteCertificateResponse,
  ExtendedTriggerMessage: ExtendedTriggerMessage.ExtendedTriggerMessageResponse,
  GetInstalledCertificateIds: GetInstalledCertificateIds.GetInstalledCertificateIdsResponse,
  GetLog: GetLog.GetLogResponse,
  InstallCertificate: InstallCertificate.InstallCertificateResponse,
  LogStatusNotification: LogStatusNotification.LogStatusNotificationResponse,
  SecurityEventNotification: SecurityEventNotification.SecurityEventNotificationResponse,
  SignCertificate: SignCertificate.SignCertificateResponse,
  SignedFirmwareStatusNotification: SignedFirmwareStatusNotification.SignedFirmwareStatusNotificationResponse,
  SignedUpdateFirmware: SignedUpdateFirmware.SignedUpdateFirmwareResponse,
} as const satisfies Record<Action, v.GenericSchema>;

/** Request and response payload types of each action. */
export interface ActionTypes {
  Authorize: { request: Authorize.AuthorizeRequest; response: Authorize.AuthorizeResponse };
  BootNotification: {
    request: BootNotification.BootNotificationRequest;
    response: BootNotification.BootNotificationResponse;
  };
  CancelReservation: {
    request: CancelReservation.CancelReservationRequest;
    response: CancelReservation.CancelReservationResponse;
  };
  ChangeAvailability: {
    request: ChangeAvailability.ChangeAvailabilityRequest;
    response: ChangeAvailability.ChangeAvailabilityResponse;
  };
  ChangeConfiguration: {
    request: ChangeConfiguration.ChangeConfigurationRequest;
    response: ChangeConfiguration.ChangeConfigurationResponse;
  };
  ClearCache: { request: ClearCache.ClearCacheRequest; response: ClearCache.ClearCacheResponse };
  ClearChargingProfile: {
    request: ClearChargingProfile.ClearChargingProfileRequest;
    response: ClearChargingProfile.ClearChargingProfileResponse;
  };
  DataTransfer: { request: DataTransfer.DataTransferRequest; response: DataTransfer.DataTransferResponse };
  DiagnosticsStatusNotification: {
    request: DiagnosticsStatusNotification.DiagnosticsStatusNotificationRequest;
    response: DiagnosticsStatusNotification.DiagnosticsStatusNotificationResponse;
  };
  FirmwareStatusNotification: {
    request: FirmwareStatusNotification.FirmwareStatusNotificationRequest;
    response: FirmwareStatusNotification.FirmwareStatusNotificationResponse;
  };
  GetCompositeSchedule: {
    request: GetCompositeSchedule.GetCompositeScheduleRequest;
    response: GetCompositeSchedule.GetCompositeScheduleResponse;
  };
  GetConfiguration: {
    request: GetConfiguration.GetConfigurationRequest;
    response: GetConfiguration.GetConfigurationResponse;
  };
  GetDiagnostics: { request: GetDiagnostics.GetDiagnosticsRequest; response: GetDiagnostics.GetDiagnosticsResponse };
  GetLocalListVersion: {
    request: GetLocalListVersion.GetLocalListVersionRequest;
    response: GetLocalListVersion.GetLocalListVersionResponse;
  };
  Heartbeat: { request: Heartbeat.HeartbeatRequest; response: Heartbeat.HeartbeatResponse };
  MeterValues: { request: MeterValues.MeterValuesRequest; response: MeterValues.MeterValuesResponse };
  RemoteStartTransaction: {
    request: RemoteStartTransaction.RemoteStartTransactionRequest;
    response: RemoteStartTransaction.RemoteStartTransactionResponse;
  };
  RemoteStopTransaction: {
    request: RemoteStopTransaction.RemoteStopTransactionRequest;
    response: RemoteStopTransaction.RemoteStopTransactionResponse;
  };
  ReserveNow: { request: ReserveNow.ReserveNowRequest; response: ReserveNow.ReserveNowResponse };
  Reset: { request: Reset.ResetRequest; response: Reset.ResetResponse };
  SendLocalList: { request: SendLocalList.SendLocalListRequest; response: SendLocalList.SendLocalListResponse };
  SetChargingProfile: {
    request: SetChargingProfile.SetChargingProfileRequest;
    response: SetChargingProfile.SetChargingProfileResponse;
  };
  StartTransaction: {
    request: StartTransaction.StartTransactionRequest;
    response: StartTransaction.StartTransactionResponse;
  };
  StatusNotification: {
    request: StatusNotification.StatusNotificationRequest;
    response: StatusNotification.StatusNotificationResponse;
  };
  StopTransaction: {
    request: StopTransaction.StopTransactionRequest;
    response: StopTransaction.StopTransactionResponse;
  };
  TriggerMessage: { request: TriggerMessage.TriggerMessageRequest; response: TriggerMessage.TriggerMessageResponse };
  UnlockConnector: {
    request: UnlockConnector.UnlockConnectorRequest;
    response: UnlockConnector.UnlockConnectorResponse;
  };
  UpdateFirmware: { request: UpdateFirmware.UpdateFirmwareRequest; response: UpdateFirmware.UpdateFirmwareResponse };
  CertificateSigned: {
    request: CertificateSigned.CertificateSignedRequest;
    response: CertificateSigned.CertificateSignedResponse;
  };
  DeleteCertificate: {
    request: DeleteCertificate.DeleteCertificateRequest;
    response: DeleteCertificate.DeleteCertificateResponse;
  };
  ExtendedTriggerMessage: {
    request: ExtendedTriggerMessage.ExtendedTriggerMessageRequest;
    response: ExtendedTriggerMessage.ExtendedTriggerMessageResponse;
  };
  GetInstalledCertificateIds: {
    request: GetInstalledCertificateIds.GetInstalledCertificateIdsRequest;
    response: GetInstalledCertificateIds.GetInstalledCertificateIdsResponse;
  };
  GetLog: { request: GetLog.GetLogRequest; response: GetLog.GetLogResponse };
  InstallCertificate: {
    request: InstallCertificate.InstallCertificateRequest;
    response: InstallCertificate.InstallCertificateResponse;
  };
  LogStatusNotification: {
    request: LogStatusNotification.LogStatusNotificationRequest;
    response: LogStatusNotification.LogStatusNotificationResponse;
  };
  SecurityEventNotification: {
    request: SecurityEventNotification.SecurityEventNotificationRequest;
    response: SecurityEventNotification.SecurityEventNotificationResponse;
  };
  SignCertificate: {
    request: SignCertificate.SignCertificateRequest;
    response: SignCertificate.SignCertificateResponse;
  };
  SignedFirmwareStatusNotification: {
    request: SignedFirmwareStatusNotification.SignedFirmwareStatusNotificationRequest;
    response: SignedFirmwareStatusNotification.SignedFirmwareStatusNotificationResponse;
  };
  SignedUpdateFirmware: {
    request: SignedUpdateFirmware.SignedUpdateFirmwareRequest;
    response: SignedUpdateFirmware.SignedUpdateFirmwareResponse;
  };
}

export type RequestOf<A extends Action> = ActionTypes[A]["request"];
export type ResponseOf<A extends Action> = ActionTypes[A]["response"];

// ---------------------------------------------------------------------------------------------------------------
// Validation

/** The OCPP-J CALLERROR codes a payload can earn (spelled as the specification spells them: one r in Occurence). */
export type OcppValidationErrorCode =
  "TypeConstraintViolation" | "OccurenceConstraintViolation" | "PropertyConstraintViolation" | "FormationViolation";

export type PayloadValidation<T = unknown> =
  | { ok: true; value: T }
  | {
      ok: false;
      code: OcppValidationErrorCode;
      /** Short text naming the field and the constraint; never contains the offending value. */
      message: string;
      /** Dotted path of the offending field, e.g. `meterValue.0.sampledValue.1.value`; empty for the payload. */
      path: string;
    };

function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** valibot's names of JSON types, as a JSON reader would call them. */
const jsonTypeNames: Record<string, string> = {
  string: "string",
  number: "number",
  boolean: "boolean",
  Array: "array",
};

/** The OCPP error code and an expectation text for a valibot issue. Reads only static parts of the issue. */
function classify(issue: v.BaseIssue<unknown>): { code: OcppValidationErrorCode; expectation: string } {
  switch (issue.type) {
    case "strict_object":
      // Key issues of a strict object: a required property missing, or one the schema does not define.
      if (issue.path?.at(-1)?.origin === "key") {
        return issue.expected === "never"
          ? { code: "PropertyConstraintViolation", expectation: "property not allowed" }
          : { code: "OccurenceConstraintViolation", expectation: "required property missing" };
      }
      return { code: "TypeConstraintViolation", expectation: "expected object" };
    case "custom": // the object guard of strictObject() in common.ts
      return { code: "TypeConstraintViolation", expectation: "expected object" };
    case "string":
    case "number":
    case "boolean":
    case "array":
      return {
        code: "TypeConstraintViolation",
        expectation: `expected ${jsonTypeNames[issue.expected ?? ""] ?? issue.type}`,
      };
    case "integer":
      return { code: "TypeConstraintViolation", expectation: "expected integer" };
    case "finite":
      return { code: "TypeConstraintViolation", expectation: "expected finite number" };
    case "picklist":
      // An enumeration is a string type with a value constraint: a non-string is the wrong type.
      return {
        code: typeof issue.input === "string" ? "PropertyConstraintViolation" : "TypeConstraintViolation",
        // valibot writes the options as ("A" | "B"); drop the parentheses.
        expectation: `expected one of ${issue.expected?.replace(/^\((.*)\)$/, "$1")}`,
      };
    case "min_length": // only on arrays (minItems): too few occurrences
      return { code: "OccurenceConstraintViolation", expectation: `expected at least ${issue.requirement} item(s)` };
    case "check": // maxLength, formats, multipleOf: the messages in common.ts are static text
      return { code: "PropertyConstraintViolation", expectation: issue.message };
    default:
      return { code: "PropertyConstraintViolation", expectation: "invalid value" };
  }
}

const compiledAcceptance = new WeakMap<v.GenericSchema, ((value: unknown) => boolean) | undefined>();

/** The schema's compiled acceptance predicate, compiled on first use (undefined: valibot decides everything). */
export function acceptanceOf(schema: v.GenericSchema): ((value: unknown) => boolean) | undefined {
  let predicate = compiledAcceptance.get(schema);
  if (predicate === undefined && !compiledAcceptance.has(schema)) {
    predicate = compileAcceptance(schema);
    compiledAcceptance.set(schema, predicate);
  }
  return predicate;
}

/**
 * Validate a CALL or CALLRESULT payload. A payload that is not a JSON object is a FormationViolation; otherwise the
 * first problem found decides the code: wrong JSON type -> TypeConstraintViolation, required property missing (or
 * an empty list that must have items) -> OccurenceConstraintViolation, any other constraint (enumeration, length,
 * format, multipleOf, undefined property) -> PropertyConstraintViolation.
 */
export function validatePayload<TSchema extends v.GenericSchema>(
  schema: TSchema,
  payload: unknown,
): PayloadValidation<v.InferOutput<TSchema>> {
  if (!isJsonObject(payload)) {
    return { ok: false, code: "FormationViolation", message: "payload must be a JSON object", path: "" };
  }
  // The usual case, a valid payload, is decided by the compiled predicate; valibot names what is wrong otherwise.
  // The value is then the payload itself rather than valibot's copy (same properties, in the sender's order).
  if (acceptanceOf(schema)?.(payload)) return { ok: true, value: payload as v.InferOutput<TSchema> };
  const result = v.safeParse(schema, payload, { abortEarly: true });
  if (result.success) return { ok: true, value: result.output };
  const issue = result.issues[0];
  const path = issue.path?.map((item) => String(item.key)).join(".") ?? "";
  const { code, expectation } = classify(issue);
  return { ok: false, code, message: path === "" ? expectation : `${path}: ${expectation}`, path };
}
