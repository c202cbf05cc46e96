// The station handshake: endpoint paths, id checks, subprotocol, unknown stations, replacement, shutdown.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { bootPayload, closed, newStation, startTestJoule, type TestJoule } from "./support/joule.ts";

let t: TestJoule;
let base: string;
beforeAll(async () => {
  t = await startTestJoule();
  base = `127.0.0.1:${t.joule.httpPort}`;
  await t.addStation("HS-1");
});
afterAll(() => t.stop());

/** A raw upgrade request, to see the HTTP status of a refusal. */
async function upgrade(path: string, protocol: string | null = "ocpp1.6"): Promise<number> {
  const response = await fetch(`http://${base}${path}`, {
    headers: {
      connection: "Upgrade",
      upgrade: "websocket",
      "sec-websocket-version": "13",
      "sec-websocket-key": btoa("0123456789abcdef"),
      ...(protocol ? { "sec-websocket-protocol": protocol } : {}),
    },
  });
  return response.status;
}

describe("refusals", () => {
  test("empty, over-long and control-character ids get 400", async () => {
    expect(await upgrade("/ocpp")).toBe(400);
    expect(await upgrade("/ocpp/")).toBe(400);
    expect(await upgrade("/steve/websocket/CentralSystemService/")).toBe(400);
    expect(await upgrade(`/ocpp/${"A".repeat(49)}`)).toBe(400);
    expect(await upgrade("/ocpp/bad%0Aid")).toBe(400);
  });

  test("no ocpp1.6 subprotocol offered gets 400", async () => {
    expect(await upgrade("/ocpp/HS-1", null)).toBe(400);
    expect(await upgrade("/ocpp/HS-1", "ocpp2.0.1")).toBe(400);
  });

  test("a plain HTTP request to the endpoint gets 426", async () => {
    expect((await fetch(`http://${base}/ocpp/HS-1`)).status).toBe(426);
  });

  test("an unknown station gets 404 and is recorded with attempts and address", async () => {
    const station = newStation({ endpoint: `ws://${base}/ocpp`, identity: "STRANGER", protocols: ["ocpp1.6"], reconnect: false });
    await expect(station.connect()).rejects.toMatchObject({ code: 404 });
    await expect(station.connect()).rejects.toMatchObject({ code: 404 });
    const [row] = (await t.joule.services.database.client.execute("SELECT * FROM unknown_stations WHERE id = 'STRANGER'")).rows;
    expect(row).toMatchObject({ attempts: 2, last_address: "127.0.0.1" });
  });
});

describe("accepted connections", () => {
  test("the 101 answer names exactly ocpp1.6 even when other protocols come first", async () => {
    const station = newStation({
      endpoint: `ws://${base}/ocpp`,
      identity: "HS-1",
      protocols: ["ocpp2.0.1", "ocpp1.6"],
      reconnect: false,
    });
    await station.connect();
    expect(station.protocol).toBe("ocpp1.6");
    await station.close({ force: true });
  });

  test("a percent-encoded id is decoded", async () => {
    await t.addStation("HS 2/ü");
    const station = await t.connect("HS 2/ü"); // ocpp-rpc percent-encodes the identity into the URL
    expect((await station.call("BootNotification", bootPayload)).status).toBe("Accepted");
    const [row] = (await t.joule.services.database.client.execute("SELECT charge_point_vendor FROM stations WHERE id = 'HS 2/ü'")).rows;
    expect(row!.charge_point_vendor).toBe("Acme");
  });

  test("SteVe's endpoint path reaches the same station", async () => {
    const station = await t.connect("HS-1", { endpoint: `ws://${base}/steve/websocket/CentralSystemService` });
    expect((await station.call("Heartbeat", {})).currentTime).toBeString();
    await station.close({ force: true });
  });

  test("a new connection for the same id replaces the old one", async () => {
    const first = await t.connect("HS-1");
    const firstClosed = closed(first);
    const second = await t.connect("HS-1");
    expect((await firstClosed).code).toBe(1008);
    expect((await second.call("Heartbeat", {})).currentTime).toBeString();
    expect(t.joule.services.registry.isConnected("HS-1")).toBe(true);
    await second.close({ force: true });
  });

  test("auto-registration registers an unknown station on its first connection", async () => {
    const auto = await startTestJoule({ JOULE_AUTO_REGISTER: "true" });
    try {
      const station = await auto.connect("NEWCOMER");
      expect((await station.call("BootNotification", bootPayload)).status).toBe("Accepted");
      const response = await auto.api("GET", "/api/v1/stations/NEWCOMER");
      expect(response.status).toBe(200);
      expect((await response.json()).connected).toBe(true);
    } finally {
      await auto.stop();
    }
  });
});

describe("liveness and shutdown", () => {
  test("a station that stops answering pings is dropped", async () => {
    const pinging = await startTestJoule({ JOULE_PING_INTERVAL: "1" });
    try {
      await pinging.addStation("SILENT");
      const station = await pinging.connect("SILENT");
      // Stop the client's socket from answering pings: pause the underlying TCP stream.
      (station as unknown as { _ws: { _socket: { pause(): void } } })._ws._socket.pause();
      const deadline = Date.now() + 5000;
      while (pinging.joule.services.registry.isConnected("SILENT") && Date.now() < deadline) await Bun.sleep(100);
      expect(pinging.joule.services.registry.isConnected("SILENT")).toBe(false);
      expect(pinging.logLines.some((l) => l.includes("missed its ping"))).toBe(true);
    } finally {
      await pinging.stop();
    }
  });

  test("the pings of an interval are spread over its seconds, each station pinged once per interval", async () => {
    const quiet = await startTestJoule({ JOULE_PING_INTERVAL: "0" }); // no timer: the seconds are stepped by hand
    try {
      const pings: number[] = [];
      for (let i = 0; i < 6; i++) {
        await quiet.addStation(`SPREAD-${i}`);
        const station = await quiet.connect(`SPREAD-${i}`);
        pings.push(0);
        (station as unknown as { _ws: { on(event: "ping", listener: () => void): void } })._ws.on("ping", () => pings[i]!++);
      }
      const pinged = async () => {
        await Bun.sleep(100);
        return pings.reduce((sum, n) => sum + n, 0);
      };
      const perSecond: number[] = [];
      for (let second = 0; second < 3; second++) {
        const before = await pinged();
        quiet.joule.services.registry.checkAliveInSlot(second, 3);
        perSecond.push((await pinged()) - before);
      }
      expect(perSecond).toEqual([2, 2, 2]);
      expect(pings).toEqual([1, 1, 1, 1, 1, 1]);
    } finally {
      await quiet.stop();
    }
  });

  test("/health is 200 when ready; shutdown closes station sockets with 1001", async () => {
    const stopping = await startTestJoule();
    await stopping.addStation("BYE");
    const station = await stopping.connect("BYE");
    const health = await fetch(`http://127.0.0.1:${stopping.joule.httpPort}/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: "ok", database: "ok" });
    const closing = closed(station);
    await stopping.joule.stop();
    expect((await closing).code).toBe(1001);
    await stopping.stop();
  });

  test("/health answers 503 while the server is not ready (starting or shutting down)", async () => {
    t.joule.services.lifecycle.ready = false;
    try {
      const health = await fetch(`http://${base}/health`);
      expect(health.status).toBe(503);
      expect((await health.json()).status).toBe("unavailable");
    } finally {
      t.joule.services.lifecycle.ready = true;
    }
  });
});
