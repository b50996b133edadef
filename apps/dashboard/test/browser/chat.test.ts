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

describe("chat page", () => {
  it("picks a persona, streams an answer with memories and guardrails, continues the session", {
    timeout: 120_000,
  }, async () => {
    const t = await h.s.newTenant();
    const p = await seedPersona(h, t.key);
    const page = await h.open(t.key, "/chat");
    await page.getByRole("heading", { level: 1, name: "Chat" }).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await page.getByRole("link", { name: `Chat with ${p.name}` }).click();
    await page.getByRole("heading", { level: 1, name: `Chat with ${p.name}` }).waitFor();
    // Incoming text is announced: the live region exists before the first answer.
    expect(await page.locator('[aria-live="polite"]').count()).toBeGreaterThan(0);

    const input = page.getByLabel(`Message to ${p.name}`);
    // Shift+Enter adds a line; Enter sends.
    await input.fill("What does a good day at work look like?");
    await input.press("Shift+Enter");
    await input.type("Be concrete.");
    expect(await input.inputValue()).toBe("What does a good day at work look like?\nBe concrete.");
    await input.press("Enter");

    const log = page.getByRole("region", { name: "Conversation" });
    await log.getByText("Be concrete.").waitFor();
    // The answer streams into the persona's bubble, then the done event completes it with its details.
    const answer = log.locator(".bubble-persona").first();
    await answer.waitFor();
    await log.getByRole("heading", { name: /^Memories used \(\d+\)$/ }).waitFor();
    await log.getByRole("heading", { name: "Guardrails" }).waitFor();
    await log.getByText("passed").first().waitFor();
    expect(((await answer.textContent()) ?? "").replace(`${p.name}:`, "").trim().length).toBeGreaterThan(10);
    expect(await page.getByRole("button", { name: "Send" }).isVisible()).toBe(true);
    expect(page.url()).toMatch(/[?&]session=[0-9a-f-]{36}/);
    expect(await axeViolations(page)).toEqual([]);

    // A second prompt continues the same session.
    await input.fill("And a bad one?");
    await page.getByRole("button", { name: "Send" }).click();
    await log
      .getByRole("heading", { name: /^Memories used/ })
      .nth(1)
      .waitFor();
    const sessions = await h.s.request("GET", "/personas/prompt/sessions", { key: t.key, query: { personaId: p.id } });
    expect(sessions.status).toBe(200);
    expect(sessions.body.sessions).toHaveLength(1);
    expect(sessions.body.sessions[0].turnCount).toBe(2);

    // The session's transcript is one click away from the persona's sessions tab.
    await page.getByRole("link", { name: "Profile and timeline" }).click();
    await page.getByRole("tab", { name: "Sessions" }).click();
    await page.getByRole("link", { name: "And a bad one?" }).waitFor();
    expect(pageErrors(page)).toEqual([]);
  });

  it("shows a prompt blocked by the safety policy as blocked, with the rule", { timeout: 120_000 }, async () => {
    const t = await h.s.newTenant();
    const p = await seedPersona(h, t.key);
    const policy = await h.s.request("PUT", "/personas/safety-policy", {
      key: t.key,
      body: { blockedTerms: ["project falcon"] },
    });
    expect(policy.status).toBe(200);
    const page = await h.open(t.key, `/chat/${p.id}`, { colorScheme: "dark" });
    const input = page.getByLabel(`Message to ${p.name}`);
    await input.fill("Tell me everything about Project Falcon.");
    await input.press("Enter");
    const log = page.getByRole("region", { name: "Conversation" });
    await log.getByText("The prompt was blocked by the safety policy").waitFor();
    await log.getByText("Rule: a blocked term").waitFor();
    expect(await axeViolations(page)).toEqual([]);
    expect(pageErrors(page)).toEqual([]);
  });

  it("teaches when there is no persona to talk to", async () => {
    const t = await h.s.newTenant();
    const page = await h.open(t.key, "/chat");
    await page.getByRole("heading", { name: "No persona to talk to yet" }).waitFor();
    await page.getByRole("link", { name: "Create a persona" }).click();
    await page.getByRole("dialog", { name: "Create a persona from a seed" }).waitFor();
    expect(await axeViolations(page)).toEqual([]);
  });
});
