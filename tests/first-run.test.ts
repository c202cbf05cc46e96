// `npm start` as a new user runs it: a real process, the default database location, the one-time API token.
import { afterAll, describe, expect, test } from "bun:test";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadConfig } from "../lib/config.ts";
import { runMain } from "./support/main.ts";

const root = join(import.meta.dir, "..");
const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "joule-run-"));
  dirs.push(dir);
  return dir;
}

describe("first run", () => {
  test("creates data/joule.db under the data dir, prints the URL and, only the first time, a token that works", async () => {
    const dataDir = tempDir();
    const first = await runMain({ JOULE_DATA_DIR: dataDir, JOULE_TLS_DIR: join(dataDir, "tls") });
    try {
      expect(first.output).toContain("Joule listening");
      expect(first.port).toBeGreaterThan(0);
      const token = /API token[^\n]*\n\s+(\S+)/.exec(first.output)?.[1];
      expect(token).toBeString();
      expect(existsSync(join(dataDir, "joule.db"))).toBe(true);
      const health = await fetch(`http://127.0.0.1:${first.port}/health`);
      expect(await health.json()).toMatchObject({ status: "ok", database: "ok", version: "0.1.0" });
      const withToken = await fetch(`http://127.0.0.1:${first.port}/api/v1/stations`, { headers: { authorization: `Bearer ${token}` } });
      expect(withToken.status).toBe(200);
      const withoutToken = await fetch(`http://127.0.0.1:${first.port}/api/v1/stations`);
      expect(withoutToken.status).toBe(401);
    } finally {
      first.proc.kill("SIGTERM");
      expect(await first.proc.exited).toBe(0); // graceful shutdown exits cleanly
    }
    const second = await runMain({ JOULE_DATA_DIR: dataDir, JOULE_TLS_DIR: join(dataDir, "tls") });
    try {
      expect(second.output).toContain("Joule listening");
      expect(second.output).not.toContain("API token");
    } finally {
      second.proc.kill("SIGINT");
      expect(await second.proc.exited).toBe(0);
    }
  });

  test("an invalid setting stops start-up with a message naming the variable", async () => {
    const proc = Bun.spawn([process.execPath, "run", "main.ts"], {
      cwd: root,
      env: { PATH: process.env.PATH ?? "", JOULE_DATA_DIR: tempDir(), JOULE_HTTP_PORT: "eighty" },
      stderr: "pipe",
      stdout: "pipe",
    });
    expect(await proc.exited).toBe(1);
    expect(await new Response(proc.stderr).text()).toContain("JOULE_HTTP_PORT");
  });
});

describe("configuration", () => {
  test("defaults", () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      host: "0.0.0.0",
      httpPort: 8080,
      autoRegister: false,
      heartbeatIntervalSeconds: 300,
      callTimeoutMs: 30_000,
      maxFrameBytes: 1024 * 1024,
      logLevel: "info",
    });
    expect(config.databaseUrl).toBe(`file:${join(process.cwd(), "data", "joule.db")}`);
  });

  test("a libSQL server URL is used as given", () => {
    expect(loadConfig({ JOULE_DATABASE_URL: "libsql://db.example.com" }).databaseUrl).toBe("libsql://db.example.com");
  });

  const invalid: [string, string][] = [
    ["JOULE_HTTP_PORT", "70000"],
    ["JOULE_HTTP_PORT", "-1"],
    ["JOULE_AUTO_REGISTER", "maybe"],
    ["JOULE_HEARTBEAT_INTERVAL", "0"],
    ["JOULE_CALL_TIMEOUT", "ten"],
    ["JOULE_MAX_FRAME_BYTES", "12"],
    ["JOULE_LOG_LEVEL", "loud"],
    ["JOULE_DATABASE_URL", "postgres://x"],
    ["JOULE_API_TOKEN", "short"],
  ];
  for (const [variable, value] of invalid) {
    test(`${variable}=${value} is refused, naming the variable`, () => {
      expect(() => loadConfig({ [variable]: value })).toThrow(variable);
    });
  }
});
