// Joule's tables. Timestamps are ISO-8601 strings (UTC) so that they sort and read the same in SQL and JSON.
import { sql } from "drizzle-orm";
import { customType, index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

const now = sql`(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))`;

/** OCPP CiString: compared case-insensitively everywhere (lookups, uniqueness, counting). */
const ciText = customType<{ data: string }>({ dataType: () => "text COLLATE NOCASE" });

export const registrationStatuses = ["Accepted", "Pending", "Rejected"] as const;
export type RegistrationStatus = (typeof registrationStatuses)[number];

export const stations = sqliteTable("stations", {
  id: text("id").primaryKey(),
  description: text("description").notNull().default(""),
  registrationStatus: text("registration_status", { enum: registrationStatuses }).notNull().default("Accepted"),
  // What the station said in its last BootNotification.
  chargePointVendor: text("charge_point_vendor"),
  chargePointModel: text("charge_point_model"),
  chargePointSerialNumber: text("charge_point_serial_number"),
  chargeBoxSerialNumber: text("charge_box_serial_number"),
  firmwareVersion: text("firmware_version"),
  iccid: text("iccid"),
  imsi: text("imsi"),
  meterType: text("meter_type"),
  meterSerialNumber: text("meter_serial_number"),
  lastBootAt: text("last_boot_at"),
  lastHeartbeatAt: text("last_heartbeat_at"),
  firmwareStatus: text("firmware_status"),
  firmwareStatusAt: text("firmware_status_at"),
  diagnosticsStatus: text("diagnostics_status"),
  diagnosticsStatusAt: text("diagnostics_status_at"),
  // Security Whitepaper: the profile only rises through OCPP; lowering is an explicit operator action.
  securityProfile: integer("security_profile").notNull().default(0),
  /** Bun.password hash of the Basic-auth password bytes; never the password itself. */
  passwordHash: text("password_hash"),
  /** A rotated password the station accepted but has not used yet; the old one works until it does. */
  pendingPasswordHash: text("pending_password_hash"),
  /** Must equal the O of a profile-3 client certificate. */
  cpoName: text("cpo_name"),
  /** Must equal the CN of a profile-3 client certificate; the charge point id when not set. */
  certificateIdentity: text("certificate_identity"),
  /** The station's CertificateSignedMaxChainSize (characters), when a GetConfiguration answer told it. */
  certificateSignedMaxChainSize: integer("certificate_signed_max_chain_size"),
  /** When Joule last asked the station for a CSR because its certificate nears expiry (at most once a day). */
  certificateRenewalAskedAt: text("certificate_renewal_asked_at"),
  createdAt: text("created_at").notNull().default(now),
  updatedAt: text("updated_at").notNull().default(now),
});

/** Current status per connector; connector 0 is the station itself. */
export const connectors = sqliteTable(
  "connectors",
  {
    stationId: text("station_id").notNull().references(() => stations.id, { onDelete: "cascade" }),
    connectorId: integer("connector_id").notNull(),
    status: text("status").notNull(),
    errorCode: text("error_code").notNull(),
    info: text("info"),
    vendorId: text("vendor_id"),
    vendorErrorCode: text("vendor_error_code"),
    timestamp: text("timestamp"),
    updatedAt: text("updated_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.stationId, t.connectorId] })],
);

export const statusNotifications = sqliteTable(
  "status_notifications",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    stationId: text("station_id").notNull().references(() => stations.id, { onDelete: "cascade" }),
    connectorId: integer("connector_id").notNull(),
    status: text("status").notNull(),
    errorCode: text("error_code").notNull(),
    info: text("info"),
    vendorId: text("vendor_id"),
    vendorErrorCode: text("vendor_error_code"),
    timestamp: text("timestamp"),
    receivedAt: text("received_at").notNull(),
  },
  (t) => [index("status_notifications_station").on(t.stationId, t.connectorId)],
);

/** Firmware and diagnostics status notifications, kept as a history per station. */
export const stationNotifications = sqliteTable(
  "station_notifications",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    stationId: text("station_id").notNull().references(() => stations.id, { onDelete: "cascade" }),
    kind: text("kind", { enum: ["firmware", "diagnostics"] }).notNull(),
    status: text("status").notNull(),
    receivedAt: text("received_at").notNull(),
  },
  (t) => [index("station_notifications_station").on(t.stationId)],
);

/** Connection attempts by charge point ids that are not registered. */
export const unknownStations = sqliteTable("unknown_stations", {
  id: text("id").primaryKey(),
  lastAddress: text("last_address"),
  attempts: integer("attempts").notNull().default(0),
  firstSeenAt: text("first_seen_at").notNull(),
  lastSeenAt: text("last_seen_at").notNull(),
});

export const idTags = sqliteTable("id_tags", {
  idTag: ciText("id_tag").primaryKey(),
  parentIdTag: ciText("parent_id_tag"),
  expiryDate: text("expiry_date"),
  maxActiveTransactions: integer("max_active_transactions").notNull().default(1),
  blocked: integer("blocked", { mode: "boolean" }).notNull().default(false),
  description: text("description").notNull().default(""),
  createdAt: text("created_at").notNull().default(now),
});

export const transactions = sqliteTable(
  "transactions",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    stationId: text("station_id").notNull().references(() => stations.id, { onDelete: "cascade" }),
    connectorId: integer("connector_id").notNull(),
    idTag: ciText("id_tag").notNull(),
    meterStart: integer("meter_start").notNull(),
    startTimestamp: text("start_timestamp").notNull(),
    reservationId: integer("reservation_id"),
    /** The idTagInfo status we answered to StartTransaction (a rejected tag still starts a recorded transaction). */
    startStatus: text("start_status").notNull(),
    meterStop: integer("meter_stop"),
    stopTimestamp: text("stop_timestamp"),
    stopReason: text("stop_reason"),
    stopIdTag: text("stop_id_tag"),
    createdAt: text("created_at").notNull(),
  },
  (t) => [
    // A repeated identical StartTransaction maps to the same transaction.
    uniqueIndex("transactions_start_identity").on(t.stationId, t.connectorId, t.idTag, t.meterStart, t.startTimestamp),
    index("transactions_id_tag").on(t.idTag),
  ],
);

/** Stops and meter data that do not fit the transaction they name: answered normally, kept for review. */
export const transactionAnomalies = sqliteTable("transaction_anomalies", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  stationId: text("station_id").notNull(),
  transactionId: integer("transaction_id"),
  kind: text("kind").notNull(),
  detail: text("detail").notNull(),
  payload: text("payload").notNull(),
  receivedAt: text("received_at").notNull(),
});

// Hot path: one row per sampled value. One secondary index only (reading a transaction's values), and a plain rowid
// key: AUTOINCREMENT updates sqlite_sequence on every insert (measured ~15% of the insert). Ids then only repeat
// after the newest rows are deleted, and nothing refers to a meter value by id.
export const meterValues = sqliteTable(
  "meter_values",
  {
    id: integer("id").primaryKey(),
    stationId: text("station_id").notNull(),
    connectorId: integer("connector_id").notNull(),
    transactionId: integer("transaction_id"),
    timestamp: text("timestamp").notNull(),
    value: text("value").notNull(),
    context: text("context"),
    format: text("format"),
    measurand: text("measurand"),
    phase: text("phase"),
    location: text("location"),
    unit: text("unit"),
  },
  (t) => [index("meter_values_transaction").on(t.transactionId)],
);

export const dataTransfers = sqliteTable("data_transfers", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  stationId: text("station_id").notNull(),
  vendorId: text("vendor_id").notNull(),
  messageId: text("message_id"),
  data: text("data"),
  status: text("status").notNull(),
  receivedAt: text("received_at").notNull(),
});

/** API bearer tokens, stored as SHA-256 of the token (tokens are 256-bit random, so a fast hash suffices). */
export const apiTokens = sqliteTable("api_tokens", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  name: text("name").notNull(),
  tokenHash: text("token_hash").notNull().unique(),
  createdAt: text("created_at").notNull().default(now),
});

/** Every central-system-to-station call and its outcome. */
export const stationCalls = sqliteTable(
  "station_calls",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    stationId: text("station_id").notNull(),
    action: text("action").notNull(),
    payload: text("payload").notNull(),
    requestedBy: text("requested_by").notNull(),
    requestedAt: text("requested_at").notNull(),
    completedAt: text("completed_at"),
    outcome: text("outcome", { enum: ["pending", "result", "error", "timeout", "not_connected", "failed"] }).notNull(),
    result: text("result"),
    errorCode: text("error_code"),
    errorDescription: text("error_description"),
  },
  (t) => [index("station_calls_station").on(t.stationId, t.id)],
);

/** CA certificates trusted for station client certificates, besides Joule's own CA. */
export const trustAnchors = sqliteTable("trust_anchors", {
  /** Lowercase hex SHA-256 of the DER. */
  fingerprint: text("fingerprint").primaryKey(),
  pem: text("pem").notNull(),
  subject: text("subject").notNull(),
  notBefore: text("not_before").notNull(),
  notAfter: text("not_after").notNull(),
  addedAt: text("added_at").notNull(),
});

/** Revoked client certificates, by fingerprint: refused at the handshake, their connections closed. */
export const revokedCertificates = sqliteTable("revoked_certificates", {
  fingerprint: text("fingerprint").primaryKey(),
  reason: text("reason").notNull().default(""),
  revokedAt: text("revoked_at").notNull(),
});

/** Server certificates replaced through the API, one per key kind; they win over files at start-up. */
export const serverCertificates = sqliteTable("server_certificates", {
  kind: text("kind", { enum: ["ecdsa", "rsa"] }).primaryKey(),
  certificatePem: text("certificate_pem").notNull(),
  /** PEM private key. A secret: never returned by the API or logged. */
  keyPem: text("key_pem").notNull(),
  updatedAt: text("updated_at").notNull(),
});

/** Security-relevant events: handshake refusals, credential, profile and trust-store changes, operator actions. */
export const auditLog = sqliteTable(
  "audit_log",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    at: text("at").notNull(),
    kind: text("kind").notNull(),
    stationId: text("station_id"),
    address: text("address"),
    reason: text("reason").notNull(),
    actor: text("actor"),
  },
  (t) => [index("audit_log_station").on(t.stationId)],
);

/** Client certificates Joule's CA issued to stations. */
export const issuedCertificates = sqliteTable(
  "issued_certificates",
  {
    /** Hex serial number, unique per issuer; Joule's serials are 128-bit random. */
    serialNumber: text("serial_number").primaryKey(),
    stationId: text("station_id").notNull(),
    fingerprint: text("fingerprint").notNull().unique(),
    subject: text("subject").notNull(),
    issuer: text("issuer").notNull(),
    keyType: text("key_type").notNull(),
    keySize: integer("key_size").notNull(),
    notBefore: text("not_before").notNull(),
    notAfter: text("not_after").notNull(),
    pem: text("pem").notNull(),
    /** The station's answer to CertificateSigned: Accepted, Rejected, or null while there is none. */
    answer: text("answer"),
    issuedAt: text("issued_at").notNull(),
    revokedAt: text("revoked_at"),
  },
  (t) => [index("issued_certificates_station").on(t.stationId)],
);

/** CSRs stations sent with SignCertificate, and what became of them. */
export const csrRequests = sqliteTable(
  "csr_requests",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    stationId: text("station_id").notNull(),
    csr: text("csr").notNull(),
    /** rejected (at once, see reason), pending (manual policy), approved (waiting to be signed), signed. */
    status: text("status", { enum: ["rejected", "pending", "approved", "signed", "failed"] }).notNull(),
    reason: text("reason"),
    receivedAt: text("received_at").notNull(),
    decidedAt: text("decided_at"),
    decidedBy: text("decided_by"),
    certificateSerial: text("certificate_serial"),
  },
  (t) => [index("csr_requests_station").on(t.stationId)],
);

/** What GetInstalledCertificateIds last said the station has installed. */
export const installedCertificates = sqliteTable(
  "installed_certificates",
  {
    stationId: text("station_id").notNull().references(() => stations.id, { onDelete: "cascade" }),
    certificateType: text("certificate_type").notNull(),
    hashAlgorithm: text("hash_algorithm").notNull(),
    issuerNameHash: text("issuer_name_hash").notNull(),
    issuerKeyHash: text("issuer_key_hash").notNull(),
    serialNumber: text("serial_number").notNull(),
    reportedAt: text("reported_at").notNull(),
  },
  // A certificate may be installed under two types (e.g. CSMS and manufacturer root): the type is part of the key.
  (t) => [primaryKey({ columns: [t.stationId, t.certificateType, t.hashAlgorithm, t.issuerNameHash, t.issuerKeyHash, t.serialNumber] })],
);

/** SecurityEventNotification as stations reported them (never events Joule detected itself). */
export const securityEvents = sqliteTable(
  "security_events",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    stationId: text("station_id").notNull(),
    type: text("type").notNull(),
    timestamp: text("timestamp").notNull(),
    techInfo: text("tech_info"),
    critical: integer("critical", { mode: "boolean" }).notNull(),
    receivedAt: text("received_at").notNull(),
  },
  (t) => [index("security_events_station").on(t.stationId, t.timestamp)],
);

/** GetLog and SignedUpdateFirmware jobs; the id is the requestId sent to the station. */
export const stationJobs = sqliteTable(
  "station_jobs",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    kind: text("kind", { enum: ["log", "firmware"] }).notNull(),
    stationId: text("station_id").notNull(),
    request: text("request").notNull(),
    /** The station's answer to the request (Accepted, Rejected, ...), or null while there is none. */
    answer: text("answer"),
    createdAt: text("created_at").notNull(),
    createdBy: text("created_by").notNull(),
  },
  (t) => [index("station_jobs_station").on(t.stationId)],
);

/** LogStatusNotification / SignedFirmwareStatusNotification, in order; jobId null when the requestId was unknown. */
export const jobStatuses = sqliteTable(
  "job_statuses",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    kind: text("kind", { enum: ["log", "firmware"] }).notNull(),
    stationId: text("station_id").notNull(),
    jobId: integer("job_id"),
    requestId: integer("request_id"),
    status: text("status").notNull(),
    at: text("at").notNull(),
  },
  (t) => [index("job_statuses_job").on(t.jobId)],
);

/** One-time upload URLs for GetLog / GetDiagnostics files sent to Joule itself. */
export const uploadSlots = sqliteTable("upload_slots", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  stationId: text("station_id").notNull(),
  kind: text("kind", { enum: ["log", "diagnostics"] }).notNull(),
  /** The log job (GetLog requestId); null for GetDiagnostics. */
  jobId: integer("job_id"),
  /** SHA-256 of the one-time token in the URL; the token itself is never stored. */
  tokenHash: text("token_hash").notNull().unique(),
  maxBytes: integer("max_bytes").notNull(),
  /** Where the received file is, relative to JOULE_DATA_DIR; null until uploaded. */
  path: text("path"),
  fileName: text("file_name"),
  size: integer("size"),
  createdAt: text("created_at").notNull(),
  uploadedAt: text("uploaded_at"),
});

/** Firmware images operators uploaded, with the signature stations verify. */
export const firmwareFiles = sqliteTable("firmware_files", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  fileName: text("file_name").notNull(),
  size: integer("size").notNull(),
  sha256: text("sha256").notNull(),
  /** Relative to JOULE_DATA_DIR. */
  path: text("path").notNull(),
  /** Base64 signature of the file (SHA-256), as SignedUpdateFirmware sends it. */
  signature: text("signature").notNull(),
  signingCertificate: text("signing_certificate").notNull(),
  /** "uploaded": signature came with the file; "joule": Joule signed it with its firmware-signing key. */
  signedBy: text("signed_by", { enum: ["uploaded", "joule"] }).notNull(),
  uploadedAt: text("uploaded_at").notNull(),
});

/** Download URLs of firmware for one job, with a per-job token. */
export const firmwareDownloads = sqliteTable("firmware_downloads", {
  tokenHash: text("token_hash").primaryKey(),
  firmwareId: integer("firmware_id").notNull(),
  jobId: integer("job_id"),
  stationId: text("station_id").notNull(),
  createdAt: text("created_at").notNull(),
  downloads: integer("downloads").notNull().default(0),
});

/** Operator accounts of the console. */
export const operators = sqliteTable("operators", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  username: ciText("username").notNull().unique(),
  /** Bun.password hash; never the password. */
  passwordHash: text("password_hash").notNull(),
  role: text("role", { enum: ["admin", "viewer"] }).notNull(),
  createdAt: text("created_at").notNull().default(now),
  disabledAt: text("disabled_at"),
});

/** Console sessions; the cookie carries a random token of which only the SHA-256 is stored. */
export const operatorSessions = sqliteTable(
  "operator_sessions",
  {
    tokenHash: text("token_hash").primaryKey(),
    operatorId: integer("operator_id").notNull().references(() => operators.id, { onDelete: "cascade" }),
    /** Per-session CSRF token sent in every form. */
    csrfToken: text("csrf_token").notNull(),
    createdAt: text("created_at").notNull(),
    expiresAt: text("expires_at").notNull(),
  },
  (t) => [index("operator_sessions_operator").on(t.operatorId)],
);
