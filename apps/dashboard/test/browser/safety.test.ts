import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { axeViolations, type DashboardHarness, pageErrors, startDashboard } from "./harness.ts";
import { seedPersona } from "./personas-seed.ts";

let h: DashboardHarness;

beforeAll(async () => {
  h = await startDashboard();
});
afterAll(async () => {
  await h?.close();
});

describe("safety policy page", () => {
  it("sets a policy that blocks a word, tests a prompt with it (blocked, by which rule), then resets", {
    timeout: 150_000,
  }, async () => {
    const t = await h.s.newTenant();
    const p = await seedPersona(h, t.key);
    const page = await h.open(t.key, "/safety");
    await page.getByRole("heading", { level: 1, name: "Safety policy" }).waitFor();
    await page.getByText("defaults", { exact: true }).waitFor();
    expect(await axeViolations(page)).toEqual([]);

    // An invalid threshold: the API's message shows beside the form.
    await page.getByLabel("Toxicity threshold").fill("7");
    await page.getByRole("button", { name: "Save policy" }).click();
    await page.getByText("The policy was not saved").waitFor();
    expect(await axeViolations(page)).toEqual([]);

    await page.getByLabel("Toxicity threshold").fill("0.8");
    await page.getByLabel("Blocked terms").fill("project falcon\nacme corp");
    await page.getByLabel("Refusal message").fill("That is not something I can discuss.");
    await page.getByRole("button", { name: "Save policy" }).click();
    await page.getByText("Saved. It applies to the next prompt.").waitFor();
    await page.getByText(/^custom · saved /).waitFor();
    const saved = await h.s.request("GET", "/personas/safety-policy", { key: t.key });
    expect(saved.body.policyPack.blockedTerms).toEqual(["project falcon", "acme corp"]);
    expect(saved.body.policyPack.toxicityThreshold).toBe(0.8);

    // The saved policy is what a reload shows.
    await page.reload();
    await page.getByText(/^custom · saved /).waitFor();
    expect(await page.getByLabel("Blocked terms").inputValue()).toBe("project falcon\nacme corp");

    // Test a prompt that names a blocked term: blocked before generation, the rule named.
    await page.getByLabel("Persona", { exact: true }).selectOption(p.id);
    await page.getByLabel("Prompt to test").fill("What do you know about Project Falcon?");
    await page.getByRole("button", { name: "Test prompt" }).click();
    const result = page.locator(".test-result");
    await result.getByRole("heading", { name: "blocked The prompt was blocked" }).waitFor();
    await result.getByText("blocked_term").waitFor();
    expect(await axeViolations(page)).toEqual([]);

    // A clean prompt passes and shows the answer.
    await page.getByLabel("Prompt to test").fill("What do you like about your job?");
    await page.getByRole("button", { name: "Test prompt" }).click();
    await result.getByText("The prompt and the answer passed").waitFor();
    expect(((await result.locator("blockquote").textContent()) ?? "").length).toBeGreaterThan(10);

    // Reset to defaults, after a confirmation.
    await page.getByRole("button", { name: "Reset to defaults" }).click();
    const dialog = page.getByRole("dialog", { name: "Reset the safety policy?" });
    expect(await axeViolations(page)).toEqual([]);
    await dialog.getByRole("button", { name: "Reset to defaults" }).click();
    await page.getByText("defaults", { exact: true }).waitFor();
    expect(await page.getByLabel("Blocked terms").inputValue()).toBe("");
    const after = await h.s.request("GET", "/personas/safety-policy", { key: t.key });
    expect(after.body.policyPack.isDefault).toBe(true);
    expect(pageErrors(page)).toEqual([]);
  });

  it("teaches that a test needs a persona", async () => {
    const t = await h.s.newTenant();
    const page = await h.open(t.key, "/safety", { colorScheme: "dark" });
    await page.getByRole("heading", { name: "A test needs a persona" }).waitFor();
    expect(await axeViolations(page)).toEqual([]);
  });
});
