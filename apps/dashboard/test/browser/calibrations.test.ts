import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { axeViolations, type DashboardHarness, pageErrors, startDashboard } from "./harness.ts";

let h: DashboardHarness;

beforeAll(async () => {
  h = await startDashboard();
});
afterAll(async () => {
  await h?.close();
});

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
  page.setDefaultTimeout(150_000);
  return page;
}

async function audit(page: Page) {
  expect(await axeViolations(page)).toEqual([]);
  expect(pageErrors(page)).toEqual([]);
  expect(failed.get(page)).toEqual([]);
}

describe("calibrations", () => {
  it("creates a small calibration from the UI, follows it and renders its report", { timeout: 300_000 }, async () => {
    const t = await h.s.newTenant();
    const page = await open(t.key, "/calibrations");
    await page.getByRole("heading", { name: "No calibrations yet" }).waitFor();
    await audit(page);

    await page.getByRole("button", { name: "Run your first calibration" }).click();
    const dialog = page.getByRole("dialog", { name: "New calibration" });
    await dialog.getByLabel("Population size").fill("10");
    await dialog.getByLabel("Items").fill("happy, happy");
    await dialog.getByRole("button", { name: "Start calibration" }).click();
    await dialog.getByText("Choose the model to calibrate.").waitFor();
    await dialog.getByText("HAPPY is listed twice.").waitFor();
    await dialog.getByText("A whole number of members from 20 to 5,000.").waitFor();
    await audit(page);

    await dialog.getByRole("option", { name: "person-run/simulator" }).waitFor({ state: "attached" });
    await dialog.getByLabel("Model").selectOption({ label: "person-run/simulator" });
    await dialog.getByLabel("Items").fill("HAPPY, trust, fear");
    await dialog.getByLabel("Population size").fill("40");
    await dialog.getByRole("button", { name: "Start calibration" }).click();

    await page.getByRole("heading", { level: 1, name: "Calibration of person-run/simulator" }).waitFor();
    await page.getByRole("list", { name: "Stages" }).waitFor();
    // Followed until the report is written.
    await page.getByRole("heading", { name: "Skill scores" }).waitFor();
    await page.getByText("The simulator is not a real model.").waitFor();
    await page.locator(".card-header .badge", { hasText: "succeeded" }).waitFor();

    const skill = page.getByRole("table", { name: "Skill scores against the two baselines" });
    expect(await skill.getByRole("row").count()).toBe(5);
    expect(await skill.getByText("headline", { exact: true }).count()).toBe(1);
    const items = page.getByRole("table", { name: "Distances per item" });
    expect(await items.getByRole("row").count()).toBe(4);
    for (const id of ["HAPPY", "TRUST", "FEAR"]) expect(await items.getByRole("cell", { name: id }).count()).toBe(1);
    await page.locator("figure.plot svg .item-distance path").first().waitFor({ state: "attached" });

    // The table sorts by a header button.
    await items.getByRole("button", { name: /^Item/ }).click();
    expect(await items.getByRole("row").nth(1).getByRole("cell").first().textContent()).toContain("FEAR");
    // The chart switches distance.
    await page.getByRole("tab", { name: "TVD" }).click();
    await page.getByRole("figure").filter({ hasText: "sampling floor" }).first().waitFor();
    await audit(page);

    // The list shows it with its headline score.
    await page.getByRole("link", { name: "All calibrations" }).click();
    const list = page.getByRole("table", { name: "Calibrations" });
    await list.getByText("person-run/simulator").waitFor();
    await list.getByText("succeeded").waitFor();
    await audit(page);
  });
});
