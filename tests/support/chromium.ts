// Launches Debian's Chromium (never a browser downloaded by Playwright) headless for the end-to-end tests.
import { existsSync } from "node:fs";
import { chromium, type Browser } from "playwright-core";

export const installHint =
  "Install Debian's Chromium with `apt-get update && apt-get install -y chromium` (.ci/run does this when it is missing), " +
  "or point JOULE_CHROMIUM at a Chromium or Chrome executable.";

/** The Chromium to drive: JOULE_CHROMIUM if set (it must exist), else /usr/bin/chromium, else `chromium` on PATH. */
export function findChromium(env: Record<string, string | undefined> = process.env): string | undefined {
  const chosen = env.JOULE_CHROMIUM?.trim();
  if (chosen) return existsSync(chosen) ? chosen : undefined;
  if (existsSync("/usr/bin/chromium")) return "/usr/bin/chromium";
  return Bun.which("chromium") ?? undefined;
}

/** Launches headless Chromium, or throws saying how to install it: the end-to-end tests fail without one, never skip. */
export async function launchChromium(): Promise<Browser> {
  const executablePath = findChromium();
  if (!executablePath) {
    const chosen = process.env.JOULE_CHROMIUM?.trim();
    throw new Error(`${chosen ? `JOULE_CHROMIUM=${chosen} does not exist` : "No Chromium found"}. ${installHint}`);
  }
  // Chromium's sandbox refuses to start as root (CI and these machines run as root).
  const asRoot = process.getuid?.() === 0;
  return chromium.launch({ executablePath, headless: true, args: asRoot ? ["--no-sandbox"] : [] });
}
