/**
 * Test helper: headless Chromium driven by playwright-core. The browser is Debian's `chromium`
 * (`.ci/run` installs it); playwright-core never downloads one. Tests skip, saying why, when it
 * is missing.
 */
import { type Browser, chromium, type Locator } from "playwright-core";

const CANDIDATES = [
  Deno.env.get("DENOFN_CHROMIUM"),
  "/usr/bin/chromium",
  "/usr/bin/chromium-browser",
];

/** The Chromium binary, or undefined when none is installed. */
export function chromiumPath(): string | undefined {
  for (const path of CANDIDATES) {
    try {
      if (path && Deno.statSync(path).isFile) return path;
    } catch { /* not there */ }
  }
  return undefined;
}

/** Launches headless Chromium (no sandbox: CI runs as root). Close it in a `finally`. */
export async function launchChromium(executablePath: string): Promise<Browser> {
  return await chromium.launch({
    executablePath,
    headless: true,
    args: ["--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu"],
  });
}

/** Waits until the locator's text matches `pattern` (the page updates itself meanwhile). */
export async function waitForText(locator: Locator, pattern: RegExp, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  let last = "";
  while (Date.now() < deadline) {
    last = (await locator.first().textContent({ timeout: 1000 }).catch(() => null)) ?? "";
    if (pattern.test(last)) return last;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(
    `Timed out waiting for ${pattern} in ${locator}; last text: ${last.slice(0, 300)}`,
  );
}
