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

describe("dashboard schedules", () => {
  it("creates a schedule with the cron builder and a time zone, previews its runs, pauses and triggers it", {
    timeout: 120_000,
  }, async () => {
    const t = await h.s.newTenant();
    await seedTask(h, t.key);
    const page = await h.open(t.key, "/schedules");
    await page.getByRole("heading", { name: "No schedules yet" }).waitFor();
    expect(await axeViolations(page)).toEqual([]);

    await page.getByRole("link", { name: "New schedule" }).first().click();
    await page.getByRole("heading", { name: "New schedule", level: 1 }).waitFor();
    await page.getByLabel("Name", { exact: true }).fill("Weekly pricing check");
    await page.getByLabel("Task", { exact: true }).waitFor();
    await page.getByLabel("Time zone").selectOption("Europe/Berlin");

    // The default: every Monday at 09:00, previewed in the browser in Berlin's wall-clock time.
    const next = page.getByRole("list", { name: "Next runs" });
    await next.waitFor();
    expect(await next.getByRole("listitem").count()).toBe(5);
    for (const item of await next.getByRole("listitem").allTextContents()) {
      expect(item).toMatch(/^Mon, .* 09:00 /);
    }
    expect(await page.getByLabel("Cron expression").inputValue()).toBe("0 9 * * 1");
    await page.getByText("Every Monday at 09:00, in Europe/Berlin.").waitFor();

    await page.getByLabel("Frequency").selectOption("weekdays");
    await page.getByLabel("At (time)").fill("07:30");
    await expect.poll(() => page.getByLabel("Cron expression").inputValue()).toBe("30 7 * * 1-5");
    for (const item of await next.getByRole("listitem").allTextContents()) {
      expect(item).toMatch(/^(Mon|Tue|Wed|Thu|Fri), .* 07:30 /);
    }
    // A custom pattern the server would refuse is shown as the field's error.
    await page.getByLabel("Frequency").selectOption("custom");
    await page.getByLabel("Cron expression").fill("61 7 * * 1-5");
    await page
      .getByRole("alert")
      .filter({ hasText: /minute/i })
      .waitFor();
    await page.getByLabel("Cron expression").fill("30 7 * * 1-5");
    await next.waitFor();
    expect(await axeViolations(page)).toEqual([]);

    await page.getByRole("button", { name: "Create schedule" }).click();
    await page.getByRole("heading", { name: "Weekly pricing check", level: 1 }).waitFor();
    await page.getByText("Every weekday (Monday to Friday) at 07:30 (Europe/Berlin)").first().waitFor();
    // After saving, the upcoming runs come from the API's preview.
    const upcoming = page.getByRole("list", { name: "Upcoming runs" });
    await upcoming.waitFor();
    expect(await upcoming.getByRole("listitem").count()).toBe(5);
    expect(await axeViolations(page)).toEqual([]);

    await page.getByRole("button", { name: "Pause" }).click();
    await page.getByRole("status").filter({ hasText: "The schedule is paused." }).waitFor();
    await page.getByRole("button", { name: "Resume" }).waitFor();

    await page.getByRole("button", { name: "Trigger now" }).click();
    await page.getByRole("status").filter({ hasText: "Triggered: the execution was started." }).waitFor();
    const executions = page.getByRole("table", { name: "Executions, newest first" });
    await executions.waitFor();
    expect(await executions.textContent()).toContain("triggered by hand");
    expect(await executions.textContent()).toContain("started");
    expect(await axeViolations(page)).toEqual([]);

    await page.getByRole("link", { name: "All schedules" }).click();
    const row = page.getByRole("row").filter({ hasText: "Weekly pricing check" });
    await row.waitFor();
    expect(await row.textContent()).toContain("paused");
    expect(pageErrors(page)).toEqual([]);
  });
});
