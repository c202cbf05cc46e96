// Files handed to the operator's browser.
/**
 * A stored file sent as a download: never rendered by the browser (octet-stream, nosniff), never cached, and a file
 * name limited to safe characters so that it cannot break out of the header.
 */
export function attachment(file: { path: string; size: number; fileName: string }): Response {
  const name = file.fileName.replace(/[^A-Za-z0-9._-]/g, "_") || "download";
  return new Response(Bun.file(file.path), {
    headers: {
      "content-type": "application/octet-stream",
      "content-length": String(file.size),
      "content-disposition": `attachment; filename="${name}"`,
      "cache-control": "no-store",
      "x-content-type-options": "nosniff",
    },
  });
}
