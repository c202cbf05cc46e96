// A load-generator process for bench/tls-handshakes.ts. Reads its job as JSON from argv[2]:
//   {mode: "handshakes", port, ca, ciphers?, maxVersion?, cert?, key?, concurrency, seconds}
//     -> prints {handshakes, failures}
//   {mode: "idle-wss", port, ca, ids: string[]} -> opens one wss station per id, prints {open}, then stays idle
//     until stdin closes.
import { connect, type ConnectionOptions } from "node:tls";
import WebSocket from "ws";

const job = JSON.parse(process.argv[2]!);

async function handshakes(): Promise<void> {
  const options: ConnectionOptions = {
    host: "127.0.0.1",
    port: job.port,
    ca: job.ca,
    servername: "localhost",
    ciphers: job.ciphers,
    maxVersion: job.maxVersion,
    cert: job.cert,
    key: job.key,
  };
  let done = 0;
  let failures = 0;
  const deadline = Date.now() + job.seconds * 1000;
  const loop = async () => {
    while (Date.now() < deadline) {
      await new Promise<void>((resolve) => {
        // No session is offered back, so every connection is a full handshake.
        const socket = connect(options, () => {
          done++;
          socket.destroy();
          resolve();
        });
        socket.on("error", () => {
          failures++;
          resolve();
        });
      });
    }
  };
  await Promise.all(Array.from({ length: job.concurrency }, loop));
  console.log(JSON.stringify({ handshakes: done, failures }));
}

async function idle(): Promise<void> {
  let open = 0;
  const sockets: WebSocket[] = [];
  const batch = 50;
  for (let i = 0; i < job.ids.length; i += batch) {
    await Promise.all(
      job.ids.slice(i, i + batch).map(
        (id: string) =>
          new Promise<void>((resolve) => {
            const ws = new WebSocket(`wss://127.0.0.1:${job.port}/ocpp/${id}`, ["ocpp1.6"], { ca: job.ca, servername: "localhost" } as WebSocket.ClientOptions);
            ws.on("open", () => {
              open++;
              resolve();
            });
            ws.on("error", () => resolve());
            sockets.push(ws);
          }),
      ),
    );
  }
  console.log(JSON.stringify({ open }));
  for await (const _ of Bun.stdin.stream()) {
    // stay connected until the parent closes stdin
  }
  process.exit(0);
}

await (job.mode === "handshakes" ? handshakes() : idle());
