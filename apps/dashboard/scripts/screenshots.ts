/**
 * Screenshots of the dashboard's main pages for docs/ and the README: starts a real server on a fresh
 * embedded database, fills a workspace through the API (personas, a chat, a skill, a generated
 * population, a finished study), then captures each page in Debian's chromium at 1280×800.
 *
 *   npm run build:dashboard && npx tsx apps/dashboard/scripts/screenshots.ts   # writes docs/screenshots/*.png
 */
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const ROOT = fileURLToPath(new URL("../../../", import.meta.url));
const OUT = path.join(ROOT, "docs/screenshots");
const PORT = 18_000 + Math.floor(Math.random() * 1000);
const BASE = `http://127.0.0.1:${PORT}`;
const KEY = `pr_live_${"screenshots".padEnd(32, "0")}`;

async function api(method: string, url: string, body?: unknown) {
  const res = await fetch(`${BASE}${url}`, {
    method,
    headers: { authorization: `Bearer ${KEY}`, "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  // biome-ignore lint/suspicious/noExplicitAny: a script reading the API's JSON by field name
  const json = (await res.json()) as Record<string, any>;
  if (!res.ok) throw new Error(`${method} ${url}: ${res.status} ${JSON.stringify(json)}`);
  return json;
}

async function until<T>(what: string, f: () => Promise<T | undefined | null | false>, tries = 240): Promise<T> {
  for (let i = 0; i < tries; i++) {
    const v = await f();
    if (v) return v;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`gave up waiting for ${what}`);
}

const dataDir = mkdtempSync(path.join(tmpdir(), "pr-shots-"));
const server = spawn(process.execPath, [path.join(ROOT, "apps/api/bin/person-run.mjs"), "serve"], {
  env: {
    ...process.env,
    PORT: String(PORT),
    DATA_DIR: dataDir,
    PERSON_RUN_BOOTSTRAP_TENANT: "acme",
    PERSON_RUN_BOOTSTRAP_KEY: KEY,
    RATE_LIMIT_PER_MINUTE: "100000",
    LOG_LEVEL: "warn",
  },
  stdio: ["ignore", "inherit", "inherit"],
});

try {
  await until(
    "the server",
    () =>
      fetch(`${BASE}/health`).then(
        (r) => r.ok,
        () => false,
      ),
    120,
  );

  const seeds = [
    { firstName: "Aria", lastName: "Chen", age: 32, location: "San Francisco, CA", baseOccupation: "Product designer" },
    { firstName: "Marcus", lastName: "Bell", age: 47, location: "Columbus, OH", baseOccupation: "High-school teacher" },
    { firstName: "Lucía", lastName: "Ortega", age: 26, location: "Austin, TX", baseOccupation: "Nurse" },
  ];
  const personas = [];
  for (const seed of seeds) personas.push((await api("POST", "/personas", { seed })).persona);
  const aria = personas[0];
  let sessionId: string | undefined;
  for (const q of ["What do you usually cook on a weeknight?", "Would you pay for an app that plans meals?"]) {
    const r = await api("POST", "/personas/prompt", { personaId: aria.id, userPrompt: q, sessionId });
    sessionId = r.sessionId ?? r.session?.id ?? sessionId;
  }

  const skill = (
    await api("POST", "/skills", {
      name: "Meal planning at $12/month",
      instructions:
        "A meal-planning app: weekly menus fitted to your diet and budget, a shopping list sorted by aisle, 20-minute recipes. $12 a month after a 14-day free trial.",
      questions: [
        {
          id: "pay",
          text: "Would you pay $12 a month for it?",
          outputFormat: { type: "single_choice", options: ["Yes, right away", "Maybe, after the free trial", "No"] },
        },
        {
          id: "value",
          text: "How good a value is $12 a month for this?",
          outputFormat: { type: "likert", scale: 5, labels: ["Very poor value", "Excellent value"] },
        },
        { id: "why", text: "Why, {{firstName}}?", outputFormat: { type: "text", maxWords: 80 } },
      ],
    })
  ).skill;
  const population = (
    await api("POST", "/populations/generate", {
      name: "US adults (pilot panel)",
      size: 40,
      targets: "us-adults",
      seed: 2024,
    })
  ).population;
  await until(
    "the population",
    async () => (await api("GET", `/populations/${population.id}`)).population.status === "ready",
  );
  const study = (
    await api("POST", "/studies", {
      populationId: population.id,
      skillId: skill.id,
      name: "Would US adults pay $12/month for meal planning?",
      decision: "Launch the $12 plan, or price it lower",
    })
  ).study;
  const run = (await api("POST", `/studies/${study.id}/runs`, { maxConcurrency: 10, seed: 42 })).run;
  await until("the study run", async () => {
    const r = (await api("GET", `/studies/${study.id}/runs/${run.id}`)).run;
    return r.status === "succeeded" || r.status === "completed" || r.finishedAt;
  });

  mkdirSync(OUT, { recursive: true });
  const browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"],
  });
  /** What to do on a page before its picture: a chat exchange, or scrolling to the charts. */
  const before: Record<string, (page: import("playwright-core").Page) => Promise<void>> = {
    chat: async (page) => {
      await page.getByRole("textbox").last().fill("Would you pay $12 a month for an app that plans your meals?");
      await page.keyboard.press("Enter");
      await page
        .getByText(/Memories/i)
        .first()
        .waitFor({ timeout: 30_000 });
    },
    "study-results": async (page) => {
      await page.locator("figure.plot").first().waitFor({ timeout: 30_000 });
      await page
        .locator("figure.plot")
        .first()
        .evaluate((el) => el.scrollIntoView({ block: "start" }));
      await page.evaluate(() => window.scrollBy(0, -80));
    },
    persona: async (page) => {
      await page.getByRole("tab", { name: /Timeline/ }).click();
      await page.locator("figure.plot").first().waitFor({ timeout: 30_000 });
    },
  };
  const shots: Array<[string, string, string?]> = [
    ["overview", "/"],
    ["personas", "/personas"],
    ["persona", `/personas/${aria.id}`],
    ["chat", `/chat/${aria.id}`],
    ["studies", "/studies"],
    ["study-results", `/studies/${study.id}/runs/${run.id}`],
    ["populations", `/populations/${population.id}`],
    ["skills", `/skills/${skill.id}`],
    ["analytics", "/analytics"],
    ["models", "/models"],
    ["keys", "/keys"],
    ["overview-dark", "/", "dark"],
  ];
  for (const [name, url, scheme] of shots) {
    const context = await browser.newContext({
      viewport: { width: 1280, height: 800 },
      colorScheme: scheme === "dark" ? "dark" : "light",
      reducedMotion: "reduce",
    });
    await context.addInitScript(
      (k) => sessionStorage.setItem("person-run.session", JSON.stringify({ apiKey: k })),
      KEY,
    );
    const page = await context.newPage();
    await page.goto(`${BASE}/dashboard${url}`);
    await page.getByRole("navigation", { name: "Main" }).waitFor();
    await page.waitForLoadState("networkidle");
    await page
      .waitForFunction(() => !document.querySelector(".loading"), undefined, { timeout: 30_000 })
      .catch(() => {});
    await before[name]?.(page);
    await page.screenshot({ path: path.join(OUT, `${name}.png`) });
    console.log(`docs/screenshots/${name}.png`);
    await context.close();
  }
  await browser.close();
} finally {
  server.kill("SIGTERM");
  await new Promise((r) => server.once("exit", r));
  rmSync(dataDir, { recursive: true, force: true });
}
