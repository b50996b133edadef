import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { axeViolations, type DashboardHarness, pageErrors, startDashboard } from "./harness.ts";

let h: DashboardHarness;

beforeAll(async () => {
  h = await startDashboard();
});
afterAll(async () => {
  await h?.close();
});

const seed = (firstName: string, age: number, baseOccupation: string, location: string) => ({
  seed: { firstName, lastName: "Tester", age, location, baseOccupation },
});

describe("dashboard populations and cohorts", () => {
  it("generates a census-matched population, follows its progress and shows the fit as a chart", {
    timeout: 180_000,
  }, async () => {
    const t = await h.s.newTenant();
    const page = await h.open(t.key, "/populations");
    await page.getByRole("heading", { name: "No populations yet" }).waitFor();
    expect(await axeViolations(page)).toEqual([]);

    await page.getByRole("link", { name: "Generate a census-matched population" }).first().click();
    await page.getByRole("heading", { name: "Generate a population", level: 1 }).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await page.getByLabel("Name", { exact: true }).fill("Small US panel");
    await page.getByLabel("Size", { exact: true }).fill("30");
    await page.getByLabel("Seed", { exact: true }).fill("2024");
    await page.getByRole("button", { name: "Generate" }).click();

    await page.getByRole("heading", { name: "Small US panel", level: 1 }).waitFor();
    // Followed until ready: the fit report's tab appears with one chart per variable.
    await page.getByRole("tab", { name: "Fit report" }).waitFor({ timeout: 120_000 });
    await page
      .getByRole("img", { name: /^Sex: achieved share/ })
      .or(page.locator('svg[aria-label^="Sex: achieved share"]'))
      .first()
      .waitFor();
    expect(await page.locator("figure.plot svg").count()).toBeGreaterThanOrEqual(5);
    const table = page.getByRole("table", { name: "Fit: target and achieved share per category" });
    expect(await table.textContent()).toContain("Age band");
    await page.getByText("Largest deviation", { exact: true }).waitFor();
    expect(await axeViolations(page)).toEqual([]);

    await page.getByRole("tab", { name: "Versions and members" }).click();
    const members = page.getByRole("table", { name: "Members of version 1" });
    await members.waitFor();
    expect(await members.getByRole("row").count()).toBe(31);
    expect(await axeViolations(page)).toEqual([]);

    await page.getByRole("link", { name: "All populations" }).click();
    const row = page.getByRole("row").filter({ hasText: "Small US panel" });
    await row.waitFor();
    expect(await row.textContent()).toContain("generated");
    expect(pageErrors(page)).toEqual([]);
  });

  it("builds a cohort from criteria, lists its members, and composes a population from it", {
    timeout: 120_000,
  }, async () => {
    const t = await h.s.newTenant();
    for (const body of [
      seed("Nora", 45, "Registered nurse", "Chicago, IL"),
      seed("Ned", 52, "Nurse practitioner", "Columbus, OH"),
      seed("Tara", 31, "Teacher", "Austin, TX"),
    ]) {
      const res = await h.s.request("POST", "/personas", { key: t.key, body });
      expect(res.status).toBe(201);
    }
    const page = await h.open(t.key, "/cohorts");
    await page.getByRole("heading", { name: "No cohorts yet" }).waitFor();
    expect(await axeViolations(page)).toEqual([]);

    await page.getByRole("link", { name: "New cohort" }).first().click();
    await page.getByRole("heading", { name: "New cohort", level: 1 }).waitFor();
    await page.getByLabel("Name", { exact: true }).fill("Nurses over 40");
    await page.getByLabel("Minimum age").fill("41");
    await page.getByLabel("Occupation contains").fill("nurse");
    await page.getByText("Matches personas with age ≥ 41, occupation contains nurse.").waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await page.getByRole("button", { name: "Create cohort" }).click();

    await page.getByRole("heading", { name: "Nurses over 40", level: 1 }).waitFor();
    const members = page.getByRole("table", { name: "Cohort members" });
    await members.waitFor();
    expect(await members.textContent()).toContain("Nora Tester");
    expect(await members.textContent()).toContain("Ned Tester");
    expect(await members.textContent()).not.toContain("Tara");
    await page.getByRole("heading", { name: "Members (2)" }).waitFor();
    expect(await axeViolations(page)).toEqual([]);

    await page.goto(`${h.s.url}/dashboard/populations/new`);
    await page.getByRole("heading", { name: "Compose a population", level: 1 }).waitFor();
    await page.getByLabel("Name", { exact: true }).fill("Nurse panel");
    await page.getByRole("button", { name: "Add a cohort" }).click();
    expect(await axeViolations(page)).toEqual([]);
    await page.getByRole("button", { name: "Create population" }).click();
    await page.getByRole("heading", { name: "Nurse panel", level: 1 }).waitFor();
    await page.getByRole("tab", { name: "Versions and members" }).click();
    const pm = page.getByRole("table", { name: "Members of version 1" });
    await pm.waitFor();
    expect(await pm.getByRole("row").count()).toBe(3);
    expect(await axeViolations(page)).toEqual([]);
    expect(pageErrors(page)).toEqual([]);
  });
});
