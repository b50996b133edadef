import { describe, expect, it } from "vitest";
import {
  applyRunEvent,
  ciFacets,
  ciRows,
  createStudyBody,
  csvFileName,
  dimensionLabel,
  distributionRows,
  type EvidenceGroup,
  type EvidenceTest,
  effectSize,
  effectText,
  emptyRunForm,
  emptyStudyForm,
  formatP,
  isFinished,
  type LiveProgress,
  percentDone,
  progressAnnouncement,
  progressFromRun,
  type QuestionEvidence,
  representativeQuotes,
  runBody,
  runErrorsFromDetails,
  type StudyRun,
  type StudyTrend,
  significantDifferences,
  testRows,
  trendMeanRows,
  trendShareRows,
  updateStudyBody,
} from "../src/lib/studies.ts";

const run = (over: Partial<StudyRun> = {}): StudyRun =>
  ({
    id: "r1",
    studyId: "s1",
    status: "running",
    counts: { total: 10, queued: 5, running: 3, paused: 0, succeeded: 2, failed: 0, cancelled: 0 },
    costUsd: 0.01,
    credits: 4,
    eta: { seconds: 12, at: "2026-12-01T00:00:12.000Z", tasksPerSecond: 0.5 },
    ...over,
  }) as StudyRun;

function group(over: Partial<EvidenceGroup>): EvidenceGroup {
  return {
    dimension: "overall",
    key: "all",
    label: "All",
    n: 10,
    weight: 10,
    mean: null,
    ci: null,
    quotes: [],
    ...over,
  };
}

const likert: QuestionEvidence = {
  questionId: "fair",
  text: "How fair is the price?",
  type: "likert",
  answered: 10,
  invalid: 0,
  missing: 0,
  overall: group({
    mean: 3.2,
    ci: { lower: 2.8, upper: 3.6, level: 0.95 },
    distribution: [
      { value: "1", index: 0, label: "Very unfair", count: 1, proportion: 0.1 },
      { value: "2", index: 1, label: null, count: 9, proportion: 0.9 },
    ],
    quotes: [
      {
        taskId: "t1",
        personaId: "p1",
        name: "Ann",
        age: 30,
        location: "Ohio",
        kind: "typical",
        similarity: 0.9,
        text: "Fair enough",
      },
      {
        taskId: "t2",
        personaId: "p2",
        name: "Bo",
        age: 50,
        location: "Utah",
        kind: "extreme",
        similarity: 0.1,
        text: "Too much",
      },
    ],
  }),
  groups: [
    group({ dimension: "cohort", key: "c1", label: "Young", n: 4, mean: 2.5, ci: { lower: 2, upper: 3, level: 0.95 } }),
    group({ dimension: "cohort", key: "c2", label: "Old", n: 6, mean: 3.7, ci: null }),
    group({ dimension: "ageBand", key: "18-29", label: "18-29", n: 0, mean: null }),
    group({
      dimension: "ageBand",
      key: "30-44",
      label: "30-44",
      n: 10,
      mean: 3.2,
      ci: { lower: 2.8, upper: 3.6, level: 0.95 },
    }),
  ],
  tests: [
    {
      dimension: "cohort",
      test: "welch_t",
      on: "answer",
      groups: ["c1", "c2"],
      statistic: 3,
      df: 7,
      p: 0.004,
      pAdjusted: 0.012,
      significant: true,
      effect: { measure: "hedges_g", value: -0.9 },
      difference: { estimate: -1.2, ci: { lower: -2, upper: -0.4 } },
      skipped: null,
    },
    {
      dimension: "cohort",
      test: "mann_whitney",
      on: "answer",
      groups: ["c1", "c2"],
      statistic: 2,
      df: null,
      p: 0.2,
      pAdjusted: 0.4,
      significant: false,
      effect: { measure: "rank_biserial", value: 0.2 },
      skipped: null,
    },
  ],
};

describe("study forms", () => {
  it("builds a create body and names every missing field", () => {
    expect(createStudyBody(emptyStudyForm())).toEqual({
      ok: false,
      errors: {
        populationId: "Choose the population to ask.",
        skillId: "Choose the skill (the questions) to ask.",
        name: "Give the study a name.",
      },
    });
    const ok = createStudyBody({
      ...emptyStudyForm(),
      name: " WTP ",
      populationId: "p",
      skillId: "s",
      replicates: "3",
      decision: "Price",
    });
    expect(ok).toEqual({
      ok: true,
      body: { name: "WTP", populationId: "p", skillId: "s", replicates: 3, decision: "Price" },
    });
    expect(
      createStudyBody({ ...emptyStudyForm(), name: "x", populationId: "p", skillId: "s", replicates: "21" }),
    ).toMatchObject({
      ok: false,
      errors: { replicates: expect.any(String) },
    });
  });

  it("clears optional fields with null on update and sends the version", () => {
    const r = updateStudyBody({ ...emptyStudyForm(), name: "N", replicates: "2" }, 4);
    expect(r).toEqual({
      ok: true,
      body: { name: "N", description: null, decision: null, replicates: 2, model: null, version: 4 },
    });
  });

  it("builds a run body with an optional budget, sample and seed", () => {
    expect(runBody(emptyRunForm())).toEqual({ ok: true, body: { maxConcurrency: 10 } });
    expect(runBody({ maxConcurrency: "4", budgetCredits: "100", budgetUsd: "2.5", sample: "20", seed: "42" })).toEqual({
      ok: true,
      body: { maxConcurrency: 4, budget: { maxCredits: 100, maxUsd: 2.5 }, sample: 20, seed: 42 },
    });
    const bad = runBody({
      maxConcurrency: "0",
      budgetCredits: "-1",
      budgetUsd: "x",
      sample: "1.5",
      seed: "2147483648",
    });
    expect(bad.ok).toBe(false);
    expect(Object.keys(bad.ok ? {} : bad.errors).sort()).toEqual([
      "budgetCredits",
      "budgetUsd",
      "maxConcurrency",
      "sample",
      "seed",
    ]);
  });

  it("maps the API's validation details to the run form's fields", () => {
    expect(
      runErrorsFromDetails([
        { path: "budget.maxCredits", message: "too small" },
        { path: ["sample"], message: "too big" },
        { path: "other", message: "ignored" },
        null,
      ]),
    ).toEqual({ budgetCredits: "too small", sample: "too big" });
    expect(runErrorsFromDetails(undefined)).toEqual({});
  });
});

describe("live progress", () => {
  it("folds the SSE events into the progress", () => {
    let p: LiveProgress = progressFromRun(run());
    expect(percentDone(p)).toBe(20);
    p = applyRunEvent(p, { event: "tasks", data: { total: 10, succeeded: 8, failed: 1, cancelled: 0 } });
    expect(p).toMatchObject({ succeeded: 8, failed: 1, running: 1, queued: 0, paused: 0 });
    expect(percentDone(p)).toBe(90);
    p = applyRunEvent(p, {
      event: "aggregate",
      data: { completed: 9, costUsd: 0.05, credits: 18, eta: null },
    });
    expect(p).toMatchObject({ costUsd: 0.05, credits: 18, eta: null });
    p = applyRunEvent(p, { event: "state", data: { state: "paused" } });
    expect(p.status).toBe("paused");
    p = applyRunEvent(p, { event: "state", data: { state: "running", phase: "finalize" } });
    expect(p.finalizing).toBe(true);
    expect(applyRunEvent(p, { event: "ping", data: {} })).toBe(p);
    const end = applyRunEvent(p, {
      event: "end",
      data: {
        run: run({
          status: "succeeded",
          counts: { total: 10, queued: 0, running: 0, paused: 0, succeeded: 10, failed: 0, cancelled: 0 },
        }),
      },
    });
    expect(end).toMatchObject({ status: "succeeded", succeeded: 10, finalizing: false });
    expect(percentDone(end)).toBe(100);
  });

  it("announces the state and progress in 10% steps", () => {
    const p = progressFromRun(
      run({ counts: { total: 60, queued: 0, running: 0, paused: 0, succeeded: 17, failed: 0, cancelled: 0 } }),
    );
    expect(progressAnnouncement(p)).toBe("Run running: about 20% of 60 tasks finished.");
    expect(progressAnnouncement({ ...p, status: "succeeded", succeeded: 60 })).toBe(
      "Run succeeded: 60 of 60 tasks finished.",
    );
    expect(percentDone({ ...p, total: 0 })).toBe(0);
    expect(percentDone({ ...p, total: 0, status: "cancelled" })).toBe(100);
    expect(isFinished("paused")).toBe(false);
    expect(isFinished("cancelled")).toBe(true);
  });
});

describe("results shaping", () => {
  it("gives the mean and CI rows, overall first, without groups that have no mean", () => {
    const rows = ciRows(likert);
    expect(rows.map((r) => [r.dimension, r.key, r.mean, r.lower, r.upper])).toEqual([
      ["overall", "all", 3.2, 2.8, 3.6],
      ["cohort", "c1", 2.5, 2, 3],
      ["cohort", "c2", 3.7, null, null],
      ["ageBand", "30-44", 3.2, 2.8, 3.6],
    ]);
    expect(rows[1]?.label).toBe("Young (n=4)");
    const facets = ciFacets(likert);
    expect(facets.map((f) => [f.title, f.rows.length])).toEqual([
      ["By cohort", 3],
      ["By age band", 2],
    ]);
    expect(ciFacets({ ...likert, groups: [] }).map((f) => f.title)).toEqual(["Overall"]);
  });

  it("gives distributions as long rows in the question's order, empty groups left out", () => {
    const d = distributionRows(likert);
    expect(d.categories).toEqual(["1 · Very unfair", "2"]);
    expect(d.groups).toEqual(["All answers"]);
    expect(d.rows).toEqual([
      { group: "All answers", category: "1 · Very unfair", proportion: 0.1, count: 1 },
      { group: "All answers", category: "2", proportion: 0.9, count: 9 },
    ]);
    const multi: QuestionEvidence = {
      ...likert,
      type: "multi_choice",
      overall: group({ options: [{ value: "A", index: 0, count: 3, share: 0.3, weightedShare: 0.25 }] }),
      groups: [],
    };
    expect(distributionRows(multi).rows).toEqual([{ group: "All answers", category: "A", proportion: 0.25, count: 3 }]);
    const ranking: QuestionEvidence = {
      ...likert,
      type: "ranking",
      overall: group({
        ranking: { positions: [], firstChoice: [{ value: "B", index: 1, label: "B", count: 2, proportion: 1 }] },
      }),
      groups: [
        group({
          dimension: "cohort",
          key: "c1",
          label: "Young",
          ranking: { positions: [], firstChoice: [{ value: "B", index: 1, label: "B", count: 1, proportion: 1 }] },
        }),
      ],
    };
    expect(distributionRows(ranking).groups).toEqual(["All answers", "Cohort: Young"]);
  });

  it("flags the significant differences with their effect sizes, smallest adjusted p first", () => {
    const rows = testRows(likert);
    expect(rows[0]).toMatchObject({
      groups: "Young vs Old",
      dimension: "Cohort",
      test: "Welch's t-test",
      significant: true,
      effect: "Hedges' g = -0.90 (large)",
      difference: "-1.20 [-2.00, -0.40]",
    });
    const second: QuestionEvidence = {
      ...likert,
      questionId: "q2",
      tests: [
        { ...(likert.tests[0] as EvidenceTest), pAdjusted: 0.001 },
        { ...(likert.tests[0] as EvidenceTest), skipped: "no variance" },
      ],
    };
    const evidence = { questions: [likert, second] } as Parameters<typeof significantDifferences>[0];
    expect(significantDifferences(evidence).map((r) => [r.questionId, r.pAdjusted])).toEqual([
      ["q2", 0.001],
      ["fair", 0.012],
    ]);
  });

  it("names effect sizes, p-values and dimensions", () => {
    expect(effectSize("cramers_v", 0.05)).toBe("negligible");
    expect(effectSize("cramers_v", 0.35)).toBe("medium");
    expect(effectSize("hedges_g", 0.3)).toBe("small");
    expect(effectText(null)).toBe("—");
    expect(effectText({ measure: "cramers_v", value: 0.5 })).toBe("Cramér's V = 0.50 (large)");
    expect(formatP(0.0004)).toBe("< 0.001");
    expect(formatP(0.04567)).toBe("0.046");
    expect(formatP(null)).toBe("—");
    expect(dimensionLabel("ageBand")).toBe("Age band");
    expect(dimensionLabel("attributes.diet")).toBe("Attribute diet");
  });

  it("picks the typical quotes of each group", () => {
    expect(representativeQuotes(likert)).toEqual([
      { group: "All answers", quotes: [expect.objectContaining({ name: "Ann", text: "Fair enough" })] },
    ]);
  });
});

describe("trend", () => {
  const q: StudyTrend["questions"][number] = {
    questionId: "fair",
    text: "Fair?",
    type: "likert",
    points: [
      {
        runId: "b",
        createdAt: "2026-12-02T00:00:00.000Z",
        finishedAt: "2026-12-02T00:10:00.000Z",
        scheduleId: null,
        stoppedEarly: true,
        tasks: 5,
        n: 5,
        mean: 3,
        ci: { lower: 2, upper: 4, level: 0.95 },
        shares: { Yes: 0.6, No: 0.4 },
      },
      {
        runId: "a",
        createdAt: "2026-12-01T00:00:00.000Z",
        finishedAt: null,
        scheduleId: null,
        stoppedEarly: false,
        tasks: 5,
        n: 1,
        mean: 2,
        ci: null,
        shares: null,
      },
      {
        runId: "c",
        createdAt: "2026-12-03T00:00:00.000Z",
        finishedAt: null,
        scheduleId: null,
        stoppedEarly: false,
        tasks: 5,
        n: 0,
        mean: null,
        ci: null,
        shares: null,
      },
    ],
  };
  it("gives each run's mean and CI, oldest first", () => {
    expect(trendMeanRows(q).map((r) => [r.run, r.runId, r.mean, r.lower, r.upper, r.stoppedEarly])).toEqual([
      [1, "a", 2, null, null, false],
      [2, "b", 3, 2, 4, true],
    ]);
  });
  it("gives the answer shares across runs", () => {
    expect(trendShareRows(q).map((r) => [r.run, r.runId, r.answer, r.share])).toEqual([
      [2, "b", "No", 0.4],
      [2, "b", "Yes", 0.6],
    ]);
  });
  it("names the CSV like the API does", () => {
    expect(csvFileName("abc")).toBe("study-run-abc.csv");
  });
});
