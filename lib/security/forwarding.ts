// Behind a reverse proxy: only the proxies listed in JOULE_TRUSTED_PROXIES may say that the client used TLS, who the
// client is, and which certificate it presented. The same headers from anyone else are ignored and recorded.
import type { MiddlewareHandler } from "hono";
import { X509Certificate } from "node:crypto";
import { recordAudit } from "../../db/audit.ts";
import type { AppEnv, ClientConnection } from "../http/env.ts";
import { derToPem } from "../pki/x509.ts";

/**
 * A certificate as proxies forward it: URL-encoded PEM (nginx `$ssl_client_escaped_cert`), PEM with spaces or tabs
 * where the newlines were, or plain base64 DER. Undefined when the header carries nothing usable.
 */
export function decodeForwardedCertificate(value: string): string | undefined {
  let text = value.trim();
  if (text === "" || text === "(null)") return undefined;
  if (text.includes("%")) {
    try {
      text = decodeURIComponent(text);
    } catch {
      return undefined;
    }
  }
  // PEM (one certificate or a chain, newlines possibly turned into spaces or tabs), else base64 DER.
  const bodies = [...text.matchAll(/-----BEGIN CERTIFICATE-----([\s\S]*?)-----END CERTIFICATE-----/g)].map((m) => m[1]!);
  const pems: string[] = [];
  for (const body of bodies.length > 0 ? bodies : [text]) {
    const base64 = body.replace(/\s+/g, "");
    if (!/^[A-Za-z0-9+/]+={0,2}$/.test(base64)) return undefined;
    const pem = derToPem(Buffer.from(base64, "base64"));
    try {
      new X509Certificate(pem);
    } catch {
      return undefined;
    }
    pems.push(pem);
  }
  return pems.join("");
}

const forwardingHeaders = ["x-forwarded-proto", "x-forwarded-for"];

/** Sets `connection` for every request: how the client reached Joule. */
export const resolveClientConnection: MiddlewareHandler<AppEnv> = async (c, next) => {
    const { trustedProxies: trusted, config } = c.get("services");
    const certificateHeader = config.clientCertificateHeader;
    const env = c.env;
    const direct: ClientConnection = {
      transport: env.transport,
      remoteAddress: env.remoteAddress,
      clientCertificatePem: env.clientCertificate?.pem,
      viaProxy: false,
    };
    const present = [...forwardingHeaders, certificateHeader].filter((h) => c.req.header(h) !== undefined);
    if (present.length === 0) {
      c.set("connection", direct);
    } else if (trusted.includes(env.remoteAddress)) {
      const proto = c.req.header("x-forwarded-proto")?.split(",")[0]?.trim().toLowerCase();
      // The right-most address is the one our trusted proxy saw.
      const forwardedFor = c.req.header("x-forwarded-for")?.split(",").pop()?.trim();
      const certificate = c.req.header(certificateHeader);
      c.set("connection", {
        transport: proto === "https" || proto === "wss" ? "wss" : proto === "http" || proto === "ws" ? "ws" : env.transport,
        remoteAddress: forwardedFor || env.remoteAddress,
        clientCertificatePem: certificate === undefined ? direct.clientCertificatePem : decodeForwardedCertificate(certificate),
        viaProxy: true,
      });
    } else {
      c.set("connection", direct);
      // Worth an audit record where it matters (a station handshake); elsewhere (a browser behind a corporate proxy
      // calling the API) it is routine and only logged at debug level.
      const { log, database } = c.get("services");
      const reason = `forwarding headers from an untrusted address ignored: ${present.join(", ")}`;
      if (c.req.header("upgrade")?.toLowerCase() === "websocket") {
        log.warn(reason, { address: env.remoteAddress, path: c.req.path });
        await recordAudit(database.db, { kind: "forwarding_ignored", address: env.remoteAddress, reason });
      } else {
        log.debug(reason, { address: env.remoteAddress, path: c.req.path });
      }
    }
    await next();
};
