// The TLS side at run time: current certificate material, the wss listener's context, and replacing either
// without a restart. Open connections stay up; connections whose client certificate lost its trust are closed.
import { createPrivateKey, X509Certificate } from "node:crypto";
import { storeServerCertificate } from "../../db/serverCertificates.ts";
import type { Db } from "../../db/index.ts";
import type { TlsContext, TlsListener } from "../http/tlsListener.ts";
import type { Logger } from "../log.ts";
import { CloseCode } from "../ocpp/connection.ts";
import type { StationRegistry } from "../ocpp/registry.ts";
import { keyKindOf, splitPemCertificates, type KeyKind } from "../pki/x509.ts";
import type { TrustStore } from "../security/trustStore.ts";
import { keyKinds, type TlsMaterial } from "./material.ts";

export class ServerCertificateError extends Error {
  constructor(
    message: string,
    /** The input field at fault. */
    readonly field: "certificate" | "key" = "certificate",
  ) {
    super(message);
  }
}

export class TlsRuntime {
  listener: TlsListener | undefined;

  constructor(
    readonly material: TlsMaterial,
    private readonly trustStore: TrustStore,
    private readonly registry: StationRegistry,
    private readonly db: Db,
    private readonly log: Logger,
  ) {
    trustStore.onChange(() => this.trustChanged());
  }

  /** Joule's CA certificates (PEM), which stations install to trust the server. */
  caCertificates(): string[] {
    return keyKinds.map((kind) => this.material.ca[kind].certificatePem);
  }

  context(): TlsContext {
    return {
      identities: keyKinds.flatMap((kind) => (this.material.server[kind] ? [this.material.server[kind]!] : [])),
      trustedCaPems: this.trustStore.caPems(),
    };
  }

  /**
   * Replaces the ECDSA or RSA server certificate (the key's type decides which). The chain is leaf first; the key must
   * match the leaf. Takes effect for new handshakes at once and is kept in the database for later starts.
   */
  async replaceServerCertificate(certificatePem: string, keyPem: string): Promise<{ kind: KeyKind; subject: string; notAfter: string }> {
    const chain = splitPemCertificates(certificatePem);
    if (chain.length === 0) throw new ServerCertificateError("certificate must be PEM");
    let leaf: X509Certificate;
    try {
      leaf = new X509Certificate(chain[0]!);
    } catch {
      throw new ServerCertificateError("certificate cannot be read");
    }
    let kind: KeyKind | undefined;
    try {
      kind = keyKindOf(keyPem);
    } catch {
      throw new ServerCertificateError("key cannot be read", "key");
    }
    if (!kind) throw new ServerCertificateError("key must be EC or RSA", "key");
    if (!leaf.checkPrivateKey(createPrivateKey(keyPem))) throw new ServerCertificateError("key does not match the certificate", "key");
    if (new Date(leaf.validTo) < new Date()) throw new ServerCertificateError("certificate has expired");
    const pair = { kind, keyPem, certificatePem: chain.join("") };
    const previous = this.material.server[kind];
    this.material.server[kind] = pair;
    try {
      this.listener?.setContext(this.context());
    } catch {
      this.material.server[kind] = previous;
      throw new ServerCertificateError("the TLS layer refused this certificate and key");
    }
    await storeServerCertificate(this.db, pair);
    this.material.serverSources[kind] = "stored";
    this.log.info("server certificate replaced", { kind, subject: leaf.subject.replace(/\n/g, ", "), notAfter: leaf.validTo });
    return { kind, subject: leaf.subject.replace(/\n/g, ", "), notAfter: new Date(leaf.validTo).toISOString() };
  }

  private trustChanged(): void {
    this.listener?.setContext(this.context());
    for (const session of this.registry.sessions()) {
      const pem = session.info.clientCertificatePem;
      if (pem && !this.trustStore.stillTrusts(pem)) {
        this.log.warn("closing connection: its client certificate is no longer trusted", { station: session.id });
        session.close(CloseCode.policyViolation, "Client certificate no longer trusted");
      }
    }
  }
}
