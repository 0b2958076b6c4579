// What every dashboard script shares: its "--name value" arguments, and Debian's headless Chromium driven through
// Playwright in a throw-away profile. A script's body gets the page and the list of errors the page reported; any
// failure (the body's or the page's) prints "FAIL <why>" and makes the script exit 1.
import { chromium } from "playwright-core";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export const args = Object.fromEntries(process.argv.slice(2).reduce((pairs, a, i, all) =>
  a.startsWith("--") ? [...pairs, [a.slice(2), all[i + 1]]] : pairs, []));

/** Runs body(page, pageErrors) in a fresh Chromium; consoleErrors: count the console's errors as the page's too. */
export async function drive({ height = 1600, consoleErrors = false } = {}, body) {
  const profile = mkdtempSync(join(tmpdir(), "prosync-chromium-"));
  let context;
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath: args.chromium || "/usr/bin/chromium",
      headless: true,
      viewport: { width: 1360, height },
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    });
    const page = context.pages()[0] || await context.newPage();
    const pageErrors = [];
    page.on("pageerror", (e) => pageErrors.push(e.message));
    if (consoleErrors) page.on("console", (m) => { if (m.type() === "error") pageErrors.push(m.text()); });
    await body(page, pageErrors);
    if (pageErrors.length) throw new Error(`the page reported errors: ${pageErrors.join("; ")}`);
  } catch (e) {
    console.log(`FAIL ${e && e.message ? e.message.split("\n")[0] : e}`);
    process.exitCode = 1;
  } finally {
    if (context) await context.close().catch(() => {});
    rmSync(profile, { recursive: true, force: true });
  }
}
