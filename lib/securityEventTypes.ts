// The security event types of the OCPP 1.6 Security Whitepaper (edition 3, appendix 1). Stations may report other
// types too; those are stored as sent and never critical.

/** Types the whitepaper marks critical: Joule flags them (dashboard, filters). */
export const criticalSecurityEvents: ReadonlySet<string> = new Set([
  "FirmwareUpdated",
  "SettingSystemTime",
  "StartupOfTheDevice",
  "ResetOrReboot",
  "SecurityLogWasCleared",
  "MemoryExhaustion",
  "TamperDetectionActivated",
]);

/** Every type the whitepaper lists, in its order. */
export const whitepaperSecurityEventTypes = [
  "FirmwareUpdated",
  "FailedToAuthenticateAtCentralSystem",
  "CentralSystemFailedToAuthenticate",
  "SettingSystemTime",
  "StartupOfTheDevice",
  "ResetOrReboot",
  "SecurityLogWasCleared",
  "ReconfigurationOfSecurityParameters",
  "MemoryExhaustion",
  "InvalidMessages",
  "AttemptedReplayAttacks",
  "TamperDetectionActivated",
  "InvalidFirmwareSignature",
  "InvalidFirmwareSigningCertificate",
  "InvalidCentralSystemCertificate",
  "InvalidChargePointCertificate",
  "InvalidTLSVersion",
  "InvalidTLSCipherSuite",
] as const;
