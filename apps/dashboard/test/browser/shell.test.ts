import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { axeViolations, type DashboardHarness, pageErrors, startDashboard } from "./harness.ts";

/** The frame around every page: keyboard entry, the theme, a laptop-sized and a narrow window, unknown paths. */
let h: DashboardHarness;

beforeAll(async () => {
  h = await startDashboard();
});
afterAll(async () => {
  await h?.close();
});

describe("dashboard shell", { timeout: 90_000 }, () => {
  it("is keyboard-operable: the skip link, then the navigation by Tab and Enter", async () => {
    const t = await h.s.newTenant();
    const page = await h.open(t.key, "/keys");
    await page.getByRole("heading", { name: "API keys", level: 1 }).waitFor();
    await page.keyboard.press("Tab");
    const skip = page.getByRole("link", { name: "Skip to content" });
    await expect(skip.evaluate((el) => el === document.activeElement)).resolves.toBe(true);
    // Tab through the top bar into the navigation, and follow a link with Enter.
    for (let i = 0; i < 30; i++) {
      const name = await page.evaluate(() => document.activeElement?.textContent?.trim());
      if (name === "Billing") break;
      await page.keyboard.press("Tab");
    }
    await page.keyboard.press("Enter");
    await page.getByRole("heading", { name: "Billing", level: 1 }).waitFor();
    // The new page's heading takes focus, so a screen reader announces it.
    await page.waitForFunction(() => document.activeElement?.tagName === "H1");
    expect(pageErrors(page)).toEqual([]);
  });

  it("switches to dark and remembers it; a narrow window folds the navigation into a menu", async () => {
    const t = await h.s.newTenant();
    const page = await h.open(t.key, "/models", { width: 800 });
    await page.getByRole("heading", { name: "Models & pricing", level: 1 }).waitFor();
    const nav = page.getByRole("navigation", { name: "Main" });
    expect(await nav.isVisible()).toBe(false);
    const menu = page.getByRole("button", { name: /Menu/ });
    await menu.click();
    expect(await menu.getAttribute("aria-expanded")).toBe("true");
    await nav.getByRole("link", { name: "API keys" }).click();
    await page.getByRole("heading", { name: "API keys", level: 1 }).waitFor();
    expect(await nav.isVisible()).toBe(false);

    await page.getByRole("button", { name: /^Theme: system/ }).click(); // system → light
    await page.getByRole("button", { name: /^Theme: light/ }).click(); // light → dark
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe("dark");
    const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    expect(bg).toBe("rgb(18, 19, 23)");
    await page.reload();
    await page.getByRole("heading", { name: "API keys", level: 1 }).waitFor();
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe("dark");
    expect(await axeViolations(page)).toEqual([]);
    expect(pageErrors(page)).toEqual([]);
  });

  it("answers an unknown dashboard path with a page that leads back", async () => {
    const t = await h.s.newTenant();
    const page = await h.open(t.key, "/no/such/page");
    await page.getByRole("heading", { name: "Page not found" }).waitFor();
    await page.getByRole("link", { name: "Back to the overview" }).click();
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Overview" }).waitFor();
    expect(await axeViolations(page)).toEqual([]);
  });
});
