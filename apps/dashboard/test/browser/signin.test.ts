import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { axeViolations, type DashboardHarness, pageErrors, startDashboard, trackErrors } from "./harness.ts";

let h: DashboardHarness;

beforeAll(async () => {
  h = await startDashboard();
});
afterAll(async () => {
  await h?.close();
});

async function signInPage(): Promise<Page> {
  const context = await h.browser.newContext({ viewport: { width: 1280, height: 800 } });
  context.setDefaultTimeout(20_000);
  const page = await context.newPage();
  trackErrors(page);
  await page.goto(`${h.s.url}/dashboard/`);
  return page;
}

describe("dashboard sign-in", () => {
  it("signs in with a key, keeps it for the tab, and signs out", async () => {
    const t = await h.s.newTenant();
    const page = await signInPage();
    await expect(page.getByRole("heading", { name: "Sign in to person.run" }).isVisible()).resolves.toBe(true);
    expect(await axeViolations(page)).toEqual([]);

    await page.getByLabel("API key").fill(t.key);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("navigation", { name: "Main" }).waitFor();
    expect(await page.evaluate(() => sessionStorage.getItem("person-run.session"))).toContain(t.key);

    // A reload keeps the session (sessionStorage); a deep link is served by the SPA fallback.
    await page.goto(`${h.s.url}/dashboard/keys`);
    await page.getByRole("navigation", { name: "Main" }).waitFor();

    await page.getByRole("button", { name: "Sign out" }).click();
    await page.getByRole("heading", { name: "Sign in to person.run" }).waitFor();
    expect(await page.evaluate(() => sessionStorage.getItem("person-run.session"))).toBeNull();
    expect(pageErrors(page)).toEqual([]);
  });

  it("refuses a wrong key and a publishable key with a clear message", async () => {
    const page = await signInPage();
    await page.getByLabel("API key").fill("pr_live_doesnotexist000000000000000000");
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByText("This key was not accepted").waitFor();
    await page.getByLabel("API key").fill("pk_live_abc");
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByText("That is a publishable key").waitFor();
    expect(await page.evaluate(() => sessionStorage.getItem("person-run.session"))).toBeNull();
  });

  it("acts on the key's own tenant and never asks for the tenants list", async () => {
    const t = await h.s.newTenant();
    const page = await signInPage();
    const asked: string[] = [];
    page.on("request", (r) => {
      if (new URL(r.url()).pathname === "/tenants") asked.push(r.url());
    });
    await page.getByLabel("API key").fill(t.key);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Analytics" }).click();
    await page.getByRole("heading", { name: "Analytics", level: 1 }).waitFor();
    expect(await page.getByLabel("Tenant").count()).toBe(0);
    expect(asked).toEqual([]);
  });
});
