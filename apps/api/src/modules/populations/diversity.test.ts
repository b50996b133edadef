import { describe, expect, it } from "vitest";
import {
  BIG_FIVE,
  type DiversityMember,
  type DiversityReport,
  diversityOf,
  EXACT_DISTANCE_LIMIT,
  SAMPLED_PAIR_COUNT,
  UNIFORM_MEAN_DISTANCE,
  usAdultsJointShares,
} from "./diversity.ts";
import { drawSeeds } from "./draw.ts";
import { PRESET_VARIABLES } from "./preset.ts";
import { US_ADULTS } from "./presets/us-adults.ts";

/** A seeded PRNG (mulberry32) written here: tests must not use Math.random. */
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

const same = (v: number) => ({ openness: v, conscientiousness: v, extraversion: v, agreeableness: v, neuroticism: v });

let counter = 0;
function member(values: DiversityMember["values"], extra: Partial<DiversityMember> = {}): DiversityMember {
  counter += 1;
  return {
    personaId: `p${counter}`,
    firstName: `First${counter}`,
    lastName: "Last",
    age: 40,
    location: "Springfield, IL",
    values,
    traits: same(0.5),
    weight: 1,
    ...extra,
  };
}

/** Every number in the report, for checking there is no NaN and nothing beyond 4 decimals. */
function numbersIn(value: unknown): number[] {
  if (typeof value === "number") return [value];
  if (Array.isArray(value)) return value.flatMap(numbersIn);
  if (value && typeof value === "object") return Object.values(value).flatMap(numbersIn);
  return [];
}

function expectWellFormed(report: DiversityReport) {
  expect(JSON.parse(JSON.stringify(report))).toEqual(report);
  for (const x of numbersIn(report)) {
    expect(Number.isFinite(x)).toBe(true);
    expect(Math.abs(x * 1e4 - Math.round(x * 1e4))).toBeLessThan(1e-6);
  }
}

// sex 50/50; age: young .5, old .3, mid .2, none 0 (not a target cell); region: one category.
const TARGETS = {
  sex: { female: 0.5, male: 0.5 },
  age_band: { young: 0.5, old: 0.3, mid: 0.2, none: 0 },
  region: { x: 1 },
};

/** A: f young x; B: f old x; C: m young (no region); D: m young, region "y" (outside the targets). */
function fourMembers(): DiversityMember[] {
  return [
    member({ sex: "female", age_band: "young", region: "x" }, { personaId: "A" }),
    member({ sex: "female", age_band: "old", region: "x" }, { personaId: "B" }),
    member({ sex: "male", age_band: "young" }, { personaId: "C" }),
    member({ sex: "male", age_band: "young", region: "y" }, { personaId: "D" }),
  ];
}

describe("diversityOf", () => {
  it("reports an empty panel as all zero, with no NaN", () => {
    const report = diversityOf([], TARGETS);
    expectWellFormed(report);
    expect(report.members).toBe(0);
    expect(report.effectiveSampleSize).toBe(0);
    expect(report.unknown).toEqual({ sex: 0, age_band: 0, region: 0 });
    expect(report.outsideTargets).toEqual({ sex: 0, age_band: 0, region: 0 });
    expect(report.marginal).toEqual({
      cells: 6,
      covered: 0,
      coverage: 0,
      missing: [
        { variable: "sex", category: "female", target: 0.5 },
        { variable: "sex", category: "male", target: 0.5 },
        { variable: "age_band", category: "young", target: 0.5 },
        { variable: "age_band", category: "old", target: 0.3 },
        { variable: "age_band", category: "mid", target: 0.2 },
        { variable: "region", category: "x", target: 1 },
      ],
    });
    expect(report.pairwise).toEqual({ cells: 11, covered: 0, coverage: 0, coverageOfExpected: 0, thinnest: [] });
    expect(report.traits).toEqual({
      withTraits: 0,
      perTrait: Object.fromEntries(BIG_FIVE.map((t) => [t, { mean: 0, sd: 0, min: 0, max: 0 }])),
      meanDistance: 0,
      uniformMeanDistance: UNIFORM_MEAN_DISTANCE,
      sampledPairs: null,
    });
    expect(report.duplicates).toEqual({ groups: [], count: 0 });
    expect(report.warnings).toEqual(["The panel has no members"]);
  });

  it("handles no targets at all", () => {
    const report = diversityOf(fourMembers(), {});
    expectWellFormed(report);
    expect(report.marginal).toEqual({ cells: 0, covered: 0, coverage: 0, missing: [] });
    expect(report.pairwise.cells).toBe(0);
  });

  it("counts marginal cells (target > 0 only), unknown and outside values", () => {
    const report = diversityOf(fourMembers(), TARGETS);
    expectWellFormed(report);
    expect(report.members).toBe(4);
    expect(report.unknown).toEqual({ sex: 0, age_band: 0, region: 1 });
    expect(report.outsideTargets).toEqual({ sex: 0, age_band: 0, region: 1 });
    // 2 + 3 + 1 cells; only age "mid" is empty.
    expect(report.marginal).toEqual({
      cells: 6,
      covered: 5,
      coverage: 0.8333,
      missing: [{ variable: "age_band", category: "mid", target: 0.2 }],
    });
    expect(Object.keys(report)).toEqual([
      "members",
      "effectiveSampleSize",
      "unknown",
      "outsideTargets",
      "marginal",
      "pairwise",
      "traits",
      "duplicates",
      "warnings",
    ]);
  });

  it("counts a blank value as unknown, and a member in a zero-target category as outside", () => {
    const report = diversityOf(
      [member({ sex: "  ", age_band: "none" }), member({ sex: "female", age_band: "young", region: "x" })],
      TARGETS,
    );
    expect(report.unknown).toEqual({ sex: 1, age_band: 0, region: 1 });
    expect(report.outsideTargets).toEqual({ sex: 0, age_band: 1, region: 0 });
  });

  it("covers the pairwise cells of the product of the marginals, with expected counts and the thinnest", () => {
    const report = diversityOf(fourMembers(), TARGETS);
    // sex × age: 6 cells (expected 4 × share): f-young 1 (1 member), f-old .6 (1), f-mid .4 (0), m-young 1 (2),
    // m-old .6 (0), m-mid .4 (0). sex × region: f-x 2 (2), m-x 2 (0). age × region: young-x 2 (1),
    // old-x 1.2 (1), mid-x .8 (0). 11 cells, 6 covered; expected ≥ 1: f-young, m-young, f-x, m-x, young-x,
    // old-x, of which all but m-x are covered.
    expect(report.pairwise.cells).toBe(11);
    expect(report.pairwise.covered).toBe(6);
    expect(report.pairwise.coverage).toBe(0.5455);
    expect(report.pairwise.coverageOfExpected).toBe(0.8333);
    const cell = (a: string, b: string, x: string, y: string, expected: number, count: number) => ({
      variables: [a, b],
      categories: [x, y],
      expected,
      count,
    });
    // count / expected ascending; ties (the five empty cells) larger expected first, then in cell order.
    expect(report.pairwise.thinnest).toEqual([
      cell("sex", "region", "male", "x", 2, 0),
      cell("age_band", "region", "mid", "x", 0.8, 0),
      cell("sex", "age_band", "male", "old", 0.6, 0),
      cell("sex", "age_band", "female", "mid", 0.4, 0),
      cell("sex", "age_band", "male", "mid", 0.4, 0),
      cell("age_band", "region", "young", "x", 2, 1), // 0.5
      cell("age_band", "region", "old", "x", 1.2, 1), // 0.8333
      cell("sex", "region", "female", "x", 2, 2), // 1, larger expected first
      cell("sex", "age_band", "female", "young", 1, 1), // 1
      cell("sex", "age_band", "female", "old", 0.6, 1), // 1.6667
    ]);
  });

  it("uses a joint table's cells (zero cells do not exist), in either orientation", () => {
    const targets = { a: { p: 0.5, q: 0.5 }, b: { r: 0.5, s: 0.5 } };
    const members = [member({ a: "p", b: "r" }), member({ a: "p", b: "r" }), member({ a: "q", b: "r" })];
    const shares = { p: { r: 0.5, s: 0 }, q: { r: 0, s: 0.5 } };
    for (const joint of [
      { variables: ["a", "b"] as [string, string], shares },
      { variables: ["b", "a"] as [string, string], shares: { r: { p: 0.5, q: 0 }, s: { p: 0, q: 0.5 } } },
    ]) {
      const report = diversityOf(members, targets, [joint]);
      // Two cells, p-r (expected 1.5, 2 members) and q-s (1.5, none); q-r does not exist.
      expect(report.pairwise).toEqual({
        cells: 2,
        covered: 1,
        coverage: 0.5,
        coverageOfExpected: 0.5,
        thinnest: [
          { variables: ["a", "b"], categories: ["q", "s"], expected: 1.5, count: 0 },
          { variables: ["a", "b"], categories: ["p", "r"], expected: 1.5, count: 2 },
        ],
      });
    }
  });

  it("fits a joint table to the targets' marginals, keeping its association", () => {
    // Joint p-r .4, p-s .2, q-r .2, q-s .2 (odds ratio 2) fitted to 50/50 margins: p-r = q-s = x with
    // x² / (0.5 − x)² = 2, so x = 0.5√2 / (1 + √2) = 0.292893; n = 10.
    const targets = { a: { p: 0.5, q: 0.5 }, b: { r: 0.5, s: 0.5 } };
    const members = Array.from({ length: 10 }, () => member({ a: "p", b: "r" }));
    const joint = {
      variables: ["a", "b"] as [string, string],
      shares: { p: { r: 0.4, s: 0.2 }, q: { r: 0.2, s: 0.2 } },
    };
    const report = diversityOf(members, targets, [joint]);
    const expected = Object.fromEntries(report.pairwise.thinnest.map((c) => [c.categories.join("-"), c.expected]));
    expect(expected).toEqual({ "p-r": 2.9289, "p-s": 2.0711, "q-r": 2.0711, "q-s": 2.9289 });
  });

  it("ignores a joint table naming a variable the targets lack", () => {
    const targets = { a: { p: 0.5, q: 0.5 }, b: { r: 0.5, s: 0.5 } };
    const members = [member({ a: "p", b: "r" })];
    const joint = { variables: ["a", "c"] as [string, string], shares: { p: { z: 1 } } };
    expect(diversityOf(members, targets, [joint]).pairwise.cells).toBe(4);
  });

  it("summarises the Big Five: per-trait stats over members with traits, exact mean pairwise distance", () => {
    const members = [
      member({}, { traits: same(0) }),
      member({}, { traits: same(1) }),
      member({}, { traits: null }),
      member({}, { traits: { ...same(0.5), openness: 0.5 } }),
      member({}, { traits: { ...same(0.5), neuroticism: Number.NaN } }),
    ];
    const { traits } = diversityOf(members, {});
    // Values 0, 1, 0.5 per trait: mean 0.5, sd √(0.5 / 3) = 0.408248. Distances √5, √1.25, √1.25:
    // mean (2.236068 + 2 × 1.118034) / 3 = 1.490712.
    expect(traits).toEqual({
      withTraits: 3,
      perTrait: Object.fromEntries(BIG_FIVE.map((t) => [t, { mean: 0.5, sd: 0.4082, min: 0, max: 1 }])),
      meanDistance: 1.4907,
      uniformMeanDistance: 0.8785,
      sampledPairs: null,
    });
  });

  it("keeps each trait's stats apart", () => {
    const members = [
      member(
        {},
        { traits: { openness: 0.2, conscientiousness: 0.4, extraversion: 0, agreeableness: 1, neuroticism: 0.3 } },
      ),
      member(
        {},
        { traits: { openness: 0.6, conscientiousness: 0.4, extraversion: 1, agreeableness: 1, neuroticism: 0.5 } },
      ),
    ];
    const { traits } = diversityOf(members, {});
    expect(traits.perTrait).toEqual({
      openness: { mean: 0.4, sd: 0.2, min: 0.2, max: 0.6 },
      conscientiousness: { mean: 0.4, sd: 0, min: 0.4, max: 0.4 },
      extraversion: { mean: 0.5, sd: 0.5, min: 0, max: 1 },
      agreeableness: { mean: 1, sd: 0, min: 1, max: 1 },
      neuroticism: { mean: 0.4, sd: 0.1, min: 0.3, max: 0.5 },
    });
    // √(0.16 + 0 + 1 + 0 + 0.04) = √1.2
    expect(traits.meanDistance).toBe(1.0954);
  });

  it("samples seeded pairs above the exact limit, deterministically and close to the exact mean", () => {
    const next = seeded(11);
    const n = EXACT_DISTANCE_LIMIT + 1;
    const members = Array.from({ length: n }, () =>
      member(
        {},
        {
          traits: {
            openness: next(),
            conscientiousness: next(),
            extraversion: next(),
            agreeableness: next(),
            neuroticism: next(),
          },
        },
      ),
    );
    const first = diversityOf(members, {});
    expect(first.traits.sampledPairs).toBe(SAMPLED_PAIR_COUNT);
    expect(diversityOf(members, {}).traits).toEqual(first.traits);
    let total = 0;
    const v = members.map((m) => BIG_FIVE.map((t) => m.traits![t]));
    for (let i = 0; i < n; i++) {
      for (let j = i + 1; j < n; j++) {
        let s = 0;
        for (let t = 0; t < 5; t++) s += (v[i]![t]! - v[j]![t]!) ** 2;
        total += Math.sqrt(s);
      }
    }
    const exact = total / ((n * (n - 1)) / 2);
    expect(Math.abs(first.traits.meanDistance - exact)).toBeLessThan(0.005);
    // Uniform traits: the reference value.
    expect(Math.abs(exact - UNIFORM_MEAN_DISTANCE)).toBeLessThan(0.01);
    expect(first.warnings.some((w) => w.startsWith("Trait spread"))).toBe(false);
    // One fewer member with traits: exact again.
    members[0]!.traits = null;
    expect(diversityOf(members, {}).traits.sampledPairs).toBeNull();
  });

  it("groups duplicates by first name, last name, age and location, trimmed and case-insensitive", () => {
    const people = (firstName: string, lastName: string, age: number, location: string, personaId: string) =>
      member({}, { firstName, lastName, age, location, personaId });
    const report = diversityOf(
      [
        people("Ann", "Lee", 30, "Austin, TX", "a1"),
        people("Bob", "Ray", 30, "Austin, TX", "b1"),
        people(" ann ", "LEE", 30, "austin, tx ", "a2"),
        people("Ann", "Lee", 31, "Austin, TX", "a-older"),
        people("Bob", "Ray", 30, "Austin, TX", "b2"),
        people("Ann", "Lee", 30, "Austin, TX", "a3"),
        people("Ann", "Lee", 30, "Dallas, TX", "a-dallas"),
      ],
      {},
    );
    expect(report.duplicates).toEqual({
      groups: [
        { firstName: "Ann", lastName: "Lee", age: 30, location: "Austin, TX", personaIds: ["a1", "a2", "a3"] },
        { firstName: "Bob", lastName: "Ray", age: 30, location: "Austin, TX", personaIds: ["b1", "b2"] },
      ],
      count: 3,
    });
    expect(report.warnings).toContain("3 duplicate personas");
  });

  it("gives the Kish effective sample size of the weights", () => {
    const members = [1, 1, 2, 0, -3, Number.NaN].map((weight) => member({}, { weight }));
    const report = diversityOf(members, {});
    // Weights 1, 1, 2, 0, 0, 0: 16 / 6.
    expect(report.effectiveSampleSize).toBe(2.6667);
    expect(report.warnings).toContain("Weights are uneven: effective sample size 2.7 of 6 members");
  });

  it("says what is thin in plain words", () => {
    const members = [
      ...fourMembers(),
      member({ sex: "female", age_band: "young", region: "x" }, { firstName: "Ann", lastName: "Lee", traits: null }),
      member({ sex: "female", age_band: "young", region: "x" }, { firstName: "ann", lastName: "lee", traits: null }),
    ];
    const report = diversityOf(members, { ...TARGETS, education: { low: 0.5, high: 0.5 } });
    // 6 members; education unknown for all; traits all 0.5 (distance 0) for 4, none for 2.
    expect(report.warnings).toEqual([
      "1 member has no region",
      "1 member has a region outside the targets",
      "6 members have no education",
      "No member has age band mid (target 20%)",
      "No member has education low (target 50%)",
      "No member has education high (target 50%)",
      "10 two-variable cells expected to hold at least one member are empty, e.g. sex male × region x (expected 3.0)",
      "2 members have no Big Five traits",
      "Trait spread is low: mean distance 0.00 against 0.88 for uniform traits",
      "1 duplicate persona",
    ]);
  });

  it("warns when no member has traits", () => {
    const report = diversityOf([member({}, { traits: null }), member({}, { traits: null })], {});
    expect(report.traits.withTraits).toBe(0);
    expect(report.traits.meanDistance).toBe(0);
    expect(report.warnings).toEqual(["No member has Big Five traits"]);
  });

  it("names at most five missing categories and counts the rest", () => {
    const targets = { v: Object.fromEntries(["a", "b", "c", "d", "e", "f", "g", "h"].map((c) => [c, 0.125])) };
    const report = diversityOf([member({ v: "a" })], targets);
    expect(report.marginal.missing).toHaveLength(7);
    expect(report.warnings.filter((w) => w.startsWith("No member has v"))).toHaveLength(5);
    expect(report.warnings).toContain("2 more target categories have no member");
  });

  it("handles a single-category target variable", () => {
    const report = diversityOf([member({ country: "US", sex: "female" })], {
      country: { US: 1 },
      sex: { female: 0.5, male: 0.5 },
    });
    expect(report.marginal).toEqual({
      cells: 3,
      covered: 2,
      coverage: 0.6667,
      missing: [{ variable: "sex", category: "male", target: 0.5 }],
    });
    expect(report.pairwise.cells).toBe(2);
    expect(report.pairwise.thinnest).toEqual([
      { variables: ["country", "sex"], categories: ["US", "male"], expected: 0.5, count: 0 },
      { variables: ["country", "sex"], categories: ["US", "female"], expected: 0.5, count: 1 },
    ]);
  });

  it("gives the same report for the same input", () => {
    const a = JSON.stringify(diversityOf(fourMembers(), TARGETS, usAdultsJointShares()));
    const b = JSON.stringify(diversityOf(fourMembers(), TARGETS, usAdultsJointShares()));
    expect(a).toBe(b);
  });

  it("covers every marginal cell of drawSeeds(1000, 7), and most pairwise cells", () => {
    const draws = drawSeeds(1000, 7);
    const next = seeded(3);
    const members: DiversityMember[] = draws.map((d, i) => ({
      personaId: `m${i}`,
      firstName: d.firstName,
      lastName: d.lastName,
      age: d.age,
      location: d.location,
      values: d.values,
      traits: {
        openness: next(),
        conscientiousness: next(),
        extraversion: next(),
        agreeableness: next(),
        neuroticism: next(),
      },
      weight: 1,
    }));
    const targets = Object.fromEntries(
      Object.entries(US_ADULTS.marginals).map(([variable, m]) => [variable, { ...m.shares }]),
    ) as Record<string, Record<string, number>>;
    const report = diversityOf(members, targets, usAdultsJointShares());
    expectWellFormed(report);
    expect(report.members).toBe(1000);
    expect(report.effectiveSampleSize).toBe(1000);
    expect(Object.values(report.unknown)).toEqual(Object.keys(PRESET_VARIABLES).map(() => 0));
    expect(report.marginal.coverage).toBe(1);
    expect(report.marginal.missing).toEqual([]);
    expect(report.marginal.cells).toBe(Object.values(PRESET_VARIABLES).reduce((s, c) => s + c.length, 0));
    // 21 pairs; every pair of categories has a positive share (product or fitted joint).
    expect(report.pairwise.cells).toBe(
      Object.values(PRESET_VARIABLES).reduce(
        (s, c, i, all) => s + all.slice(i + 1).reduce((t, d) => t + c.length * d.length, 0),
        0,
      ),
    );
    expect(report.pairwise.coverageOfExpected).toBeGreaterThan(0.95);
    expect(report.pairwise.thinnest).toHaveLength(10);
    expect(report.traits.withTraits).toBe(1000);
    expect(report.traits.sampledPairs).toBeNull();
    expect(Math.abs(report.traits.meanDistance - UNIFORM_MEAN_DISTANCE)).toBeLessThan(0.02);
    expect(report.warnings.some((w) => w.startsWith("No member"))).toBe(false);
  });
});

describe("usAdultsJointShares", () => {
  const tables = usAdultsJointShares();
  const total = (shares: Record<string, Record<string, number>>) =>
    Object.values(shares).reduce((s, row) => s + Object.values(row).reduce((a, b) => a + b, 0), 0);

  it("gives the published pairs and the draw model's pairs over the preset's categories, each summing to 1", () => {
    expect(tables.map((t) => t.variables)).toEqual([
      ["sex", "age_band"],
      ["sex", "education"],
      ["age_band", "education"],
      ["age_band", "employment_status"],
      ["age_band", "household_income"],
      ["education", "employment_status"],
      ["education", "household_income"],
      ["sex", "employment_status"],
      ["sex", "household_income"],
    ]);
    for (const { variables, shares } of tables) {
      expect(total(shares)).toBeCloseTo(1, 12);
      const [a, b] = variables as [keyof typeof PRESET_VARIABLES, keyof typeof PRESET_VARIABLES];
      expect(Object.keys(shares)).toEqual([...PRESET_VARIABLES[a]]);
      for (const row of Object.values(shares)) {
        expect(Object.keys(row)).toEqual([...PRESET_VARIABLES[b]]);
        for (const v of Object.values(row)) expect(v).toBeGreaterThan(0);
      }
    }
  });

  it("keeps the PEP age × sex table as published (up to its rounding)", () => {
    const sexAge = tables[0]!.shares;
    const published = US_ADULTS.joint.ageBandBySex.table;
    const publishedTotal = Object.values(published).reduce((s, r) => s + r.male + r.female, 0);
    expect(sexAge.female!["75+"]).toBeCloseTo(published["75+"].female / publishedTotal, 12);
    expect(sexAge.male!["18-24"]).toBeCloseTo(published["18-24"].male / publishedTotal, 12);
  });

  it("splits the ACS groups: 65+ by the PEP ratios, education groups by the marginal", () => {
    const ageEducation = tables[2]!.shares;
    const { table, groupOf } = US_ADULTS.joint.educationByAgeSex;
    // Bachelors and graduate split bachelors_or_higher 0.2208 : 0.1273 at every age.
    for (const row of Object.values(ageEducation)) {
      expect(row.bachelors! / row.graduate_or_professional!).toBeCloseTo(0.2208 / 0.1273, 10);
    }
    // 65-74 plus 75+ is the ACS 65+ row (over the table's total).
    const acsTotal = Object.values(table).reduce(
      (s, bySex) => s + Object.values(bySex).reduce((t, row) => t + Object.values(row).reduce((a, b) => a + b, 0), 0),
      0,
    );
    const higher65 = (table["65+"].male.bachelors_or_higher + table["65+"].female.bachelors_or_higher) / acsTotal;
    const levels = Object.keys(groupOf).filter((l) => groupOf[l as keyof typeof groupOf] === "bachelors_or_higher");
    const sum65 = levels.reduce((s, l) => s + ageEducation["65-74"]![l]! + ageEducation["75+"]![l]!, 0);
    expect(sum65).toBeCloseTo(higher65, 10);
  });

  it("the model's pairs are what the draw produces (10,000 members: every cell within 1 pp)", () => {
    const draws = drawSeeds(10_000, 3);
    for (const { variables, shares } of tables.slice(3)) {
      const [a, b] = variables as [keyof typeof PRESET_VARIABLES, keyof typeof PRESET_VARIABLES];
      for (const [x, row] of Object.entries(shares)) {
        for (const [y, share] of Object.entries(row)) {
          const observed = draws.filter((d) => d.values[a] === x && d.values[b] === y).length / draws.length;
          expect(Math.abs(observed - share), `${a}=${x} × ${b}=${y}`).toBeLessThan(0.01);
        }
      }
    }
  });
});
