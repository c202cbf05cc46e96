// The OpenAPI 3.1 document of Joule's HTTP API, served at /api/v1/openapi.json. Written by hand next to the routes;
// tests/api-misc.test.ts fails when a route file under routes/api/v1 is not described here, and checks real
// responses against these schemas.
import { centralSystemInitiated } from "../schemas/index.ts";
import { registrationStatuses } from "../db/schema.ts";
import { version } from "./version.ts";

type Schema = Record<string, unknown>;

const ref = (name: string): Schema => ({ $ref: `#/components/schemas/${name}` });
const typed = (type: string, description?: string, extra: Schema = {}): Schema => ({
  type,
  ...(description ? { description } : {}),
  ...extra,
});
const orNull = (schema: Schema): Schema => ({ ...schema, type: [schema.type, "null"] });
const string = (description?: string, extra?: Schema) => typed("string", description, extra);
const nullableString = (description?: string, extra?: Schema) => orNull(string(description, extra));
const integer = (description?: string, extra?: Schema) => typed("integer", description, extra);
const nullableInteger = (description?: string) => orNull(integer(description));
const dateTime = (description?: string): Schema => string(description, { format: "date-time" });
const nullableDateTime = (description?: string): Schema => nullableString(description, { format: "date-time" });
/** An object whose listed properties are all present (the API always sends every field, null when unset). */
const record = (properties: Record<string, Schema>, description?: string): Schema => ({
  type: "object",
  ...(description ? { description } : {}),
  properties,
  required: Object.keys(properties),
});
/** Request bodies: unknown properties are refused with 400. */
const input = (properties: Record<string, Schema>, required: string[] = [], extra: Schema = {}): Schema => ({
  type: "object",
  properties,
  ...(required.length > 0 ? { required } : {}),
  additionalProperties: false,
  ...extra,
});
const pageOf = (item: string): Schema =>
  record({
    items: { type: "array", items: ref(item) },
    total: integer("Number of matching records, all pages together"),
  });

const jsonContent = (schema: Schema) => ({ "application/json": { schema } });
const ok = (description: string, schema: Schema) => ({ description, content: jsonContent(schema) });
const body = (schema: Schema, required = true) => ({ required, content: jsonContent(schema) });
const error = (name: string) => ({ $ref: `#/components/responses/${name}` });
const errorNames = { 400: "BadRequest", 404: "NotFound", 409: "Conflict", 504: "Timeout" } as const;
/** The common error answers of an operation; every operation under /api/v1 can answer 401. */
const errors = (...statuses: (keyof typeof errorNames)[]) => ({
  ...Object.fromEntries(statuses.map((status) => [status, error(errorNames[status])])),
  401: error("Unauthorized"),
});
const param = (name: string) => ({ $ref: `#/components/parameters/${name}` });
const paging = [param("limit"), param("offset")];
const pathParam = (name: string, description: string, schema: Schema = string()) => ({
  name,
  in: "path",
  required: true,
  description,
  schema,
});
const queryParam = (name: string, description: string, schema: Schema) => ({
  name,
  in: "query",
  required: false,
  description,
  schema,
});

const stationActions = [...centralSystemInitiated].sort();
const configurationStatuses = ["Accepted", "Rejected", "RebootRequired", "NotSupported"];

const securityProfile = (description: string) => integer(description, { minimum: 0, maximum: 3 });
/** What a station already has configured; provisioning it sends nothing to the station. */
const credentialFields = {
  securityProfile: securityProfile(
    "0: no credentials; 1: HTTP Basic; 2: TLS and HTTP Basic; 3: TLS and a client certificate. 1 or 2 need a password.",
  ),
  password: string(
    "The Basic-auth password as text: 16 to 20 bytes of UTF-8 (so 4 to 20 characters). Stored only as a slow hash, " +
      "never returned. Give password or authorizationKey, not both (400, field authorizationKey).",
    { minLength: 4, maxLength: 20 },
  ),
  authorizationKey: string("The password as the hex of its bytes (the whitepaper's AuthorizationKey): 32 to 40 hex digits", {
    pattern: "^(?:[0-9a-fA-F]{2}){16,20}$",
  }),
  cpoName: nullableString("CPO name (subject O of a profile 3 certificate); null removes it", { minLength: 1, maxLength: 64 }),
  certificateIdentity: nullableString(
    "Subject CN of a profile 3 certificate; null returns to the default, the station id",
    { minLength: 1, maxLength: 64 },
  ),
};
/** password and authorizationKey are two forms of one thing. */
const onePasswordForm: Schema = { not: { required: ["password", "authorizationKey"] } };
/** A new station on profile 1 or 2 comes with its password (else 400, field password). */
const profileNeedsPassword: Schema = {
  if: { properties: { securityProfile: { enum: [1, 2] } }, required: ["securityProfile"] },
  then: { anyOf: [{ required: ["password"] }, { required: ["authorizationKey"] }] },
};
const callOutcomes = ["pending", "result", "error", "timeout", "not_connected", "failed"];

const schemas: Record<string, Schema> = {
  Error: {
    type: "object",
    description: "Every error answer.",
    properties: {
      message: string("What went wrong, for people"),
      field: string("The input field at fault (body property, query or path parameter), when one is"),
    },
    required: ["message"],
  },
  CallTimeout: {
    type: "object",
    description: "The station did not answer in time.",
    properties: {
      message: string("What went wrong, for people"),
      requestId: integer(
        "GetLog and SignedUpdateFirmware only: the requestId sent (the id of the job Joule created). The job stays, " +
          "since the station may have got the request and may still report on it",
      ),
    },
    required: ["message"],
  },
  Health: record({
    status: string("ok when ready and the database answers", { enum: ["ok", "unavailable"] }),
    version: string("Joule's version"),
    database: string(undefined, { enum: ["ok", "unavailable"] }),
  }),

  Connector: record({
    connectorId: integer("0 is the station as a whole"),
    status: string("ChargePointStatus of the last StatusNotification"),
    errorCode: string("ChargePointErrorCode of the last StatusNotification"),
    info: nullableString(),
    vendorId: nullableString(),
    vendorErrorCode: nullableString(),
    timestamp: nullableString("As the station sent it"),
    updatedAt: dateTime("When Joule received the status"),
  }),
  BootInfo: record(
    {
      chargePointVendor: string(),
      chargePointModel: string(),
      chargePointSerialNumber: nullableString(),
      chargeBoxSerialNumber: nullableString(),
      firmwareVersion: nullableString(),
      iccid: nullableString(),
      imsi: nullableString(),
      meterType: nullableString(),
      meterSerialNumber: nullableString(),
      bootedAt: dateTime("When the BootNotification was received"),
    },
    "What the station said in its last BootNotification",
  ),
  Station: record({
    id: string("The charge point id (the last path segment of its WebSocket URL)"),
    description: string(),
    registrationStatus: string("Answered to BootNotification", { enum: [...registrationStatuses] }),
    connected: { type: "boolean", description: "Whether the station has a WebSocket connection now" },
    lastHeartbeatAt: nullableDateTime(),
    boot: { oneOf: [ref("BootInfo"), { type: "null" }], description: "null until the first BootNotification" },
    securityProfile: securityProfile("The OCPP security profile the handshake enforces for this station"),
    passwordSet: {
      type: "boolean",
      description: "Whether a Basic-auth password (AuthorizationKey) is set; the password and its hash are never returned",
    },
    cpoName: nullableString("CPO name: a profile 3 client certificate must have exactly this subject O"),
    certificateIdentity: string(
      "A profile 3 client certificate must have exactly this subject CN; the station id unless set otherwise",
    ),
    securityEvents: record(
      {
        total: integer("Security events the station reported (SecurityEventNotification)", { minimum: 0 }),
        critical: integer("Of which critical (see GET /api/v1/security-events)", { minimum: 0 }),
      },
      "Counts of the security events the station reported",
    ),
    firmwareStatus: nullableString("Last FirmwareStatusNotification status"),
    diagnosticsStatus: nullableString("Last DiagnosticsStatusNotification status"),
    connectors: { type: "array", items: ref("Connector") },
    createdAt: dateTime(),
    updatedAt: dateTime(),
  }),
  StationList: pageOf("Station"),
  NewStation: input(
    {
      id: string("Charge point id: 1 to 48 characters, no control characters", { minLength: 1, maxLength: 48 }),
      description: string(undefined, { maxLength: 500, default: "" }),
      registrationStatus: string(undefined, { enum: [...registrationStatuses], default: "Accepted" }),
      ...credentialFields,
      securityProfile: { ...credentialFields.securityProfile, default: 0 },
    },
    ["id"],
    { allOf: [onePasswordForm, profileNeedsPassword] },
  ),
  StationChanges: input(
    {
      description: string(undefined, { maxLength: 500 }),
      registrationStatus: string("Takes effect on the live connection at once", { enum: [...registrationStatuses] }),
      ...credentialFields,
      securityProfile: {
        ...credentialFields.securityProfile,
        description:
          "The profile the station is configured for already (nothing is sent). Never lower than the current one: " +
          "lowering answers 409 (field securityProfile) and is done with POST /api/v1/stations/{id}/security-profile " +
          "and force. 1 or 2 need a password, set now or before (else 400, field password).",
      },
    },
    [],
    onePasswordForm,
  ),
  KeyRotation: input(
    {
      password: credentialFields.password,
      authorizationKey: credentialFields.authorizationKey,
    },
    [],
    onePasswordForm,
  ),
  ProfileChange: input(
    {
      profile: securityProfile("The profile to move to"),
      force: {
        type: "boolean",
        default: false,
        description:
          "Needed to lower the profile (an operator action: nothing is sent, the lower profile is stored and audited), " +
          "and to raise to 3 without a valid certificate that Joule issued to the station",
      },
    },
    ["profile"],
  ),
  SecurityChange: record({
    stationStatus: {
      type: ["string", "null"],
      enum: [...configurationStatuses, null],
      description:
        "The status of the station's ChangeConfiguration answer; null when it answered with a CALLERROR, or when " +
        "nothing was sent (lowering a profile)",
    },
    stored: {
      type: "boolean",
      description: "Whether Joule stored the change: when the station answered Accepted, and always for a forced lowering",
    },
  }),

  TrustAnchor: record({
    fingerprint: string("Lowercase hex SHA-256 of the DER; names the anchor in DELETE", { pattern: "^[0-9a-f]{64}$" }),
    subject: string("Subject distinguished name"),
    notBefore: dateTime(),
    notAfter: dateTime(),
    addedAt: dateTime(),
  }),
  TrustAnchorList: record({
    items: { type: "array", items: ref("TrustAnchor") },
    total: integer("Number of trust anchors (the list is not paged)"),
  }),
  NewTrustAnchor: input(
    { pem: string("One PEM CA certificate (basicConstraints CA:true), not expired", { maxLength: 20_000 }) },
    ["pem"],
  ),
  AddedTrustAnchor: record({
    fingerprint: string("Lowercase hex SHA-256 of the DER", { pattern: "^[0-9a-f]{64}$" }),
    subject: string(),
    notBefore: dateTime(),
    notAfter: dateTime(),
  }),

  ServerCertificateInput: input(
    {
      certificate: string("PEM chain, leaf first", { maxLength: 50_000 }),
      key: string(
        "PEM private key of the leaf (EC P-256 or RSA); its type decides whether the ECDSA or the RSA certificate is " +
          "replaced. Never returned or logged.",
        { maxLength: 50_000 },
      ),
    },
    ["certificate", "key"],
  ),
  ServerCertificate: record({
    kind: string("Which server certificate was replaced", { enum: ["ecdsa", "rsa"] }),
    subject: string("Subject distinguished name of the leaf"),
    notAfter: dateTime(),
  }),

  AuditEntry: record({
    at: dateTime(),
    kind: string(
      "What happened, e.g. handshake_refused, forwarding_ignored, credentials_provisioned, password_rotated, " +
        "password_rotation_failed, profile_raise, profile_lowered, trust_anchor_added, trust_anchor_removed, " +
        "certificate_revoked, server_certificate_replaced, station_registered",
    ),
    stationId: nullableString("The station concerned, if any"),
    address: nullableString("Remote address, for handshake events"),
    reason: string("Details, for people (never a secret)"),
    actor: nullableString("Name of the API token of an operator action; null for events of the station or the server"),
  }),
  AuditList: pageOf("AuditEntry"),

  IssuedCertificate: record({
    serialNumber: string("Lowercase hex serial number", { pattern: "^[0-9a-f]+$" }),
    stationId: string(),
    fingerprint: string("Lowercase hex SHA-256 of the DER", { pattern: "^[0-9a-f]{64}$" }),
    subject: string(),
    issuer: string(),
    keyType: string(undefined, { enum: ["EC", "RSA"] }),
    keySize: integer("Bits: the curve size for EC, the modulus for RSA"),
    notBefore: dateTime(),
    notAfter: dateTime(),
    pem: string("The certificate (PEM)"),
    answer: nullableString("The station's answer to CertificateSigned, null while there is none", {
      enum: ["Accepted", "Rejected", null],
    }),
    issuedAt: dateTime(),
    revokedAt: nullableDateTime(),
  }),
  IssuedCertificateList: record({
    items: { type: "array", items: ref("IssuedCertificate") },
    total: integer("Number of certificates listed (the list is not paged)"),
  }),
  Revocation: input({ reason: string("Recorded with the revocation", { maxLength: 500, default: "" }) }),
  RevokedCertificate: record({
    serialNumber: string(),
    stationId: string(),
    revokedAt: dateTime("When it was revoked (the first time, when revoked again)"),
  }),

  CsrRequest: record({
    id: integer("Names the request in approve and reject"),
    stationId: string(),
    csr: string("The PEM PKCS#10 CSR as the station sent it"),
    status: string(
      "rejected: refused at once (see reason) or by an operator; pending: waits for approval (JOULE_CSR_POLICY=manual); " +
        "approved: to be signed; signed: certificate issued (certificateSerial) and sent with CertificateSigned; " +
        "failed: no longer valid when it was to be signed (see reason)",
      { enum: ["rejected", "pending", "approved", "signed", "failed"] },
    ),
    reason: nullableString("Why it was rejected or failed"),
    receivedAt: dateTime(),
    decidedAt: nullableDateTime("When an operator approved or rejected it"),
    decidedBy: nullableString("Name of the API token of the operator who decided"),
    certificateSerial: nullableString("Serial number of the certificate issued for it"),
  }),
  CsrRequestList: record({
    items: { type: "array", items: ref("CsrRequest") },
    total: integer("Number of requests listed (the list is not paged)"),
  }),
  CsrDecision: input({ reason: string("Recorded with a rejection", { maxLength: 500, default: "" }) }),

  SecurityEvent: record({
    id: integer(),
    stationId: string(),
    type: string("The event type the station reported (free text, e.g. FirmwareUpdated)"),
    timestamp: string("When it happened, as the station said, converted to UTC when readable"),
    techInfo: nullableString(),
    critical: {
      type: "boolean",
      description:
        "One of the seven critical types of the Security Whitepaper: FirmwareUpdated, SettingSystemTime, " +
        "StartupOfTheDevice, ResetOrReboot, SecurityLogWasCleared, MemoryExhaustion, TamperDetectionActivated",
    },
    receivedAt: dateTime("When Joule received it"),
  }),
  SecurityEventList: pageOf("SecurityEvent"),

  JobStatus: record({
    status: string("LogStatusNotification / SignedFirmwareStatusNotification status"),
    at: dateTime("When Joule received it"),
  }),
  Job: record({
    id: integer("The job id, which is the requestId sent to the station"),
    requestId: integer("Same as id"),
    stationId: string(),
    request: { type: "object", description: "The request payload sent (with requestId = id)" },
    answer: nullableString("The station's answer status, null while there is none"),
    createdAt: dateTime(),
    createdBy: string("Name of the API token, or the part of Joule, that sent it"),
    timeline: { type: "array", items: ref("JobStatus"), description: "The station's statuses for this job, in order" },
  }),
  UnmatchedJobStatus: record({
    stationId: string(),
    requestId: nullableInteger("The requestId the station sent (null when it sent none)"),
    status: string(),
    at: dateTime("When Joule received it"),
  }),
  JobList: record({
    items: { type: "array", items: ref("Job"), description: "Newest first" },
    total: integer("Number of jobs listed (the list is not paged)"),
    unmatchedStatuses: {
      type: "array",
      items: ref("UnmatchedJobStatus"),
      description: "Statuses naming no job of this kind of that station, kept in the order received",
    },
  }),

  InstalledCertificate: record({
    certificateType: string("CertificateUse asked for", { enum: ["CentralSystemRootCertificate", "ManufacturerRootCertificate"] }),
    hashAlgorithm: string(undefined, { enum: ["SHA256", "SHA384", "SHA512"] }),
    issuerNameHash: string("As the station reported it"),
    issuerKeyHash: string("As the station reported it"),
    serialNumber: string("As the station reported it"),
    reportedAt: dateTime("When the station's GetInstalledCertificateIds answer was received"),
  }),
  InstalledCertificateList: record({
    items: { type: "array", items: ref("InstalledCertificate") },
    total: integer("Number of entries (the list is not paged)"),
  }),
  CertificateHashInput: input(
    {
      pem: string("One PEM certificate", { maxLength: 20_000 }),
      hashAlgorithm: string(undefined, { enum: ["SHA256", "SHA384", "SHA512"], default: "SHA256" }),
      issuerPem: string("The issuer's PEM certificate; needed unless the certificate is self-signed", { maxLength: 20_000 }),
    },
    ["pem"],
  ),
  CertificateHashData: record(
    {
      hashAlgorithm: string(undefined, { enum: ["SHA256", "SHA384", "SHA512"] }),
      issuerNameHash: string("Lowercase hex hash of the issuer's DER-encoded name", { pattern: "^[0-9a-f]+$" }),
      issuerKeyHash: string("Lowercase hex hash of the issuer's public key (the BIT STRING of its SubjectPublicKeyInfo)", {
        pattern: "^[0-9a-f]+$",
      }),
      serialNumber: string("Lowercase hex serial number without leading zeros", { pattern: "^[0-9a-f]+$" }),
    },
    "The Security Whitepaper's CertificateHashDataType (as OCSP's CertID computes it)",
  ),

  UnknownStation: record({
    id: string("The charge point id it connected with"),
    lastAddress: nullableString("Remote address of the last attempt"),
    attempts: integer("Refused connection attempts"),
    firstSeenAt: dateTime(),
    lastSeenAt: dateTime(),
  }),
  UnknownStationList: pageOf("UnknownStation"),
  StationRegistration: input({
    description: string(undefined, { maxLength: 500, default: "" }),
    registrationStatus: string(undefined, { enum: [...registrationStatuses], default: "Accepted" }),
  }),

  IdTag: record({
    idTag: string("OCPP IdToken (CiString20), unique case-insensitively"),
    parentIdTag: nullableString("The group tag; must exist"),
    expiryDate: nullableDateTime("UTC"),
    maxActiveTransactions: integer("Active transactions allowed before StartTransaction answers ConcurrentTx", {
      minimum: 1,
    }),
    blocked: { type: "boolean" },
    description: string(),
    createdAt: dateTime(),
  }),
  IdTagList: pageOf("IdTag"),
  NewIdTag: input(
    {
      idTag: string("1 to 20 characters, no control characters", { minLength: 1, maxLength: 20 }),
      parentIdTag: { ...nullableString("An existing tag", { minLength: 1, maxLength: 20 }), default: null },
      expiryDate: { ...nullableDateTime("With a time zone; stored as UTC"), default: null },
      maxActiveTransactions: integer(undefined, { minimum: 1, default: 1 }),
      blocked: { type: "boolean", default: false },
      description: string(undefined, { maxLength: 500, default: "" }),
    },
    ["idTag"],
  ),
  IdTagChanges: input({
    parentIdTag: nullableString("An existing tag; null removes the parent", { minLength: 1, maxLength: 20 }),
    expiryDate: nullableDateTime("With a time zone; null removes the expiry"),
    maxActiveTransactions: integer(undefined, { minimum: 1 }),
    blocked: { type: "boolean" },
    description: string(undefined, { maxLength: 500 }),
  }),

  Transaction: record({
    id: integer("The transactionId given to the station"),
    stationId: string(),
    connectorId: integer(),
    idTag: string(),
    meterStart: integer("Wh"),
    startTimestamp: string("As the station sent it"),
    reservationId: nullableInteger(),
    startStatus: string("The idTagInfo status answered to StartTransaction (a refused tag still records one)", {
      enum: ["Accepted", "Blocked", "Expired", "Invalid", "ConcurrentTx"],
    }),
    meterStop: nullableInteger("Wh"),
    stopTimestamp: nullableString("As the station sent it"),
    stopReason: nullableString(),
    stopIdTag: nullableString(),
    energyWh: nullableInteger("meterStop - meterStart once stopped"),
    active: { type: "boolean", description: "Not stopped yet" },
  }),
  MeterValue: record(
    {
      timestamp: string("As the station sent it"),
      value: string(),
      context: nullableString(),
      format: nullableString(),
      measurand: nullableString(),
      phase: nullableString(),
      location: nullableString(),
      unit: nullableString(),
      connectorId: integer(),
    },
    "One sampled value, as the station sent it; null where the station left the field out (the OCPP default applies)",
  ),
  TransactionDetail: {
    allOf: [ref("Transaction"), record({ meterValues: { type: "array", items: ref("MeterValue") } })],
  },
  TransactionList: pageOf("Transaction"),

  StationCallOutcome: {
    oneOf: [
      {
        type: "object",
        properties: {
          result: { description: "The station's CALLRESULT payload" },
          requestId: integer(
            "GetLog and SignedUpdateFirmware only: the requestId sent, which is the id of the job Joule created " +
              "(see /api/v1/log-jobs and /api/v1/firmware-jobs)",
          ),
        },
        required: ["result"],
      },
      ref("CallError"),
    ],
  },
  CallError: {
    type: "object",
    description: "The station answered with a CALLERROR (HTTP 200: the call itself went through)",
    properties: {
      error: record({
        code: string("OCPP-J error code"),
        description: string(),
        details: { description: "errorDetails of the CALLERROR" },
      }),
      requestId: integer(
        "GetLog and SignedUpdateFirmware only: the requestId sent (the id of the job Joule created, whose answer is " +
          "then CALLERROR and the error code)",
      ),
    },
    required: ["error"],
  },
  LogRequest: input(
    {
      logType: string(undefined, { enum: ["DiagnosticsLog", "SecurityLog"] }),
      oldestTimestamp: dateTime("Sent as log.oldestTimestamp; RFC 3339 with a time zone"),
      latestTimestamp: dateTime("Sent as log.latestTimestamp; RFC 3339 with a time zone"),
      retries: integer("Sent as is", { minimum: 0 }),
      retryInterval: integer("Seconds; sent as is", { minimum: 0 }),
      remoteLocation: string(
        "Where the station uploads to (an absolute URI). Left out: Joule makes a one-time upload URL of its own " +
          "(uploadUrl in the answer) and keeps the file",
        { format: "uri", maxLength: 512 },
      ),
    },
    ["logType"],
  ),
  LogRequestOutcome: {
    oneOf: [
      {
        type: "object",
        properties: {
          requestId: integer(
            "The requestId sent, which is the id of the log job Joule created (see /api/v1/log-jobs and the jobId of " +
              "/api/v1/uploads)",
          ),
          result: { type: "object", description: "The station's GetLog.conf payload: {status, filename?}" },
          uploadId: integer("Only when Joule made the upload URL: the upload's id in /api/v1/uploads"),
          uploadUrl: string("Only when Joule made the upload URL: the one-time URL sent to the station as remoteLocation", {
            format: "uri",
          }),
        },
        required: ["requestId", "result"],
      },
      ref("CallError"),
    ],
  },
  DiagnosticsRequest: input({
    startTime: dateTime("Sent as is; RFC 3339 with a time zone"),
    stopTime: dateTime("Sent as is; RFC 3339 with a time zone"),
    retries: integer("Sent as is", { minimum: 0 }),
    retryInterval: integer("Seconds; sent as is", { minimum: 0 }),
    location: string(
      "Where the station uploads to (an absolute URI). Left out: Joule makes a one-time upload URL of its own " +
        "(uploadUrl in the answer) and keeps the file",
      { format: "uri", maxLength: 2000 },
    ),
  }),
  DiagnosticsRequestOutcome: {
    oneOf: [
      {
        type: "object",
        properties: {
          result: { type: "object", description: "The station's GetDiagnostics.conf payload: {fileName?}" },
          uploadId: integer("Only when Joule made the upload URL: the upload's id in /api/v1/uploads"),
          uploadUrl: string("Only when Joule made the upload URL: the one-time URL sent to the station as location", {
            format: "uri",
          }),
        },
        required: ["result"],
      },
      ref("CallError"),
    ],
  },
  Upload: record(
    {
      id: integer("Names the upload in GET /api/v1/uploads/{id}/file"),
      stationId: string(),
      kind: string("log: for a GetLog; diagnostics: for a GetDiagnostics", { enum: ["log", "diagnostics"] }),
      jobId: nullableInteger(
        "The log job (the GetLog requestId, see /api/v1/log-jobs); null for diagnostics, and when the station did not " +
          "answer the GetLog in time",
      ),
      fileName: nullableString(
        "Before the file arrives: the name the station announced in its answer (filename / fileName), if any. Once " +
          "it arrived: the stored name, sanitized to letters, digits, '.', '_' and '-', from the upload (multipart " +
          "file name or Content-Disposition), else the announced name, else {kind}-{id}",
      ),
      size: nullableInteger("Bytes; null until the file has arrived"),
      createdAt: dateTime("When the upload URL was made"),
      uploadedAt: nullableDateTime("When the file arrived; null until then (an upload URL takes one file)"),
    },
    "A one-time upload URL Joule handed to a station, and what arrived on it (never the URL's token)",
  ),
  UploadList: pageOf("Upload"),
  FirmwareFile: record(
    {
      id: integer("Names the file in POST /api/v1/stations/{id}/firmware-updates (firmwareId)"),
      fileName: string(
        "The name of the uploaded file part, sanitized to letters, digits, '.', '_' and '-' (firmware.bin when it " +
          "had none); ends the download URL",
      ),
      size: integer("Bytes", { minimum: 0 }),
      sha256: string("Lowercase hex SHA-256 of the file", { pattern: "^[0-9a-f]{64}$" }),
      signature: string("Base64 signature of the file (SHA-256), sent with SignedUpdateFirmware", { maxLength: 800 }),
      signingCertificate: string("PEM certificate whose key made the signature, sent with SignedUpdateFirmware", {
        maxLength: 5500,
      }),
      signedBy: string(
        "uploaded: the signature came with the file (and verified); joule: Joule signed it with its firmware-signing " +
          "key, issued by its ECDSA CA",
        { enum: ["uploaded", "joule"] },
      ),
      uploadedAt: dateTime(),
    },
    "A firmware file uploaded to Joule (never where it is on disk)",
  ),
  FirmwareUpload: {
    type: "object",
    properties: {
      file: {
        type: "string",
        contentMediaType: "application/octet-stream",
        description: "The firmware image; only the first part named file counts. At most JOULE_MAX_FIRMWARE_BYTES.",
      },
      signature: string(
        "Base64 signature of the file (SHA-256 with the key of signingCertificate); whitespace is removed; at most " +
          "800 characters. Must verify over the file.",
      ),
      signingCertificate: string(
        "PEM certificate of the signing key, at most 5500 characters (line ends become LF). Without signature and " +
          "signingCertificate Joule signs the file with its own firmware-signing key.",
      ),
    },
    required: ["file"],
    dependentRequired: { signature: ["signingCertificate"], signingCertificate: ["signature"] },
    description: "Both signature and signingCertificate, or neither (an empty field counts as left out); other parts are ignored.",
  },
  FirmwareDownloads: record(
    {
      jobId: nullableInteger(
        "The firmware job (the SignedUpdateFirmware requestId, see /api/v1/firmware-jobs); null when the station did " +
          "not answer in time",
      ),
      stationId: string(),
      createdAt: dateTime("When the download URL was made"),
      downloads: integer("Times the station fetched the file with this job's URL", { minimum: 0 }),
    },
    "One SignedUpdateFirmware's download URL of the file (never its token)",
  ),
  FirmwareFileWithDownloads: {
    allOf: [
      ref("FirmwareFile"),
      record({ downloads: { type: "array", items: ref("FirmwareDownloads"), description: "Per job, oldest first" } }),
    ],
  },
  FirmwareList: record({
    items: { type: "array", items: ref("FirmwareFileWithDownloads"), description: "Newest first" },
    total: integer("Number of files listed (the list is not paged)"),
  }),
  FirmwareUpdate: input(
    {
      firmwareId: integer("The id of an uploaded firmware file (GET /api/v1/firmware)"),
      retrieveDateTime: dateTime("Sent as firmware.retrieveDateTime; RFC 3339 with a time zone"),
      installDateTime: dateTime("Sent as firmware.installDateTime; RFC 3339 with a time zone"),
      retries: integer("Sent as is", { minimum: 0 }),
      retryInterval: integer("Seconds; sent as is", { minimum: 0 }),
    },
    ["firmwareId", "retrieveDateTime"],
  ),
  FirmwareUpdateOutcome: {
    oneOf: [
      {
        type: "object",
        properties: {
          requestId: integer(
            "The requestId sent, which is the id of the firmware job Joule created (see /api/v1/firmware-jobs and " +
              "the downloads of /api/v1/firmware)",
          ),
          result: { type: "object", description: "The station's SignedUpdateFirmware.conf payload: {status}" },
        },
        required: ["requestId", "result"],
      },
      ref("CallError"),
    ],
  },

  StationCall: record({
    id: integer(),
    stationId: string(),
    action: string(undefined, { enum: stationActions }),
    payload: {
      description: "The request payload sent; the value of a ChangeConfiguration AuthorizationKey is replaced by \"(secret, not stored)\"",
    },
    requestedBy: string("Name of the API token used"),
    requestedAt: dateTime(),
    completedAt: nullableDateTime(),
    outcome: string(undefined, { enum: callOutcomes }),
    result: { description: "CALLRESULT payload, or errorDetails of a CALLERROR; null otherwise" },
    errorCode: nullableString(),
    errorDescription: nullableString(),
  }),
  StationCallList: pageOf("StationCall"),
};

const errorResponse = (description: string) => ({ description, content: jsonContent(ref("Error")) });

const stationId = pathParam("id", "Station (charge point) id");
const idTagParam = pathParam("idTag", "The id tag, matched case-insensitively");
const transactionFilters = [
  queryParam("stationId", "Only this station's transactions", string(undefined, { minLength: 1 })),
  queryParam("idTag", "Only those started with this tag (case-insensitive)", string(undefined, { minLength: 1 })),
  queryParam("active", "true: not stopped yet; false: stopped", string(undefined, { enum: ["true", "false"] })),
  queryParam("from", "Started at or after this instant (date-time with time zone)", dateTime()),
  queryParam("to", "Started at or before this instant (date-time with time zone)", dateTime()),
];

const paths = {
  "/health": {
    get: {
      summary: "Readiness: the server runs and its database answers",
      tags: ["health"],
      security: [],
      responses: {
        200: ok("Ready", ref("Health")),
        503: ok("Starting, stopping, or the database does not answer", ref("Health")),
      },
    },
  },
  "/api/v1/openapi.json": {
    get: {
      summary: "This document",
      tags: ["meta"],
      security: [],
      responses: { 200: ok("The OpenAPI document", { type: "object" }) },
    },
  },

  "/api/v1/stations": {
    get: {
      summary: "List stations, ordered by id",
      tags: ["stations"],
      parameters: paging,
      responses: { 200: ok("A page of stations", ref("StationList")), ...errors(400) },
    },
    post: {
      summary: "Register a station, with the credentials it already has",
      description:
        "securityProfile, password or authorizationKey, cpoName and certificateIdentity provision what the station is " +
        "configured with already; nothing is sent to it. Recorded in the audit log (credentials_provisioned).",
      tags: ["stations"],
      requestBody: body(ref("NewStation")),
      responses: {
        201: ok("The new station", ref("Station")),
        400: errorResponse(
          "Invalid input (field names the property); profile 1 or 2 without a password (field password); both " +
            "password and authorizationKey (field authorizationKey)",
        ),
        409: errorResponse("A station with this id exists already (field id)"),
        401: error("Unauthorized"),
      },
    },
  },
  "/api/v1/stations/{id}": {
    parameters: [stationId],
    get: {
      summary: "One station",
      tags: ["stations"],
      responses: { 200: ok("The station", ref("Station")), ...errors(404) },
    },
    patch: {
      summary: "Change a station's description, registration status or provisioned credentials",
      description:
        "Security fields record what the station is configured with already; nothing is sent to it (to change the " +
        "station itself use POST .../authorization-key and .../security-profile). A new password replaces the old " +
        "one and any rotated key not used yet.",
      tags: ["stations"],
      requestBody: body(ref("StationChanges")),
      responses: {
        200: ok("The changed station", ref("Station")),
        400: errorResponse(
          "Invalid input (field names the property); profile 1 or 2 for a station without a password (field " +
            "password); both password and authorizationKey (field authorizationKey)",
        ),
        409: errorResponse("securityProfile lower than the station's current profile (field securityProfile)"),
        ...errors(404),
      },
    },
    delete: {
      summary: "Delete a station and close its connection",
      tags: ["stations"],
      responses: { 204: { description: "Deleted" }, ...errors(404) },
    },
  },
  "/api/v1/stations/{id}/calls": {
    parameters: [stationId],
    get: {
      summary: "Calls made to this station and their outcomes, newest first",
      tags: ["station calls"],
      parameters: paging,
      responses: { 200: ok("A page of calls", ref("StationCallList")), ...errors(400, 404) },
    },
  },
  "/api/v1/stations/{id}/authorization-key": {
    parameters: [stationId],
    post: {
      summary: "Rotate the station's Basic-auth password over OCPP",
      description:
        "Sends ChangeConfiguration AuthorizationKey with the hex of the password bytes (of the UTF-8 of password, " +
        "or authorizationKey as given, or a random 20-byte key when the body is empty) to the connected station. " +
        "The new key's hash is stored only when the station answers Accepted; until the station has logged in once " +
        "with the new key, the old one keeps working. The key never appears in the call log, the audit log or the " +
        "answer.",
      tags: ["station security"],
      requestBody: body(ref("KeyRotation"), false),
      responses: {
        200: ok("The station answered (whatever it answered)", ref("SecurityChange")),
        400: error("BadRequest"),
        404: errorResponse("No such station"),
        409: errorResponse("The station is not connected"),
        504: errorResponse("The station did not answer in time; nothing was stored"),
        401: error("Unauthorized"),
      },
    },
  },
  "/api/v1/stations/{id}/security-profile": {
    parameters: [stationId],
    post: {
      summary: "Raise the station's security profile over OCPP, or lower it by operator action",
      description:
        "Raising sends ChangeConfiguration SecurityProfile to the connected station and stores the new profile only " +
        "when it answers Accepted; from then on the lower profile is refused at the handshake. Preconditions: a " +
        "password for 1 and 2; the wss listener for 2 and 3; for 3 a CPO name and a valid, unrevoked certificate " +
        "that Joule issued to the station (unless force). Lowering needs force: nothing is sent, the profile is " +
        "stored at once and recorded in the audit log (profile_lowered).",
      tags: ["station security"],
      requestBody: body(ref("ProfileChange")),
      responses: {
        200: ok("The station answered (whatever it answered), or the profile was lowered", ref("SecurityChange")),
        400: error("BadRequest"),
        404: errorResponse("No such station"),
        409: errorResponse(
          "The station is not connected; a precondition is not met (field profile, the message says which); the " +
            "station has this profile already (field profile); lowering without force (field force)",
        ),
        504: errorResponse("The station did not answer in time; nothing was stored"),
        401: error("Unauthorized"),
      },
    },
  },
  "/api/v1/stations/{id}/calls/{action}": {
    parameters: [
      stationId,
      pathParam("action", "A central-system-initiated OCPP 1.6 action", string(undefined, { enum: stationActions })),
    ],
    post: {
      summary: "Send an OCPP call to a connected station and wait for its answer",
      description:
        "The call and its outcome are recorded (see GET /api/v1/stations/{id}/calls). GetLog and " +
        "SignedUpdateFirmware create a job whose id replaces the payload's requestId; the answer carries it as " +
        "requestId. InstallCertificate is sent only when certificate is a CA certificate. Whichever route sends them, " +
        "the answers to GetInstalledCertificateIds and DeleteCertificate update the station's installed-certificate " +
        "inventory.",
      tags: ["station calls"],
      requestBody: body({ type: "object", description: "The OCPP 1.6 request payload of the action" }),
      responses: {
        200: ok("The station answered: a CALLRESULT ({result}) or a CALLERROR ({error})", ref("StationCallOutcome")),
        400: errorResponse(
          "Unknown action, or a payload that fails the action's schema (field names the property); an " +
            "InstallCertificate certificate that is not a readable CA certificate (field certificate; nothing is sent)",
        ),
        404: errorResponse("No such station"),
        409: errorResponse("The station is not connected"),
        504: { description: "The station did not answer in time", content: jsonContent(ref("CallTimeout")) },
        401: error("Unauthorized"),
      },
    },
  },

  "/api/v1/stations/{id}/installed-certificates": {
    parameters: [stationId],
    get: {
      summary: "The station's installed certificates, from its last GetInstalledCertificateIds answers",
      description:
        "Each GetInstalledCertificateIds answer (Accepted or NotFound) replaces the entries of its certificateType; " +
        "a DeleteCertificate answered Accepted removes its entry.",
      tags: ["certificates"],
      responses: { 200: ok("The inventory (not paged)", ref("InstalledCertificateList")), ...errors(404) },
    },
  },
  "/api/v1/stations/{id}/log-requests": {
    parameters: [stationId],
    post: {
      summary: "Ask the station for a log with GetLog; by default it uploads to a one-time URL of Joule's",
      description:
        "Without remoteLocation Joule makes a one-time upload URL (JOULE_PUBLIC_URL, else the origin this request " +
        "was sent to, then /uploads/{token}), sends it as log.remoteLocation, and keeps the file the station uploads " +
        "there (PUT or POST, see the description of this document), listed in GET /api/v1/uploads. Joule creates a " +
        "log job whose id is the requestId sent (see /api/v1/log-jobs). The upload URL is withdrawn again when the " +
        "station certainly never got it (CALLERROR, not connected); after a timeout it stays, unlinked to the job. " +
        "The call and its outcome are recorded as for /calls/{action}.",
      tags: ["uploads"],
      requestBody: body(ref("LogRequest")),
      responses: {
        200: ok("The station answered: a CALLRESULT ({requestId, result, ...}) or a CALLERROR ({error})", ref("LogRequestOutcome")),
        400: errorResponse(
          "Invalid input (field names the property), or a GetLog payload the OCPP schema refuses (field names its path)",
        ),
        404: errorResponse("No such station"),
        409: errorResponse("The station is not connected"),
        504: { description: "The station did not answer in time", content: jsonContent(ref("CallTimeout")) },
        401: error("Unauthorized"),
      },
    },
  },
  "/api/v1/stations/{id}/diagnostics-requests": {
    parameters: [stationId],
    post: {
      summary: "Ask the station for diagnostics with GetDiagnostics; by default it uploads to a one-time URL of Joule's",
      description:
        "Without location Joule makes a one-time upload URL (JOULE_PUBLIC_URL, else the origin this request was sent " +
        "to, then /uploads/{token}), sends it as location, and keeps the file the station uploads there, listed in " +
        "GET /api/v1/uploads (kind diagnostics). GetDiagnostics has no requestId, so there is no job. The upload URL " +
        "is withdrawn again when the station certainly never got it (CALLERROR, not connected); after a timeout it " +
        "stays. The body may be {}. The call and its outcome are recorded as for /calls/{action}.",
      tags: ["uploads"],
      requestBody: body(ref("DiagnosticsRequest")),
      responses: {
        200: ok("The station answered: a CALLRESULT ({result, ...}) or a CALLERROR ({error})", ref("DiagnosticsRequestOutcome")),
        400: errorResponse(
          "Invalid input (field names the property), or a GetDiagnostics payload the OCPP schema refuses (field names " +
            "its path)",
        ),
        404: errorResponse("No such station"),
        409: errorResponse("The station is not connected"),
        504: { description: "The station did not answer in time", content: jsonContent(ref("CallTimeout")) },
        401: error("Unauthorized"),
      },
    },
  },
  "/api/v1/stations/{id}/firmware-updates": {
    parameters: [stationId],
    post: {
      summary: "Send SignedUpdateFirmware for an uploaded firmware file, downloaded from Joule",
      description:
        "firmware.location is a download URL of Joule's with a token for this job only (JOULE_PUBLIC_URL, else the " +
        "origin this request was sent to, then /firmware/{token}/{fileName}); signature and signingCertificate are " +
        "the file's. Joule creates a firmware job whose id is the requestId sent (see /api/v1/firmware-jobs); the " +
        "station's downloads are counted per job in GET /api/v1/firmware. The download URL is withdrawn again when " +
        "the station certainly never got it (CALLERROR, not connected); after a timeout it stays. The call and its " +
        "outcome are recorded as for /calls/{action}.",
      tags: ["firmware"],
      requestBody: body(ref("FirmwareUpdate")),
      responses: {
        200: ok("The station answered: a CALLRESULT ({requestId, result}) or a CALLERROR ({error})", ref("FirmwareUpdateOutcome")),
        400: errorResponse(
          "Invalid input (field names the property); no firmware file with this id (field firmwareId); a " +
            "SignedUpdateFirmware payload the OCPP schema refuses, e.g. a location longer than 512 characters (field " +
            "names its path)",
        ),
        404: errorResponse("No such station"),
        409: errorResponse("The station is not connected"),
        504: { description: "The station did not answer in time", content: jsonContent(ref("CallTimeout")) },
        401: error("Unauthorized"),
      },
    },
  },
  "/api/v1/unknown-stations": {
    get: {
      summary: "Charge point ids refused because they are not registered, latest attempt first",
      tags: ["unknown stations"],
      parameters: paging,
      responses: { 200: ok("A page of unknown stations", ref("UnknownStationList")), ...errors(400) },
    },
  },
  "/api/v1/unknown-stations/{id}/register": {
    parameters: [pathParam("id", "An id from the unknown stations list")],
    post: {
      summary: "Register an unknown station: it is created and leaves the unknown list",
      tags: ["unknown stations"],
      requestBody: body(ref("StationRegistration"), false),
      responses: {
        201: ok("The new station", ref("Station")),
        400: error("BadRequest"),
        404: errorResponse("The id is not in the unknown stations list"),
        409: errorResponse("A station with this id exists already"),
        401: error("Unauthorized"),
      },
    },
  },

  "/api/v1/trust-anchors": {
    get: {
      summary: "CA certificates trusted for station client certificates, besides Joule's own CA",
      tags: ["trust store"],
      responses: { 200: ok("All trust anchors (not paged)", ref("TrustAnchorList")), ...errors() },
    },
    post: {
      summary: "Add a trust anchor; it applies to the very next handshake",
      tags: ["trust store"],
      requestBody: body(ref("NewTrustAnchor")),
      responses: {
        201: ok("The added anchor", ref("AddedTrustAnchor")),
        400: errorResponse("Not exactly one readable PEM certificate, not a CA certificate, or expired (field pem)"),
        409: errorResponse("This certificate is a trust anchor already (field pem)"),
        401: error("Unauthorized"),
      },
    },
  },
  "/api/v1/trust-anchors/{fingerprint}": {
    parameters: [pathParam("fingerprint", "Hex SHA-256 of the anchor's DER (case-insensitive)")],
    delete: {
      summary: "Remove a trust anchor; stations whose certificate it alone vouched for are disconnected",
      tags: ["trust store"],
      responses: { 204: { description: "Removed" }, ...errors(404) },
    },
  },
  "/api/v1/certificates": {
    get: {
      summary: "Client certificates Joule's CA issued to stations, newest first",
      tags: ["trust store"],
      parameters: [queryParam("stationId", "Only this station's certificates", string(undefined, { minLength: 1 }))],
      responses: { 200: ok("The certificates (not paged)", ref("IssuedCertificateList")), ...errors() },
    },
  },
  "/api/v1/certificates/{serialNumber}/revoke": {
    parameters: [pathParam("serialNumber", "Hex serial number (case-insensitive)")],
    post: {
      summary: "Revoke a certificate Joule issued: the next handshake with it fails, a station using it is disconnected",
      tags: ["trust store"],
      requestBody: body(ref("Revocation"), false),
      responses: {
        200: ok("Revoked (revoking again answers the same)", ref("RevokedCertificate")),
        400: error("BadRequest"),
        404: errorResponse("No certificate issued by Joule has this serial number"),
        401: error("Unauthorized"),
      },
    },
  },
  "/api/v1/csr-requests": {
    get: {
      summary: "CSRs stations sent with SignCertificate, newest first",
      tags: ["certificates"],
      parameters: [
        queryParam("stationId", "Only this station's requests", string(undefined, { minLength: 1 })),
        queryParam("status", "Only requests in this status", string(undefined, { enum: ["rejected", "pending", "approved", "signed", "failed"] })),
      ],
      responses: {
        200: ok("The requests (not paged)", ref("CsrRequestList")),
        400: errorResponse("Unknown status (field status)"),
        401: error("Unauthorized"),
      },
    },
  },
  "/api/v1/csr-requests/{id}/approve": {
    parameters: [pathParam("id", "CSR request id", integer(undefined, { minimum: 1 }))],
    post: {
      summary: "Approve a pending CSR: Joule issues the certificate and sends it with CertificateSigned",
      description: "The CSR is checked again against the station's identity and CPO name first (else status failed).",
      tags: ["certificates"],
      requestBody: body(ref("CsrDecision"), false),
      responses: {
        200: ok("The request after the decision", ref("CsrRequest")),
        400: error("BadRequest"),
        404: errorResponse("No such CSR request"),
        409: errorResponse("The request is not pending"),
        401: error("Unauthorized"),
      },
    },
  },
  "/api/v1/csr-requests/{id}/reject": {
    parameters: [pathParam("id", "CSR request id", integer(undefined, { minimum: 1 }))],
    post: {
      summary: "Reject a pending CSR; nothing is sent to the station",
      tags: ["certificates"],
      requestBody: body(ref("CsrDecision"), false),
      responses: {
        200: ok("The request after the decision (reason: the one given, or \"rejected by operator\")", ref("CsrRequest")),
        400: error("BadRequest"),
        404: errorResponse("No such CSR request"),
        409: errorResponse("The request is not pending"),
        401: error("Unauthorized"),
      },
    },
  },
  "/api/v1/certificate-hash": {
    post: {
      summary: "The whitepaper's certificateHashData of a certificate",
      description:
        "To match what a station reports in GetInstalledCertificateIds, or to build a DeleteCertificate. Nothing is stored.",
      tags: ["certificates"],
      requestBody: body(ref("CertificateHashInput")),
      responses: {
        200: ok("The hash data", ref("CertificateHashData")),
        400: errorResponse(
          "pem (or issuerPem) is not a readable certificate, or the issuer is needed for a certificate that is not " +
            "self-signed (field pem); invalid input (field names the property)",
        ),
        401: error("Unauthorized"),
      },
    },
  },
  "/api/v1/security-events": {
    get: {
      summary: "Security events stations reported with SecurityEventNotification, newest first",
      description: "Only what stations reported; what Joule detects itself is in /api/v1/audit.",
      tags: ["security events"],
      parameters: [
        queryParam("stationId", "Only this station's events", string(undefined, { minLength: 1 })),
        queryParam("critical", "true: only critical events; false: only the others", string(undefined, { enum: ["true", "false"] })),
        queryParam("from", "Events whose timestamp is at or after this instant (date-time with time zone)", dateTime()),
        queryParam("to", "Events whose timestamp is at or before this instant (date-time with time zone)", dateTime()),
        ...paging,
      ],
      responses: {
        200: ok("A page of security events", ref("SecurityEventList")),
        400: errorResponse("critical not true or false, from or to not a date-time with time zone, bad paging (field names the parameter)"),
        401: error("Unauthorized"),
      },
    },
  },
  "/api/v1/log-jobs": {
    get: {
      summary: "GetLog jobs with their LogStatusNotification timelines, newest first",
      tags: ["jobs"],
      parameters: [queryParam("stationId", "Only this station's jobs and statuses", string(undefined, { minLength: 1 }))],
      responses: { 200: ok("The jobs (not paged)", ref("JobList")), ...errors() },
    },
  },
  "/api/v1/firmware-jobs": {
    get: {
      summary: "SignedUpdateFirmware jobs with their SignedFirmwareStatusNotification timelines, newest first",
      tags: ["jobs"],
      parameters: [queryParam("stationId", "Only this station's jobs and statuses", string(undefined, { minLength: 1 }))],
      responses: { 200: ok("The jobs (not paged)", ref("JobList")), ...errors() },
    },
  },
  "/api/v1/uploads": {
    get: {
      summary: "The one-time upload URLs Joule handed out for GetLog and GetDiagnostics, and what arrived, newest first",
      tags: ["uploads"],
      parameters: [
        queryParam("stationId", "Only this station's uploads", string(undefined, { minLength: 1 })),
        queryParam("jobId", "Only the upload of this log job (GetLog requestId)", integer(undefined, { minimum: 0 })),
        ...paging,
      ],
      responses: {
        200: ok("A page of uploads", ref("UploadList")),
        400: errorResponse("jobId not a whole number, bad paging (field names the parameter)"),
        401: error("Unauthorized"),
      },
    },
  },
  "/api/v1/uploads/{id}/file": {
    parameters: [pathParam("id", "Upload id", integer(undefined, { minimum: 1 }))],
    get: {
      summary: "The file a station uploaded",
      tags: ["uploads"],
      responses: {
        200: {
          description: "The file as received, with Content-Disposition: attachment; filename=\"{fileName}\"",
          headers: {
            "Content-Disposition": { description: "attachment with the stored file name", schema: string() },
          },
          content: { "application/octet-stream": { schema: { type: "string", contentMediaType: "application/octet-stream" } } },
        },
        404: errorResponse("No such upload, or nothing was uploaded to it yet"),
        401: error("Unauthorized"),
      },
    },
  },
  "/api/v1/firmware": {
    get: {
      summary: "Uploaded firmware files with their signatures and downloads per job, newest first",
      tags: ["firmware"],
      responses: { 200: ok("All firmware files (not paged)", ref("FirmwareList")), ...errors() },
    },
    post: {
      summary: "Upload a firmware file, with its signature or to be signed by Joule",
      description:
        "The file is streamed to disk under JOULE_MAX_FIRMWARE_BYTES. A given signature must verify over the file " +
        "with the key of signingCertificate (SHA-256); without one Joule signs the file with its firmware-signing " +
        "key (its certificate issued by Joule's ECDSA CA).",
      tags: ["firmware"],
      requestBody: {
        required: true,
        content: {
          "multipart/form-data": {
            schema: ref("FirmwareUpload"),
            encoding: { file: { contentType: "application/octet-stream" } },
          },
        },
      },
      responses: {
        201: ok("The stored file", ref("FirmwareFile")),
        400: errorResponse(
          "Not multipart/form-data, or malformed; no file part (field file); signature not base64, too long or not " +
            "verifying (field signature); signingCertificate too long or not a readable PEM certificate (field " +
            "signingCertificate); only one of the two (field names the missing one)",
        ),
        413: errorResponse("The file (or the body, by Content-Length) is larger than JOULE_MAX_FIRMWARE_BYTES"),
        401: error("Unauthorized"),
      },
    },
  },
  "/api/v1/tls/server-certificate": {
    put: {
      summary: "Replace the ECDSA or the RSA server certificate for new handshakes, without a restart",
      description: "Open connections stay up. The key's type decides which certificate is replaced.",
      tags: ["trust store"],
      requestBody: body(ref("ServerCertificateInput")),
      responses: {
        200: ok("The certificate now presented", ref("ServerCertificate")),
        400: errorResponse(
          "Certificate or key unreadable, key not EC or RSA, key not matching the certificate, or certificate expired " +
            "(field certificate); invalid input (field names the property)",
        ),
        401: error("Unauthorized"),
      },
    },
  },
  "/api/v1/ca": {
    get: {
      summary: "Joule's CA certificates (ECDSA and RSA), for setting stations up to trust the server",
      description: "Public: no token needed.",
      tags: ["trust store"],
      security: [],
      responses: {
        200: {
          description: "PEM bundle of the CA certificates",
          content: { "application/x-pem-file": { schema: { type: "string" } } },
        },
      },
    },
  },
  "/api/v1/audit": {
    get: {
      summary: "Security events, newest first",
      description:
        "Handshake refusals, ignored forwarding headers, credential and profile changes, trust-store and certificate " +
        "changes, operator actions.",
      tags: ["audit"],
      parameters: [queryParam("stationId", "Only this station's events", string(undefined, { minLength: 1 })), ...paging],
      responses: { 200: ok("A page of audit entries", ref("AuditList")), ...errors(400) },
    },
  },

  "/api/v1/id-tags": {
    get: {
      summary: "List id tags, ordered by tag",
      tags: ["id tags"],
      parameters: paging,
      responses: { 200: ok("A page of id tags", ref("IdTagList")), ...errors(400) },
    },
    post: {
      summary: "Create an id tag",
      tags: ["id tags"],
      requestBody: body(ref("NewIdTag")),
      responses: {
        201: ok("The new tag", ref("IdTag")),
        400: errorResponse("Invalid input, or a parentIdTag that does not exist (field parentIdTag)"),
        409: errorResponse("The tag exists already, compared case-insensitively (field idTag)"),
        401: error("Unauthorized"),
      },
    },
  },
  "/api/v1/id-tags/{idTag}": {
    parameters: [idTagParam],
    get: { summary: "One id tag", tags: ["id tags"], responses: { 200: ok("The tag", ref("IdTag")), ...errors(404) } },
    patch: {
      summary: "Change an id tag",
      tags: ["id tags"],
      requestBody: body(ref("IdTagChanges")),
      responses: {
        200: ok("The changed tag", ref("IdTag")),
        400: errorResponse("Invalid input, or a parentIdTag that does not exist (field parentIdTag)"),
        ...errors(404),
      },
    },
    delete: {
      summary: "Delete an id tag",
      tags: ["id tags"],
      responses: {
        204: { description: "Deleted" },
        409: errorResponse("Other tags name this tag as their parent"),
        ...errors(404),
      },
    },
  },

  "/api/v1/transactions": {
    get: {
      summary: "List transactions, newest first",
      tags: ["transactions"],
      parameters: [...transactionFilters, ...paging],
      responses: { 200: ok("A page of transactions", ref("TransactionList")), ...errors(400) },
    },
  },
  "/api/v1/transactions/export.csv": {
    get: {
      summary: "Every transaction matching the filters as CSV (RFC 4180), newest first, not paged",
      description:
        "Columns as the properties of Transaction; null is an empty field. Text starting with =, +, -, @, tab or CR " +
        "gets a leading single quote so that spreadsheets do not run it as a formula.",
      tags: ["transactions"],
      parameters: transactionFilters,
      responses: {
        200: { description: "The CSV, with a header row", content: { "text/csv": { schema: { type: "string" } } } },
        ...errors(400),
      },
    },
  },
  "/api/v1/transactions/{id}": {
    parameters: [pathParam("id", "Transaction id", integer(undefined, { minimum: 1 }))],
    get: {
      summary: "One transaction with its meter values",
      tags: ["transactions"],
      responses: { 200: ok("The transaction", ref("TransactionDetail")), ...errors(404) },
    },
  },
};

export const openApiDocument = {
  openapi: "3.1.0",
  info: {
    title: "Joule",
    version,
    description:
      "HTTP API of Joule, an OCPP 1.6J central system. Stations connect over WebSocket at /ocpp/{chargePointId} " +
      "(not described here). Lists answer {items, total}; paged lists take limit (1..1000, default 100) and offset. " +
      "Every operation needs an API token but this document, /health and /api/v1/ca. Two station-facing paths are " +
      "not described here either, since a one-time token in the URL is their credential: PUT or POST " +
      "/uploads/{token} takes the file of a GetLog or GetDiagnostics sent to Joule's upload URL, as the raw body " +
      "(name from Content-Disposition) or as multipart/form-data (the first file part), once; it answers 201 " +
      "{fileName, size}, 404 for an unknown token, 410 when a file arrived already, 409 while another upload to it " +
      "runs, 413 beyond JOULE_MAX_UPLOAD_BYTES, 400 for a malformed multipart body (a failed upload leaves the URL " +
      "usable). GET /firmware/{token}/{fileName} serves the firmware of a SignedUpdateFirmware (the token is per " +
      "job, every download is counted; 404 for an unknown token).",
  },
  security: [{ bearerAuth: [] }],
  paths,
  components: {
    securitySchemes: {
      bearerAuth: { type: "http", scheme: "bearer", description: "An API token, created on first start" },
    },
    parameters: {
      limit: queryParam("limit", "Page size", integer(undefined, { minimum: 1, maximum: 1000, default: 100 })),
      offset: queryParam("offset", "Records to skip", integer(undefined, { minimum: 0, default: 0 })),
    },
    responses: {
      BadRequest: errorResponse("Invalid input; field names the body property or parameter at fault"),
      Unauthorized: errorResponse("No token, or not a valid one"),
      NotFound: errorResponse("No such record"),
      Conflict: errorResponse("Conflicts with existing data"),
      Timeout: errorResponse("The station did not answer in time"),
    },
    schemas,
  },
};
