import { describe, expect, it } from "vitest";
import { ApiError } from "../../errors.ts";
import type { OutputFormat, ParsedValue } from "../../shared/output-formats.ts";
import { hashOf } from "../../shared/random.ts";
import {
  ageBand,
  computeEvidence,
  type EvidenceAnswer,
  type EvidenceOptions,
  type EvidencePersona,
  type EvidenceQuestion,
  type EvidenceTask,
  type GroupSummary,
  type GroupTest,
  trimQuote,
} from "./evidence.ts";
import { StudyEvidenceSchema } from "./evidence-schemas.ts";
import { bootstrapMedianCI, chiSquare, holm, mannWhitney, meanCI, resampleIndices, welchT } from "./statistics.ts";

// ---------------------------------------------------------------------------------------------------------
// Builders

function persona(id: string, over: Partial<EvidencePersona> = {}): EvidencePersona {
  return {
    id,
    firstName: `First${id}`,
    lastName: `Last${id}`,
    age: 40,
    location: "Ohio",
    baseOccupation: "teacher",
    gender: null,
    education: null,
    incomeBracket: null,
    household: null,
    attributes: {},
    cohortId: null,
    weight: 1,
    ...over,
  };
}

interface Member {
  persona: EvidencePersona;
  /** questionId → parsed value (valid), or { invalid: raw }. */
  answers: Record<string, ParsedValue | { invalid: string }>;
  raw?: Record<string, string>;
  state?: EvidenceTask["state"];
  error?: string;
}

function build(members: Member[]) {
  const tasks: EvidenceTask[] = [];
  const answers: EvidenceAnswer[] = [];
  const personas = new Map<string, EvidencePersona>();
  members.forEach((m, i) => {
    const taskId = `t${String(i).padStart(4, "0")}`;
    personas.set(m.persona.id, m.persona);
    tasks.push({
      taskId,
      personaId: m.persona.id,
      replicate: 0,
      state: m.state ?? "succeeded",
      error: m.error ? { error: "failed", code: m.error } : null,
      costUsd: 0.01,
      credits: 2,
      tokensIn: m.state && m.state !== "succeeded" ? 0 : 100,
      tokensOut: m.state && m.state !== "succeeded" ? 0 : 10,
      score: null,
    });
    for (const [questionId, value] of Object.entries(m.answers)) {
      const invalid = typeof value === "object" && value !== null && "invalid" in value;
      answers.push({
        taskId,
        questionId,
        parsed: invalid ? null : value,
        valid: !invalid,
        raw: invalid ? String(value.invalid) : (m.raw?.[questionId] ?? JSON.stringify(value)),
        ...(invalid ? { error: "unparseable" } : {}),
        followUps: [],
      });
    }
  });
  return { tasks, answers, personas };
}

const q = (id: string, outputFormat: OutputFormat, text = `Question ${id}?`): EvidenceQuestion => ({
  id,
  text,
  outputFormat,
});
const yesNo = q("buy", { type: "single_choice", options: ["Yes", "No"] });
const price = q("price", { type: "numeric", unit: "USD" });
const choice = (label: string, index: number) => ({ label, index });
const opts = (over: Partial<EvidenceOptions> = {}): EvidenceOptions => ({
  groupBy: [],
  weighted: false,
  seed: 7,
  bootstrapResamples: 200,
  ...over,
});

function dim(result: ReturnType<typeof computeEvidence>, qi: number, dimension: string) {
  const q = result.questions[qi];
  const groups = q?.groups.filter((g) => g.dimension === dimension) ?? [];
  const tests = q?.tests.filter((t) => t.dimension === dimension) ?? [];
  if (groups.length === 0 && tests.length === 0) throw new Error(`no dimension ${dimension}`);
  return { dimension, groups, tests };
}
const group = (groups: GroupSummary[], key: string) => groups.find((g) => g.key === key) as GroupSummary;
const test = (tests: GroupTest[], name: GroupTest["test"]) => tests.find((t) => t.test === name) as GroupTest;

/** Cohort A answers Yes 90% of the time, cohort B 10%; 50 members each. */
function cohortStudy() {
  const members: Member[] = [];
  for (let i = 0; i < 100; i++) {
    const a = i < 50;
    const yes = a ? i < 45 : i < 55;
    members.push({
      persona: persona(`p${i}`, { cohortId: a ? "cA" : "cB" }),
      answers: { buy: yes ? choice("Yes", 0) : choice("No", 1) },
    });
  }
  return build(members);
}

// ---------------------------------------------------------------------------------------------------------

describe("computeEvidence: categorical answers by cohort", () => {
  it("a cohort difference that is known: exact proportions, χ² significant, Cramér's V large", () => {
    const { tasks, answers, personas } = cohortStudy();
    const r = computeEvidence(
      [yesNo],
      tasks,
      answers,
      personas,
      opts({
        groupBy: ["cohort"],
        cohortNames: { cA: "Urban", cB: "Rural" },
      }),
    );
    StudyEvidenceSchema.parse(r);
    const question = r.questions[0];
    expect(question?.answered).toBe(100);
    expect(question?.overall.distribution?.map((c) => [c.value, c.count, c.proportion])).toEqual([
      ["Yes", 50, 0.5],
      ["No", 50, 0.5],
    ]);
    const d = dim(r, 0, "cohort");
    expect(d.groups.map((g) => [g.key, g.label, g.n])).toEqual([
      ["cA", "Urban", 50],
      ["cB", "Rural", 50],
    ]);
    expect(group(d.groups, "cA").distribution?.map((c) => c.proportion)).toEqual([0.9, 0.1]);
    expect(group(d.groups, "cB").distribution?.map((c) => c.proportion)).toEqual([0.1, 0.9]);
    const chi = test(d.tests, "chi_square");
    // [[45, 5], [5, 45]]: X² = N(ad − bc)² / (r1 r2 c1 c2) = 100 · 2000² / 50⁴ = 64, V = √(64/100) = 0.8
    expect(chi.statistic).toBeCloseTo(64, 10);
    expect(chi.df).toBe(1);
    expect(chi.effect).toEqual({ measure: "cramers_v", value: expect.closeTo(0.8, 12) });
    expect(chi.p).toBe(
      chiSquare([
        [45, 5],
        [5, 45],
      ])?.p,
    );
    expect(chi.p).toBeLessThan(1e-10);
    expect(chi.pAdjusted).toBe(chi.p); // the only test
    expect(chi.significant).toBe(true);
    expect(chi.groups).toEqual(["cA", "cB"]);
    expect(r.testCount).toBe(1);
  });

  it("weights change the proportions (not the counts or the test)", () => {
    // 3 members say Yes with weight 1, 1 says No with weight 3: unweighted 75% Yes, weighted 50%.
    const members: Member[] = [
      ...[0, 1, 2].map((i) => ({ persona: persona(`y${i}`), answers: { buy: choice("Yes", 0) } })),
      { persona: persona("n0", { weight: 3 }), answers: { buy: choice("No", 1) } },
    ];
    const { tasks, answers, personas } = build(members);
    const r = computeEvidence([yesNo], tasks, answers, personas, opts({ weighted: true }));
    StudyEvidenceSchema.parse(r);
    expect(r.questions[0]?.overall.distribution).toEqual([
      { value: "Yes", index: 0, label: null, count: 3, proportion: 0.75, weightedProportion: 0.5 },
      { value: "No", index: 1, label: null, count: 1, proportion: 0.25, weightedProportion: 0.5 },
    ]);
    expect(r.questions[0]?.overall.weight).toBe(6);
    const unweighted = computeEvidence([yesNo], tasks, answers, personas, opts());
    expect(unweighted.questions[0]?.overall.distribution?.[0]).not.toHaveProperty("weightedProportion");
  });

  it("an 'other' answer is its own category, in every group", () => {
    const format: OutputFormat = { type: "single_choice", options: ["Yes", "No"], allowOther: true };
    const { tasks, answers, personas } = build([
      { persona: persona("a", { gender: "f" }), answers: { buy: { label: "Maybe later", index: null, other: true } } },
      { persona: persona("b", { gender: "m" }), answers: { buy: choice("Yes", 0) } },
    ]);
    const r = computeEvidence([q("buy", format)], tasks, answers, personas, opts({ groupBy: ["gender"] }));
    expect(r.questions[0]?.overall.distribution?.map((c) => [c.value, c.index, c.count])).toEqual([
      ["Yes", 0, 1],
      ["No", 1, 0],
      ["other", null, 1],
    ]);
    expect(group(dim(r, 0, "gender").groups, "m").distribution).toHaveLength(3);
  });
});

describe("computeEvidence: numbers", () => {
  /** Women answer 10..19, men 20..29 (+ one 95 to be an outlier when asked). */
  function numericStudy(outlier = false) {
    const members: Member[] = [];
    for (let i = 0; i < 10; i++)
      members.push({ persona: persona(`f${i}`, { gender: "female" }), answers: { price: 10 + i } });
    for (let i = 0; i < 10; i++)
      members.push({ persona: persona(`m${i}`, { gender: "male" }), answers: { price: 20 + i } });
    if (outlier)
      members.push({ persona: persona("m10", { gender: "male", firstName: "Otto" }), answers: { price: 95 } });
    return build(members);
  }

  it("a known mean difference: Welch's t with Hedges' g and Mann–Whitney with rank-biserial r", () => {
    const { tasks, answers, personas } = numericStudy();
    const r = computeEvidence([price], tasks, answers, personas, opts({ groupBy: ["gender"] }));
    StudyEvidenceSchema.parse(r);
    const d = dim(r, 0, "gender");
    const women = Array.from({ length: 10 }, (_, i) => 10 + i);
    const men = Array.from({ length: 10 }, (_, i) => 20 + i);
    const f = group(d.groups, "female").stats;
    expect(f?.n).toBe(10);
    expect(f?.mean).toBeCloseTo(14.5, 12);
    expect(f?.median).toBeCloseTo(14.5, 12);
    expect(f?.meanCI).toEqual({ lower: meanCI(women)?.lower, upper: meanCI(women)?.upper });
    expect([f?.min, f?.max]).toEqual([10, 19]);
    const w = test(d.tests, "welch_t");
    const expected = welchT(women, men);
    expect(w.difference?.estimate).toBeCloseTo(-10, 12);
    expect(w.statistic).toBe(expected?.t);
    expect(w.p).toBe(expected?.p);
    expect(w.effect).toEqual({ measure: "hedges_g", value: expected?.hedgesG });
    expect(w.effect?.value).toBeLessThan(-2);
    const mw = test(d.tests, "mann_whitney");
    expect(mw.effect).toEqual({ measure: "rank_biserial", value: -1 });
    expect(mw.p).toBe(mannWhitney(women, men)?.p);
    expect(d.tests.every((t) => t.significant)).toBe(true);
    expect(d.tests.map((t) => t.test)).toEqual(["welch_t", "mann_whitney"]);
    // Holm over the two: the smaller p doubled, the larger kept (if not below the first).
    const adjusted = holm(d.tests.map((t) => t.p as number));
    expect(d.tests.map((t) => t.pAdjusted)).toEqual(adjusted);
  });

  it("the median's bootstrap intervals are seeded from the run seed, the question and the group", () => {
    const { tasks, answers, personas } = numericStudy();
    const r = computeEvidence([price], tasks, answers, personas, opts({ groupBy: ["gender"], seed: 11 }));
    const f = group(dim(r, 0, "gender").groups, "female").stats;
    const seed = hashOf(11, "price", "gender", "female");
    const women = Array.from({ length: 10 }, (_, i) => 10 + i);
    const boot = bootstrapMedianCI(women, resampleIndices(10, 200, seed));
    expect(f?.medianCI).toEqual({
      B: 200,
      seed,
      percentile: boot.percentile,
      bca: boot.bca && { lower: boot.bca.lower, upper: boot.bca.upper },
    });
    const other = computeEvidence([price], tasks, answers, personas, opts({ groupBy: ["gender"], seed: 12 }));
    expect(group(dim(other, 0, "gender").groups, "female").stats?.medianCI?.seed).not.toBe(seed);
  });

  it("finds the outlier (robust z > 3.5) with its persona", () => {
    const { tasks, answers, personas } = numericStudy(true);
    const r = computeEvidence([price], tasks, answers, personas, opts());
    const o = r.questions[0]?.overall.outliers;
    expect(o?.count).toBe(1);
    expect(o?.items[0]).toMatchObject({ personaId: "m10", name: "Otto Lastm10", value: 95, age: 40, location: "Ohio" });
    expect(o?.items[0]?.robustZ).toBeGreaterThan(3.5);
  });

  it("weighted means with weights, and none without", () => {
    const { tasks, answers, personas } = build([
      { persona: persona("a", { weight: 3 }), answers: { price: 10 } },
      { persona: persona("b", { weight: 1 }), answers: { price: 20 } },
    ]);
    const r = computeEvidence([price], tasks, answers, personas, opts({ weighted: true }));
    expect(r.questions[0]?.overall.stats?.mean).toBe(15);
    expect(r.questions[0]?.overall.stats?.weightedMean).toBeCloseTo(12.5, 12);
    expect(typeof r.questions[0]?.overall.stats?.weightedSd).toBe("number");
    const plain = computeEvidence([price], tasks, answers, personas, opts());
    expect(plain.questions[0]?.overall.stats).not.toHaveProperty("weightedMean");
  });

  it("skips the tests when a group has fewer than 2 answers", () => {
    const { tasks, answers, personas } = build([
      { persona: persona("a", { gender: "f" }), answers: { price: 10 } },
      { persona: persona("b", { gender: "f" }), answers: { price: 12 } },
      { persona: persona("c", { gender: "m" }), answers: { price: 20 } },
    ]);
    const r = computeEvidence([price], tasks, answers, personas, opts({ groupBy: ["gender"] }));
    StudyEvidenceSchema.parse(r);
    const tests = dim(r, 0, "gender").tests;
    expect(tests.map((t) => [t.test, t.p, t.pAdjusted, t.significant])).toEqual([
      ["welch_t", null, null, false],
      ["mann_whitney", null, null, false],
    ]);
    expect(tests[0]?.skipped).toBe('group "m" has fewer than 2 answers');
    expect(r.testCount).toBe(0);
    expect(group(dim(r, 0, "gender").groups, "m").stats?.medianCI).toBeNull();
  });

  it("likert: distribution of points with labels and numeric stats; > 2 groups → Kruskal–Wallis and χ² on points", () => {
    const likert = q("like", { type: "likert", scale: 5, labels: ["Hate", "Love"] });
    const members: Member[] = [];
    const bands = [25, 35, 50];
    bands.forEach((age, b) => {
      for (let i = 0; i < 6; i++)
        members.push({ persona: persona(`b${b}-${i}`, { age }), answers: { like: b + 1 + (i % 2) } });
    });
    const { tasks, answers, personas } = build(members);
    const r = computeEvidence([likert], tasks, answers, personas, opts({ groupBy: ["ageBand"] }));
    StudyEvidenceSchema.parse(r);
    expect(r.questions[0]?.overall.distribution?.map((c) => [c.value, c.label, c.count])).toEqual([
      ["1", "Hate", 3],
      ["2", null, 6],
      ["3", null, 6],
      ["4", null, 3],
      ["5", "Love", 0],
    ]);
    expect(r.questions[0]?.overall.stats?.mean).toBeCloseTo(2.5, 12);
    const d = dim(r, 0, "ageBand");
    expect(d.groups.map((g) => g.key)).toEqual(["18-29", "30-44", "45-64"]);
    expect(d.tests.map((t) => [t.test, t.on])).toEqual([
      ["kruskal_wallis", "answer"],
      ["chi_square", "points"],
    ]);
    expect(d.tests.every((t) => t.p !== null && t.df === 2 + (t.test === "chi_square" ? 4 : 0))).toBe(true);
  });
});

describe("computeEvidence: multi_choice, ranking, json", () => {
  it("multi_choice: share of respondents per option; ranking: mean positions and first choices", () => {
    const multi = q("features", { type: "multi_choice", options: ["Recipes", "Lists", "Budget"] });
    const rank = q("order", { type: "ranking", options: ["Price", "Taste", "Time"] });
    const list = (labels: string[], indexes: number[]) => ({ labels, indexes });
    const { tasks, answers, personas } = build([
      {
        persona: persona("a"),
        answers: { features: list(["Recipes", "Lists"], [0, 1]), order: list(["Price", "Taste", "Time"], [0, 1, 2]) },
      },
      {
        persona: persona("b"),
        answers: { features: list(["Recipes"], [0]), order: list(["Price", "Time", "Taste"], [0, 2, 1]) },
      },
      {
        persona: persona("c"),
        answers: { features: list(["Budget"], [2]), order: list(["Taste", "Price", "Time"], [1, 0, 2]) },
      },
      { persona: persona("d"), answers: { features: { invalid: "none of them" }, order: { invalid: "?" } } },
    ]);
    const r = computeEvidence([multi, rank], tasks, answers, personas, opts());
    StudyEvidenceSchema.parse(r);
    expect(r.questions[0]?.answered).toBe(3);
    expect(r.questions[0]?.invalid).toBe(1);
    expect(r.questions[0]?.overall.options?.map((o) => [o.value, o.count, o.share])).toEqual([
      ["Recipes", 2, 2 / 3],
      ["Lists", 1, 1 / 3],
      ["Budget", 1, 1 / 3],
    ]);
    const ranking = r.questions[1]?.overall.ranking;
    expect(ranking?.positions.map((p) => [p.value, p.meanPosition])).toEqual([
      ["Price", 4 / 3],
      ["Taste", 2],
      ["Time", 8 / 3],
    ]);
    expect(ranking?.firstChoice.map((c) => [c.value, c.count])).toEqual([
      ["Price", 2],
      ["Taste", 1],
      ["Time", 0],
    ]);
  });

  it("ranking: χ² on the first choices between groups; multi_choice: no test", () => {
    const rank = q("order", { type: "ranking", options: ["Price", "Taste"] });
    const multi = q("features", { type: "multi_choice", options: ["Recipes", "Lists"] });
    const members: Member[] = [];
    for (let i = 0; i < 20; i++) {
      const priceFirst = i < 10 ? i < 9 : i < 11; // cohort A 9/10 price first, cohort B 1/10
      members.push({
        persona: persona(`p${i}`, { cohortId: i < 10 ? "A" : "B" }),
        answers: {
          order: priceFirst
            ? { labels: ["Price", "Taste"], indexes: [0, 1] }
            : { labels: ["Taste", "Price"], indexes: [1, 0] },
          features: { labels: ["Recipes"], indexes: [0] },
        },
      });
    }
    const { tasks, answers, personas } = build(members);
    const r = computeEvidence([rank, multi], tasks, answers, personas, opts({ groupBy: ["cohort"] }));
    const chi = test(dim(r, 0, "cohort").tests, "chi_square");
    expect(chi.on).toBe("first_choice");
    expect(chi.statistic).toBeCloseTo(
      chiSquare([
        [9, 1],
        [1, 9],
      ])?.statistic as number,
      12,
    );
    expect(chi.effect?.value).toBeCloseTo(0.8, 12);
    expect(group(dim(r, 0, "cohort").groups, "A").ranking?.positions.map((p) => [p.value, p.meanPosition])).toEqual([
      ["Price", 1.1],
      ["Taste", 1.9],
    ]);
    expect(dim(r, 1, "cohort").tests).toEqual([]);
  });

  it("json: counts only", () => {
    const json = q("data", { type: "json", schema: { type: "object" } });
    const { tasks, answers, personas } = build([{ persona: persona("a"), answers: { data: { ok: true } } }]);
    const r = computeEvidence([json], tasks, answers, personas, opts({ groupBy: ["gender"] }));
    StudyEvidenceSchema.parse(r);
    expect(r.questions[0]?.overall).toEqual({
      dimension: "overall",
      key: "all",
      label: "All",
      n: 1,
      weight: 1,
      mean: null,
      ci: null,
      quotes: [],
    });
    expect(dim(r, 0, "gender").tests).toEqual([]);
    expect(dim(r, 0, "gender").groups.map((g) => [g.key, g.label])).toEqual([["(none)", "Not set"]]);
  });
});

describe("computeEvidence: Holm across the whole result", () => {
  it("adjusts every test of every question and dimension together", () => {
    const { tasks, answers, personas } = (() => {
      const members: Member[] = [];
      for (let i = 0; i < 40; i++) {
        const a = i < 20;
        members.push({
          persona: persona(`p${i}`, { cohortId: a ? "cA" : "cB", gender: i % 2 ? "f" : "m" }),
          answers: {
            buy: (a ? i < 14 : i < 26) ? choice("Yes", 0) : choice("No", 1),
            price: (a ? 10 : 12) + (i % 5),
          },
        });
      }
      return build(members);
    })();
    const r = computeEvidence([yesNo, price], tasks, answers, personas, opts({ groupBy: ["cohort", "gender"] }));
    StudyEvidenceSchema.parse(r);
    const all = r.questions.flatMap((x) => x.tests).filter((t) => t.p !== null);
    expect(all).toHaveLength(6); // buy: χ² × 2 dimensions; price: Welch + Mann–Whitney × 2
    expect(r.testCount).toBe(6);
    const expected = holm(all.map((t) => t.p as number));
    expect(all.map((t) => t.pAdjusted)).toEqual(expected);
    expect(all.map((t) => t.significant)).toEqual(expected.map((p) => p < 0.05));
    // The family is the whole result: adjusting one question alone would give smaller p-values.
    const alone = computeEvidence([yesNo], tasks, answers, personas, opts({ groupBy: ["cohort"] }));
    const chiAlone = test(dim(alone, 0, "cohort").tests, "chi_square");
    const chiAll = test(dim(r, 0, "cohort").tests, "chi_square");
    expect(chiAlone.p).toBe(chiAll.p);
    expect(chiAll.pAdjusted).toBeGreaterThan(chiAlone.pAdjusted as number);
  });
});

describe("computeEvidence: quotes and themes", () => {
  const why = q("why", { type: "text" });
  const texts = [
    "The price is too high for my budget",
    "Price is high and my budget is small",
    "My budget cannot take this price",
    "Too high a price for a tight budget",
    "I mostly want the recipes and the cooking ideas",
  ];

  it("quotes the most typical and the most extreme answers, with the persona", () => {
    const { tasks, answers, personas } = build(
      texts.map((t, i) => ({ persona: persona(`p${i}`, { age: 30 + i }), answers: { why: t } })),
    );
    const r = computeEvidence([why], tasks, answers, personas, opts({ quotesPerGroup: 1 }));
    StudyEvidenceSchema.parse(r);
    const quotes = r.questions[0]?.overall.quotes ?? [];
    expect(quotes.map((x) => x.kind)).toEqual(["typical", "extreme"]);
    const [typical, extreme] = quotes;
    expect(extreme).toMatchObject({ personaId: "p4", name: "Firstp4 Lastp4", age: 34, text: texts[4] });
    expect(texts.slice(0, 4)).toContain(typical?.text);
    expect(typical?.similarity).toBeGreaterThan(extreme?.similarity as number);
  });

  it("2 typical + 2 extreme by default, never the same answer twice", () => {
    const { tasks, answers, personas } = build(
      texts.map((t, i) => ({ persona: persona(`p${i}`), answers: { why: t } })),
    );
    const quotes = computeEvidence([why], tasks, answers, personas, opts()).questions[0]?.overall.quotes ?? [];
    expect(quotes.map((x) => x.kind)).toEqual(["typical", "typical", "extreme", "extreme"]);
    expect(new Set(quotes.map((x) => x.taskId)).size).toBe(4);
    expect(quotes[2]?.personaId).toBe("p4");
  });

  it("quotes other types from the raw reply, trimmed to ~400 characters", () => {
    const long = `Yes — ${"because it saves me time every single week ".repeat(20)}`;
    const { tasks, answers, personas } = build([
      { persona: persona("a"), answers: { buy: choice("Yes", 0) }, raw: { buy: long } },
    ]);
    const quote = computeEvidence([yesNo], tasks, answers, personas, opts()).questions[0]?.overall.quotes[0];
    expect(quote?.text.startsWith("Yes — because it saves")).toBe(true);
    expect(quote?.text.endsWith("…")).toBe(true);
    expect(quote?.text.length).toBeLessThanOrEqual(401);
    expect(trimQuote("  short   answer ")).toBe("short answer");
  });

  it("themes separate two topics in the overall summary of a text question", () => {
    const price = Array.from({ length: 6 }, (_, i) => `The price is too high for my budget, option ${"abcdef"[i]}x`);
    const cook = Array.from({ length: 6 }, (_, i) => `Recipes and cooking ideas for dinners, idea ${"abcdef"[i]}y`);
    const { tasks, answers, personas } = build(
      [...price, ...cook].map((t, i) => ({ persona: persona(`p${i}`), answers: { why: t } })),
    );
    const r = computeEvidence([why], tasks, answers, personas, opts({ groupBy: ["gender"] }));
    StudyEvidenceSchema.parse(r);
    const themes = r.questions[0]?.overall.themes ?? [];
    expect(themes.map((t) => [t.size, t.share])).toEqual([
      [6, 0.5],
      [6, 0.5],
    ]);
    const labels = themes.map((t) => t.label).join(" | ");
    expect(labels).toMatch(/price|budget/);
    expect(labels).toMatch(/recipes|cooking|dinners/);
    for (const t of themes) {
      const isPrice = /price|budget/.test(t.label);
      expect(t.example.text).toMatch(isPrice ? /price/ : /cooking/);
    }
    expect(dim(r, 0, "gender").groups[0]).not.toHaveProperty("themes");
  });
});

describe("computeEvidence: grouping, tasks, validation, determinism", () => {
  it("groups by ageBand, attributes and persona fields; unset values form a '(none)' group, last", () => {
    expect([17, 18, 29, 30, 44, 45, 64, 65, 90].map(ageBand)).toEqual([
      "under-18",
      "18-29",
      "18-29",
      "30-44",
      "30-44",
      "45-64",
      "45-64",
      "65+",
      "65+",
    ]);
    const { tasks, answers, personas } = build([
      { persona: persona("a", { attributes: { pets: 10 } }), answers: { price: 1 } },
      { persona: persona("b", { attributes: { pets: 9 } }), answers: { price: 2 } },
      { persona: persona("c", { attributes: {} }), answers: { price: 3 } },
      { persona: persona("d", { attributes: { pets: 9 }, deleted: true }), answers: { price: 4 } },
    ]);
    const r = computeEvidence([price], tasks, answers, personas, opts({ groupBy: ["attributes.pets", "location"] }));
    expect(dim(r, 0, "attributes.pets").groups.map((g) => [g.key, g.n])).toEqual([
      ["9", 2],
      ["10", 1],
      ["(none)", 1],
    ]);
    expect(dim(r, 0, "location").groups.map((g) => [g.key, g.n])).toEqual([["Ohio", 4]]);
    expect(dim(r, 0, "location").tests[0]?.skipped).toBe("fewer than 2 groups");
  });

  it("counts tasks by state, failures by code, cost, credits, tokens, scores; missing answers per question", () => {
    const { tasks, answers, personas } = build([
      { persona: persona("a"), answers: { price: 1 } },
      { persona: persona("b"), answers: { price: { invalid: "dunno" } } },
      { persona: persona("c"), answers: {}, state: "failed", error: "upstream_timeout" },
      { persona: persona("d"), answers: {}, state: "failed", error: "upstream_timeout" },
      { persona: persona("e"), answers: {}, state: "failed", error: "blocked_by_policy" },
      { persona: persona("f"), answers: {}, state: "cancelled" },
    ]);
    (tasks[0] as EvidenceTask).score = { total: 0.8, passed: true };
    (tasks[1] as EvidenceTask).score = { total: 0.2, passed: false };
    answers.push({ taskId: "nope", questionId: "price", parsed: 3, valid: true, raw: "3", followUps: [] });
    const r = computeEvidence([price], tasks, answers, personas, opts());
    StudyEvidenceSchema.parse(r);
    expect(r.tasks).toEqual({
      total: 6,
      byState: { succeeded: 2, failed: 3, cancelled: 1, queued: 0, running: 0, paused: 0 },
      answered: 1,
      failed: 3,
      errors: [
        { code: "upstream_timeout", count: 2 },
        { code: "blocked_by_policy", count: 1 },
      ],
      costUsd: expect.closeTo(0.06, 12),
      credits: 12,
      tokensIn: 200,
      tokensOut: 20,
      scored: 2,
      passed: 1,
      meanScore: expect.closeTo(0.5, 12),
    });
    expect(r.questions[0]).toMatchObject({ answered: 1, invalid: 1, missing: 4 });
    expect(r.ignoredAnswers).toBe(1);
  });

  it("rejects an unknown groupBy key with a validation_error on groupBy", () => {
    const { tasks, answers, personas } = build([{ persona: persona("a"), answers: { price: 1 } }]);
    for (const bad of ["shoeSize", "attributes.", "attributes.a.b", "firstName"]) {
      let caught: unknown;
      try {
        computeEvidence([price], tasks, answers, personas, opts({ groupBy: ["cohort", bad] }));
      } catch (err) {
        caught = err;
      }
      expect(caught).toBeInstanceOf(ApiError);
      expect((caught as ApiError).code).toBe("validation_error");
      expect((caught as ApiError).status).toBe(400);
      expect((caught as ApiError).details).toEqual([{ path: "groupBy", message: expect.stringContaining(bad) }]);
    }
  });

  it("omits groups with no answers", () => {
    const { tasks, answers, personas } = build([
      { persona: persona("a", { gender: "f" }), answers: { price: 1 } },
      { persona: persona("b", { gender: "m" }), answers: {}, state: "failed", error: "upstream_error" },
    ]);
    const r = computeEvidence([price], tasks, answers, personas, opts({ groupBy: ["gender"] }));
    expect(dim(r, 0, "gender").groups.map((g) => g.key)).toEqual(["f"]);
  });

  it("is deterministic for the same input and seed, and JSON-serialisable as it is", () => {
    const make = () => {
      const { tasks, answers, personas } = cohortStudy();
      const extra = tasks.map((t, i) => ({
        taskId: t.taskId,
        questionId: "price",
        parsed: 10 + ((i * 7) % 13),
        valid: true,
        raw: `${10 + ((i * 7) % 13)} because ${i % 3 ? "price matters" : "recipes help cooking"}`,
        followUps: [],
      }));
      const why = tasks.map((t, i) => ({
        taskId: t.taskId,
        questionId: "why",
        parsed: i % 2 ? "too expensive for my budget" : "love recipes and cooking",
        valid: true,
        raw: "",
        followUps: [],
      }));
      return computeEvidence(
        [yesNo, price, q("why", { type: "text" })],
        tasks,
        [...answers, ...extra, ...why],
        personas,
        opts({ groupBy: ["cohort"], weighted: true, seed: 3 }),
      );
    };
    const a = make();
    const b = make();
    expect(a).toEqual(b);
    expect(JSON.parse(JSON.stringify(a))).toStrictEqual(a);
    expect(StudyEvidenceSchema.parse(a)).toStrictEqual(a);
  });
});
