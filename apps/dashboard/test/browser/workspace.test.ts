import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seed } from "../../../api/test/harness.ts";
import { axeViolations, type DashboardHarness, pageErrors, startDashboard } from "./harness.ts";

/** Keys, billing, models & pricing and analytics, driven in the browser as a tenant's owner would. */
let h: DashboardHarness;

beforeAll(async () => {
  h = await startDashboard();
});
afterAll(async () => {
  await h?.close();
});

describe("dashboard: workspace pages", { timeout: 90_000 }, () => {
  it("creates a secret key (shown once), which then works, and revokes it", async () => {
    const t = await h.s.newTenant();
    const page = await h.open(t.key, "/keys");
    await page.getByRole("heading", { name: "API keys", level: 1 }).waitFor();
    await page.getByRole("table", { name: "API keys" }).waitFor();
    expect(await axeViolations(page)).toEqual([]);

    await page.getByRole("button", { name: "Create key" }).first().click();
    const dialog = page.getByRole("dialog");
    await dialog.getByLabel("Name").fill("nightly export");
    await dialog.getByLabel("Profile").selectOption("read-only");
    expect(await axeViolations(page)).toEqual([]);
    await dialog.getByRole("button", { name: "Create key" }).click();
    const secretField = dialog.getByLabel('Secret of "nightly export"');
    await secretField.waitFor();
    const secret = await secretField.inputValue();
    expect(secret).toMatch(/^pr_live_/);
    // The new key authenticates, with its profile's permissions only.
    expect((await h.s.request("GET", "/personas", { key: secret })).status).toBe(200);
    expect((await h.s.request("GET", "/keys", { key: secret })).status).toBe(403);
    await dialog.getByRole("button", { name: "Done" }).click();

    const row = page.getByRole("row", { name: /nightly export/ });
    await row.waitFor();
    await row.getByRole("button", { name: "Revoke nightly export" }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Revoke key" }).click();
    await row.waitFor({ state: "detached" });
    expect((await h.s.request("GET", "/personas", { key: secret })).status).toBe(401);
    await page.getByLabel(/Show revoked and expired keys/).check();
    await page
      .getByRole("row", { name: /nightly export/ })
      .getByText("revoked")
      .waitFor();
    expect(pageErrors(page)).toEqual([]);
  });

  it("creates a publishable key for a persona and an origin, with the embed tag", async () => {
    const t = await h.s.newTenant();
    const persona = await h.s.request("POST", "/personas", { key: t.key, body: { seed: seed({ firstName: "Wren" }) } });
    const page = await h.open(t.key, "/keys");
    await page.getByRole("button", { name: "Create key" }).first().click();
    const dialog = page.getByRole("dialog");
    await dialog.getByLabel("Type").selectOption("publishable");
    await dialog.getByLabel("Name").fill("marketing site");
    await dialog.getByRole("button", { name: "Create key" }).click();
    await dialog.getByText("Choose the personas the widget may talk to.").waitFor();
    await dialog.getByRole("checkbox", { name: /Wren/ }).check();
    await dialog.getByLabel("Allowed origins").fill("https://www.example.com/path");
    await dialog.getByRole("button", { name: "Create key" }).click();
    await dialog.getByText(/is not an origin/).waitFor();
    await dialog.getByLabel("Allowed origins").fill("https://www.example.com");
    await dialog.getByRole("button", { name: "Create key" }).click();
    const snippet = await dialog.getByLabel(/Embed it/).inputValue();
    expect(snippet).toContain(`data-persona-id="${persona.body.persona.id}"`);
    expect(snippet).toMatch(/data-key="pk_live_\w+"/);
    expect(pageErrors(page)).toEqual([]);
  });

  it("shows billing, tops up credits and sets a limit", async () => {
    const t = await h.s.newTenant();
    const page = await h.open(t.key, "/billing");
    await page.getByText("Unlimited", { exact: true }).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await page.getByText("This workspace has unlimited credits").waitFor();

    await page.getByLabel("Credit balance").fill("100");
    await page.getByLabel("Monthly prompt limit").fill("1000");
    await page.getByRole("button", { name: "Save billing settings" }).click();
    await page.getByText("of 1,000").waitFor();
    await page.getByText("Prepaid credits left").waitFor();

    await page.getByLabel("Add credits").fill("-5");
    await page.getByRole("button", { name: "Top up" }).click();
    await page.getByText("A number of credits above 0.").waitFor();
    await page.getByLabel("Add credits").fill("250");
    await page.getByRole("button", { name: "Top up" }).click();
    await page.getByText("350", { exact: true }).waitFor();
    const billing = await h.s.request("GET", "/billing", { key: t.key });
    expect(billing.body.billing.creditBalance).toBe(350);
    expect(billing.body.billing.limits.monthlyPrompts).toBe(1000);
    expect(pageErrors(page)).toEqual([]);
  });

  it("lists models and prices, sorts by a column and filters", async () => {
    const t = await h.s.newTenant();
    const page = await h.open(t.key, "/models");
    const table = page.getByRole("table", { name: "Model prices" });
    await table.waitFor();
    await table.getByText("person-run/simulator").waitFor();
    expect(await axeViolations(page)).toEqual([]);
    const rowsBefore = await table.locator("tbody tr").count();
    expect(rowsBefore).toBeGreaterThan(3);

    await table.getByRole("button", { name: /Output \$\/M tok/ }).click();
    await expect(table.getByRole("columnheader", { name: /Output/ }).getAttribute("aria-sort")).resolves.toBe(
      "ascending",
    );
    await table.getByRole("button", { name: /Output \$\/M tok/ }).click();
    await expect(table.getByRole("columnheader", { name: /Output/ }).getAttribute("aria-sort")).resolves.toBe(
      "descending",
    );

    await page.getByLabel("Usable here").selectOption("true");
    await table.getByText("person-run/simulator").waitFor();
    await page.waitForFunction((n) => document.querySelectorAll("table tbody tr").length < n, rowsBefore);
    expect(pageErrors(page)).toEqual([]);
  });

  it("charts usage by event, and dark mode passes the audit too", async () => {
    const t = await h.s.newTenant();
    const p = await h.s.request("POST", "/personas", { key: t.key, body: { seed: seed({ firstName: "Ada" }) } });
    const prompt = await h.s.request("POST", "/personas/prompt", {
      key: t.key,
      body: { personaId: p.body.persona.id, userPrompt: "What do you cook on weekdays?" },
    });
    expect(prompt.status, prompt.text).toBe(200);
    await h.s.ctx.usage.flush();

    const page = await h.open(t.key, "/analytics", { colorScheme: "dark" });
    await page.getByRole("img", { name: /Events per period by event/ }).waitFor();
    await page.getByRole("table", { name: "Usage rollups" }).getByText("persona_prompt").first().waitFor();
    await page.getByRole("table", { name: "Usage events" }).getByText("persona_create").first().waitFor();
    expect(await axeViolations(page)).toEqual([]);

    await page.getByLabel("Measure").selectOption("tokens");
    await page.getByRole("img", { name: /Tokens \(in \+ out\) per period/ }).waitFor();
    await page.getByLabel("Group by").selectOption("model");
    await page.getByRole("table", { name: "Usage rollups" }).getByText("person-run/simulator").first().waitFor();

    const download = page.waitForEvent("download");
    await page.getByRole("button", { name: "Export CSV" }).click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/^person-run-usage-.*\.csv$/);
    expect(pageErrors(page)).toEqual([]);
  });
});
