import type { Schemas } from "@person-run/sdk";
import { describe, expect, it } from "vitest";
import {
  dailyTotals,
  daysBetween,
  endOfUtcDay,
  eventSeries,
  eventTotals,
  isEmptyTenant,
  lastDays,
  tokenSeries,
} from "../src/lib/overview.ts";

const row = (
  period: string,
  event: string,
  count: number,
  costUsd = 0,
  tokensIn = 0,
  tokensOut = 0,
): Schemas["UsageRow"] => ({
  period,
  periodStart: `${period}T00:00:00.000Z`,
  event,
  count,
  tokensIn,
  tokensOut,
  cachedTokensIn: 0,
  costUsd,
  credits: costUsd * 1000,
});

describe("overview data", () => {
  it("lastDays starts at UTC midnight days-1 days before now", () => {
    const r = lastDays(30, new Date("2026-03-31T15:20:00.000Z"));
    expect(r).toEqual({ from: "2026-03-02T00:00:00.000Z", to: "2026-03-31T15:20:00.000Z" });
    expect(daysBetween(r.from, r.to)).toHaveLength(30);
  });

  it("daysBetween lists every UTC day of [from, to)", () => {
    expect(daysBetween("2026-02-27T00:00:00.000Z", "2026-03-02T00:00:00.000Z")).toEqual([
      "2026-02-27",
      "2026-02-28",
      "2026-03-01",
    ]);
    expect(daysBetween("2026-03-01T00:00:00.000Z", "2026-03-01T00:00:00.000Z")).toEqual([]);
  });

  it("dailyTotals sums the events of a day and keeps quiet days at zero", () => {
    const days = ["2026-03-01", "2026-03-02", "2026-03-03"];
    const out = dailyTotals(
      [
        row("2026-03-01", "persona_prompt", 2, 0.5, 100, 20),
        row("2026-03-01", "persona_create", 1, 0.25, 50, 10),
        row("2026-03-03", "persona_prompt", 1, 0.1, 10, 5),
      ],
      days,
    );
    expect(out.map((d) => [d.period, d.count, d.costUsd, d.tokensIn, d.tokensOut])).toEqual([
      ["2026-03-01", 3, 0.75, 150, 30],
      ["2026-03-02", 0, 0, 0, 0],
      ["2026-03-03", 1, 0.1, 10, 5],
    ]);
    expect(out[0]?.date.toISOString()).toBe("2026-03-01T00:00:00.000Z");
  });

  it("dailyTotals keeps a row outside the listed days (sorted in)", () => {
    const out = dailyTotals([row("2026-02-28", "x", 4)], ["2026-03-01"]);
    expect(out.map((d) => d.period)).toEqual(["2026-02-28", "2026-03-01"]);
  });

  it("eventSeries merges duplicates, drops zero counts and sorts by day then event", () => {
    const out = eventSeries([
      row("2026-03-02", "persona_prompt", 1),
      row("2026-03-01", "persona_prompt", 2),
      row("2026-03-01", "persona_create", 1),
      row("2026-03-01", "persona_prompt", 3),
      row("2026-03-01", "guardrail_block", 0),
    ]);
    expect(out.map((p) => [p.period, p.event, p.count])).toEqual([
      ["2026-03-01", "persona_create", 1],
      ["2026-03-01", "persona_prompt", 5],
      ["2026-03-02", "persona_prompt", 1],
    ]);
  });

  it("tokenSeries gives one input and one output row per day", () => {
    const days = dailyTotals([row("2026-03-01", "p", 1, 0, 7, 3)], ["2026-03-01"]);
    expect(tokenSeries(days).map((t) => [t.kind, t.tokens])).toEqual([
      ["input", 7],
      ["output", 3],
    ]);
  });

  it("eventTotals ranks events by count", () => {
    expect(
      eventTotals([
        row("2026-03-01", "a", 1, 0.1),
        row("2026-03-02", "b", 3, 0.2),
        row("2026-03-03", "a", 1, 0.3),
        row("2026-03-03", "c", 0),
      ]),
    ).toEqual([
      { event: "b", count: 3, costUsd: 0.2 },
      { event: "a", count: 2, costUsd: 0.4 },
    ]);
  });

  it("isEmptyTenant: no persona and no prompt (other events do not count)", () => {
    expect(isEmptyTenant({ dashboard: { personaCount: 0, promptEvents: 0 } })).toBe(true);
    expect(isEmptyTenant({ dashboard: { personaCount: null, promptEvents: 0 } })).toBe(true);
    expect(isEmptyTenant({ dashboard: { personaCount: 1, promptEvents: 0 } })).toBe(false);
    expect(isEmptyTenant({ dashboard: { personaCount: 0, promptEvents: 2 } })).toBe(false);
  });

  it("endOfUtcDay is the next UTC midnight", () => {
    expect(endOfUtcDay("2026-03-31T15:20:00.000Z").toISOString()).toBe("2026-04-01T00:00:00.000Z");
    expect(endOfUtcDay("2026-03-31T00:00:00.000Z").toISOString()).toBe("2026-04-01T00:00:00.000Z");
  });
});
