import { readFile } from "node:fs/promises";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seed } from "../../../api/test/harness.ts";
import { axeViolations, type DashboardHarness, pageErrors, startDashboard } from "./harness.ts";

let h: DashboardHarness;

beforeAll(async () => {
  h = await startDashboard();
});
afterAll(async () => {
  await h?.close();
});

type Tenant = { tenantId: string; key: string };

const SKILL = {
  name: "Meal planning",
  instructions: "You are looking at a meal-planning add-on for $12/month.",
  questions: [
    {
      id: "pay",
      text: "Would you pay $12/month for it?",
      outputFormat: { type: "single_choice", options: ["Yes", "No"] },
    },
    { id: "fair", text: "How fair is the price?", outputFormat: { type: "likert", scale: 5 } },
  ],
};

async function ok(method: string, path: string, key: string, body?: unknown) {
  const res = await h.s.request(method, path, { key, body });
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${res.text}`);
  return res.body;
}

/** Personas in two cohorts, a population of both, and the skill: what a study needs. */
async function seedPanel(t: Tenant, perCohort: number) {
  const cohorts: string[] = [];
  for (const [c, name] of ["Younger", "Older"].entries()) {
    const ids: string[] = [];
    for (let i = 0; i < perCohort; i++) {
      const body = await ok("POST", "/personas", t.key, {
        seed: seed({ firstName: `${name}${i}`, age: c === 0 ? 22 + i : 60 + i }),
      });
      ids.push(body.persona.id);
    }
    cohorts.push((await ok("POST", "/cohorts", t.key, { name, include: ids })).cohort.id);
  }
  const population = (
    await ok("POST", "/populations", t.key, {
      name: "Panel",
      cohorts: cohorts.map((cohortId) => ({ cohortId, weight: 1 })),
      sampling: { rule: "all" },
    })
  ).population;
  const skill = (await ok("POST", "/skills", t.key, SKILL)).skill;
  return { population, skill };
}

async function seedStudy(t: Tenant, perCohort: number) {
  const { population, skill } = await seedPanel(t, perCohort);
  return (await ok("POST", "/studies", t.key, { name: "Pricing", populationId: population.id, skillId: skill.id }))
    .study as { id: string; name: string };
}

/**
 * Every failed API response after the page opened, by URL (the harness leaves 4xx console messages out), except
 * the layout's tenant switcher's `GET /tenants`: a 403 for any key that is not an instance admin's.
 */
const failed = new WeakMap<Page, string[]>();

async function open(key: string, path: string): Promise<Page> {
  const page = await h.open(key, path);
  const list: string[] = [];
  failed.set(page, list);
  page.on("response", (r) => {
    if (r.status() >= 400 && !new URL(r.url()).pathname.startsWith("/tenants")) list.push(`${r.status()} ${r.url()}`);
  });
  page.setDefaultTimeout(120_000);
  return page;
}

async function audit(page: Page) {
  expect(await axeViolations(page)).toEqual([]);
  expect(pageErrors(page)).toEqual([]);
  expect(failed.get(page)).toEqual([]);
}

describe("studies", () => {
  it("creates a study, estimates and launches a run, follows it to the end and reads its results", {
    timeout: 240_000,
  }, async () => {
    const t = await h.s.newTenant();
    await seedPanel(t, 3);
    const page = await open(t.key, "/studies");

    // The empty list teaches, and its one action opens the form.
    await page.getByRole("heading", { name: "No studies yet" }).waitFor();
    await audit(page);
    await page.getByRole("button", { name: "Create your first study" }).click();
    const dialog = page.getByRole("dialog", { name: "New study" });
    await dialog.getByRole("button", { name: "Create study" }).click();
    await dialog.getByText("Give the study a name.").waitFor();
    await dialog.getByLabel("Name").fill("Would they pay $12?");
    await dialog.getByLabel("Decision it informs (optional)").fill("Launch the $12 plan or not");
    await dialog.getByRole("option", { name: "Panel (6 members)" }).waitFor({ state: "attached" });
    await dialog.getByLabel("Population").selectOption({ label: "Panel (6 members)" });
    await dialog.getByLabel("Skill").selectOption({ label: "Meal planning (2 questions)" });
    await dialog.getByLabel("Model").selectOption({ label: "person-run/simulator" });
    await audit(page);
    await dialog.getByRole("button", { name: "Create study" }).click();

    // The study: a dry run's plan before launching.
    await page.getByRole("heading", { level: 1, name: "Would they pay $12?" }).waitFor();
    await page.getByText("No run yet").waitFor();
    await page.getByText("Not enough runs for a trend").waitFor();
    expect(await page.getByRole("button", { name: "Launch run" }).isDisabled()).toBe(true);
    await page.getByLabel("Max concurrency").fill("0");
    await page.getByRole("button", { name: "Estimate cost" }).click();
    await page.getByText("A whole number from 1 to 1,000.").waitFor();
    await page.getByLabel("Max concurrency").fill("3");
    await page.getByLabel("Seed (optional)").fill("42");
    await page.getByRole("button", { name: "Estimate cost" }).click();
    const plan = page.getByRole("region", { name: "Estimated cost of this run" });
    await plan.waitFor();
    expect(await plan.textContent()).toContain("6 members × 1");
    expect(await plan.getByText("Credits").isVisible()).toBe(true);
    expect(await plan.getByText("Duration").isVisible()).toBe(true);
    await audit(page);
    await page.getByRole("button", { name: "Launch run" }).click();

    // The run: live progress to the end.
    await page.getByRole("heading", { level: 1, name: "Run of Would they pay $12?" }).waitFor();
    const bar = page.getByRole("progressbar", { name: "Tasks finished" });
    await bar.waitFor();
    await page.getByText("6 of 6 tasks finished (100%)").waitFor();
    await page.locator(".card-header .badge", { hasText: "succeeded" }).first().waitFor();
    expect(await bar.getAttribute("aria-valuenow")).toBe("100");
    expect(await page.locator("[aria-live=polite]", { hasText: "Run succeeded" }).count()).toBe(1);

    // Results: a CI chart (dots and rules) per question with a mean, distributions, quotes.
    const fair = page.locator("section.card", { has: page.getByRole("heading", { name: "How fair is the price?" }) });
    await fair.getByRole("heading", { name: "Mean and 95% confidence interval" }).waitFor();
    await fair.locator("figure.plot svg .ci-mean circle").first().waitFor();
    expect(await fair.locator("figure.plot svg").count()).toBeGreaterThanOrEqual(2);
    await fair.locator("figure.plot svg .ci-interval line").first().waitFor({ state: "attached" });
    const pay = page.locator("section.card", {
      has: page.getByRole("heading", { name: "Would you pay $12/month for it?" }),
    });
    await pay.locator("figure.plot svg .distribution-bar rect").first().waitFor();
    await page.getByRole("heading", { name: "Representative quotes" }).first().waitFor();
    const quote = page.locator("figure.quote").first();
    expect((await quote.locator("blockquote").textContent())?.length).toBeGreaterThan(0);
    expect(await quote.locator("figcaption").textContent()).toMatch(/— (Younger|Older)\d \w+, \d+, San Francisco/);
    await page.getByRole("heading", { name: "Significant differences between groups" }).waitFor();
    expect(await page.getByRole("table", { name: "Between-group tests for How fair is the price?" }).count()).toBe(1);

    // Grouping by another dimension asks the API again.
    await page.getByRole("checkbox", { name: "Age band" }).check();
    await fair.getByText("By age band").first().waitFor();

    // The CSV export, read through the SDK (it needs the key) and saved from a Blob URL.
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("button", { name: "Download CSV" }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^study-run-[0-9a-f-]+\.csv$/);
    const csv = await readFile(await download.path(), "utf8");
    const lines = csv.trim().split("\r\n");
    expect(lines[0]?.startsWith("task_id,persona_id,question_id,parsed,valid")).toBe(true);
    expect(lines).toHaveLength(1 + 6 * 2);
    await audit(page);

    // Back on the study, the run is listed.
    await page.getByRole("link", { name: "Back to Would they pay $12?" }).click();
    await page.getByRole("table", { name: "Runs of this study" }).getByText("succeeded").waitFor();
    await audit(page);
  });

  it("resumes a paused run to the end, and cancels another, from the run page's buttons", {
    timeout: 240_000,
  }, async () => {
    const t = await h.s.newTenant();
    const study = await seedStudy(t, 4);
    // Paused right after it starts (as the API's own tests do): one task at a time over 8 members.
    const first = (await ok("POST", `/studies/${study.id}/runs`, t.key, { maxConcurrency: 1 })).run;
    await ok("POST", `/studies/${study.id}/runs/${first.id}/control`, t.key, { action: "pause" });

    const page = await open(t.key, `/studies/${study.id}/runs/${first.id}`);
    await page.getByRole("heading", { level: 1, name: "Run of Pricing" }).waitFor();
    await page.locator(".card-header .badge", { hasText: "paused" }).waitFor();
    expect(await page.getByRole("button", { name: "Pause" }).count()).toBe(0);
    await audit(page);
    await page.getByRole("button", { name: "Resume" }).click();
    await page.locator(".card-header .badge", { hasText: "succeeded" }).waitFor();
    await page.getByText("8 of 8 tasks finished (100%)").waitFor();
    expect(await page.getByRole("button", { name: "Cancel run" }).count()).toBe(0);

    const second = (await ok("POST", `/studies/${study.id}/runs`, t.key, { maxConcurrency: 1 })).run;
    await ok("POST", `/studies/${study.id}/runs/${second.id}/control`, t.key, { action: "pause" });
    await page.goto(`${h.s.url}/dashboard/studies/${study.id}/runs/${second.id}`);
    await page.locator(".card-header .badge", { hasText: "paused" }).waitFor();
    await page.getByRole("button", { name: "Cancel run" }).click();
    const dialog = page.getByRole("dialog", { name: "Cancel this run?" });
    await audit(page);
    await dialog.getByRole("button", { name: "Cancel the run" }).click();
    await page.locator(".card-header .badge", { hasText: "cancelled" }).waitFor();
    expect(await page.getByRole("button", { name: "Resume" }).count()).toBe(0);
    await audit(page);

    // The study's trend has one succeeded run: not yet a trend.
    await page.goto(`${h.s.url}/dashboard/studies/${study.id}`);
    await page.getByText("One run so far.").waitFor();
  });

  it("draws the trend across two runs, edits and deletes the study", { timeout: 240_000 }, async () => {
    const t = await h.s.newTenant();
    const study = await seedStudy(t, 2);
    for (let i = 0; i < 2; i++) {
      const run = (await ok("POST", `/studies/${study.id}/runs`, t.key, { maxConcurrency: 4 })).run;
      // Follows the run's events to its end (a bound on a hang, not a timing expectation).
      await h.s.request("GET", `/studies/${study.id}/runs/${run.id}/events`, { key: t.key });
    }
    const page = await open(t.key, `/studies/${study.id}`);
    await page.getByText("2 succeeded runs, oldest first.").waitFor();
    await page.getByRole("heading", { name: "How fair is the price?" }).waitFor();
    await page.locator("figure.plot svg .trend-band path").first().waitFor({ state: "attached" });
    await page.locator("figure.plot svg .trend-mean path").first().waitFor({ state: "attached" });
    await audit(page);

    await page.getByRole("button", { name: "Edit", exact: true }).click();
    const edit = page.getByRole("dialog", { name: "Edit study" });
    await edit.getByLabel("Name").fill("Pricing, second look");
    await edit.getByLabel("Replicates").fill("2");
    await edit.getByRole("button", { name: "Save changes" }).click();
    await page.getByRole("heading", { level: 1, name: "Pricing, second look" }).waitFor();

    await page.getByRole("button", { name: "Delete", exact: true }).click();
    const del = page.getByRole("dialog", { name: "Delete “Pricing, second look”?" });
    await del.getByLabel(/Also delete its runs/).check();
    await del.getByRole("button", { name: "Delete study" }).click();
    await page.getByRole("heading", { name: "No studies yet" }).waitFor();
    await audit(page);
  });
});
