// multipart/form-data read as a stream: log files and firmware images can be large, and Request.formData() would
// hold the whole body in memory before any size limit could act.

export class MultipartError extends Error {}

export function multipartBoundary(contentType: string | undefined): string | undefined {
  const match = /^multipart\/form-data\s*;.*?\bboundary=(?:"([^"]+)"|([^\s;]+))/i.exec(contentType ?? "");
  return match ? (match[1] ?? match[2]) : undefined;
}

/** The file name of a Content-Disposition value: `filename*=UTF-8''...` wins over `filename="..."`. */
export function dispositionFileName(disposition: string | undefined): string | undefined {
  if (!disposition) return undefined;
  const extended = /\bfilename\*\s*=\s*[\w-]+'[^']*'([^;\s]+)/i.exec(disposition);
  if (extended) {
    try {
      return decodeURIComponent(extended[1]!);
    } catch {
      // fall through to the plain parameter
    }
  }
  const plain = /\bfilename\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;\s]+))/i.exec(disposition);
  return plain ? (plain[1]?.replace(/\\(.)/g, "$1") ?? plain[2]) : undefined;
}

export interface Part {
  /** The form field name. */
  name: string | undefined;
  /** Present for file parts. */
  fileName: string | undefined;
  /** The part's bytes; read it (or not) before asking for the next part. */
  body: AsyncGenerator<Uint8Array>;
}

const maxHeaderBytes = 16 * 1024;
const crlf = Buffer.from("\r\n");
const headerEnd = Buffer.from("\r\n\r\n");

/** The parts of a multipart body in order. A part body left unread is skipped (streamed past, not buffered). */
export async function* multipartParts(stream: AsyncIterable<Uint8Array>, boundary: string): AsyncGenerator<Part> {
  const input = stream[Symbol.asyncIterator]();
  let buffer = Buffer.alloc(0);
  const more = async (): Promise<boolean> => {
    const next = await input.next();
    if (next.done) return false;
    buffer = buffer.length === 0 ? Buffer.from(next.value) : Buffer.concat([buffer, next.value]);
    return true;
  };
  /** Reads until `marker` is in the buffer; its position, or -1 when the body ends first. */
  const find = async (marker: Buffer, limit: number): Promise<number> => {
    for (;;) {
      const at = buffer.indexOf(marker);
      if (at >= 0) return at;
      if (buffer.length > limit) throw new MultipartError("multipart headers too long");
      if (!(await more())) return -1;
    }
  };

  const opening = Buffer.from(`--${boundary}`);
  const delimiter = Buffer.from(`\r\n--${boundary}`);
  // The preamble before the first boundary is ignored, as RFC 2046 says.
  const first = await find(opening, maxHeaderBytes);
  if (first < 0) throw new MultipartError("no multipart boundary in the body");
  buffer = buffer.subarray(first + opening.length);

  for (;;) {
    while (buffer.length < 2) if (!(await more())) throw new MultipartError("the multipart body ends early");
    if (buffer.subarray(0, 2).toString() === "--") return; // the closing boundary
    const lineEnd = await find(crlf, maxHeaderBytes);
    if (lineEnd < 0) throw new MultipartError("the multipart body ends early");
    buffer = buffer.subarray(lineEnd + 2); // transport padding after the boundary
    let headersEnd: number;
    if (buffer.subarray(0, 2).equals(crlf)) {
      headersEnd = -2; // a part without headers
    } else {
      headersEnd = await find(headerEnd, maxHeaderBytes);
      if (headersEnd < 0) throw new MultipartError("the multipart body ends early");
    }
    const headers = new Map<string, string>();
    for (const line of buffer.subarray(0, Math.max(headersEnd, 0)).toString("utf8").split("\r\n")) {
      const colon = line.indexOf(":");
      if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
    }
    buffer = buffer.subarray(headersEnd + 4);

    let ended = false;
    const body = async function* (): AsyncGenerator<Uint8Array> {
      for (;;) {
        const at = buffer.indexOf(delimiter);
        if (at >= 0) {
          const chunk = buffer.subarray(0, at);
          buffer = buffer.subarray(at + delimiter.length);
          ended = true;
          if (chunk.length > 0) yield chunk;
          return;
        }
        // Everything but a tail that could be the start of the delimiter is part data.
        const keep = delimiter.length - 1;
        if (buffer.length > keep) {
          const chunk = buffer.subarray(0, buffer.length - keep);
          buffer = buffer.subarray(buffer.length - keep);
          yield chunk;
        }
        if (!(await more())) throw new MultipartError("the multipart body ends inside a part");
      }
    };
    const disposition = headers.get("content-disposition");
    const part: Part = {
      name: /\bname\s*=\s*(?:"([^"]*)"|([^;\s]+))/i.exec(disposition ?? "")?.slice(1).find((n) => n !== undefined),
      fileName: dispositionFileName(disposition),
      body: body(),
    };
    yield part;
    if (!ended) for await (const _ of part.body); // skip what the reader left
    if (!ended) throw new MultipartError("the multipart body ends inside a part");
  }
}

/** A small text field, refused beyond `maxBytes`. */
export async function partText(part: Part, maxBytes: number): Promise<string> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of part.body) {
    size += chunk.length;
    if (size > maxBytes) throw new MultipartError(`the field ${part.name ?? ""} is longer than ${maxBytes} bytes`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString("utf8");
}
