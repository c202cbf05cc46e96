// Signed firmware updates served by Joule: operators upload an image (with its signature, or Joule signs it), and
// SignedUpdateFirmware points the station at a download URL with a token of its own per job.
import { createHash, randomUUID, X509Certificate } from "node:crypto";
import { mkdir, rename, rm } from "node:fs/promises";
import { join } from "node:path";
import {
  countFirmwareDownload,
  createFirmwareDownload,
  deleteFirmwareDownload,
  deleteFirmwareFile,
  firmwareFileById,
  insertFirmwareFile,
  linkFirmwareDownload,
  listFirmwareFiles,
  setFirmwarePath,
  type FirmwareFile,
} from "../db/firmware.ts";
import { stationById } from "../db/stations.ts";
import { MultipartError, multipartBoundary, multipartParts, partText } from "./multipart.ts";
import { firmwareSigningKey, signFile, verifyFileSignature } from "./pki/firmwareSigning.ts";
import type { Services } from "./services.ts";
import { callStation, type StationCallResult } from "./stationCalls.ts";
import { hashUrlToken, newUrlToken, safeFileName, TooLargeError, writeLimited } from "./transfers.ts";
import { pathInDataDir } from "./uploads.ts";

export type FirmwareUploadOutcome =
  | { kind: "stored"; file: FirmwareFile }
  | { kind: "invalid"; message: string; field?: string }
  | { kind: "too_large"; maxBytes: number };

class InvalidFirmware extends Error {
  constructor(message: string, readonly field: string) {
    super(message);
  }
}

// SignedUpdateFirmware's limits (FirmwareType.signature / signingCertificate maxLength).
const maxSignatureLength = 800;
const maxCertificateLength = 5500;

/** The signature and certificate given with the upload, checked against the file. */
async function uploadedSignature(path: string, signature: string, certificate: string) {
  const compact = signature.replace(/\s+/g, "");
  if (!/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(compact) || compact === "") {
    throw new InvalidFirmware("signature must be base64", "signature");
  }
  if (compact.length > maxSignatureLength) throw new InvalidFirmware(`signature must be at most ${maxSignatureLength} characters`, "signature");
  // multipart/form-data encoders turn the newlines of text fields into CRLF; PEM is kept with LF.
  const pem = certificate.replace(/\r\n?/g, "\n").trim() + "\n";
  if (pem.length > maxCertificateLength) {
    throw new InvalidFirmware(`signingCertificate must be at most ${maxCertificateLength} characters`, "signingCertificate");
  }
  try {
    new X509Certificate(pem);
  } catch {
    throw new InvalidFirmware("signingCertificate is not a readable PEM certificate", "signingCertificate");
  }
  if (!(await verifyFileSignature(path, compact, pem))) {
    throw new InvalidFirmware("signature does not verify over the file with the key of signingCertificate (SHA-256)", "signature");
  }
  return { signature: compact, signingCertificate: pem };
}

/**
 * An operator's upload (multipart/form-data: `file`, optional `signature` + `signingCertificate`), streamed to disk
 * under JOULE_MAX_FIRMWARE_BYTES. Without a signature Joule signs the file with its firmware-signing key.
 */
export async function receiveFirmware(
  services: Services,
  request: { contentType?: string; contentLength?: string; body: ReadableStream<Uint8Array> | null },
): Promise<FirmwareUploadOutcome> {
  const { config } = services;
  const boundary = multipartBoundary(request.contentType);
  if (!boundary || !request.body) return { kind: "invalid", message: "The body must be multipart/form-data with a part named file" };
  if (Number(request.contentLength ?? "0") > config.maxFirmwareBytes + 64 * 1024) return { kind: "too_large", maxBytes: config.maxFirmwareBytes };

  const absolute = (relative: string) => join(config.dataDir, relative);
  await mkdir(absolute("firmware"), { recursive: true });
  const temporary = `firmware/.upload-${randomUUID()}`;
  try {
    const hash = createHash("sha256");
    let file: { name: string; size: number } | undefined;
    const fields: Record<string, string> = {};
    for await (const part of multipartParts(request.body, boundary)) {
      if (part.name === "file" && !file) {
        const size = await writeLimited(part.body, absolute(temporary), config.maxFirmwareBytes, (chunk) => hash.update(chunk));
        file = { name: safeFileName(part.fileName, "firmware.bin"), size };
      } else if (part.name === "signature" || part.name === "signingCertificate") {
        fields[part.name] = await partText(part, 16 * 1024);
      }
    }
    if (!file) throw new InvalidFirmware("file is required", "file");
    const given = [fields.signature, fields.signingCertificate].filter((f) => f !== undefined && f.trim() !== "");
    if (given.length === 1) {
      const missing = fields.signature?.trim() ? "signingCertificate" : "signature";
      throw new InvalidFirmware("signature and signingCertificate come together (or neither, and Joule signs)", missing);
    }
    let signed: { signature: string; signingCertificate: string; signedBy: "uploaded" | "joule" };
    if (given.length === 2) {
      signed = { ...(await uploadedSignature(absolute(temporary), fields.signature!, fields.signingCertificate!)), signedBy: "uploaded" };
    } else {
      const key = await firmwareSigningKey(config.tlsDir, services.tls.material.ca.ecdsa);
      signed = { signature: await signFile(absolute(temporary), key.keyPem), signingCertificate: key.certificatePem, signedBy: "joule" };
    }
    const { db } = services.database;
    // The id names the file on disk, so the row comes first and learns its final path after the rename.
    const row = await insertFirmwareFile(db, {
      fileName: file.name,
      size: file.size,
      sha256: hash.digest("hex"),
      path: temporary,
      ...signed,
      uploadedAt: new Date().toISOString(),
    });
    const path = `firmware/${row.id}-${file.name}`;
    try {
      await rename(absolute(temporary), absolute(path));
    } catch (error) {
      await deleteFirmwareFile(db, row.id);
      throw error;
    }
    return { kind: "stored", file: await setFirmwarePath(db, row.id, path) };
  } catch (error) {
    if (error instanceof TooLargeError) return { kind: "too_large", maxBytes: error.maxBytes };
    if (error instanceof InvalidFirmware) return { kind: "invalid", message: error.message, field: error.field };
    if (error instanceof MultipartError) return { kind: "invalid", message: error.message };
    throw error;
  } finally {
    await rm(absolute(temporary), { force: true });
  }
}

/** A firmware file as the API shows it (not where it is on disk). */
export function firmwareView(file: FirmwareFile) {
  const { id, fileName, size, sha256, signature, signingCertificate, signedBy, uploadedAt } = file;
  return { id, fileName, size, sha256, signature, signingCertificate, signedBy, uploadedAt };
}

/** Every firmware file with its downloads per job (never the tokens). */
export async function firmwareList(services: Services) {
  const { files, downloads } = await listFirmwareFiles(services.database.db);
  const items = files.map((file) => ({
    ...firmwareView(file),
    downloads: downloads
      .filter((d) => d.firmwareId === file.id)
      .map(({ jobId, stationId, createdAt, downloads: count }) => ({ jobId, stationId, createdAt, downloads: count })),
  }));
  return { items, total: items.length };
}

export interface FirmwareUpdateRequest {
  firmwareId: number;
  retrieveDateTime: string;
  installDateTime?: string;
  retries?: number;
  retryInterval?: number;
}

/** SignedUpdateFirmware with a download URL of Joule's, its token valid for this job only. */
export async function sendFirmwareUpdate(
  services: Services,
  stationId: string,
  input: FirmwareUpdateRequest,
  baseUrl: string,
  requestedBy: string,
): Promise<StationCallResult | { kind: "unknown_firmware" }> {
  const { db } = services.database;
  const file = await firmwareFileById(db, input.firmwareId);
  if (!file) return { kind: "unknown_firmware" };
  if (!(await stationById(db, stationId))) return { kind: "unknown_station" };
  const { token, tokenHash } = newUrlToken();
  await createFirmwareDownload(db, { tokenHash, firmwareId: file.id, stationId });
  const firmware = {
    location: `${baseUrl}/firmware/${token}/${encodeURIComponent(file.fileName)}`,
    retrieveDateTime: input.retrieveDateTime,
    ...(input.installDateTime === undefined ? {} : { installDateTime: input.installDateTime }),
    signingCertificate: file.signingCertificate,
    signature: file.signature,
  };
  const outcome = await callStation(services, {
    stationId,
    action: "SignedUpdateFirmware",
    requestedBy,
    payload: {
      requestId: 0, // replaced by the id of the job callStation creates
      firmware,
      ...(input.retries === undefined ? {} : { retries: input.retries }),
      ...(input.retryInterval === undefined ? {} : { retryInterval: input.retryInterval }),
    },
  });
  // After a timeout the station may have the URL and come for the file (for this job); otherwise it never will.
  if (outcome.kind === "result" || outcome.kind === "timeout") {
    if (outcome.requestId !== undefined) await linkFirmwareDownload(db, tokenHash, outcome.requestId);
  } else await deleteFirmwareDownload(db, tokenHash);
  return outcome;
}

/** The file behind a download token (the download is counted), or undefined for an unknown token. */
export async function firmwareForDownload(services: Services, token: string) {
  const file = await countFirmwareDownload(services.database.db, hashUrlToken(token));
  return file && { path: join(services.config.dataDir, file.path), fileName: file.fileName, size: file.size };
}

/** A stored firmware file for an operator to download, or undefined when there is none (or its path is not in the data dir). */
export async function firmwareFileForOperator(services: Services, id: number) {
  const file = await firmwareFileById(services.database.db, id);
  const path = file && pathInDataDir(services.config.dataDir, file.path);
  return file && path && { path, fileName: file.fileName, size: file.size };
}
