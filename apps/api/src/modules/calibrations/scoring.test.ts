import { describe, expect, it } from "vitest";
import { GSS_2024_ITEMS, GSS_AGE_GROUPS, GSS_SEXES } from "./data/gss-2024.ts";
import { calibrationItemOf } from "./items.ts";
import {
  type CalibrationItem,
  calibrationReport,
  type Distribution,
  DistributionError,
  jensenShannon,
  MIN_SUBGROUP_ANSWERS,
  type ModelAnswer,
  samplingFloor,
  scoreItem,
  skillScore,
  totalVariation,
} from "./scoring.ts";

const H = (ps: number[]) => -ps.filter((p) => p > 0).reduce((acc, p) => acc + p * Math.log2(p), 0);

describe("totalVariation and jensenShannon", () => {
  it("match hand-computed values", () => {
    // Disjoint supports: both at their maximum, 1.
    expect(totalVariation({ a: 1, b: 0 }, { a: 0, b: 1 })).toBe(1);
    expect(jensenShannon({ a: 1, b: 0 }, { a: 0, b: 1 })).toBeCloseTo(1, 12);
    // (½, ½) vs (1, 0): TVD ½; JSD = H(¾, ¼) − (H(½, ½) + H(1, 0)) / 2 = 0.811278… − 0.5.
    expect(totalVariation({ a: 0.5, b: 0.5 }, { a: 1, b: 0 })).toBeCloseTo(0.5, 12);
    expect(jensenShannon({ a: 0.5, b: 0.5 }, { a: 1, b: 0 })).toBeCloseTo(0.311278124459133, 12);
    // Three categories: TVD = ½ (0.3 + 0 + 0.3); JSD = H(m) − (H(p) + H(q)) / 2, m = (0.35, 0.3, 0.35).
    const p = { a: 0.2, b: 0.3, c: 0.5 };
    const q = { a: 0.5, b: 0.3, c: 0.2 };
    expect(totalVariation(p, q)).toBeCloseTo(0.3, 12);
    expect(jensenShannon(p, q)).toBeCloseTo(H([0.35, 0.3, 0.35]) - H([0.2, 0.3, 0.5]), 12);
    expect(jensenShannon(p, q)).toBeCloseTo(0.0958155, 6);
  });

  it("are symmetric, 0 on equal distributions, and normalise weights first (key order does not matter)", () => {
    const p = { a: 2, b: 2 };
    const q = { b: 0, a: 3 };
    expect(totalVariation(p, q)).toBeCloseTo(0.5, 12);
    expect(jensenShannon(p, q)).toBeCloseTo(0.311278124459133, 12);
    expect(jensenShannon(q, p)).toBeCloseTo(jensenShannon(p, q), 15);
    expect(totalVariation({ x: 1, y: 3 }, { x: 25, y: 75 })).toBe(0);
    expect(jensenShannon({ x: 1, y: 3 }, { x: 25, y: 75 })).toBe(0);
  });

  it("reject different categories, negative or non-finite weights and all-zero distributions", () => {
    const err = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        expect(e).toBeInstanceOf(DistributionError);
        return (e as DistributionError).path;
      }
      throw new Error("expected a DistributionError");
    };
    expect(err(() => totalVariation({ a: 1, b: 0 }, { a: 1, c: 0 }))).toBe("b");
    expect(err(() => jensenShannon({ a: 1 }, { a: 1, b: 1 }))).toBe("b");
    expect(err(() => jensenShannon({ a: 1, b: -0.1 }, { a: 1, b: 0 }))).toBe("b");
    expect(err(() => jensenShannon({ a: 1, b: Number.NaN }, { a: 1, b: 0 }))).toBe("b");
    expect(err(() => totalVariation({ a: 0, b: 0 }, { a: 1, b: 0 }))).toBe("");
    expect(err(() => totalVariation({}, {}))).toBe("");
  });
});

/** A seeded PRNG (mulberry32): tests must not use Math.random. */
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

describe("samplingFloor", () => {
  it("approximates the mean distance of n draws from the distribution itself", () => {
    const q = { a: 0.2, b: 0.5, c: 0.25, d: 0.05 };
    const keys = Object.keys(q) as (keyof typeof q)[];
    const next = seeded(13);
    const n = 300;
    const trials = 2000;
    let tvd = 0;
    let jsd = 0;
    for (let t = 0; t < trials; t++) {
      const counts = { a: 0, b: 0, c: 0, d: 0 };
      for (let i = 0; i < n; i++) {
        const u = next();
        let cumulative = 0;
        const k =
          keys.find((key) => {
            cumulative += q[key];
            return u < cumulative;
          }) ?? "d";
        counts[k]++;
      }
      tvd += totalVariation(counts, q);
      jsd += jensenShannon(counts, q);
    }
    const floor = samplingFloor(q, n);
    expect(floor.jsd).toBeCloseTo(3 / (8 * n * Math.LN2), 15);
    expect(Math.abs(jsd / trials / (floor.jsd as number) - 1)).toBeLessThan(0.1);
    expect(Math.abs(tvd / trials / (floor.tvd as number) - 1)).toBeLessThan(0.1);
    expect(samplingFloor({ a: 1, b: 0 }, 10)).toEqual({ tvd: 0, jsd: 0 });
    expect(() => samplingFloor(q, 0)).toThrow(RangeError);
  });
});

describe("skillScore", () => {
  it("is 1 − model / baseline, null when the baseline is 0 or an input is missing", () => {
    expect(skillScore(0, 0.2)).toBe(1);
    expect(skillScore(0.2, 0.2)).toBe(0);
    expect(skillScore(0.05, 0.2)).toBeCloseTo(0.75, 12);
    expect(skillScore(0.4, 0.2)).toBeCloseTo(-1, 12);
    expect(skillScore(0, 0)).toBeNull();
    expect(skillScore(0.1, 0)).toBeNull();
    expect(skillScore(null, 0.2)).toBeNull();
    expect(skillScore(0.1, null)).toBeNull();
    expect(() => skillScore(-1, 0.2)).toThrow(RangeError);
  });
});

/** `n` answers whose shares equal `dist` as closely as whole counts allow (largest remainder). */
function answersLike(dist: Distribution, n: number, who: Omit<ModelAnswer, "category">): ModelAnswer[] {
  const total = Object.values(dist).reduce((acc, v) => acc + v, 0);
  const exact = Object.entries(dist).map(([category, w]) => ({ category, x: (w / total) * n }));
  const counts = exact.map((e) => ({ ...e, count: Math.floor(e.x) }));
  let left = n - counts.reduce((acc, c) => acc + c.count, 0);
  for (const c of [...counts].sort((a, b) => b.x - Math.floor(b.x) - (a.x - Math.floor(a.x)))) {
    if (left-- <= 0) break;
    c.count++;
  }
  return counts.flatMap((c) => Array.from({ length: c.count }, () => ({ ...who, category: c.category })));
}

const ITEMS: CalibrationItem[] = GSS_2024_ITEMS.map(calibrationItemOf);
const PER_CELL = 420; // divisible by every category count (2, 3, 4, 5, 7): uniform answers are exactly uniform

/** Answers per item: PER_CELL per age group (sex unknown) and per sex (age unknown), from `distOf`. */
function answersBy(distOf: (item: CalibrationItem, dimension: "age" | "sex", group: string) => Distribution) {
  return Object.fromEntries(
    ITEMS.map((item) => [
      item.id,
      [
        ...GSS_AGE_GROUPS.flatMap((g) => answersLike(distOf(item, "age", g), PER_CELL, { ageGroup: g, sex: null })),
        ...GSS_SEXES.flatMap((s) => answersLike(distOf(item, "sex", s), PER_CELL, { ageGroup: null, sex: s })),
      ],
    ]),
  );
}

describe("calibrationReport on the GSS items", () => {
  it("a model answering the real subgroup distributions scores ~1 against both baselines", () => {
    const report = calibrationReport(
      ITEMS,
      answersBy((item, dim, g) => (dim === "age" ? item.byAgeGroup[g] : item.bySex[g]) as Distribution),
    );
    expect(report.cells).toEqual({ overall: 30, subgroup: 30 * 6, minAnswers: MIN_SUBGROUP_ANSWERS });
    expect(report.skill.subgroupVsMarginal.jsd).toBeGreaterThan(0.99);
    expect(report.skill.subgroupVsMarginal.tvd).toBeGreaterThan(0.97);
    expect(report.skill.vsUniform.subgroup.jsd).toBeGreaterThan(0.999);
    expect(report.skill.vsUniform.subgroup.tvd).toBeGreaterThan(0.99);
    // Overall, the model's answers are an equal mix of the subgroups, close to but not exactly the real overall.
    expect(report.skill.vsUniform.overall.jsd).toBeGreaterThan(0.9);
    // The marginal baseline is the real overall distribution itself: no ratio exists at the overall level.
    expect(report.skill.vsMarginal.overall).toEqual({ jsd: null, tvd: null });
    expect(report.means.marginal.overall).toEqual({ jsd: 0, tvd: 0 });
    // The sampling floor at n = 420 per subgroup is far below what the marginal baseline misses by.
    expect(report.means.samplingFloor.subgroup.jsd).toBeLessThan((report.means.marginal.subgroup.jsd as number) / 2);
  });

  it("a model answering the overall marginal everywhere shows no subgroup skill against the marginal baseline", () => {
    const report = calibrationReport(
      ITEMS,
      answersBy((item) => item.overall),
    );
    expect(Math.abs(report.skill.subgroupVsMarginal.jsd as number)).toBeLessThan(0.02);
    expect(Math.abs(report.skill.subgroupVsMarginal.tvd as number)).toBeLessThan(0.02);
    expect(report.skill.vsMarginal.subgroup).toEqual(report.skill.subgroupVsMarginal);
    // ... while it does beat random answers by far.
    expect(report.skill.vsUniform.overall.jsd).toBeGreaterThan(0.99);
    expect(report.skill.vsUniform.subgroup.jsd).toBeGreaterThan(0.8);
    for (const s of report.items.flatMap((i) => i.subgroups)) {
      expect(Math.abs((s.jsd as number) - (s.baselines.marginal.jsd as number))).toBeLessThan(0.001);
    }
  });

  it("uniform answers score 0 against the uniform baseline and much worse than the marginal", () => {
    const report = calibrationReport(
      ITEMS,
      answersBy((item) => Object.fromEntries(item.categories.map((c) => [c, 1]))),
    );
    expect(report.skill.vsUniform.overall.jsd).toBeCloseTo(0, 12);
    expect(report.skill.vsUniform.overall.tvd).toBeCloseTo(0, 12);
    expect(report.skill.vsUniform.subgroup.jsd).toBeCloseTo(0, 12);
    expect(report.skill.vsUniform.subgroup.tvd).toBeCloseTo(0, 12);
    expect(report.skill.subgroupVsMarginal.jsd).toBeLessThan(-1);
  });

  it("a perfect model sampled at 400 answers per subgroup shows the sampling floor, not a distance of 0", () => {
    const next = seeded(7);
    const draw = (d: Distribution) => {
      const u = next();
      let cumulative = 0;
      const entries = Object.entries(d);
      for (const [category, p] of entries) {
        cumulative += p;
        if (u < cumulative) return category;
      }
      return entries[entries.length - 1]?.[0] as string;
    };
    const n = 400;
    const answers = Object.fromEntries(
      ITEMS.map((item) => [
        item.id,
        [
          ...Object.entries(item.byAgeGroup).flatMap(([g, d]) =>
            Array.from({ length: n }, () => ({ ageGroup: g, category: draw(d) })),
          ),
          ...Object.entries(item.bySex).flatMap(([s, d]) =>
            Array.from({ length: n }, () => ({ sex: s, category: draw(d) })),
          ),
        ],
      ]),
    );
    const report = calibrationReport(ITEMS, answers);
    const floor = report.means.samplingFloor.subgroup;
    expect(Math.abs((report.means.model.subgroup.jsd as number) / (floor.jsd as number) - 1)).toBeLessThan(0.15);
    expect(Math.abs((report.means.model.subgroup.tvd as number) / (floor.tvd as number) - 1)).toBeLessThan(0.15);
    const expected = 1 - (floor.jsd as number) / (report.means.marginal.subgroup.jsd as number);
    expect(Math.abs((report.skill.subgroupVsMarginal.jsd as number) - expected)).toBeLessThan(0.1);
    expect(report.skill.subgroupVsMarginal.jsd).toBeLessThan(0.9);
  });

  it("has the report shape of SPEC §8.1 with per-item baselines", () => {
    const report = calibrationReport(ITEMS.slice(0, 2), { HAPPY: answersLike(ITEMS[0]!.overall, 100, {}) });
    expect(Object.keys(report).sort()).toEqual(["baselines", "cells", "items", "means", "skill"]);
    expect(Object.keys(report.skill).sort()).toEqual(["subgroupVsMarginal", "vsMarginal", "vsUniform"]);
    expect(Object.keys(report.baselines).sort()).toEqual(["marginal", "uniform"]);
    const [happy, health] = report.items;
    expect(happy).toMatchObject({ id: "HAPPY", n: 100, lowN: false, invalid: 0 });
    expect(happy?.tvd).toBeLessThan(0.01);
    expect(happy?.baselines.uniform.overall.jsd).toBeGreaterThan(0);
    expect(happy?.baselines.marginal.overall).toEqual({ tvd: 0, jsd: 0 });
    // No demographics were given: every subgroup is listed, empty and flagged.
    expect(happy?.subgroups.map((s) => `${s.dimension}:${s.group}`)).toEqual([
      "age_group:18-29",
      "age_group:30-44",
      "age_group:45-64",
      "age_group:65+",
      "sex:male",
      "sex:female",
    ]);
    expect(happy?.subgroups.every((s) => s.n === 0 && s.lowN && s.jsd === null && s.distribution === null)).toBe(true);
    expect(happy?.subgroupMean).toEqual({ tvd: null, jsd: null });
    // An item without answers: n 0, flagged, null distances, left out of the means.
    expect(health).toMatchObject({ id: "HEALTH", n: 0, lowN: true, tvd: null, jsd: null });
    expect(report.cells).toMatchObject({ overall: 1, subgroup: 0 });
    expect(report.skill.subgroupVsMarginal).toEqual({ jsd: null, tvd: null });
    expect(report.skill.vsUniform.overall.jsd).toBeGreaterThan(0.9);
    expect(JSON.parse(JSON.stringify(report))).toEqual(report);
  });
});

describe("scoreItem", () => {
  const item: CalibrationItem = {
    id: "T",
    categories: ["Yes", "No"],
    overall: { Yes: 0.5, No: 0.5 },
    byAgeGroup: { young: { Yes: 0.8, No: 0.2 }, old: { Yes: 0.2, No: 0.8 } },
    bySex: { male: { Yes: 0.5, No: 0.5 }, female: { Yes: 0.5, No: 0.5 } },
  };

  it("counts answers per subgroup, flags subgroups under the threshold and leaves them out of the mean", () => {
    const answers: ModelAnswer[] = [
      ...answersLike({ Yes: 0.8, No: 0.2 }, 40, { ageGroup: "young", sex: "male" }),
      ...answersLike({ Yes: 0.5, No: 0.5 }, 10, { ageGroup: "old", sex: "female" }),
      { category: "maybe", ageGroup: "young", sex: "male" },
      { category: null, ageGroup: "young", sex: "male" },
      { category: " yes ", ageGroup: "unknown-group", sex: null },
    ];
    const s = scoreItem(item, answers);
    expect(s).toMatchObject({ id: "T", n: 51, invalid: 2, lowN: false });
    const by = Object.fromEntries(s.subgroups.map((g) => [g.group, g]));
    expect(by.young).toMatchObject({ n: 40, lowN: false, tvd: 0, jsd: 0, distribution: { Yes: 0.8, No: 0.2 } });
    expect(by.old).toMatchObject({ n: 10, lowN: true, distribution: { Yes: 0.5, No: 0.5 } });
    expect(by.old?.tvd).toBeCloseTo(0.3, 12);
    expect(by.male).toMatchObject({ n: 40, lowN: false });
    expect(by.male?.tvd).toBeCloseTo(0.3, 12);
    expect(by.female).toMatchObject({ n: 10, lowN: true });
    // The model's subgroup mean and the baselines' use the same kept cells: young and male.
    expect(s.subgroupMean.tvd).toBeCloseTo(0.15, 12);
    expect(s.baselines.marginal.subgroup.tvd).toBeCloseTo((0.3 + 0) / 2, 12);
    expect(s.baselines.uniform.subgroup.tvd).toBeCloseTo((0.3 + 0) / 2, 12);
    expect(by.young?.baselines).toMatchObject({ uniform: { tvd: expect.closeTo(0.3, 12) } });
    // A lower threshold keeps both.
    const loose = scoreItem(item, answers, { minAnswers: 5 });
    expect(loose.subgroups.filter((g) => g.lowN)).toEqual([]);
  });

  it("rejects real distributions that do not match the item's categories", () => {
    expect(() => scoreItem({ ...item, overall: { Yes: 1, Maybe: 0 } }, [])).toThrow(DistributionError);
    expect(() => scoreItem({ ...item, bySex: { male: { Yes: 1 } } }, [])).toThrow(DistributionError);
  });
});

describe("the GSS 2024 data", () => {
  it("has 30 distinct items, each distribution summing to 1 ± 0.001 over the item's categories", () => {
    expect(GSS_2024_ITEMS).toHaveLength(30);
    expect(new Set(GSS_2024_ITEMS.map((i) => i.id)).size).toBe(30);
    for (const item of GSS_2024_ITEMS) {
      expect(item.options.length).toBeGreaterThanOrEqual(2);
      expect(new Set(item.options.map((o) => o.toLowerCase())).size).toBe(item.options.length);
      expect(Object.keys(item.byAgeGroup)).toEqual([...GSS_AGE_GROUPS]);
      expect(Object.keys(item.bySex)).toEqual([...GSS_SEXES]);
      const cells = [item.overall, ...Object.values(item.byAgeGroup), ...Object.values(item.bySex)];
      for (const cell of cells) {
        expect(cell.dist).toHaveLength(item.options.length);
        expect(cell.dist.every((p) => p >= 0 && p <= 1)).toBe(true);
        expect(Math.abs(cell.dist.reduce((acc, p) => acc + p, 0) - 1)).toBeLessThanOrEqual(0.001);
        expect(cell.n).toBeGreaterThanOrEqual(30);
      }
      // Subgroups partition the respondents (up to respondents with no age or sex recorded).
      const ageN = Object.values(item.byAgeGroup).reduce((acc, c) => acc + c.n, 0);
      const sexN = Object.values(item.bySex).reduce((acc, c) => acc + c.n, 0);
      expect(ageN).toBeLessThanOrEqual(item.overall.n);
      expect(sexN).toBeLessThanOrEqual(item.overall.n);
      expect(ageN).toBeGreaterThan(item.overall.n * 0.95);
      expect(sexN).toBeGreaterThan(item.overall.n * 0.95);
    }
  });

  it("spot-checks figures against the source (HAPPY, POLVIEWS)", () => {
    const happy = GSS_2024_ITEMS.find((i) => i.id === "HAPPY");
    expect(happy?.overall).toEqual({ dist: [0.2362, 0.558, 0.2059], n: 3183 });
    expect(happy?.byAgeGroup["18-29"]).toEqual({ dist: [0.196, 0.504, 0.3001], n: 455 });
    expect(happy?.bySex.female).toEqual({ dist: [0.2378, 0.5688, 0.1934], n: 1761 });
    expect(GSS_2024_ITEMS.find((i) => i.id === "POLVIEWS")?.options).toHaveLength(7);
  });
});
