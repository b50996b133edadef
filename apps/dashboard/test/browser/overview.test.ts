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

describe("overview page", () => {
  it("teaches an empty tenant to create its first persona", { timeout: 60_000 }, async () => {
    const t = await h.s.newTenant();
    const page = await h.open(t.key, "/");
    await page.getByRole("heading", { name: "Create your first persona" }).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await page.getByRole("link", { name: "Create a persona" }).click();
    await page.getByRole("dialog", { name: "Create a persona from a seed" }).waitFor();
    expect(page.url()).toContain("/dashboard/personas");
    expect(pageErrors(page)).toEqual([]);
  });

  it("shows prompt events, personas, timeline entries, tokens and cost, with charts (light and dark)", {
    timeout: 90_000,
  }, async () => {
    const t = await h.s.newTenant();
    const p = await seedPersona(h, t.key);
    await seedPersona(h, t.key, { firstName: "Tomás", lastName: "Reyes" });
    for (const q of ["How do you shop for groceries?", "What annoys you about banking apps?"]) {
      const res = await h.s.request("POST", "/personas/prompt", {
        key: t.key,
        body: { personaId: p.id, userPrompt: q },
      });
      expect(res.status).toBe(200);
    }
    for (const scheme of ["light", "dark"] as const) {
      const page = await h.open(t.key, "/", { colorScheme: scheme });
      await page.getByRole("heading", { level: 1, name: "Overview" }).waitFor();
      const stat = (label: string) => page.locator(".stat", { has: page.getByText(label, { exact: true }) });
      await stat("Prompt events").getByText("2", { exact: true }).waitFor();
      await stat("Personas").getByRole("link", { name: "2" }).waitFor();
      expect(Number(await stat("Timeline entries").locator(".stat-value").textContent())).toBeGreaterThan(0);
      expect(await stat("Cost").locator(".stat-value").textContent()).toMatch(/^\$/);
      await page.getByRole("heading", { name: "Events per day" }).waitFor();
      await page.locator("figure.plot svg").first().waitFor();
      expect(await page.locator("figure.plot svg").count()).toBeGreaterThanOrEqual(3);
      await page
        .getByRole("table", { name: "Usage by event over the last 30 days" })
        .getByText("persona_prompt")
        .waitFor();
      expect(await axeViolations(page)).toEqual([]);
      expect(pageErrors(page)).toEqual([]);
    }
  });
});
