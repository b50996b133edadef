import { describe, expect, it } from "vitest";
import { testClock, until } from "./harness.ts";

describe("until (bounded polls instead of fixed sleeps)", () => {
  it("returns the first truthy value the probe gives, sync or async", async () => {
    let n = 0;
    expect(await until(() => (++n >= 3 ? `after ${n}` : undefined), { what: "three probes", intervalMs: 1 })).toBe(
      "after 3",
    );
    expect(await until(async () => ({ ok: true }), { what: "an object" })).toEqual({ ok: true });
  });

  it("throws at its bound, naming what it waited for and the last value seen", async () => {
    await expect(until(() => 0, { what: "the impossible", timeoutMs: 60, intervalMs: 5 })).rejects.toThrow(
      "timed out after 60 ms waiting for the impossible (last seen: 0)",
    );
  });
});

describe("testClock", () => {
  it("follows real time plus an offset that advance adds to and reset clears", () => {
    const clock = testClock();
    const t0 = Date.now();
    expect(clock.now().getTime()).toBeGreaterThanOrEqual(t0);
    clock.advance(3_600_000);
    expect(clock.now().getTime()).toBeGreaterThanOrEqual(t0 + 3_600_000);
    clock.advance(-1_000);
    expect(clock.now().getTime()).toBeGreaterThanOrEqual(t0 + 3_599_000);
    clock.reset();
    expect(clock.now().getTime()).toBeLessThanOrEqual(Date.now());
  });
});
