import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import axe from "axe-core";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";
import { startTestServer, type TestServer } from "../../../api/test/harness.ts";

/**
 * The dashboard in a real browser: Debian's chromium driven by playwright-core (no browser download),
 * against a real server (the API test harness, embedded database) serving the built dashboard.
 * Each test file starts one server and one browser; each test makes its own tenant (`s.newTenant()`).
 * Without /usr/bin/chromium or the built dashboard these tests FAIL with the command that fixes it.
 */
export const CHROMIUM = "/usr/bin/chromium";
const DIST = fileURLToPath(new URL("../../dist/index.html", import.meta.url));

export interface DashboardHarness {
  s: TestServer;
  browser: Browser;
  /** A signed-in page (a new context: its own sessionStorage) at `path` under /dashboard. */
  open(key: string, path?: string, opts?: { colorScheme?: "light" | "dark"; width?: number }): Promise<Page>;
  close(): Promise<void>;
}

export async function startDashboard(): Promise<DashboardHarness> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} is missing: install Debian's chromium (apt-get install -y chromium)`);
  }
  if (!existsSync(DIST)) throw new Error("The dashboard is not built: run `npm run build:dashboard`");
  const s = await startTestServer();
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
    ],
  });
  const contexts: BrowserContext[] = [];
  return {
    s,
    browser,
    async open(key, path = "/", opts = {}) {
      const context = await browser.newContext({
        viewport: { width: opts.width ?? 1280, height: 800 },
        colorScheme: opts.colorScheme ?? "light",
        reducedMotion: "reduce",
      });
      contexts.push(context);
      // Shorter than the test's own timeout, so a missing element fails with its locator named.
      context.setDefaultTimeout(20_000);
      // Signed in the way the sign-in form leaves it (signin.test.ts drives the form itself).
      await context.addInitScript((k) => {
        if (!sessionStorage.getItem("person-run.session")) {
          sessionStorage.setItem("person-run.session", JSON.stringify({ apiKey: k }));
        }
      }, key);
      const page = await context.newPage();
      trackErrors(page);
      await page.goto(`${s.url}/dashboard${path === "/" ? "/" : path}`);
      return page;
    },
    async close() {
      for (const c of contexts) await c.close().catch(() => undefined);
      await browser.close();
      await s.close();
    },
  };
}

const errors = new WeakMap<Page, string[]>();

/**
 * Uncaught exceptions and console errors of the page, collected since it opened. Chromium logs every
 * non-2xx response as a console error; a 4xx is an answer the page handles (a 403 for a permission the
 * key lacks, a 400 shown beside a form), so only 5xx responses count.
 */
export function pageErrors(page: Page): string[] {
  return errors.get(page) ?? [];
}

export function trackErrors(page: Page): void {
  const list: string[] = [];
  errors.set(page, list);
  page.on("pageerror", (e) => list.push(`pageerror: ${e.message}`));
  page.on("console", (m) => {
    const text = m.text();
    if (m.type() === "error" && !/^Failed to load resource: the server responded with a status of 4\d\d/.test(text)) {
      list.push(`console: ${text}`);
    }
  });
}

/**
 * axe-core on the page as it is now: the serious and critical violations, one line each (rule, impact,
 * first target). Evaluated through the DevTools protocol, which the page's CSP does not govern.
 */
export async function axeViolations(page: Page): Promise<string[]> {
  await page.evaluate(axe.source);
  return page.evaluate(async () => {
    const w = window as unknown as { axe: typeof axe };
    const result = await w.axe.run(document, { resultTypes: ["violations"] });
    return result.violations
      .filter((v) => v.impact === "serious" || v.impact === "critical")
      .map((v) => `${v.id} (${v.impact}): ${v.nodes[0]?.target.join(" ") ?? ""} — ${v.help}`);
  });
}
