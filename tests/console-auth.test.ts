// The operator console's access control over real HTTP: first admin, login, session cookie, CSRF, roles, logout.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { safeNext } from "../lib/console/auth.ts";
import { startTestJoule, type TestJoule } from "./support/joule.ts";

describe("the first admin", () => {
  test("without JOULE_ADMIN_PASSWORD a password is generated once, stored only as a hash", async () => {
    const t = await startTestJoule();
    try {
      const password = t.joule.generatedAdminPassword;
      expect(password).toBeString();
      expect(password!.length).toBeGreaterThanOrEqual(20);
      const rows = await t.joule.services.database.client.execute("SELECT username, password_hash, role FROM operators");
      expect(rows.rows).toHaveLength(1);
      expect(rows.rows[0]!.username).toBe("admin");
      expect(rows.rows[0]!.role).toBe("admin");
      expect(String(rows.rows[0]!.password_hash)).not.toContain(password!);
      expect(await Bun.password.verify(password!, String(rows.rows[0]!.password_hash))).toBe(true);
      expect(t.logLines.join("\n")).not.toContain(password!);
    } finally {
      await t.stop();
    }
  });

  test("JOULE_ADMIN_USER / JOULE_ADMIN_PASSWORD name the first admin; nothing is generated", async () => {
    const t = await startTestJoule({ JOULE_ADMIN_USER: "root", JOULE_ADMIN_PASSWORD: "correct horse battery" });
    try {
      expect(t.joule.generatedAdminPassword).toBeUndefined();
      const rows = await t.joule.services.database.client.execute("SELECT username FROM operators");
      expect(rows.rows.map((r) => r.username)).toEqual(["root"]);
    } finally {
      await t.stop();
    }
  });
});

describe("safeNext", () => {
  test("keeps same-site paths, drops everything that could leave the site", () => {
    expect(safeNext("/stations?connected=yes")).toBe("/stations?connected=yes");
    expect(safeNext("/stations/CP%2F1")).toBe("/stations/CP%2F1");
    for (const bad of ["//evil.example", "https://evil.example/", "/\\evil.example", "evil.example", "/\t/evil.example", "", undefined, "/login"]) {
      expect(safeNext(bad)).toBeUndefined();
    }
  });
});
