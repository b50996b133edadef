import { describe, expect, it } from "vitest";
import { effectiveStrength, FLOOR, HALF_LIFE_YEARS, type StrengthInput } from "./strength.ts";

const now = new Date("2026-01-01T00:00:00.000Z");
const yearsAgo = (y: number) => new Date(now.getTime() - y * 365.25 * 24 * 3600 * 1000);
const memory = (over: Partial<StrengthInput> = {}): StrengthInput => ({
  memoryType: "normal",
  memoryStrength: 80,
  eventAt: yearsAgo(0),
  recallCount: 0,
  lastRecalledAt: null,
  ...over,
});

describe("effectiveStrength", () => {
  it("is the stored strength for a fresh memory", () => {
    expect(effectiveStrength(memory(), now)).toBe(80);
  });

  it("halves the fading part after one half-life", () => {
    const t = HALF_LIFE_YEARS.normal;
    const expected = 80 * (FLOOR + (1 - FLOOR) * 0.5);
    expect(effectiveStrength(memory({ eventAt: yearsAgo(t) }), now)).toBeCloseTo(expected, 1);
  });

  it("never falls below the floor", () => {
    expect(effectiveStrength(memory({ eventAt: yearsAgo(500) }), now)).toBeCloseTo(80 * FLOOR, 1);
  });

  it("fades pride slowest, and shame no faster than normal", () => {
    const at = { eventAt: yearsAgo(20) };
    const pride = effectiveStrength(memory({ ...at, memoryType: "pride" }), now);
    const normal = effectiveStrength(memory({ ...at, memoryType: "normal" }), now);
    const shame = effectiveStrength(memory({ ...at, memoryType: "shame" }), now);
    expect(pride).toBeGreaterThan(shame);
    expect(shame).toBeGreaterThanOrEqual(normal);
  });

  it("is reinforced by recall: the clock restarts and the memory becomes stabler", () => {
    const old = memory({ eventAt: yearsAgo(30) });
    const recalled = memory({ eventAt: yearsAgo(30), recallCount: 3, lastRecalledAt: yearsAgo(0.01) });
    expect(effectiveStrength(recalled, now)).toBeGreaterThan(effectiveStrength(old, now) + 30);
    const recalledLongAgo = memory({ eventAt: yearsAgo(30), recallCount: 3, lastRecalledAt: yearsAgo(10) });
    const onceLongAgo = memory({ eventAt: yearsAgo(30), recallCount: 1, lastRecalledAt: yearsAgo(10) });
    expect(effectiveStrength(recalledLongAgo, now)).toBeGreaterThan(effectiveStrength(onceLongAgo, now));
  });

  it("stays within 0-100 and treats future events as fresh", () => {
    expect(effectiveStrength(memory({ memoryStrength: 100, recallCount: 50, lastRecalledAt: now }), now)).toBe(100);
    expect(effectiveStrength(memory({ memoryStrength: 0 }), now)).toBe(0);
    expect(effectiveStrength(memory({ eventAt: new Date(now.getTime() + 1e10) }), now)).toBe(80);
  });
});
