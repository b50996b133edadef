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

/** A small Typeform form definition (as the Create API returns it): three questions and one the import cannot map. */
const TYPEFORM = {
  id: "f0rm1234",
  type: "quiz",
  title: "Harbor Bank check-in",
  settings: { meta: { description: "A short check-in" } },
  welcome_screens: [],
  thankyou_screens: [],
  fields: [
    {
      id: "A1",
      ref: "nps",
      title: "How likely are you to recommend Harbor Bank?",
      type: "nps",
      properties: { labels: { left: "Not likely", right: "Very likely" } },
    },
    {
      id: "B2",
      ref: "channel",
      title: "How do you usually reach us?",
      type: "multiple_choice",
      properties: {
        allow_multiple_selection: false,
        choices: [
          { id: "c1", label: "Phone" },
          { id: "c2", label: "Chat" },
          { id: "c3", label: "Branch" },
        ],
      },
    },
    { id: "C3", ref: "improve", title: "What could we do better?", type: "long_text", properties: {} },
    { id: "D4", ref: "receipt", title: "Upload a receipt", type: "file_upload", properties: {} },
  ],
};

describe("dashboard skills", () => {
  it("writes a skill with a live preview per output format, saves it, and an edit makes version 2", {
    timeout: 120_000,
  }, async () => {
    const t = await h.s.newTenant();
    const page = await h.open(t.key, "/skills");
    await page.getByRole("heading", { name: "No skills yet" }).waitFor();
    expect(await axeViolations(page)).toEqual([]);

    await page.getByRole("link", { name: "Write your first skill" }).click();
    await page.getByRole("heading", { name: "New skill", level: 1 }).waitFor();
    await page.getByLabel("Name", { exact: true }).fill("Pricing page reaction");
    await page.getByLabel("Instructions", { exact: true }).fill("You are looking at a new pricing page.");
    await page.getByLabel("Question 1 text", { exact: true }).fill("How appealing is the page?");

    const prompt = page.getByTestId("preview-prompt");
    const answer = page.getByTestId("preview-answer");
    const parsed = page.getByTestId("preview-parsed");
    // Likert (the default): the instructions open the first question, then the scale's instruction.
    await expect.poll(() => prompt.textContent()).toContain("You are looking at a new pricing page.");
    await expect.poll(() => prompt.textContent()).toContain("Answer with one whole number from 1 to 5");
    expect(await parsed.textContent()).toBe("4");

    const format = page.getByLabel("Question 1 output format");
    await format.selectOption("single_choice");
    await page.getByLabel("Options (question 1)").fill("Free\nPro ($12/month)\nTeam ($40/month)");
    await expect
      .poll(() => prompt.textContent())
      .toContain("Choose exactly one of these options:\nA) Free\nB) Pro ($12/month)");
    expect(await answer.textContent()).toContain("B) Pro ($12/month)");
    expect(await parsed.textContent()).toBe('{"label":"Pro ($12/month)","index":1}');

    await format.selectOption("multi_choice");
    await expect.poll(() => prompt.textContent()).toContain("Choose between 1 and 3 of these options");
    expect(await parsed.textContent()).toBe('{"labels":["Free","Team ($40/month)"],"indexes":[0,2]}');

    await format.selectOption("ranking");
    await expect.poll(() => prompt.textContent()).toContain('separated by " > " (e.g. "A > B > C")');

    await format.selectOption("numeric");
    await page.getByLabel("Minimum (question 1)").fill("0");
    await page.getByLabel("Maximum (question 1)").fill("100");
    await page.getByLabel("Unit (question 1)").fill("USD per month");
    await expect
      .poll(() => prompt.textContent())
      .toContain("Answer with a single number in USD per month between 0 and 100");
    expect(await parsed.textContent()).toBe("50");

    await format.selectOption("json");
    await expect
      .poll(() => prompt.textContent())
      .toContain("Answer with only a JSON object that matches this JSON Schema");
    expect(await parsed.textContent()).toBe('{"plan":"free","seats":1}');

    await format.selectOption("text");
    await page.getByLabel("Max words (question 1)").fill("5");
    await expect.poll(() => prompt.textContent()).toContain("Answer in at most 5 words.");
    expect((await answer.textContent())?.split(" ").length).toBe(5);

    // A problem the API would refuse shows while editing.
    await page.getByLabel("Min words (question 1)").fill("9");
    await page.getByText("Minimum words must not exceed maximum words.").waitFor();
    await page.getByLabel("Min words (question 1)").fill("");

    // Back to likert for the saved skill, with a second question.
    await format.selectOption("likert");
    await page.getByRole("button", { name: "Add a question" }).click();
    await page.getByLabel("Question 2 text", { exact: true }).fill("Which plan would you buy?");
    await page.getByLabel("Question 2 output format").selectOption("single_choice");
    expect(await axeViolations(page)).toEqual([]);

    await page.getByRole("button", { name: "Create skill" }).click();
    await page.getByRole("heading", { name: "Pricing page reaction", level: 1 }).waitFor();
    await page.getByText(/^Version 1 · updated/).waitFor();

    await page.getByLabel("Question 1 text", { exact: true }).fill("How appealing is this pricing page?");
    await page.getByRole("button", { name: "Save as a new version" }).click();
    await page.getByRole("status").filter({ hasText: "Saved as version 2." }).waitFor();
    await page.getByText(/^Version 2 · updated/).waitFor();

    await page.getByRole("tab", { name: "Versions (2)" }).click();
    await page.getByRole("link", { name: "Version 1", exact: true }).click();
    await page.getByRole("heading", { name: "Version 1: Pricing page reaction" }).waitFor();
    await page.getByText("How appealing is the page?").waitFor();
    expect(await axeViolations(page)).toEqual([]);

    // The list shows it at version 2.
    await page.getByRole("link", { name: "All skills" }).click();
    const row = page.getByRole("row").filter({ hasText: "Pricing page reaction" });
    await row.waitFor();
    expect(await row.textContent()).toContain("Likert scale");
    expect(pageErrors(page)).toEqual([]);
  });

  it("imports a Typeform file and lists what it could not import; a bad file shows the API's error", {
    timeout: 120_000,
  }, async () => {
    const t = await h.s.newTenant();
    const page = await h.open(t.key, "/skills");
    await page.getByRole("heading", { name: "No skills yet" }).waitFor();
    await page.getByRole("button", { name: "Import survey" }).click();
    const dialog = page.getByRole("dialog", { name: "Import a survey as a skill" });
    await dialog.waitFor();

    await dialog.getByLabel("File format").selectOption("typeform");
    await dialog.getByLabel("Survey file").setInputFiles({
      name: "broken.json",
      mimeType: "application/json",
      buffer: Buffer.from('{"title": "no fields here"}'),
    });
    await dialog.getByRole("button", { name: "Import" }).click();
    await dialog.getByText("The file was not imported").waitFor();
    expect(await dialog.getByRole("alert").textContent()).toContain("document.fields");

    await dialog.getByLabel("Survey file").setInputFiles({
      name: "harbor.json",
      mimeType: "application/json",
      buffer: Buffer.from(JSON.stringify(TYPEFORM)),
    });
    await dialog.getByRole("button", { name: "Import" }).click();
    await dialog.getByText("with 3 questions (version 1)").waitFor();
    const unsupported = dialog.getByRole("table", { name: "Survey items not imported as questions" });
    await unsupported.waitFor();
    expect(await unsupported.textContent()).toContain("file_upload");
    expect(await axeViolations(page)).toEqual([]);

    await dialog.getByRole("link", { name: "Harbor Bank check-in" }).click();
    await page.getByRole("heading", { name: "Harbor Bank check-in", level: 1 }).waitFor();
    // The NPS question became an 11-point likert; its preview asks for 1 to 11.
    await expect
      .poll(() => page.getByTestId("preview-prompt").first().textContent())
      .toContain("Answer with one whole number from 1 to 11");

    // Delete: no task uses it, so it is deleted and the list is empty again.
    await page.getByRole("button", { name: "Delete" }).click();
    await page.getByRole("button", { name: "Delete skill" }).click();
    await page.getByRole("heading", { name: "No skills yet" }).waitFor();
    expect(pageErrors(page)).toEqual([]);
  });

  it("the editor, the schedule builder and a task pass axe in the dark theme at 1024 px", {
    timeout: 120_000,
  }, async () => {
    const t = await h.s.newTenant();
    const { taskId } = await seedTask(h, t.key, { execute: true });
    for (const path of ["/skills/new", "/schedules/new", `/tasks/${taskId}`, "/cohorts/new"]) {
      const page = await h.open(t.key, path, { colorScheme: "dark", width: 1024 });
      await page.locator("main h1").waitFor();
      if (path === "/skills/new") await page.getByTestId("preview-prompt").waitFor();
      if (path === "/schedules/new") await page.getByRole("list", { name: "Next runs" }).waitFor();
      if (path.startsWith("/tasks/")) await page.getByRole("tab", { name: "Answers" }).waitFor({ timeout: 90_000 });
      expect(await axeViolations(page), path).toEqual([]);
      // Nothing wider than the window at a laptop's width.
      expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), path).toBe(true);
      expect(pageErrors(page), path).toEqual([]);
    }
  });
});
