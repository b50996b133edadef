/**
 * Data shaping for the studies pages: forms → request bodies, run progress from the SSE events, and the
 * rows every results and trend chart plots. Pure functions, unit-tested in test/studies.test.ts.
 */
import type { BodyOf, Schemas } from "@person-run/sdk";

export type Study = Schemas["Study"];
export type StudyRun = Schemas["StudyRun"];
export type StudyPlan = Schemas["StudyPlan"];
export type Evidence = Schemas["StudyEvidence"];
export type QuestionEvidence = Schemas["QuestionEvidence"];
export type EvidenceGroup = Schemas["EvidenceGroup"];
export type EvidenceTest = Schemas["EvidenceTest"];
export type EvidenceQuote = Schemas["EvidenceQuote"];
export type StudyTrend = Schemas["StudyTrend"];
export type RunStatus = StudyRun["status"];

export const FINISHED: ReadonlySet<string> = new Set(["succeeded", "failed", "cancelled"]);
export const isFinished = (status: string): boolean => FINISHED.has(status);

/** The dimensions `GET .../results?groupBy=` takes (besides `attributes.<key>`). */
export const GROUP_BY_OPTIONS: ReadonlyArray<{ value: string; label: string }> = [
  { value: "cohort", label: "Cohort" },
  { value: "ageBand", label: "Age band" },
  { value: "gender", label: "Gender" },
  { value: "education", label: "Education" },
  { value: "incomeBracket", label: "Income bracket" },
  { value: "household", label: "Household" },
  { value: "baseOccupation", label: "Occupation" },
  { value: "location", label: "Location" },
];

export function dimensionLabel(dimension: string): string {
  if (dimension === "overall") return "Overall";
  const known = GROUP_BY_OPTIONS.find((o) => o.value === dimension);
  if (known) return known.label;
  if (dimension.startsWith("attributes.")) return `Attribute ${dimension.slice("attributes.".length)}`;
  return dimension;
}

// ---------------------------------------------------------------------------------------------------------
// Forms

type Errors = Record<string, string>;
export type Parsed<T> = { ok: true; body: T } | { ok: false; errors: Errors };

function intIn(raw: string, min: number, max: number): number | null {
  const t = raw.trim();
  if (!/^-?\d+$/.test(t)) return null;
  const n = Number(t);
  return n >= min && n <= max ? n : null;
}

function positive(raw: string, max: number): number | null {
  const t = raw.trim();
  if (t === "" || !/^\d*\.?\d+$/.test(t)) return null;
  const n = Number(t);
  return n > 0 && n <= max ? n : null;
}

export interface StudyForm {
  name: string;
  description: string;
  decision: string;
  populationId: string;
  skillId: string;
  replicates: string;
  /** "" = the skill's model, else the server default. */
  model: string;
}

export const emptyStudyForm = (): StudyForm => ({
  name: "",
  description: "",
  decision: "",
  populationId: "",
  skillId: "",
  replicates: "1",
  model: "",
});

export function studyFormOf(study: Study): StudyForm {
  return {
    name: study.name,
    description: study.description ?? "",
    decision: study.decision ?? "",
    populationId: study.populationId,
    skillId: study.skillId,
    replicates: String(study.replicates),
    model: study.model ?? "",
  };
}

function checkStudyCommon(form: StudyForm, errors: Errors) {
  if (!form.name.trim()) errors.name = "Give the study a name.";
  else if (form.name.trim().length > 200) errors.name = "At most 200 characters.";
  if (intIn(form.replicates, 1, 20) === null) errors.replicates = "A whole number from 1 to 20.";
  if (form.decision.length > 2000) errors.decision = "At most 2,000 characters.";
}

export function createStudyBody(form: StudyForm): Parsed<BodyOf<"createStudy">> {
  const errors: Errors = {};
  if (!form.populationId) errors.populationId = "Choose the population to ask.";
  if (!form.skillId) errors.skillId = "Choose the skill (the questions) to ask.";
  checkStudyCommon(form, errors);
  if (Object.keys(errors).length) return { ok: false, errors };
  const body: BodyOf<"createStudy"> = {
    name: form.name.trim(),
    populationId: form.populationId,
    skillId: form.skillId,
    replicates: Number(form.replicates.trim()),
  };
  if (form.description.trim()) body.description = form.description.trim();
  if (form.decision.trim()) body.decision = form.decision.trim();
  if (form.model) body.model = form.model;
  return { ok: true, body };
}

/** An edit: cleared optional fields become `null`; `version` guards against overwriting another change. */
export function updateStudyBody(form: StudyForm, version: number): Parsed<BodyOf<"updateStudy">> {
  const errors: Errors = {};
  checkStudyCommon(form, errors);
  if (Object.keys(errors).length) return { ok: false, errors };
  return {
    ok: true,
    body: {
      name: form.name.trim(),
      description: form.description.trim() || null,
      decision: form.decision.trim() || null,
      replicates: Number(form.replicates.trim()),
      model: form.model || null,
      version,
    },
  };
}

export interface RunForm {
  maxConcurrency: string;
  budgetCredits: string;
  budgetUsd: string;
  sample: string;
  seed: string;
}

export const emptyRunForm = (): RunForm => ({
  maxConcurrency: "10",
  budgetCredits: "",
  budgetUsd: "",
  sample: "",
  seed: "",
});

/** The body of `POST /studies/{id}/runs` (without `dryRun`), or the field errors. */
export function runBody(form: RunForm): Parsed<Omit<BodyOf<"runStudy">, "dryRun">> {
  const errors: Errors = {};
  const maxConcurrency = intIn(form.maxConcurrency, 1, 1000);
  if (maxConcurrency === null) errors.maxConcurrency = "A whole number from 1 to 1,000.";
  const credits = form.budgetCredits.trim() ? positive(form.budgetCredits, 1e12) : undefined;
  if (credits === null) errors.budgetCredits = "A number of credits above 0, or empty for no limit.";
  const usd = form.budgetUsd.trim() ? positive(form.budgetUsd, 1e9) : undefined;
  if (usd === null) errors.budgetUsd = "An amount in dollars above 0, or empty for no limit.";
  const sample = form.sample.trim() ? intIn(form.sample, 1, Number.MAX_SAFE_INTEGER) : undefined;
  if (sample === null) errors.sample = "A whole number of members (1 or more), or empty for everyone.";
  const seed = form.seed.trim() ? intIn(form.seed, 0, 2_147_483_647) : undefined;
  if (seed === null) errors.seed = "A whole number from 0 to 2,147,483,647, or empty to draw one.";
  if (Object.keys(errors).length || maxConcurrency === null) return { ok: false, errors };
  const body: Omit<BodyOf<"runStudy">, "dryRun"> = { maxConcurrency };
  if (credits != null || usd != null) {
    body.budget = {};
    if (credits != null) body.budget.maxCredits = credits;
    if (usd != null) body.budget.maxUsd = usd;
  }
  if (sample != null) body.sample = sample;
  if (seed != null) body.seed = seed;
  return { ok: true, body };
}

/** Field errors from an API validation error's `details[].path` (`budget.maxCredits` → `budgetCredits`). */
export function runErrorsFromDetails(details: unknown): Errors {
  const out: Errors = {};
  if (!Array.isArray(details)) return out;
  const map: Record<string, keyof RunForm> = {
    maxConcurrency: "maxConcurrency",
    "budget.maxCredits": "budgetCredits",
    "budget.maxUsd": "budgetUsd",
    sample: "sample",
    seed: "seed",
  };
  for (const d of details) {
    if (!d || typeof d !== "object") continue;
    const { path, message } = d as { path?: unknown; message?: unknown };
    const key = typeof path === "string" ? path : Array.isArray(path) ? path.join(".") : "";
    const field = map[key];
    if (field && typeof message === "string") out[field] = message;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------
// Live progress

export interface LiveProgress {
  status: string;
  total: number;
  succeeded: number;
  failed: number;
  cancelled: number;
  queued: number;
  running: number;
  paused: number;
  costUsd: number;
  credits: number;
  eta: StudyRun["eta"];
  /** Set by the `state` event's `phase: "finalize"`: the tasks are done and the run concludes. */
  finalizing: boolean;
}

export function progressFromRun(run: StudyRun): LiveProgress {
  const c = run.counts;
  return {
    status: run.status,
    total: c.total,
    succeeded: c.succeeded,
    failed: c.failed,
    cancelled: c.cancelled,
    queued: c.queued,
    running: c.running,
    paused: c.paused,
    costUsd: run.costUsd,
    credits: run.credits,
    eta: run.eta,
    finalizing: false,
  };
}

export type RunEvent =
  | { event: "state"; data: { state: string; phase?: unknown } }
  | { event: "tasks"; data: { total: number; succeeded: number; failed: number; cancelled: number } }
  | { event: "aggregate"; data: { completed: number; costUsd: number; credits: number; eta: StudyRun["eta"] } }
  | { event: "end"; data: { run: StudyRun } }
  | { event: string; data: unknown };

/** One SSE event of `GET .../events` folded into the progress. Unknown events leave it as it was. */
export function applyRunEvent(p: LiveProgress, e: RunEvent): LiveProgress {
  switch (e.event) {
    case "state": {
      const d = e.data as { state: string; phase?: unknown };
      return { ...p, status: d.state, finalizing: d.phase === "finalize" };
    }
    case "tasks": {
      const d = e.data as { total: number; succeeded: number; failed: number; cancelled: number };
      const done = d.succeeded + d.failed + d.cancelled;
      // queued/running/paused are not in the event: keep them consistent with what is left.
      const left = Math.max(0, d.total - done);
      const running = Math.min(p.running, left);
      const paused = Math.min(p.paused, left - running);
      return {
        ...p,
        total: d.total,
        succeeded: d.succeeded,
        failed: d.failed,
        cancelled: d.cancelled,
        running,
        paused,
        queued: left - running - paused,
      };
    }
    case "aggregate": {
      const d = e.data as { costUsd: number; credits: number; eta: StudyRun["eta"] };
      return { ...p, costUsd: d.costUsd, credits: d.credits, eta: d.eta };
    }
    case "end":
      return progressFromRun((e.data as { run: StudyRun }).run);
    default:
      return p;
  }
}

export const tasksDone = (p: Pick<LiveProgress, "succeeded" | "failed" | "cancelled">): number =>
  p.succeeded + p.failed + p.cancelled;

/** Whole percent of tasks finished (0 with no tasks yet). */
export function percentDone(p: LiveProgress): number {
  if (p.total <= 0) return isFinished(p.status) ? 100 : 0;
  return Math.min(100, Math.floor((tasksDone(p) / p.total) * 100));
}

/**
 * What the polite live region says: the state, and the progress in steps of 10 % (so a screen reader is
 * not interrupted at every task).
 */
export function progressAnnouncement(p: LiveProgress): string {
  const state = p.status.replaceAll("_", " ");
  if (isFinished(p.status)) return `Run ${state}: ${tasksDone(p)} of ${p.total} tasks finished.`;
  const step = Math.floor(percentDone(p) / 10) * 10;
  return `Run ${state}: about ${step}% of ${p.total} tasks finished.`;
}

// ---------------------------------------------------------------------------------------------------------
// Results

export interface CiRow {
  /** The facet: "Overall" or the dimension's label. */
  facet: string;
  dimension: string;
  key: string;
  label: string;
  n: number;
  mean: number;
  lower: number | null;
  upper: number | null;
}

const groupLabel = (g: EvidenceGroup): string => (g.dimension === "overall" ? "All answers" : g.label || g.key);

/** A question's mean with its 95 % CI, overall then per group (groups without a mean left out). */
export function ciRows(q: QuestionEvidence): CiRow[] {
  const rows: CiRow[] = [];
  for (const g of [q.overall, ...q.groups]) {
    if (g.mean == null) continue;
    rows.push({
      facet: dimensionLabel(g.dimension),
      dimension: g.dimension,
      key: g.key,
      label: `${groupLabel(g)} (n=${g.n})`,
      n: g.n,
      mean: g.mean,
      lower: g.ci?.lower ?? null,
      upper: g.ci?.upper ?? null,
    });
  }
  return rows;
}

export interface DistributionRow {
  /** The small multiple: "All answers" or the group's label with its dimension. */
  group: string;
  category: string;
  proportion: number;
  count: number;
}

function categoriesOf(q: QuestionEvidence, g: EvidenceGroup): Array<{ category: string; p: number; count: number }> {
  if (q.type === "multi_choice") {
    return (g.options ?? []).map((o) => ({ category: o.value, p: o.weightedShare ?? o.share, count: o.count }));
  }
  const dist = q.type === "ranking" ? (g.ranking?.firstChoice ?? []) : (g.distribution ?? []);
  return dist.map((d) => ({
    category: d.label && d.label !== d.value ? `${d.value} · ${d.label}` : d.value,
    p: d.weightedProportion ?? d.proportion,
    count: d.count,
  }));
}

/**
 * A categorical question's distribution (choices, likert points, multi-choice shares, ranking first
 * choices), overall and per group, as long rows; `categories` keeps the question's order.
 */
export function distributionRows(q: QuestionEvidence): {
  rows: DistributionRow[];
  categories: string[];
  groups: string[];
} {
  const rows: DistributionRow[] = [];
  const categories: string[] = [];
  const groups: string[] = [];
  for (const g of [q.overall, ...q.groups]) {
    if (g.n === 0) continue;
    const name = g.dimension === "overall" ? "All answers" : `${dimensionLabel(g.dimension)}: ${groupLabel(g)}`;
    const cats = categoriesOf(q, g);
    if (!cats.length) continue;
    groups.push(name);
    for (const c of cats) {
      if (!categories.includes(c.category)) categories.push(c.category);
      rows.push({ group: name, category: c.category, proportion: c.p, count: c.count });
    }
  }
  return { rows, categories, groups };
}

export const hasDistribution = (q: QuestionEvidence): boolean =>
  ["single_choice", "likert", "multi_choice", "ranking"].includes(q.type);
export const hasMean = (q: QuestionEvidence): boolean => q.type === "likert" || q.type === "numeric";

const TEST_NAMES: Record<EvidenceTest["test"], string> = {
  chi_square: "χ² test",
  welch_t: "Welch's t-test",
  mann_whitney: "Mann–Whitney U",
  kruskal_wallis: "Kruskal–Wallis H",
};
const EFFECT_NAMES: Record<string, string> = {
  cramers_v: "Cramér's V",
  hedges_g: "Hedges' g",
  rank_biserial: "rank-biserial r",
};

export const testName = (t: EvidenceTest["test"]): string => TEST_NAMES[t] ?? t;

/** The conventional size words (Cohen): for g 0.2 / 0.5 / 0.8, for V and r 0.1 / 0.3 / 0.5. */
export function effectSize(measure: string, value: number): "negligible" | "small" | "medium" | "large" {
  const v = Math.abs(value);
  const [s, m, l] = measure === "hedges_g" ? [0.2, 0.5, 0.8] : [0.1, 0.3, 0.5];
  return v >= l ? "large" : v >= m ? "medium" : v >= s ? "small" : "negligible";
}

export function effectText(effect: EvidenceTest["effect"]): string {
  if (!effect || effect.value == null) return "—";
  const name = EFFECT_NAMES[effect.measure] ?? effect.measure;
  return `${name} = ${effect.value.toFixed(2)} (${effectSize(effect.measure, effect.value)})`;
}

/** "< 0.001" or the p-value to 3 decimals. */
export function formatP(p: number | null | undefined): string {
  if (p == null) return "—";
  return p < 0.001 ? "< 0.001" : p.toFixed(3);
}

export interface TestRow {
  id: string;
  questionId: string;
  question: string;
  dimension: string;
  test: string;
  groups: string;
  p: number | null;
  pAdjusted: number | null;
  significant: boolean;
  effect: string;
  difference: string | null;
  skipped: string | null;
}

function testRow(q: QuestionEvidence, t: EvidenceTest, i: number): TestRow {
  const labels = new Map(q.groups.filter((g) => g.dimension === t.dimension).map((g) => [g.key, groupLabel(g)]));
  const diff = t.difference
    ? `${t.difference.estimate.toFixed(2)}${t.difference.ci ? ` [${t.difference.ci.lower.toFixed(2)}, ${t.difference.ci.upper.toFixed(2)}]` : ""}`
    : null;
  return {
    id: `${q.questionId}:${i}`,
    questionId: q.questionId,
    question: q.text,
    dimension: dimensionLabel(t.dimension),
    test: testName(t.test),
    groups: t.groups.map((k) => labels.get(k) ?? k).join(" vs "),
    p: t.p,
    pAdjusted: t.pAdjusted,
    significant: t.significant,
    effect: effectText(t.effect),
    difference: diff,
    skipped: t.skipped,
  };
}

/** A question's tests, as table rows (skipped ones included, with their reason). */
export const testRows = (q: QuestionEvidence): TestRow[] => q.tests.map((t, i) => testRow(q, t, i));

/** Every significant between-group difference of the result (Holm-adjusted p < 0.05), smallest p first. */
export function significantDifferences(e: Evidence): TestRow[] {
  return e.questions
    .flatMap((q) => testRows(q))
    .filter((r) => r.significant && r.skipped == null)
    .sort((a, b) => (a.pAdjusted ?? 1) - (b.pAdjusted ?? 1));
}

export interface QuoteGroup {
  group: string;
  quotes: EvidenceQuote[];
}

/** The representative (typical) quotes of each group, overall first; `max` per group. */
export function representativeQuotes(q: QuestionEvidence, max = 2): QuoteGroup[] {
  const out: QuoteGroup[] = [];
  for (const g of [q.overall, ...q.groups]) {
    const typical = g.quotes.filter((x) => x.kind === "typical").slice(0, max);
    if (!typical.length) continue;
    out.push({
      group: g.dimension === "overall" ? "All answers" : `${dimensionLabel(g.dimension)}: ${groupLabel(g)}`,
      quotes: typical,
    });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------
// Trend

export interface TrendPoint {
  /** 1-based position of the run among the trend's runs (every question's points share it). */
  run: number;
  runId: string;
  date: Date;
  mean: number;
  lower: number | null;
  upper: number | null;
  n: number;
  stoppedEarly: boolean;
}

type TrendQuestion = StudyTrend["questions"][number];

const runDate = (p: TrendQuestion["points"][number]) => new Date(p.finishedAt ?? p.createdAt);

/** The runs of a question's points, oldest first: runId → 1-based position. */
function runOrder(q: TrendQuestion): Map<string, number> {
  const sorted = [...q.points].sort((a, b) => runDate(a).getTime() - runDate(b).getTime());
  return new Map(sorted.map((p, i) => [p.runId, i + 1]));
}

/** A question's mean across runs, oldest first, for a line with a CI band (runs without a mean left out). */
export function trendMeanRows(q: TrendQuestion): TrendPoint[] {
  const order = runOrder(q);
  return q.points
    .filter((p) => p.mean != null)
    .map((p) => ({
      run: order.get(p.runId) ?? 0,
      runId: p.runId,
      date: new Date(p.finishedAt ?? p.createdAt),
      mean: p.mean as number,
      lower: p.ci?.lower ?? null,
      upper: p.ci?.upper ?? null,
      n: p.n,
      stoppedEarly: p.stoppedEarly,
    }))
    .sort((a, b) => a.date.getTime() - b.date.getTime());
}

export interface TrendShareRow {
  run: number;
  runId: string;
  date: Date;
  answer: string;
  share: number;
}

/** A categorical question's answer shares across runs (one line per answer). */
export function trendShareRows(q: TrendQuestion): TrendShareRow[] {
  const order = runOrder(q);
  const rows: TrendShareRow[] = [];
  for (const p of q.points) {
    if (!p.shares) continue;
    const date = runDate(p);
    const run = order.get(p.runId) ?? 0;
    for (const [answer, share] of Object.entries(p.shares)) rows.push({ run, runId: p.runId, date, answer, share });
  }
  return rows.sort((a, b) => a.date.getTime() - b.date.getTime() || a.answer.localeCompare(b.answer));
}

/** The CSV export's file name, as the API's Content-Disposition gives it. */
export const csvFileName = (runId: string): string => `study-run-${runId}.csv`;

export interface CiFacet {
  dimension: string;
  title: string;
  rows: CiRow[];
}

/** The CI small multiples: one per groupBy dimension, each led by the overall row as the reference. */
export function ciFacets(q: QuestionEvidence): CiFacet[] {
  const rows = ciRows(q);
  const overall = rows.filter((r) => r.dimension === "overall");
  const dims = [...new Set(rows.filter((r) => r.dimension !== "overall").map((r) => r.dimension))];
  if (!dims.length) return overall.length ? [{ dimension: "overall", title: "Overall", rows: overall }] : [];
  return dims.map((d) => ({
    dimension: d,
    title: `By ${dimensionLabel(d).toLowerCase()}`,
    rows: [...overall, ...rows.filter((r) => r.dimension === d)],
  }));
}

/** Categorical colours for charts, from the theme's variables (light and dark both). */
export const PALETTE: string[] = [
  "var(--accent)",
  "var(--good)",
  "var(--warn)",
  "var(--bad)",
  "var(--info)",
  "var(--muted)",
  "var(--fg)",
];
