import { describe, expect, it } from "vitest";
import {
  averageRanks,
  bootstrapMedianCI,
  chiSquare,
  describe as describeSample,
  holm,
  kruskalWallis,
  mannWhitney,
  meanCI,
  median,
  proportions,
  quantileSorted,
  resampleIndices,
  welchT,
} from "./statistics.ts";

/**
 * Unit tests of the statistics on small cases computed by hand (the comparison with R on larger fixtures is
 * apps/api/test/statistics/r-reference.test.ts).
 */

const close = (a: number | null | undefined, b: number) => expect(a).toBeCloseTo(b, 12);

describe("describe", () => {
  it("n, mean, sd with n − 1, median; weights give the weighted mean and reliability-weights sd", () => {
    const d = describeSample([1, 2, 3, 4], [1, 1, 1, 1]);
    expect(d.n).toBe(4);
    close(d.mean, 2.5);
    close(d.sd, Math.sqrt(5 / 3));
    close(d.median, 2.5);
    close(d.weightedMean, 2.5);
    close(d.weightedSd, Math.sqrt(5 / 3)); // equal weights: the plain sd
    close(describeSample([0, 10], [3, 1]).weightedMean, 2.5);
  });

  it("the sd of one value is null, an empty sample or wrong weights throw", () => {
    expect(describeSample([7]).sd).toBeNull();
    expect(describeSample([7], [2]).weightedSd).toBeNull();
    expect(() => describeSample([])).toThrow(RangeError);
    expect(() => describeSample([1, 2], [1])).toThrow(RangeError);
    expect(() => describeSample([1, Number.NaN])).toThrow(RangeError);
    expect(() => describeSample([1, 2], [0, 0])).toThrow(RangeError);
  });

  it("median and type-7 quantiles", () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(quantileSorted([1, 2, 2, 3], 0.25)).toBe(1.75);
    expect(quantileSorted([1, 2, 2, 3], 0.75)).toBe(2.25);
    expect(quantileSorted([1, 2, 2, 3], 1)).toBe(3);
  });

  it("average ranks for ties", () => {
    expect(averageRanks([10, 20, 20, 30, 5])).toEqual([2, 3.5, 3.5, 5, 1]);
  });
});

describe("meanCI", () => {
  it("x̄ ± qt(0.975, n − 1)·s/√n", () => {
    const ci = meanCI([1, 2, 3]);
    const half = (4.302652729749464 * 1) / Math.sqrt(3); // qt(0.975, 2) = 4.302652729749464
    close(ci?.lower, 2 - half);
    close(ci?.upper, 2 + half);
    expect(ci?.df).toBe(2);
    expect(meanCI([5])).toBeNull();
  });
});

describe("proportions", () => {
  it("from counts, from values, and weighted", () => {
    expect(proportions({ yes: 3, no: 1 }).categories).toEqual([
      { value: "yes", count: 3, proportion: 0.75 },
      { value: "no", count: 1, proportion: 0.25 },
    ]);
    const p = proportions(["a", "b", "a"], [1, 2, 1]);
    expect(p.total).toBe(4);
    expect(p.categories.map((c) => c.proportion)).toEqual([0.5, 0.5]);
    expect(proportions({ a: 0 }).categories[0]?.proportion).toBe(0);
    expect(() => proportions(["a"], [1, 2])).toThrow(RangeError);
  });
});

describe("bootstrap", () => {
  it("resampleIndices is seeded, in range, and differs by seed", () => {
    const a = resampleIndices(10, 5, 42);
    expect(a).toEqual(resampleIndices(10, 5, 42));
    expect(a).not.toEqual(resampleIndices(10, 5, 43));
    expect(a).toHaveLength(5);
    for (const row of a) {
      expect(row).toHaveLength(10);
      for (const i of row) expect(Number.isInteger(i) && i >= 0 && i < 10).toBe(true);
    }
  });

  it("percentile and BCa on supplied resamples", () => {
    // Resample medians 2, 1, 3, 2; θ̂ = 2; one below → z0 = Φ⁻¹(1/4); jackknife medians 2.5, 2, 1.5 → a = 0.
    const ci = bootstrapMedianCI(
      [1, 2, 3],
      [
        [0, 1, 2],
        [0, 0, 0],
        [2, 2, 2],
        [1, 1, 1],
      ],
      0.5,
    );
    expect(ci.median).toBe(2);
    expect(ci.percentile).toEqual({ lower: 1.75, upper: 2.25 });
    close(ci.bca?.z0, -0.6744897501960817);
    expect(ci.bca?.acceleration).toBe(0);
    // Every resample median above θ̂: z0 = −∞, no BCa.
    expect(bootstrapMedianCI([1, 2, 3], [[2, 2, 2]]).bca).toBeNull();
    expect(() => bootstrapMedianCI([1, 2], [[0, 2]])).toThrow(RangeError);
  });
});

describe("chiSquare", () => {
  it("X², df, Cramér's V; all-zero columns dropped", () => {
    const c = chiSquare([
      [10, 0],
      [0, 10],
    ]);
    close(c?.statistic, 20); // E = 5 everywhere: 4 · 25/5
    expect(c?.df).toBe(1);
    close(c?.cramersV, 1);
    const dropped = chiSquare([
      [10, 0, 0],
      [0, 0, 10],
    ]);
    expect([dropped?.rows, dropped?.columns]).toEqual([2, 2]);
    close(dropped?.statistic, 20);
    expect(chiSquare([[1, 2, 3]])).toBeNull();
  });
});

describe("welchT", () => {
  it("t, df, Hedges' g with the exact correction", () => {
    const w = welchT([1, 2, 3], [4, 5, 6]);
    close(w?.difference, -3);
    close(w?.t, -3 / Math.sqrt(2 / 3));
    close(w?.df, 4); // (2/3)² / (2·(1/3)²/2)
    close(w?.hedgesG, -3 * Math.sqrt(2 / Math.PI)); // m = 4: J = Γ(2)/(√2·Γ(3/2)) = √(2/π)
    expect(welchT([1, 1], [2, 2])).toBeNull();
    expect(() => welchT([1], [2, 3])).toThrow(RangeError);
  });
});

describe("mannWhitney", () => {
  it("U, corrected z, rank-biserial r", () => {
    const m = mannWhitney([1, 2, 3], [4, 5, 6]);
    expect(m?.u).toBe(0);
    close(m?.z, -4 / Math.sqrt(5.25)); // (0 − 4.5 + 0.5) / √(9/12 · 7)
    expect(m?.rankBiserial).toBe(-1);
    expect(mannWhitney([4, 5, 6], [1, 2, 3])?.rankBiserial).toBe(1);
    expect(mannWhitney([1, 1], [1])).toBeNull();
  });
});

describe("kruskalWallis", () => {
  it("H with ranks, df = k − 1", () => {
    const k = kruskalWallis([
      [1, 2],
      [3, 4],
    ]);
    close(k?.statistic, 2.4); // 12·(9/2 + 49/2)/(4·5) − 15
    expect(k?.df).toBe(1);
    expect(() => kruskalWallis([[1, 2], []])).toThrow(RangeError);
  });
});

describe("holm", () => {
  it("step-down, monotone, capped at 1, in the input's order", () => {
    const adjusted = holm([0.01, 0.04, 0.03]);
    [0.03, 0.06, 0.06].forEach((v, i) => {
      close(adjusted[i], v);
    });
    expect(holm([0.5, 0.6])).toEqual([1, 1]);
    expect(holm([])).toEqual([]);
  });
});

describe("jackknifeMedians", () => {
  it("equals the median of each leave-one-out sample, ties and odd/even sizes included", async () => {
    const { jackknifeMedians, median } = await import("./statistics.ts");
    const rng = (await import("../../shared/random.ts")).mulberry32(11);
    for (const n of [2, 3, 4, 5, 10, 11, 50, 51]) {
      const x = Array.from({ length: n }, () => Math.floor(rng() * 7) + rng());
      if (n > 4) x[1] = x[0] as number; // a tie
      const slow = x.map((_, i) => median(x.filter((_, j) => j !== i)));
      expect(jackknifeMedians(x)).toEqual(slow);
    }
  });
});
