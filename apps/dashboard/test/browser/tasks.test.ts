import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { axeViolations, type DashboardHarness, pageErrors, startDashboard } from "./harness.ts";
import { seedTask } from "./skills-helpers.ts";

let h: DashboardHarness;

beforeAll(async () => {
  h = await startDashboard();
});
afterAll(async () => {
  await h?.close();
});

describe("dashboard tasks", () => {
  it("executes a task and shows its parsed answers, transcript and scores", { timeout: 120_000 }, async () => {
    const t = await h.s.newTenant();
    await seedTask(h, t.key);
    const page = await h.open(t.key, "/tasks");
    const list = page.getByRole("table", { name: "Tasks" });
    await list.waitFor();
    expect(await list.textContent()).toContain("Pricing page reaction · Maya Lindqvist");
    expect(await list.textContent()).toContain("pending");
    expect(await axeViolations(page)).toEqual([]);

    await page.getByLabel("Status").selectOption("succeeded");
    await page.getByRole("heading", { name: "No task matches these filters" }).waitFor();
    await page.getByLabel("Status").selectOption("");
    await page.getByRole("link", { name: "Pricing page reaction · Maya Lindqvist" }).click();

    await page.getByRole("heading", { name: "Pricing page reaction · Maya Lindqvist", level: 1 }).waitFor();
    await page.getByRole("heading", { name: "Not executed yet" }).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await page.getByRole("button", { name: "Execute", exact: true }).first().click();

    // Followed until done: every question's answer, parsed.
    await page.getByRole("button", { name: "Execute again" }).waitFor({ timeout: 90_000 });
    const answers = page.getByRole("tabpanel", { name: "Answers" });
    await answers.getByRole("heading", { name: /appeal How appealing is the page\?/ }).waitFor();
    expect(await answers.getByText("parsed", { exact: true }).count()).toBe(3);
    expect(await answers.textContent()).toContain("What would make you pay more?");
    expect(await answers.textContent()).toMatch(/"label":"(Free|Pro \(\$12\/month\)|Team \(\$40\/month\))"/);
    expect(await axeViolations(page)).toEqual([]);

    await page.getByRole("tab", { name: "Transcript" }).click();
    const transcript = page.getByRole("list", { name: "Transcript" });
    await transcript.waitFor();
    // The first prompt opens with the skill's instructions; the follow-up is its own turn.
    const first = transcript.getByRole("listitem").first();
    expect(await first.textContent()).toContain("You are looking at a new pricing page for a note-taking app.");
    expect(await first.textContent()).toContain("Answer with one whole number from 1 to 7");
    expect(await transcript.getByText("follow-up", { exact: true }).count()).toBe(1);
    expect(await axeViolations(page)).toEqual([]);

    await page.getByRole("tab", { name: "Scores" }).click();
    const scores = page.getByRole("table", { name: "Scores per criterion" });
    await scores.waitFor();
    expect(await scores.textContent()).toContain("Answers readable");
    expect(await scores.textContent()).toContain("Mentions price");
    await page.getByText("Total", { exact: true }).waitFor();
    expect(await axeViolations(page)).toEqual([]);

    // Listed as succeeded now.
    await page.getByRole("link", { name: "All tasks" }).click();
    await page.getByLabel("Status").selectOption("succeeded");
    await page.getByRole("link", { name: "Pricing page reaction · Maya Lindqvist" }).waitFor();
    expect(page.url()).toContain("status=succeeded");
    expect(pageErrors(page)).toEqual([]);
  });
});
