// A running Joule with an admin and a viewer logged in to its console: the start of every console route test.
import { createOperator } from "../../db/operators.ts";
import { Browser } from "./browser.ts";
import { startTestJoule, type TestJoule } from "./joule.ts";

export const adminPassword = "admin password for tests";
export const viewerPassword = "viewer password 123";

export interface TestConsole {
  t: TestJoule;
  /** Logged in as "admin". */
  admin: Browser;
  /** Logged in as "watcher", role viewer. */
  viewer: Browser;
}

export async function startTestConsole(env: Record<string, string> = {}): Promise<TestConsole> {
  const t = await startTestJoule({ JOULE_ADMIN_PASSWORD: adminPassword, ...env });
  await createOperator(t.joule.services.database.db, {
    username: "watcher",
    passwordHash: await Bun.password.hash(viewerPassword),
    role: "viewer",
  });
  const admin = new Browser(t.joule.httpUrl);
  const viewer = new Browser(t.joule.httpUrl);
  for (const [browser, name, password] of [
    [admin, "admin", adminPassword],
    [viewer, "watcher", viewerPassword],
  ] as const) {
    const response = await browser.login(name, password);
    if (response.status !== 303) throw new Error(`console login of ${name}: ${response.status}`);
  }
  return { t, admin, viewer };
}
