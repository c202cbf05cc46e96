// The raw ceiling for the load test: a bare Bun WebSocket server that answers every OCPP-J CALL with an empty
// CALLRESULT `[3, id, {}]`, parsing only enough of the frame to find the message id. No validation, no storage.
// Run as a child by bench/load.ts: `bun bench/echo-server.ts <port>`; GET /health answers 200.
const port = Number(process.argv[2] ?? 0);

/** The message id of a CALL frame `[2, "<id>", ...`, or undefined for anything else. */
function callId(frame: string): string | undefined {
  const open = frame.indexOf('"');
  if (open < 0 || !/^\[\s*2\s*,\s*$/.test(frame.slice(0, open))) return undefined;
  const close = frame.indexOf('"', open + 1);
  return close < 0 ? undefined : frame.slice(open + 1, close);
}

const server = Bun.serve({
  hostname: "127.0.0.1",
  port,
  fetch(request, server) {
    const { pathname } = new URL(request.url);
    if (pathname === "/health") return new Response("ok");
    if (pathname.startsWith("/ocpp/")) {
      const upgraded = server.upgrade(request, { headers: { "Sec-WebSocket-Protocol": "ocpp1.6" }, data: undefined });
      if (upgraded) return undefined;
    }
    return new Response("not found", { status: 404 });
  },
  websocket: {
    idleTimeout: 0,
    sendPings: false,
    perMessageDeflate: false,
    message(ws, message) {
      if (typeof message !== "string") return;
      const id = callId(message);
      if (id !== undefined) ws.send(`[3,"${id}",{}]`);
    },
  },
});

console.log(`echo server listening on ${server.port}`);
process.on("SIGTERM", () => {
  server.stop(true);
  process.exit(0);
});
