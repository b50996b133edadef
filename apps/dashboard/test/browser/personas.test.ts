import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { axeViolations, type DashboardHarness, pageErrors, startDashboard } from "./harness.ts";
import { seedMemory, seedPersona } from "./personas-seed.ts";

let h: DashboardHarness;

beforeAll(async () => {
  h = await startDashboard();
});
afterAll(async () => {
  await h?.close();
});

describe("personas pages", () => {
  it("creates a persona from a seed (API validation shown beside the form) and opens its detail", {
    timeout: 120_000,
  }, async () => {
    const t = await h.s.newTenant();
    const page = await h.open(t.key, "/personas");
    await page.getByRole("heading", { name: "No personas yet" }).waitFor();
    expect(await axeViolations(page)).toEqual([]);

    await page.getByRole("button", { name: "Create your first persona" }).click();
    const dialog = page.getByRole("dialog", { name: "Create a persona from a seed" });
    await dialog.waitFor();
    // Submitted without the required fields: the API's validation messages appear beside the form.
    await dialog.getByRole("button", { name: "Create persona" }).click();
    await dialog.getByText("The persona was not created").waitFor();
    expect(await dialog.locator(".field-error").count()).toBeGreaterThan(0);
    expect(await axeViolations(page)).toEqual([]);

    await dialog.getByLabel("First name").fill("Aria");
    await dialog.getByLabel("Last name").fill("Chen");
    await dialog.getByLabel("Age", { exact: true }).fill("32");
    await dialog.getByLabel("Location").fill("San Francisco");
    await dialog.getByLabel("Occupation").fill("Product designer");
    await dialog.getByLabel("Languages").fill("English, Mandarin");
    await dialog.getByLabel("Openness").fill("0.9");
    await dialog.getByRole("button", { name: "Create persona" }).click();

    await page.getByRole("heading", { level: 1, name: "Aria Chen" }).waitFor();
    expect(page.url()).toMatch(/\/dashboard\/personas\/[0-9a-f-]{36}$/);
    await page.getByRole("heading", { name: "Personality (Big Five)" }).waitFor();
    await page.getByRole("heading", { name: "Voice" }).waitFor();
    await expect(page.getByText("English, Mandarin").isVisible()).resolves.toBe(true);
    expect(await axeViolations(page)).toEqual([]);

    // Back to the list: the new persona is there, and the search finds it.
    await page.getByRole("link", { name: "Personas" }).first().click();
    await page.getByRole("link", { name: "Aria Chen" }).waitFor();
    await page.getByRole("searchbox", { name: "Search" }).fill("nobody-like-this");
    await page.getByRole("heading", { name: "No persona matches these filters" }).waitFor();
    await page.getByRole("searchbox", { name: "Search" }).fill("Aria");
    await page.getByRole("link", { name: "Aria Chen" }).waitFor();
    expect(pageErrors(page)).toEqual([]);
  });

  it("filters by age and pages with Load more", { timeout: 180_000 }, async () => {
    const t = await h.s.newTenant();
    for (let i = 0; i < 27; i++) {
      await seedPersona(h, t.key, { firstName: `Person${String(i).padStart(2, "0")}`, age: 20 + i });
    }
    const page = await h.open(t.key, "/personas");
    await page.getByText("25 shown (more to load)").waitFor();
    await page.getByRole("button", { name: "Load more" }).click();
    await page.getByText("27 shown").waitFor();
    expect(await page.getByRole("button", { name: "Load more" }).count()).toBe(0);

    await page.getByLabel("Min age").fill("44");
    await page.getByText("3 shown").waitFor();
    await page.getByRole("link", { name: "Person26 Okafor" }).waitFor();
    await page.getByRole("button", { name: "Clear filters" }).first().click();
    await page.getByText("27 shown").waitFor();
    expect(await axeViolations(page)).toEqual([]);
    expect(pageErrors(page)).toEqual([]);
  });

  it("shows the timeline with types, strength and revisions; appends a memory; runs a consistency check", {
    timeout: 180_000,
  }, async () => {
    const t = await h.s.newTenant();
    const p = await seedPersona(h, t.key);
    await seedMemory(h, t.key, p.id, {
      eventAt: "2004-06-01T00:00:00.000Z",
      eventLabel: "Won the regional science fair",
      memoryType: "pride",
      memoryStrength: 90,
    });
    const oldId = await seedMemory(h, t.key, p.id, {
      eventAt: "2010-09-01T00:00:00.000Z",
      eventLabel: "Started pharmacy school",
      memoryType: "normal",
    });
    const rev = await h.s.request("POST", `/personas/${p.id}/timeline/${oldId}/supersede`, {
      key: t.key,
      body: { reason: "It was a year later", replacement: { eventAt: "2011-09-01T00:00:00.000Z" } },
    });
    expect(rev.status).toBe(200);

    const page = await h.open(t.key, `/personas/${p.id}`, { colorScheme: "dark" });
    await page.getByRole("heading", { level: 1, name: p.name }).waitFor();
    await page.getByRole("tab", { name: "Timeline" }).click();
    const timeline = page.getByRole("list", { name: "Timeline" });
    await timeline.getByRole("heading", { name: "Won the regional science fair" }).waitFor();
    await expect(timeline.locator(".type-badge", { hasText: "pride" }).count()).resolves.toBeGreaterThan(0);
    await expect(timeline.locator(".type-badge", { hasText: "revised" }).count()).resolves.toBeGreaterThan(0);
    await timeline.getByText("Superseded").first().waitFor();
    await timeline.getByRole("link", { name: /See the revision: Started pharmacy school/ }).waitFor();
    await timeline
      .getByText(/Strength \d+/)
      .first()
      .waitFor();
    await page.locator("figure.plot svg").first().waitFor();
    expect(await axeViolations(page)).toEqual([]);

    // Filter by type: only the proud memory remains.
    await page.getByRole("button", { name: /^pride/ }).click();
    await page.getByText(/^1 of \d+ memories shown$/).waitFor();
    await page.getByRole("button", { name: /^pride/ }).click();

    // Append a memory through the dialog.
    await page.getByRole("button", { name: "Add a memory" }).click();
    const dialog = page.getByRole("dialog", { name: "Add a memory" });
    await dialog.getByLabel("Event date").fill("2019-03-15");
    await dialog.getByLabel("Label", { exact: true }).fill("Opened her own pharmacy");
    await dialog.getByLabel("Memory type").selectOption("pride");
    await dialog.getByLabel("Facts").fill("She signed the lease on a small shop.");
    await dialog.getByLabel("Feelings").fill("Terrified and thrilled.");
    await dialog.getByLabel("Interpretation").fill("Proof she could do it alone.");
    await dialog.getByRole("button", { name: "Add memory" }).click();
    await timeline.getByRole("heading", { name: "Opened her own pharmacy" }).waitFor();

    // Revise it: the original becomes superseded, linked to the revision.
    await page.getByRole("button", { name: "Revise “Opened her own pharmacy”" }).click();
    const revise = page.getByRole("dialog", { name: "Revise “Opened her own pharmacy”" });
    await revise.getByLabel("Reason").fill("It was in April");
    await revise.getByLabel("Event date").fill("2019-04-15");
    await revise.getByRole("button", { name: "Save revision" }).click();
    await timeline.getByRole("link", { name: /See the revision: Opened her own pharmacy/ }).waitFor();

    // Consistency: run a check, see its report.
    await page.getByRole("tab", { name: "Consistency" }).click();
    await page.getByRole("heading", { name: "No consistency report yet" }).waitFor();
    await page.getByRole("button", { name: "Run a consistency check" }).click();
    await page.getByRole("heading", { name: /^Report of / }).waitFor();
    await page
      .getByText(/^Score \d+%$/)
      .first()
      .waitFor();
    expect(await axeViolations(page)).toEqual([]);

    // Sessions: none yet, a link to start one.
    await page.getByRole("tab", { name: "Sessions" }).click();
    await page.getByRole("heading", { name: "No conversations yet" }).waitFor();
    expect(pageErrors(page)).toEqual([]);
  });

  it("lists sessions with a transcript, and deletes the persona after a confirmation", {
    timeout: 120_000,
  }, async () => {
    const t = await h.s.newTenant();
    const p = await seedPersona(h, t.key);
    const ask = await h.s.request("POST", "/personas/prompt", {
      key: t.key,
      body: { personaId: p.id, userPrompt: "What does a good day at work look like?" },
    });
    expect(ask.status).toBe(200);

    const page = await h.open(t.key, `/personas/${p.id}`);
    await page.getByRole("tab", { name: "Sessions" }).click();
    await page.getByRole("link", { name: "What does a good day at work look like?" }).click();
    await page.getByRole("heading", { level: 1, name: `Conversation with ${p.name}` }).waitFor();
    await page.getByText(ask.body.response.slice(0, 40)).waitFor();
    expect(await axeViolations(page)).toEqual([]);

    await page.getByRole("link", { name: p.name }).click();
    await page.getByRole("heading", { level: 1, name: p.name }).waitFor();
    await page.getByRole("button", { name: "Delete" }).click();
    const dialog = page.getByRole("dialog", { name: `Delete ${p.name}?` });
    expect(await axeViolations(page)).toEqual([]);
    await dialog.getByRole("button", { name: "Delete persona" }).click();
    await page.getByRole("heading", { name: "No personas yet" }).waitFor();
    const gone = await h.s.request("GET", `/personas/${p.id}`, { key: t.key });
    expect(gone.status).toBe(404);
    expect(pageErrors(page)).toEqual([]);
  });
});
