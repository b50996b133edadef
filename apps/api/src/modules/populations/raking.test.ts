import { describe, expect, it } from "vitest";
import { fitOf, kishEffectiveSampleSize, type Marginals, type Member, rake, validateMarginals } from "./raking.ts";

const member = (id: string, values: Record<string, string>): Member => ({ id, values });

/** A seeded PRNG (mulberry32) written here: modules may not import the simulator's, and tests must not use Math.random. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Picks a category with the given (unnormalised) weights. */
function draw(next: () => number, cells: Record<string, number>): string {
  const entries = Object.entries(cells);
  let u = next() * entries.reduce((acc, [, w]) => acc + w, 0);
  for (const [category, w] of entries) {
    u -= w;
    if (u < 0) return category;
  }
  return entries[entries.length - 1]?.[0] as string;
}

const TARGETS: Marginals = {
  age_band: { "18-29": 0.2, "30-44": 0.25, "45-64": 0.33, "65+": 0.22 },
  sex: { female: 0.51, male: 0.49 },
  region: { northeast: 0.17, midwest: 0.21, south: 0.38, west: 0.24 },
  education: { hs_or_less: 0.37, some_college: 0.28, bachelor: 0.22, graduate: 0.13 },
  employment: { employed: 0.6, unemployed: 0.03, not_in_labor_force: 0.37 },
};

/** 1,000 members drawn away from the targets, with education and employment depending on age (as real draws do). */
function sample(seed: number, n = 1000): Member[] {
  const next = seeded(seed);
  return Array.from({ length: n }, (_, i) => {
    const age = draw(next, { "18-29": 0.3, "30-44": 0.3, "45-64": 0.25, "65+": 0.15 });
    const old = age === "65+";
    return member(`m${i}`, {
      age_band: age,
      sex: draw(next, { female: 0.45, male: 0.55 }),
      region: draw(next, { northeast: 0.25, midwest: 0.25, south: 0.25, west: 0.25 }),
      education: draw(
        next,
        old
          ? { hs_or_less: 5, some_college: 2, bachelor: 2, graduate: 1 }
          : { hs_or_less: 3, some_college: 3, bachelor: 3, graduate: 1 },
      ),
      employment: draw(
        next,
        old
          ? { employed: 2, unemployed: 0.2, not_in_labor_force: 8 }
          : { employed: 7, unemployed: 0.5, not_in_labor_force: 2.5 },
      ),
    });
  });
}

describe("rake: hand-computed examples", () => {
  it("an independent 2×2 design fits in one pass with the product of the margins", () => {
    // One member per cell, n = 4. Pass 1, sex: M members ×(0.6·4/2) = 1.2, F ×(0.4·4/2) = 0.8.
    // Region: N weight 1.2+0.8 = 2 → ×(0.3·4/2) = 0.6; S weight 2 → ×(0.7·4/2) = 1.4.
    // MN 0.72, MS 1.68, FN 0.48, FS 1.12 (= 4·p(sex)·p(region)); sex is still 2.4/4 = 0.6, so it stops.
    const members = [
      ["M", "N"],
      ["M", "S"],
      ["F", "N"],
      ["F", "S"],
    ].map(([sex, region], i) => member(`p${i}`, { sex: sex as string, region: region as string }));
    const result = rake(members, { sex: { M: 0.6, F: 0.4 }, region: { N: 0.3, S: 0.7 } }, { tolerance: 1e-12 });
    expect(result.iterations).toBe(1);
    expect(result.converged).toBe(true);
    for (const [i, w] of [0.72, 1.68, 0.48, 1.12].entries()) expect(result.weights[i]).toBeCloseTo(w, 9);
    // Kish: (Σw)² / Σw² = 16 / (0.72² + 1.68² + 0.48² + 1.12²) = 16 / 4.8256.
    expect(result.effectiveSampleSize).toBeCloseTo(16 / 4.8256, 9);
    expect(result.efficiency).toBeCloseTo(16 / 4.8256 / 4, 9);
  });

  it("a correlated 2×2 sample converges to the table with the sample's odds ratio", () => {
    // Counts MN 1, MS 1, FN 1, FS 2 (n = 5); targets sex M 0.5 / F 0.5, region N 0.4 / S 0.6.
    // IPF keeps the cross-product ratio (1·2)/(1·1) = 2 and meets both margins. With a = share of MN:
    // MS = 0.5−a, FN = 0.4−a, FS = 0.1+a and a(0.1+a) = 2(0.5−a)(0.4−a) ⇔ a² − 1.9a + 0.4 = 0,
    // a = (1.9 − √2.01)/2 ≈ 0.2411279. Member weight (mean 1) = 5 × cell share / members in the cell.
    const a = (1.9 - Math.sqrt(2.01)) / 2;
    const members = [
      ["M", "N"],
      ["M", "S"],
      ["F", "N"],
      ["F", "S"],
      ["F", "S"],
    ].map(([sex, region], i) => member(`p${i}`, { sex: sex as string, region: region as string }));
    const result = rake(members, { sex: { M: 0.5, F: 0.5 }, region: { N: 0.4, S: 0.6 } }, { tolerance: 1e-13 });
    expect(result.converged).toBe(true);
    expect(result.iterations).toBeGreaterThan(1);
    const expected = [5 * a, 5 * (0.5 - a), 5 * (0.4 - a), (5 * (0.1 + a)) / 2, (5 * (0.1 + a)) / 2];
    for (const [i, w] of result.weights.entries()) expect(Math.abs(w - (expected[i] as number))).toBeLessThan(1e-9);
    expect(result.fit.map((r) => [r.variable, r.category, r.target])).toEqual([
      ["sex", "M", 0.5],
      ["sex", "F", 0.5],
      ["region", "N", 0.4],
      ["region", "S", 0.6],
    ]);
    expect(result.maxDeviation).toBeLessThanOrEqual(1e-13);
  });
});

describe("rake: a 1,000-member sample against 5 marginals", () => {
  const members = sample(42);

  it("starts more than 1 pp off and ends within 0.1 pp, re-computed here from the weights", () => {
    const before = fitOf(members, null, TARGETS);
    expect(Math.max(...before.map((r) => Math.abs(r.deviation)))).toBeGreaterThan(0.01);

    const result = rake(members, TARGETS);
    expect(result.converged).toBe(true);
    expect(result.maxDeviation).toBeLessThanOrEqual(0.001);
    expect(result.fit).toHaveLength(17);
    expect(result.weights.reduce((s, w) => s + w, 0) / members.length).toBeCloseTo(1, 12);
    expect(result.weights.every((w) => w > 0)).toBe(true);

    // Independent recomputation: weighted share per cell straight from the members.
    const total = result.weights.reduce((s, w) => s + w, 0);
    for (const [variable, cells] of Object.entries(TARGETS)) {
      for (const [category, target] of Object.entries(cells)) {
        const weight = members.reduce(
          (s, m, i) => (m.values[variable] === category ? s + (result.weights[i] as number) : s),
          0,
        );
        expect(Math.abs(weight / total - target), `${variable}=${category}`).toBeLessThanOrEqual(0.001);
      }
    }
    expect(result.effectiveSampleSize).toBeCloseTo(kishEffectiveSampleSize(result.weights), 9);
    expect(result.efficiency).toBeGreaterThan(0.5);
    expect(result.efficiency).toBeLessThan(1);
  });

  it("is deterministic: the same members and targets give identical weights", () => {
    expect(rake(sample(42), TARGETS)).toEqual(rake(members, TARGETS));
  });

  it("trims weights to the bounds (relative to the mean) and still fits when the bounds allow it", () => {
    const free = rake(members, TARGETS);
    const trimmed = rake(members, TARGETS, { bounds: { min: 0.5, max: 2 } });
    expect(Math.max(...free.weights)).toBeGreaterThan(2);
    expect(trimmed.converged).toBe(true);
    expect(trimmed.maxDeviation).toBeLessThanOrEqual(1e-4);
    expect(trimmed.weights.every((w) => w >= 0.5 - 1e-9 && w <= 2 + 1e-9)).toBe(true);
  });

  it("reports tight bounds that cannot reach the targets as not converged, bounds kept", () => {
    const result = rake(members, TARGETS, { bounds: { min: 0.95, max: 1.05 }, maxIterations: 30 });
    expect(result.converged).toBe(false);
    expect(result.iterations).toBe(30);
    expect(result.maxDeviation).toBeGreaterThan(1e-4);
    expect(result.weights.every((w) => w >= 0.95 - 1e-9 && w <= 1.05 + 1e-9)).toBe(true);
  });
});

describe("rake: cells it cannot reach and bad input", () => {
  it("a target category with no member ends not converged with that cell at 0 and no NaN", () => {
    const members = [
      member("a", { sex: "F", region: "N" }),
      member("b", { sex: "M", region: "N" }),
      member("c", { sex: "M", region: "S" }),
    ];
    const targets = { sex: { F: 0.5, M: 0.5 }, region: { N: 0.5, S: 0.3, W: 0.2 } };
    const result = rake(members, targets, { maxIterations: 20 });
    expect(result.converged).toBe(false);
    expect(result.iterations).toBe(20);
    expect(result.fit.find((r) => r.category === "W")).toEqual({
      variable: "region",
      category: "W",
      target: 0.2,
      achieved: 0,
      deviation: -0.2,
    });
    expect(result.maxDeviation).toBeCloseTo(0.2, 9);
    // The missing 0.2 is spread over N and S in proportion to their targets: 0.625 / 0.375.
    expect(result.fit.find((r) => r.category === "N")?.achieved).toBeCloseTo(0.625, 6);
    expect(result.fit.find((r) => r.category === "F")?.achieved).toBeCloseTo(0.5, 4);
    const numbers = [
      ...result.weights,
      result.maxDeviation,
      result.effectiveSampleSize,
      result.efficiency,
      ...result.fit.flatMap((r) => [r.achieved, r.deviation]),
    ];
    expect(numbers.every(Number.isFinite)).toBe(true);
  });

  it("no members at all: every cell achieved 0, not converged, no NaN", () => {
    const result = rake([], { sex: { F: 0.5, M: 0.5 } });
    expect(result).toMatchObject({
      weights: [],
      converged: false,
      maxDeviation: 0.5,
      effectiveSampleSize: 0,
      efficiency: 0,
    });
    expect(result.fit.map((r) => r.achieved)).toEqual([0, 0]);
  });

  it("a member with a category the targets do not list, or no value, throws naming it", () => {
    const targets = { sex: { F: 0.5, M: 0.5 } };
    expect(() => rake([member("a", { sex: "F" }), member("b", { sex: "X" })], targets)).toThrow(/member b: sex = "X"/);
    expect(() => fitOf([member("c", {})], null, targets)).toThrow(/member c: sex = undefined/);
    expect(() => fitOf([member("a", { sex: "F" })], [1, 2], targets)).toThrow(/2 weights for 1 members/);
  });

  it("refuses invalid options", () => {
    const members = [member("a", { sex: "F" })];
    const targets = { sex: { F: 0.5, M: 0.5 } };
    expect(() => rake(members, targets, { bounds: { min: 2, max: 3 } })).toThrow(/bounds/);
    expect(() => rake(members, targets, { maxIterations: -1 })).toThrow(/maxIterations/);
    expect(() => rake(members, targets, { tolerance: Number.NaN })).toThrow(/tolerance/);
  });
});

describe("fitOf and kishEffectiveSampleSize", () => {
  it("fitOf reports unweighted and weighted shares with deviation = achieved − target", () => {
    const members = [
      member("a", { sex: "F" }),
      member("b", { sex: "M" }),
      member("c", { sex: "M" }),
      member("d", { sex: "M" }),
    ];
    const targets = { sex: { F: 0.5, M: 0.5 } };
    expect(fitOf(members, null, targets)).toEqual([
      { variable: "sex", category: "F", target: 0.5, achieved: 0.25, deviation: -0.25 },
      { variable: "sex", category: "M", target: 0.5, achieved: 0.75, deviation: 0.25 },
    ]);
    expect(fitOf(members, [3, 1, 1, 1], targets).map((r) => r.deviation)).toEqual([0, 0]);
  });

  it("Kish ESS on known weights", () => {
    expect(kishEffectiveSampleSize([1, 1, 1, 1])).toBe(4);
    expect(kishEffectiveSampleSize([2, 2, 2])).toBe(3); // scale does not matter
    expect(kishEffectiveSampleSize([1, 3])).toBeCloseTo(16 / 10, 12);
    expect(kishEffectiveSampleSize([5, 0, 0, 0])).toBe(1);
    expect(kishEffectiveSampleSize([])).toBe(0);
    expect(() => kishEffectiveSampleSize([1, Number.NaN])).toThrow(/finite/);
  });
});

describe("validateMarginals", () => {
  it("accepts valid marginals and re-scales rounded shares to sum to exactly 1", () => {
    const result = validateMarginals({ sex: { F: 0.5, M: 0.5 }, age: { young: 0.3333, old: 0.6666 } });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.targets.sex).toEqual({ F: 0.5, M: 0.5 });
    expect(Object.values(result.targets.age ?? {}).reduce((s, v) => s + v, 0)).toBeCloseTo(1, 12);
  });

  it("collects every error with its path", () => {
    const long = "x".repeat(65);
    const result = validateMarginals({
      age_band: { "18-29": 0.5, "30+": 0.4 },
      sex: { F: 1 },
      region: { N: -0.5, S: 1.5 },
      income: { low: Number.POSITIVE_INFINITY, high: "0.5" },
      [long]: { a: 0.5, b: 0.5 },
      edu: { "": 0.5, [long]: 0.5 },
      employment: [0.5, 0.5],
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toEqual([
      { path: "targets.age_band", message: "shares sum to 0.9, not 1 (± 0.001)" },
      { path: "targets.sex", message: "needs at least 2 categories" },
      { path: "targets.region.N", message: "share must be a finite number ≥ 0" },
      { path: "targets.income.low", message: "share must be a finite number ≥ 0" },
      { path: "targets.income.high", message: "share must be a finite number ≥ 0" },
      { path: `targets.${long}`, message: "variable names are 1-64 characters" },
      { path: "targets.edu.", message: "category names are 1-64 characters" },
      { path: `targets.edu.${long}`, message: "category names are 1-64 characters" },
      { path: "targets.employment", message: "must be an object of categories to shares" },
    ]);
  });

  it("refuses a non-object and an empty object at the root", () => {
    for (const bad of [null, "us-adults", 3, [], {}]) {
      const result = validateMarginals(bad);
      expect(result.ok, JSON.stringify(bad)).toBe(false);
      if (!result.ok) expect(result.errors[0]?.path).toBe("targets");
    }
  });

  it("keeps a category named __proto__ as data", () => {
    const result = validateMarginals(JSON.parse('{"v":{"__proto__":0.5,"b":0.5}}'));
    expect(result.ok).toBe(true);
    if (result.ok) expect(Object.keys(result.targets.v ?? {})).toEqual(["__proto__", "b"]);
  });
});
