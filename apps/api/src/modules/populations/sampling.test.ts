import { describe, expect, it } from "vitest";
import { normaliseWeights, sample, seededOrder } from "./sampling.ts";

const ids = (prefix: string, n: number) =>
  Array.from({ length: n }, (_, i) => `${prefix}-${String(i).padStart(4, "0")}`);

describe("quota sampling", () => {
  const a = ids("a", 500);
  const b = ids("b", 300);
  const cohorts = [
    { cohortId: "A", weight: 0.7, memberIds: a },
    { cohortId: "B", weight: 0.3, memberIds: b },
  ];

  it("gives each cohort its largest-remainder share of the size", () => {
    const s = sample(cohorts, { rule: "quota", size: 101, seed: 7 });
    expect(s.members).toHaveLength(101);
    const count = (c: string) => s.members.filter((m) => m.cohortId === c).length;
    expect(count("A")).toBe(71); // 70.7 → 71
    expect(count("B")).toBe(30);
    expect(s.warnings).toEqual([]);
    // Weighted shares are the weights exactly; mean weight 1.
    const weightOf = (c: string) => s.members.filter((m) => m.cohortId === c).reduce((t, m) => t + m.weight, 0);
    expect(weightOf("A") / 101).toBeCloseTo(0.7, 12);
    expect(weightOf("B") / 101).toBeCloseTo(0.3, 12);
    expect(s.members.reduce((t, m) => t + m.weight, 0)).toBeCloseTo(101, 9);
  });

  it("is reproducible from the seed and changes with it", () => {
    const one = sample(cohorts, { rule: "quota", size: 50, seed: 42 });
    const again = sample(
      cohorts.map((c) => ({ ...c, memberIds: [...c.memberIds].reverse() })),
      { rule: "quota", size: 50, seed: 42 },
    );
    expect(again.members).toEqual(one.members);
    const other = sample(cohorts, { rule: "quota", size: 50, seed: 43 });
    expect(other.members.map((m) => m.personaId)).not.toEqual(one.members.map((m) => m.personaId));
  });

  it("moves by at most one member when a member joins a cohort", () => {
    const before = sample(cohorts, { rule: "quota", size: 40, seed: 5 });
    const after = sample([{ ...cohorts[0]!, memberIds: [...a, "a-new"] }, cohorts[1]!], {
      rule: "quota",
      size: 40,
      seed: 5,
    });
    const kept = new Set(before.members.map((m) => m.personaId));
    expect(after.members.filter((m) => !kept.has(m.personaId)).length).toBeLessThanOrEqual(1);
  });

  it("counts a persona in two cohorts once, in the first cohort of the list", () => {
    const s = sample(
      [
        { cohortId: "A", weight: 0.5, memberIds: ["p1", "p2"] },
        { cohortId: "B", weight: 0.5, memberIds: ["p2", "p3"] },
      ],
      { rule: "all" },
    );
    expect(s.members.map((m) => [m.personaId, m.cohortId])).toEqual([
      ["p1", "A"],
      ["p2", "A"],
      ["p3", "B"],
    ]);
  });

  it("gives what a short cohort has and reports the shortfall", () => {
    const s = sample(
      [
        { cohortId: "A", weight: 0.5, memberIds: ids("a", 100) },
        { cohortId: "B", weight: 0.5, memberIds: ids("b", 3) },
      ],
      { rule: "quota", size: 20, seed: 1 },
    );
    expect(s.members.filter((m) => m.cohortId === "B")).toHaveLength(3);
    expect(s.warnings).toEqual([{ type: "shortfall", cohortId: "B", quota: 10, available: 3, shortfall: 7 }]);
    // B's three members still carry half the weight.
    const weightB = s.members.filter((m) => m.cohortId === "B").reduce((t, m) => t + m.weight, 0);
    expect(weightB / s.members.length).toBeCloseTo(0.5, 12);
  });
});

describe("all sampling", () => {
  it("takes every member, weighted so each cohort's share is its weight", () => {
    const s = sample(
      [
        { cohortId: "A", weight: 0.25, memberIds: ids("a", 30) },
        { cohortId: "B", weight: 0.75, memberIds: ids("b", 10) },
      ],
      { rule: "all" },
    );
    expect(s.members).toHaveLength(40);
    const a = s.members.find((m) => m.cohortId === "A")!;
    const b = s.members.find((m) => m.cohortId === "B")!;
    expect(a.weight).toBeCloseTo((0.25 * 40) / 30, 12);
    expect(b.weight).toBeCloseTo((0.75 * 40) / 10, 12);
    expect(s.members.reduce((t, m) => t + m.weight, 0) / 40).toBeCloseTo(1, 12);
  });

  it("re-normalises over the cohorts that have members", () => {
    const s = sample(
      [
        { cohortId: "A", weight: 0.5, memberIds: ids("a", 4) },
        { cohortId: "B", weight: 0.5, memberIds: [] },
      ],
      { rule: "all" },
    );
    expect(s.members.every((m) => Math.abs(m.weight - 1) < 1e-12)).toBe(true);
    expect(s.warnings).toEqual([{ type: "empty_cohort", cohortId: "B" }]);
  });
});

describe("helpers", () => {
  it("normalises relative weights and refuses non-positive ones", () => {
    expect(normaliseWeights([2, 1, 1])).toEqual([0.5, 0.25, 0.25]);
    expect(() => normaliseWeights([1, 0])).toThrow();
    expect(() => normaliseWeights([1, -1])).toThrow();
  });

  it("orders by seed, not by input order", () => {
    const list = ids("x", 20);
    expect(seededOrder(list, 3)).toEqual(seededOrder([...list].reverse(), 3));
    expect(new Set(seededOrder(list, 3))).toEqual(new Set(list));
  });
});
