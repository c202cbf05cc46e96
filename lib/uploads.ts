// GetLog and GetDiagnostics pointed at Joule itself: a one-time upload URL per request, the file received once and
// kept under JOULE_DATA_DIR/uploads, listed with its station and log job.
import { mkdir, rename, rm } from "node:fs/promises";
import { join, resolve, sep } from "node:path";
import { stationById } from "../db/stations.ts";
import {
  claimUploadSlot,
  completeUpload,
  createUploadSlot,
  deleteUploadSlot,
  linkUploadSlot,
  listUploadSlots,
  releaseInterruptedUploadSlots,
  releaseUploadSlot,
  uploadSlotById,
  uploadSlotByTokenHash,
  type UploadKind,
  type UploadSlot,
} from "../db/uploads.ts";
import type { Page } from "./http/api.ts";
import { dispositionFileName, MultipartError, multipartBoundary, multipartParts } from "./multipart.ts";
import type { Services } from "./services.ts";
import { callStation, type StationCallResult } from "./stationCalls.ts";
import { hashUrlToken, newUrlToken, safeFileName, TooLargeError, writeLimited } from "./transfers.ts";

export interface LogRequest {
  logType: "DiagnosticsLog" | "SecurityLog";
  oldestTimestamp?: string;
  latestTimestamp?: string;
  retries?: number;
  retryInterval?: number;
  /** The station uploads here instead of to Joule. */
  remoteLocation?: string;
}

export interface DiagnosticsRequest {
  startTime?: string;
  stopTime?: string;
  retries?: number;
  retryInterval?: number;
  /** The station uploads here instead of to Joule. */
  location?: string;
}

export interface UploadRequestOutcome {
  outcome: StationCallResult;
  /** The slot Joule made, when the station was pointed at Joule. */
  upload?: { id: number; url: string };
}

/** Optional OCPP fields left out rather than sent as undefined. */
function defined<T extends Record<string, unknown>>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/**
 * Sends the request with `location`, or with a new upload URL of Joule's when there is none. The slot goes again
 * when the station certainly never got its URL; after a timeout it stays, since the request may have arrived.
 */
async function requestUpload(
  services: Services,
  request: { stationId: string; kind: UploadKind; baseUrl: string; location: string | undefined },
  send: (location: string) => Promise<StationCallResult>,
  answered: (outcome: Extract<StationCallResult, { kind: "result" }>) => { jobId?: number; fileName?: string },
): Promise<UploadRequestOutcome> {
  if (request.location !== undefined) return { outcome: await send(request.location) };
  const { db } = services.database;
  if (!(await stationById(db, request.stationId))) return { outcome: { kind: "unknown_station" } };
  const { token, tokenHash } = newUrlToken();
  const slot = await createUploadSlot(db, {
    stationId: request.stationId,
    kind: request.kind,
    tokenHash,
    maxBytes: services.config.maxUploadBytes,
  });
  const url = `${request.baseUrl}/uploads/${token}`;
  const outcome = await send(url);
  if (outcome.kind === "result") {
    await linkUploadSlot(db, slot.id, answered(outcome));
  } else if (outcome.kind === "timeout") {
    // The station may have got the request: an upload it still makes belongs to the job.
    if (outcome.requestId !== undefined) await linkUploadSlot(db, slot.id, { jobId: outcome.requestId });
  } else {
    await deleteUploadSlot(db, slot.id);
    return { outcome };
  }
  return { outcome, upload: { id: slot.id, url } };
}

export function requestLog(services: Services, stationId: string, input: LogRequest, baseUrl: string, requestedBy: string) {
  return requestUpload(
    services,
    { stationId, kind: "log", baseUrl, location: input.remoteLocation },
    (remoteLocation) =>
      callStation(services, {
        stationId,
        action: "GetLog",
        requestedBy,
        payload: defined({
          logType: input.logType,
          requestId: 0, // replaced by the id of the job callStation creates
          log: defined({ remoteLocation, oldestTimestamp: input.oldestTimestamp, latestTimestamp: input.latestTimestamp }),
          retries: input.retries,
          retryInterval: input.retryInterval,
        }),
      }),
    (outcome) => ({ jobId: outcome.requestId, fileName: (outcome.payload as { filename?: string }).filename }),
  );
}

export function requestDiagnostics(services: Services, stationId: string, input: DiagnosticsRequest, baseUrl: string, requestedBy: string) {
  return requestUpload(
    services,
    { stationId, kind: "diagnostics", baseUrl, location: input.location },
    (location) =>
      callStation(services, {
        stationId,
        action: "GetDiagnostics",
        requestedBy,
        payload: defined({
          location,
          startTime: input.startTime,
          stopTime: input.stopTime,
          retries: input.retries,
          retryInterval: input.retryInterval,
        }),
      }),
    // GetDiagnostics.conf spells it fileName (GetLog.conf: filename).
    (outcome) => ({ fileName: (outcome.payload as { fileName?: string }).fileName }),
  );
}

export type ReceiveOutcome =
  | { kind: "stored"; slot: UploadSlot }
  | { kind: "unknown" }
  | { kind: "used" }
  | { kind: "busy" }
  | { kind: "too_large"; maxBytes: number }
  | { kind: "invalid"; message: string };

/** Where an upload's bytes go until they are complete (relative to the data directory). */
const partialPathOf = (slotId: number) => `uploads/${slotId}.partial`;

/** Room for multipart framing (boundaries, part headers) beyond the file itself when judging Content-Length. */
const multipartOverhead = 64 * 1024;

/**
 * A station's upload to its one-time URL: the raw body, or the first file part of a multipart/form-data body.
 * The size limit holds while the bytes arrive; a failed upload keeps nothing and leaves the URL usable for a retry.
 */
export async function receiveUpload(
  services: Services,
  token: string,
  request: { contentType?: string; contentLength?: string; contentDisposition?: string; body: ReadableStream<Uint8Array> | null },
): Promise<ReceiveOutcome> {
  const { db } = services.database;
  const slot = await uploadSlotByTokenHash(db, hashUrlToken(token));
  if (!slot) return { kind: "unknown" };
  if (slot.uploadedAt !== null) return { kind: "used" };
  const boundary = multipartBoundary(request.contentType);
  const declared = Number(request.contentLength ?? "0");
  if (declared > slot.maxBytes + (boundary ? multipartOverhead : 0)) return { kind: "too_large", maxBytes: slot.maxBytes };

  const partial = partialPathOf(slot.id);
  if (!(await claimUploadSlot(db, slot.id, partial))) return { kind: "busy" };
  const absolute = (relative: string) => join(services.config.dataDir, relative);
  try {
    await mkdir(absolute("uploads"), { recursive: true });
    const body = request.body ?? (async function* () {})();
    let fileName: string | null | undefined;
    let size: number | undefined;
    if (boundary) {
      for await (const part of multipartParts(body, boundary)) {
        if (part.fileName === undefined) continue;
        fileName = part.fileName;
        size = await writeLimited(part.body, absolute(partial), slot.maxBytes);
        break;
      }
      if (size === undefined) throw new MultipartError("the multipart body has no file part");
    } else {
      fileName = dispositionFileName(request.contentDisposition) ?? slot.fileName;
      size = await writeLimited(body, absolute(partial), slot.maxBytes);
    }
    const name = safeFileName(fileName ?? undefined, `${slot.kind}-${slot.id}`);
    const path = `uploads/${slot.id}-${name}`;
    await rename(absolute(partial), absolute(path));
    return { kind: "stored", slot: await completeUpload(db, slot.id, { path, fileName: name, size }) };
  } catch (error) {
    await rm(absolute(partial), { force: true });
    await releaseUploadSlot(db, slot.id);
    if (error instanceof TooLargeError) return { kind: "too_large", maxBytes: error.maxBytes };
    if (error instanceof MultipartError) return { kind: "invalid", message: error.message };
    throw error;
  }
}

/**
 * At start-up, before anything is listening: uploads the last process was receiving when it stopped without its
 * graceful shutdown lose their partial files and free their URLs for the stations' retries.
 */
export async function recoverInterruptedUploads(services: Services): Promise<number> {
  const slotIds = await releaseInterruptedUploadSlots(services.database.db);
  for (const id of slotIds) await rm(join(services.config.dataDir, partialPathOf(id)), { force: true });
  if (slotIds.length > 0) services.log.warn("upload URLs freed after an interrupted upload", { count: slotIds.length });
  return slotIds.length;
}

/** A slot as the API shows it: never its token or path. */
export function uploadView(slot: UploadSlot) {
  const { id, stationId, kind, jobId, fileName, size, createdAt, uploadedAt } = slot;
  return { id, stationId, kind, jobId, fileName, size, createdAt, uploadedAt };
}

export async function uploadList(services: Services, filter: { stationId?: string; jobId?: number }, page: Page) {
  const { items, total } = await listUploadSlots(services.database.db, filter, page);
  return { items: items.map(uploadView), total };
}

/** A stored path relative to the data directory as an absolute path, or undefined when it would lead outside it. */
export function pathInDataDir(dataDir: string, relative: string): string | undefined {
  const root = resolve(dataDir);
  const absolute = resolve(root, relative);
  return absolute.startsWith(root + sep) ? absolute : undefined;
}

/** Where a received file is on disk, or undefined when the slot is unknown or nothing arrived yet. */
export async function uploadedFile(services: Services, id: number) {
  const slot = await uploadSlotById(services.database.db, id);
  if (!slot || slot.uploadedAt === null || slot.path === null) return undefined;
  const path = pathInDataDir(services.config.dataDir, slot.path);
  if (path === undefined) return undefined;
  return { path, fileName: slot.fileName ?? `${slot.kind}-${slot.id}`, size: slot.size ?? 0, stationId: slot.stationId, jobId: slot.jobId };
}
