// The trust store for station client certificates: Joule's own CA plus the anchors in the database, and the revoked
// certificates. Changes apply to the very next handshake; every listener registered with onChange hears of them
// (the TLS context is rebuilt, connections whose certificate lost its trust are closed).
import { X509Certificate } from "node:crypto";
import { listTrustAnchors, revokedFingerprints, trustStateVersion } from "../../db/trustStore.ts";
import type { Db } from "../../db/index.ts";
import type { Logger } from "../log.ts";
import { fingerprintOf } from "../pki/x509.ts";
import { checkClientCertificate, checkTrust, type Anchor, type CertificateVerdict, type ExpectedSubject } from "./clientCertificate.ts";

export class TrustStore {
  private anchors: Anchor[] = [];
  private anchorPems: string[] = [];
  private revoked: ReadonlySet<string> = new Set();
  private version = "";
  private readonly listeners: (() => void)[] = [];
  private pollTimer: ReturnType<typeof setInterval> | undefined;

  constructor(
    private readonly db: Db,
    private readonly jouleCaPems: string[],
    private readonly log: Logger,
  ) {}

  /** Reads anchors and revocations from the database; tells the listeners when anything changed. */
  async reload(): Promise<void> {
    const version = await trustStateVersion(this.db);
    const rows = await listTrustAnchors(this.db);
    const pems = [...this.jouleCaPems, ...rows.map((r) => r.pem)];
    this.anchors = pems.map((pem) => ({ fingerprint: fingerprintOf(pem), certificate: new X509Certificate(pem) }));
    this.anchorPems = pems;
    this.revoked = await revokedFingerprints(this.db);
    const changed = this.version !== "" && this.version !== version;
    this.version = version;
    if (changed) for (const listener of this.listeners) listener();
  }

  /** Another node may change the trust store: look for changes every few seconds. */
  startPolling(intervalMs = 5_000): void {
    this.pollTimer = setInterval(async () => {
      try {
        if ((await trustStateVersion(this.db)) !== this.version) await this.reload();
      } catch (error) {
        this.log.warn("trust store refresh failed", { error });
      }
    }, intervalMs);
    this.pollTimer.unref?.();
  }

  stop(): void {
    clearInterval(this.pollTimer);
  }

  onChange(listener: () => void): void {
    this.listeners.push(listener);
  }

  /** CA certificates for the TLS layer, so clients know which issuers are acceptable. */
  caPems(): string[] {
    return this.anchorPems;
  }

  check(pem: string, expected: ExpectedSubject): CertificateVerdict {
    return checkClientCertificate(pem, expected, this.anchors, this.revoked);
  }

  /** Whether a certificate accepted earlier is still trusted (chain, validity, revocation). */
  stillTrusts(pem: string): boolean {
    return checkTrust(pem, this.anchors, this.revoked).ok;
  }

  isRevoked(fingerprint: string): boolean {
    return this.revoked.has(fingerprint);
  }
}
