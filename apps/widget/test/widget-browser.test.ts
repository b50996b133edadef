import { existsSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import axe from "axe-core";
import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seed, startTestServer, type TestServer } from "../../api/test/harness.ts";

/**
 * The embed widget in a real browser (Debian's chromium driven by playwright-core; no browser download):
 * a page on a second origin (allowed by the publishable key) chats with a persona, streamed; a page on a
 * third origin (not allowed) shows a clear error; Escape closes and focus returns; axe finds no serious
 * or critical violation. Without /usr/bin/chromium this file FAILS: install it (`apt-get install -y chromium`).
 */

const CHROMIUM = "/usr/bin/chromium";
const WIDGET_ROOT = "[data-person-run-widget]";

let s: TestServer;
let browser: Browser;
let allowed: { server: Server; origin: string };
let refused: { server: Server; origin: string };
let owner: string;
let personaId: string;
let pk: string;

/** A tiny page server on its own port: another origin than the API's (localhost vs 127.0.0.1). */
async function pageServer(html: () => string): Promise<{ server: Server; origin: string }> {
  const server = createServer((req, res) => {
    if (req.url === "/favicon.ico") {
      res.writeHead(204).end();
      return;
    }
    res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(html());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  return { server, origin: `http://localhost:${(server.address() as AddressInfo).port}` };
}

const pageHtml = (extra = "") => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Shop</title>
<style>body { font-family: Georgia, serif; color: rgb(200, 0, 0); } button { background: rgb(0, 128, 0); }</style></head>
<body><main><h1>Our shop</h1><p>Welcome to the test page.</p></main>
<script src="${s.url}/widget.js" data-persona-id="${personaId}" data-key="${pk}" ${extra} async></script>
</body></html>`;

/** The widget's shadow root's focused element, as `tag#id.class`. */
const focused = (page: Page) =>
  page.evaluate((sel) => {
    const el = document.querySelector(sel)?.shadowRoot?.activeElement;
    return el ? `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ""}.${el.className}` : null;
  }, WIDGET_ROOT);

async function openWidget(page: Page, origin: string) {
  await page.goto(origin);
  const launcher = page.getByRole("button", { name: "Open chat", exact: false }).and(page.locator("button.launcher"));
  await launcher.click();
  return launcher;
}

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `${CHROMIUM} is missing: install Debian's chromium (apt-get install -y chromium) to run the widget's browser tests`,
    );
  }
  s = await startTestServer();
  const t = await s.newTenant();
  owner = t.key;
  const created = await s.request("POST", "/personas", { key: owner, body: { seed: seed({ firstName: "Maya" }) } });
  personaId = created.body.persona.id;
  allowed = await pageServer(() => pageHtml());
  refused = await pageServer(() => pageHtml());
  const key = await s.request("POST", "/keys", {
    key: owner,
    body: { name: "test page", type: "publishable", personaIds: [personaId], allowedOrigins: [allowed.origin] },
  });
  expect(key.status, key.text).toBe(201);
  pk = key.body.secret;
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox", "--disable-gpu"] });
});

afterAll(async () => {
  await browser?.close();
  for (const p of [allowed, refused]) if (p) await new Promise((r) => p.server.close(r));
  await s?.close();
});

describe("the widget on a page of an allowed origin", () => {
  it("opens, streams an answer, closes with Escape and gives focus back to the launcher", async () => {
    const page = await browser.newPage();
    page.setDefaultTimeout(15_000);
    const launcher = await openWidget(page, allowed.origin);
    expect(await launcher.getAttribute("aria-expanded")).toBe("true");
    const dialog = page.getByRole("dialog", { name: "Chat with Maya" });
    await dialog.waitFor();
    // Focus moved into the panel, on the message box.
    expect(await focused(page)).toBe("textarea#prw-input.");
    await page.getByText("Hi, I'm Maya. Ask me anything.").waitFor();

    await page.getByLabel("Your message").fill("What do you do on weekends?");
    await page.getByRole("button", { name: "Send" }).click();
    await page.getByText("What do you do on weekends?").waitFor();
    // The answer streams into the live log; once done its text is the recorded turn's.
    const log = page.getByRole("log");
    expect(await log.getAttribute("aria-live")).toBe("polite");
    const answer = log.locator(".msg.persona").nth(1);
    await answer.and(page.locator(":not([aria-busy])")).waitFor();
    const shown = (await answer.locator(".text").textContent()) ?? "";
    expect(shown.length).toBeGreaterThan(0);
    const sessions = await s.request("GET", "/personas/prompt/sessions", { key: owner });
    const session = await s.request("GET", `/personas/prompt/sessions/${sessions.body.sessions[0].id}`, { key: owner });
    expect(session.body.turns.at(-1).response).toBe(shown);

    await page.keyboard.press("Escape");
    await dialog.waitFor({ state: "hidden" });
    expect(await launcher.getAttribute("aria-expanded")).toBe("false");
    expect(await focused(page)).toBe("button.launcher");
    await page.close();
  });

  it("keeps its styles and the page's apart (shadow DOM), and follows data attributes and the JS API", async () => {
    const page = await browser.newPage();
    page.setDefaultTimeout(15_000);
    await page.goto(allowed.origin);
    const launcher = page.getByRole("button", { name: "Open chat", exact: false }).and(page.locator("button.launcher"));
    await launcher.waitFor();
    // The page's `button { background: green }` does not reach the widget's launcher, nor its font the panel.
    expect(await launcher.evaluate((b) => getComputedStyle(b).backgroundColor)).toBe("rgb(67, 56, 202)");
    // The widget's styles do not reach the page.
    expect(await page.locator("h1").evaluate((h) => getComputedStyle(h).color)).toBe("rgb(200, 0, 0)");
    await page.evaluate(() =>
      window.PersonRunWidget?.configure({ title: "Talk to Maya", color: "rgb(190, 18, 60)", position: "left" }),
    );
    expect(await launcher.evaluate((b) => getComputedStyle(b).backgroundColor)).toBe("rgb(190, 18, 60)");
    await page.evaluate(() => window.PersonRunWidget?.open());
    await page.getByRole("dialog", { name: "Talk to Maya" }).waitFor();
    const box = await page.locator(WIDGET_ROOT).boundingBox();
    expect(box).not.toBeNull();
    expect(box?.x ?? Number.POSITIVE_INFINITY).toBeLessThan(100);
    await page.evaluate(() => window.PersonRunWidget?.close());
    await page.getByRole("dialog").waitFor({ state: "hidden" });
    await page.close();
  });

  it("has no serious or critical accessibility violations (axe), closed and open", async () => {
    const page = await browser.newPage();
    page.setDefaultTimeout(15_000);
    await page.goto(allowed.origin);
    await page.getByRole("button", { name: "Open chat", exact: false }).and(page.locator("button.launcher")).waitFor();
    await page.addScriptTag({ content: axe.source });
    const serious = async () => {
      const result = await page.evaluate(() => (window as unknown as { axe: typeof axe }).axe.run(document));
      return result.violations
        .filter((v) => v.impact === "serious" || v.impact === "critical")
        .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
    };
    expect(await serious()).toEqual([]);
    await page.getByRole("button", { name: "Open chat", exact: false }).and(page.locator("button.launcher")).click();
    await page.getByText("Hi, I'm Maya. Ask me anything.").waitFor();
    expect(await serious()).toEqual([]);
    await page.close();
  });
});

describe("the widget on a page of an origin the key does not allow", () => {
  it("shows a clear error, and the API refused the origin", async () => {
    const page = await browser.newPage();
    page.setDefaultTimeout(15_000);
    const failed = page.waitForEvent("requestfailed", (r) => r.url().includes("/widget/v1/config"));
    await openWidget(page, refused.origin);
    await failed;
    await page.getByRole("alert").filter({ hasText: "not available on this page" }).waitFor();
    await page.close();
    const res = await s.request("GET", "/widget/v1/config", {
      key: pk,
      query: { personaId },
      headers: { origin: refused.origin },
    });
    expect(res.status).toBe(403);
    expect(res.body.error).toContain("allowedOrigins");
  });
});
