import { describe, expect, it } from "vitest";
import { cronError, MISSED_COUNT_CAP, nextRuns, planFire, timezoneError } from "./schedule-math.ts";

const d = (iso: string) => new Date(iso);
const iso = (dates: Date[]) => dates.map((x) => x.toISOString());
const daily = (timezone: string, cron = "30 2 * * *") => ({ cron, timezone });

describe("cron and time zone validation", () => {
  it("accepts five-field patterns and refuses the rest with a reason", () => {
    expect(cronError("0 9 * * 1")).toBeNull();
    expect(cronError("*/15 8-18 * * 1-5")).toBeNull();
    expect(cronError("0 0 9 * * 1")).toMatch(/5 fields/);
    expect(cronError("0 9 * *")).toMatch(/5 fields/);
    expect(cronError("61 * * * *")).toMatch(/minute/);
    expect(cronError("not a cron at all")).toBeTruthy();
  });

  it("accepts IANA zones (UTC and aliases included) and refuses unknown names and offsets", () => {
    for (const tz of ["UTC", "Etc/UTC", "Europe/Berlin", "America/New_York", "Asia/Kolkata"]) {
      expect(timezoneError(tz), tz).toBeNull();
    }
    for (const tz of ["Mars/Olympus_Mons", "+02:00", "", "Europe/Berlin; drop table"]) {
      expect(timezoneError(tz), tz).toBeTruthy();
    }
  });
});

describe("fire times across daylight-saving changes (2026)", () => {
  it("America/New_York spring forward (8 March): 02:30 does not exist and fires once, at 03:00 EDT", () => {
    expect(iso(nextRuns(daily("America/New_York"), d("2026-03-07T12:00:00Z"), 3))).toEqual([
      "2026-03-08T07:00:00.000Z", // 03:00 EDT
      "2026-03-09T06:30:00.000Z", // 02:30 EDT
      "2026-03-10T06:30:00.000Z",
    ]);
  });

  it("America/New_York fall back (1 November): 01:30 happens twice and fires once, the first time", () => {
    expect(iso(nextRuns(daily("America/New_York", "30 1 * * *"), d("2026-10-31T12:00:00Z"), 3))).toEqual([
      "2026-11-01T05:30:00.000Z", // 01:30 EDT; not again at 01:30 EST (06:30Z)
      "2026-11-02T06:30:00.000Z", // 01:30 EST
      "2026-11-03T06:30:00.000Z",
    ]);
  });

  it("Europe/Berlin spring forward (29 March): 02:30 fires once, at 03:00 CEST", () => {
    expect(iso(nextRuns(daily("Europe/Berlin"), d("2026-03-28T12:00:00Z"), 3))).toEqual([
      "2026-03-29T01:00:00.000Z", // 03:00 CEST
      "2026-03-30T00:30:00.000Z", // 02:30 CEST
      "2026-03-31T00:30:00.000Z",
    ]);
  });

  it("Europe/Berlin fall back (25 October): 02:30 happens twice and fires once, the first time", () => {
    expect(iso(nextRuns(daily("Europe/Berlin"), d("2026-10-24T12:00:00Z"), 3))).toEqual([
      "2026-10-25T00:30:00.000Z", // 02:30 CEST; not again at 02:30 CET (01:30Z)
      "2026-10-26T01:30:00.000Z", // 02:30 CET
      "2026-10-27T01:30:00.000Z",
    ]);
  });

  it("an hourly cron fires every real hour across fall-back (the repeated hour twice, an hour apart)", () => {
    expect(iso(nextRuns(daily("America/New_York", "0 * * * *"), d("2026-11-01T03:30:00Z"), 5))).toEqual([
      "2026-11-01T04:00:00.000Z", // 00:00 EDT
      "2026-11-01T05:00:00.000Z", // 01:00 EDT
      "2026-11-01T06:00:00.000Z", // 01:00 EST
      "2026-11-01T07:00:00.000Z", // 02:00 EST
      "2026-11-01T08:00:00.000Z",
    ]);
    expect(iso(nextRuns(daily("Europe/Berlin", "0 * * * *"), d("2026-03-28T23:30:00Z"), 3))).toEqual([
      "2026-03-29T00:00:00.000Z", // 01:00 CET
      "2026-03-29T01:00:00.000Z", // 03:00 CEST: 02:00 does not exist
      "2026-03-29T02:00:00.000Z",
    ]);
  });

  it("Monday 09:00 in the user's zone stays 09:00 local across the change", () => {
    expect(iso(nextRuns(daily("Europe/Berlin", "0 9 * * 1"), d("2026-03-20T00:00:00Z"), 2))).toEqual([
      "2026-03-23T08:00:00.000Z", // CET
      "2026-03-30T07:00:00.000Z", // CEST
    ]);
  });
});

describe("bounds", () => {
  const weekly = { cron: "0 9 * * 1", timezone: "UTC" };

  it("startAt is inclusive, endAt exclusive", () => {
    const t = { ...weekly, startAt: d("2026-03-23T09:00:00Z"), endAt: d("2026-04-06T09:00:00Z") };
    expect(iso(nextRuns(t, d("2026-03-01T00:00:00Z"), 10))).toEqual([
      "2026-03-23T09:00:00.000Z",
      "2026-03-30T09:00:00.000Z",
    ]);
  });

  it("maxRuns counts the fires already made", () => {
    const t = { ...weekly, maxRuns: 3 };
    expect(nextRuns(t, d("2026-03-01T00:00:00Z"), 10)).toHaveLength(3);
    expect(nextRuns(t, d("2026-03-01T00:00:00Z"), 10, 2)).toHaveLength(1);
    expect(nextRuns(t, d("2026-03-01T00:00:00Z"), 10, 3)).toHaveLength(0);
  });

  it("a one-time schedule has its runAt while it is ahead and not yet fired", () => {
    const t = { runAt: d("2026-05-01T10:00:00Z") };
    expect(iso(nextRuns(t, d("2026-04-01T00:00:00Z"), 10))).toEqual(["2026-05-01T10:00:00.000Z"]);
    expect(nextRuns(t, d("2026-05-01T10:00:00Z"), 10)).toEqual([]);
    expect(nextRuns(t, d("2026-04-01T00:00:00Z"), 10, 1)).toEqual([]);
  });
});

describe("what a tick does with a due schedule", () => {
  const hourly = { cron: "0 * * * *", timezone: "UTC" };
  const grace = { graceMs: 60_000 };

  it("fires on time and moves to the next occurrence", () => {
    const plan = planFire(hourly, d("2026-01-01T10:00:00Z"), d("2026-01-01T10:00:01Z"), { ...grace, policy: "skip" });
    expect(plan.fire).toEqual({ scheduledFor: d("2026-01-01T10:00:00Z"), late: false });
    expect(plan.missed).toBeNull();
  });

  it("skip: five hours down → nothing fires, one summary of the 5 missed, next is the next hour", () => {
    const plan = planFire(hourly, d("2026-01-01T10:00:00Z"), d("2026-01-01T14:30:00Z"), { ...grace, policy: "skip" });
    expect(plan.fire).toBeNull();
    expect(plan.missed).toEqual({
      count: 5,
      capped: false,
      first: d("2026-01-01T10:00:00Z"),
      last: d("2026-01-01T14:00:00Z"),
    });
  });

  it("run_once: the latest missed occurrence fires once, the 4 before it are summarised", () => {
    const plan = planFire(hourly, d("2026-01-01T10:00:00Z"), d("2026-01-01T14:30:00Z"), {
      ...grace,
      policy: "run_once",
    });
    expect(plan.fire).toEqual({ scheduledFor: d("2026-01-01T14:00:00Z"), late: true });
    expect(plan.missed).toMatchObject({ count: 4, first: d("2026-01-01T10:00:00Z"), last: d("2026-01-01T13:00:00Z") });
    // Whatever fired, the schedule moves to the first occurrence after now.
    expect(nextRuns(hourly, d("2026-01-01T14:30:00Z"), 1)).toEqual([d("2026-01-01T15:00:00Z")]);
  });

  it("after downtime, an occurrence within the grace period is on time whatever the policy", () => {
    const plan = planFire(hourly, d("2026-01-01T10:00:00Z"), d("2026-01-01T14:00:30Z"), { ...grace, policy: "skip" });
    expect(plan.fire).toEqual({ scheduledFor: d("2026-01-01T14:00:00Z"), late: false });
    expect(plan.missed?.count).toBe(4);
  });

  it("counts a long outage of a per-minute cron up to the cap and still fires only the latest", () => {
    const plan = planFire(
      { cron: "* * * * *", timezone: "UTC" },
      d("2026-01-01T00:00:00Z"),
      d("2026-01-10T00:00:10Z"),
      {
        ...grace,
        policy: "run_once",
      },
    );
    expect(plan.missed).toMatchObject({ count: MISSED_COUNT_CAP, capped: true });
    expect(plan.fire?.scheduledFor).toEqual(d("2026-01-10T00:00:00Z"));
  });

  it("a missed one-time schedule: skip records it, run_once fires it late; either way it is done", () => {
    const once = { runAt: d("2026-01-01T10:00:00Z") };
    const late = d("2026-01-01T12:00:00Z");
    expect(planFire(once, once.runAt, late, { ...grace, policy: "skip" })).toMatchObject({
      fire: null,
      missed: { count: 1 },
    });
    expect(planFire(once, once.runAt, late, { ...grace, policy: "run_once" })).toMatchObject({
      fire: { late: true },
      missed: null,
    });
    expect(nextRuns(once, late, 1)).toEqual([]);
  });

  it("stops at maxRuns and at endAt", () => {
    const capped = { ...hourly, maxRuns: 2 };
    const now = d("2026-01-01T10:00:01Z");
    expect(nextRuns(capped, now, 1, 1)).toEqual([d("2026-01-01T11:00:00Z")]);
    expect(nextRuns(capped, now, 1, 2)).toEqual([]);
    expect(nextRuns({ ...hourly, endAt: d("2026-01-01T11:00:00Z") }, now, 1)).toEqual([]);
  });
});
