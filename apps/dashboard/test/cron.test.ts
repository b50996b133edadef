import { describe, expect, it } from "vitest";
import { nextRuns as serverNextRuns } from "../../api/src/modules/schedules/schedule-math.ts";
import {
  buildCron,
  type CronSpec,
  cronError,
  DEFAULT_SPEC,
  describeCron,
  formatInZone,
  nextRuns,
  parseCron,
  timeZones,
  timezoneError,
  zonedLocalToIso,
} from "../src/lib/cron.ts";

const spec = (s: Partial<CronSpec>): CronSpec => ({ ...DEFAULT_SPEC, ...s });

describe("cron builder", () => {
  it("builds each preset", () => {
    expect(buildCron(spec({ preset: "hourly", minute: 15 }))).toBe("15 * * * *");
    expect(buildCron(spec({ preset: "daily", hour: 7, minute: 30 }))).toBe("30 7 * * *");
    expect(buildCron(spec({ preset: "weekdays", hour: 9, minute: 0 }))).toBe("0 9 * * 1-5");
    expect(buildCron(spec({ preset: "weekly", hour: 9, minute: 0, weekday: 1 }))).toBe("0 9 * * 1");
    expect(buildCron(spec({ preset: "monthly", hour: 18, minute: 5, dayOfMonth: 15 }))).toBe("5 18 15 * *");
    expect(buildCron(spec({ preset: "custom", raw: "  */15   * * * * " }))).toBe("*/15 * * * *");
  });

  it("reads a pattern back into its preset (round trip), else custom", () => {
    for (const s of [
      spec({ preset: "hourly", minute: 15 }),
      spec({ preset: "daily", hour: 7, minute: 30 }),
      spec({ preset: "weekdays", hour: 9, minute: 0 }),
      spec({ preset: "weekly", hour: 9, minute: 0, weekday: 0 }),
      spec({ preset: "monthly", hour: 18, minute: 5, dayOfMonth: 31 }),
    ]) {
      const p = parseCron(buildCron(s));
      expect(p.preset).toBe(s.preset);
      expect(buildCron(p)).toBe(buildCron(s));
    }
    expect(parseCron("0 9 * * 7")).toMatchObject({ preset: "weekly", weekday: 0 });
    expect(parseCron("*/15 * * * *")).toMatchObject({ preset: "custom", raw: "*/15 * * * *" });
    expect(parseCron("0 9 1 1 *").preset).toBe("custom");
    expect(parseCron("0 9 * * 1,3").preset).toBe("custom");
    expect(parseCron("0 25 * * *").preset).toBe("custom");
  });

  it("describes patterns in words", () => {
    expect(describeCron("0 9 * * 1")).toBe("Every Monday at 09:00");
    expect(describeCron("0 * * * *")).toBe("Every hour, on the hour");
    expect(describeCron("5 * * * *")).toBe("Every hour at 05 minutes past");
    expect(describeCron("30 7 * * *")).toBe("Every day at 07:30");
    expect(describeCron("0 9 * * 1-5")).toBe("Every weekday (Monday to Friday) at 09:00");
    expect(describeCron("0 8 1 * *")).toBe("Every month on the 1st at 08:00");
    expect(describeCron("0 8 22 * *")).toBe("Every month on the 22nd at 08:00");
    expect(describeCron("0 8 31 * *")).toContain("31st");
    expect(describeCron("0 8 31 * *")).toContain("skipped");
    expect(describeCron("*/15 * * * *")).toBe("Cron “*/15 * * * *”");
  });

  it("refuses what the server refuses", () => {
    expect(cronError("0 9 * * 1")).toBeNull();
    expect(cronError("")).toMatch(/Enter/);
    expect(cronError("0 0 9 * * 1")).toMatch(/5 fields/);
    expect(cronError("61 9 * * 1")).toMatch(/minute/i);
    expect(timezoneError("Europe/Berlin")).toBeNull();
    expect(timezoneError("Mars/Olympus")).toMatch(/Unknown/);
  });

  it("computes the next runs in the zone exactly as the server does, DST included", () => {
    const after = new Date("2026-03-01T00:00:00Z");
    for (const [cron, tz] of [
      ["0 9 * * 1", "Europe/Berlin"],
      ["30 2 * * *", "America/New_York"],
      ["0 * * * *", "Europe/Berlin"],
      ["0 8 31 * *", "UTC"],
    ] as const) {
      const mine = nextRuns(cron, tz, 10, after);
      const server = serverNextRuns({ cron, timezone: tz }, after, 10);
      expect(mine.runs?.map((d) => d.toISOString())).toEqual(server.map((d) => d.toISOString()));
    }
    const berlin = nextRuns("0 9 * * 1", "Europe/Berlin", 6, after);
    // Monday 09:00 local: 08:00Z in winter, 07:00Z after the change on 29 March.
    expect(berlin.runs?.map((d) => d.toISOString())).toEqual([
      "2026-03-02T08:00:00.000Z",
      "2026-03-09T08:00:00.000Z",
      "2026-03-16T08:00:00.000Z",
      "2026-03-23T08:00:00.000Z",
      "2026-03-30T07:00:00.000Z",
      "2026-04-06T07:00:00.000Z",
    ]);
    expect(nextRuns("30 2 * * *", "America/New_York", 10, after).runs?.map((d) => d.toISOString())).toContain(
      "2026-03-08T07:00:00.000Z",
    );
  });

  it("keeps to the bounds", () => {
    const after = new Date("2026-03-01T00:00:00Z");
    const r = nextRuns("0 9 * * *", "UTC", 10, after, {
      startAt: new Date("2026-03-03T09:00:00Z"),
      endAt: new Date("2026-03-06T09:00:00Z"),
    });
    expect(r.runs?.map((d) => d.toISOString())).toEqual([
      "2026-03-03T09:00:00.000Z",
      "2026-03-04T09:00:00.000Z",
      "2026-03-05T09:00:00.000Z",
    ]);
    expect(nextRuns("0 9 * * *", "UTC", 10, after, { maxRuns: 2 }).runs).toHaveLength(2);
    expect(nextRuns("0 0 30 2 *", "UTC", 3, after).runs).toEqual([]);
    expect(nextRuns("bad", "UTC", 3, after)).toMatchObject({ runs: null });
    expect(nextRuns("0 9 * * *", "Nowhere/Land", 3, after).error).toMatch(/Unknown time zone/);
  });

  it("shows instants in the zone's wall-clock time", () => {
    expect(formatInZone("2026-03-02T08:00:00.000Z", "Europe/Berlin")).toMatch(/Mon, Mar 2, 2026, 09:00 GMT\+1|CET/);
    expect(formatInZone(new Date("2026-03-02T08:00:00.000Z"), "UTC")).toContain("08:00");
  });

  it("lists time zones with UTC first", () => {
    expect(timeZones(() => ["Europe/Berlin", "UTC", "Asia/Tokyo"])).toEqual(["UTC", "Europe/Berlin", "Asia/Tokyo"]);
    expect(
      timeZones(() => {
        throw new Error("old browser");
      }),
    ).toEqual(["UTC"]);
    expect(timeZones().length).toBeGreaterThan(100);
  });

  it("reads a local date-time in a zone", () => {
    expect(zonedLocalToIso("2026-07-01T09:00", "Europe/Berlin")).toBe("2026-07-01T07:00:00.000Z");
    expect(zonedLocalToIso("2026-01-01T09:00", "Europe/Berlin")).toBe("2026-01-01T08:00:00.000Z");
    expect(zonedLocalToIso("2026-01-01T09:00", "UTC")).toBe("2026-01-01T09:00:00.000Z");
    expect(zonedLocalToIso("", "UTC")).toBeNull();
  });
});
