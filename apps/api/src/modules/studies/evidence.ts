/**
 * A study run's evidence (issue 13, "Evidence"), pure: the run's questions, tasks, answers and the personas
 * who answered in, a JSON-serialisable `StudyEvidence` (evidence-schemas.ts) out. No database, no clock, no
 * Math.random: the same input and seed give the same figures (bootstrap resamples and k-means are seeded
 * from `options.seed`, the question and the group).
 *
 * What is computed, per question: counts; overall and per group of each `groupBy` dimension a summary by the
 * answer type (distribution, option shares, rank positions, numeric stats with t and bootstrap intervals),
 * quotes, outliers and themes; between the groups of a dimension, χ² / Welch / Mann–Whitney /
 * Kruskal–Wallis tests, Holm-adjusted across every test of the result. The statistics are statistics.ts
 * (checked against R); text vectors and clustering are themes.ts.
 *
 * Choices: one observation per task (a persona answering R replicates counts R times); tests use unweighted
 * counts and values (weights only change the proportions, shares and weighted means); a likert answer's
 * statistics use the point as chosen (a reverse-keyed item is not flipped, so the figures read with the
 * labels).
 */
import { ApiError } from "../../errors.ts";
import type { ChoiceValue, OutputFormat, ParsedValue } from "../../shared/output-formats.ts";
import { hashOf } from "../../shared/random.ts";
import type {
  Category,
  EvidenceTasksSummary,
  GroupSummary,
  GroupTest,
  NumericStats,
  Outlier,
  QuestionEvidence,
  Quote,
  StudyEvidence,
} from "./evidence-schemas.ts";
import { TASK_STATES } from "./evidence-schemas.ts";
import {
  bootstrapMedianCI,
  chiSquare,
  describe,
  holm,
  kruskalWallis,
  mannWhitney,
  meanCI,
  median,
  proportions,
  resampleIndices,
  welchT,
} from "./statistics.ts";
import { centroid, cosineToDense, extractThemes, type SparseVector, tfidf } from "./themes.ts";

export type { GroupSummary, GroupTest, NumericStats, QuestionEvidence, StudyEvidence } from "./evidence-schemas.ts";

// ---------------------------------------------------------------------------------------------------------
// Input

export interface EvidenceQuestion {
  id: string;
  text: string;
  outputFormat: OutputFormat;
}

export interface EvidencePersona {
  id: string;
  firstName: string;
  lastName: string;
  age: number;
  location: string;
  baseOccupation: string;
  gender: string | null;
  education: string | null;
  incomeBracket: string | null;
  household: string | null;
  attributes: Record<string, unknown>;
  /** The population member's cohort (composed populations), else null. */
  cohortId: string | null;
  /** The population member's weight (1 when the population has none). */
  weight: number;
  /** The persona was deleted since (the snapshot fields above are used). */
  deleted?: boolean;
}

export interface EvidenceTask {
  taskId: string;
  personaId: string;
  replicate: number;
  state: "succeeded" | "failed" | "cancelled" | "queued" | "running" | "paused";
  error: { error: string; code: string } | null;
  costUsd: number;
  credits: number;
  /** The model tokens of the task's turns (0 for a task that did not succeed). */
  tokensIn: number;
  tokensOut: number;
  /** Rubric evaluation when the skill has one. */
  score: { total: number; passed: boolean } | null;
}

export interface EvidenceAnswer {
  taskId: string;
  questionId: string;
  parsed: ParsedValue | null;
  valid: boolean;
  raw: string;
  error?: string;
  followUps: { question: string; answer: string }[];
}

export interface EvidenceOptions {
  /**
   * "cohort" and/or persona fields: gender, education, incomeBracket, household, baseOccupation, location,
   * ageBand (18-29, 30-44, 45-64, 65+), or "attributes.<key>".
   */
  groupBy: string[];
  /** Use member weights for proportions and weighted means (true when any weight ≠ 1). */
  weighted: boolean;
  /** Bootstrap and k-means seed. */
  seed: number;
  /** Default 2000. */
  bootstrapResamples?: number;
  /** cohortId → name, for labels. */
  cohortNames?: Record<string, string>;
  /** Quotes of each kind per group (typical and extreme); default 2. */
  quotesPerGroup?: number;
  /** Filled, when given, with each text question's themes' answers (question id → one list per theme, in order). */
  themeTexts?: Map<string, string[][]>;
}

// ---------------------------------------------------------------------------------------------------------
// Grouping

/** The persona fields (and "cohort", "ageBand") a result can be grouped by, besides "attributes.<key>". */
export const GROUP_FIELDS = [
  "cohort",
  "gender",
  "education",
  "incomeBracket",
  "household",
  "baseOccupation",
  "location",
  "ageBand",
] as const;

const ATTRIBUTE_KEY_RE = /^attributes\.([A-Za-z0-9_-]{1,64})$/;
const NONE_KEY = "(none)";
const NONE_LABEL = "Not set";

/** The age band of an age: 18-29, 30-44, 45-64, 65+ (under-18 below). */
export function ageBand(age: number): string {
  if (age < 18) return "under-18";
  if (age < 30) return "18-29";
  if (age < 45) return "30-44";
  if (age < 65) return "45-64";
  return "65+";
}

/** Checks the groupBy keys (400 `validation_error` on an unknown one); duplicates are dropped. */
export function validateGroupBy(groupBy: readonly string[]): string[] {
  const out: string[] = [];
  for (const key of groupBy) {
    if (!(GROUP_FIELDS as readonly string[]).includes(key) && !ATTRIBUTE_KEY_RE.test(key))
      throw new ApiError("validation_error", `Unknown groupBy key: ${key}`, [
        {
          path: "groupBy",
          message: `must be one of ${GROUP_FIELDS.join(", ")} or attributes.<key> (1-64 of A-Z a-z 0-9 _ -), got "${key}"`,
        },
      ]);
    if (!out.includes(key)) out.push(key);
  }
  return out;
}

function attributeText(v: unknown): string | null {
  if (v === null || v === undefined || v === "") return null;
  if (typeof v === "string") return v;
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  return JSON.stringify(v);
}

function groupOf(dimension: string, p: EvidencePersona, cohortNames: Record<string, string>): GroupKey {
  let value: string | null;
  switch (dimension) {
    case "cohort":
      if (p.cohortId === null) return { key: NONE_KEY, label: "No cohort" };
      return { key: p.cohortId, label: cohortNames[p.cohortId] ?? p.cohortId };
    case "ageBand":
      return { key: ageBand(p.age), label: ageBand(p.age) };
    case "gender":
    case "education":
    case "incomeBracket":
    case "household":
    case "baseOccupation":
    case "location":
      value = p[dimension];
      break;
    default:
      value = attributeText(p.attributes[(ATTRIBUTE_KEY_RE.exec(dimension) as RegExpExecArray)[1] as string]);
  }
  return value === null || value === "" ? { key: NONE_KEY, label: NONE_LABEL } : { key: value, label: value };
}

interface GroupKey {
  key: string;
  label: string;
}

/** Group keys in order: numerically when both are numbers, else by code unit; "(none)" last. */
function compareKeys(a: string, b: string): number {
  if (a === b) return 0;
  if (a === NONE_KEY) return 1;
  if (b === NONE_KEY) return -1;
  const na = Number(a);
  const nb = Number(b);
  if (a.trim() !== "" && b.trim() !== "" && Number.isFinite(na) && Number.isFinite(nb) && na !== nb) return na - nb;
  return a < b ? -1 : 1;
}

// ---------------------------------------------------------------------------------------------------------
// Observations

/** One valid answer with its task, persona and weight; `vector` indexes the question's TF-IDF vectors. */
interface Obs {
  task: EvidenceTask;
  persona: EvidencePersona;
  answer: EvidenceAnswer;
  weight: number;
  /** The quotable text: the parsed text, or the raw reply of other types. */
  text: string;
  vector: SparseVector;
}

const QUOTE_CHARS = 400;
const OUTLIER_Z = 3.5;
const MAX_OUTLIERS = 20;

/** Trims to ~400 characters at a word boundary, with an ellipsis. */
export function trimQuote(text: string, max = QUOTE_CHARS): string {
  const t = text.trim().replace(/\s+/g, " ");
  if (t.length <= max) return t;
  const cut = t.slice(0, max);
  const space = cut.lastIndexOf(" ");
  return `${(space > max * 0.6 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

function personaRef(o: Obs) {
  return {
    taskId: o.task.taskId,
    personaId: o.persona.id,
    name: `${o.persona.firstName} ${o.persona.lastName}`.trim(),
    age: o.persona.age,
    location: o.persona.location,
  };
}

function numberOf(o: Obs): number | null {
  const v = o.answer.parsed;
  return typeof v === "number" && Number.isFinite(v) ? v : null;
}

function isChoice(v: ParsedValue | null): v is ChoiceValue {
  return typeof v === "object" && v !== null && "label" in v && typeof (v as ChoiceValue).label === "string";
}

function listOf(v: ParsedValue | null): { labels: string[]; indexes: (number | null)[] } | null {
  if (typeof v !== "object" || v === null) return null;
  const l = v as { labels?: unknown; indexes?: unknown };
  return Array.isArray(l.labels) && Array.isArray(l.indexes)
    ? (v as { labels: string[]; indexes: (number | null)[] })
    : null;
}

// ---------------------------------------------------------------------------------------------------------
// Categories (single_choice, likert points, first choices)

interface CategoryDef {
  value: string;
  index: number | null;
  label: string | null;
}

function categoriesOf(format: OutputFormat, obs: readonly Obs[]): CategoryDef[] | null {
  switch (format.type) {
    case "multi_choice": {
      const defs: CategoryDef[] = format.options.map((value, index) => ({ value, index, label: null }));
      if (format.allowOther || obs.some((o) => listOf(o.answer.parsed)?.indexes.includes(null)))
        defs.push({ value: "other", index: null, label: null });
      return defs;
    }
    case "single_choice": {
      const defs: CategoryDef[] = format.options.map((value, index) => ({ value, index, label: null }));
      if (format.allowOther || obs.some((o) => isChoice(o.answer.parsed) && o.answer.parsed.index === null))
        defs.push({ value: "other", index: null, label: null });
      return defs;
    }
    case "likert":
      return Array.from({ length: format.scale }, (_, i) => ({
        value: String(i + 1),
        index: i,
        label:
          format.labels?.length === format.scale
            ? (format.labels[i] as string)
            : format.labels && (i === 0 || i === format.scale - 1)
              ? (format.labels[i === 0 ? 0 : 1] as string)
              : null,
      }));
    case "ranking":
      return format.options.map((value, index) => ({ value, index, label: null }));
    default:
      return null;
  }
}

/** The category index (into `defs`) of an observation, or null when it has none. */
function categoryOf(format: OutputFormat, defs: readonly CategoryDef[], o: Obs): number | null {
  const v = o.answer.parsed;
  switch (format.type) {
    case "single_choice": {
      if (!isChoice(v)) return null;
      const i = v.index === null ? defs.findIndex((d) => d.index === null) : defs.findIndex((d) => d.index === v.index);
      return i >= 0 ? i : null;
    }
    case "likert": {
      const n = numberOf(o);
      return n !== null && Number.isInteger(n) && n >= 1 && n <= defs.length ? n - 1 : null;
    }
    case "ranking": {
      const first = listOf(v)?.indexes[0];
      return typeof first === "number" && first >= 0 && first < defs.length ? first : null;
    }
    default:
      return null;
  }
}

function distribution(
  format: OutputFormat,
  defs: readonly CategoryDef[],
  obs: readonly Obs[],
  weighted: boolean,
): { rows: Category[]; counts: number[] } {
  const cats = obs.map((o) => categoryOf(format, defs, o));
  const counted = obs.filter((_, i) => cats[i] !== null);
  const keys = cats.filter((c): c is number => c !== null).map(String);
  const counts = defs.map((_, i) => keys.filter((k) => k === String(i)).length);
  const plain = proportions(Object.fromEntries(counts.map((c, i) => [String(i), c])));
  const byKey = new Map(plain.categories.map((c) => [c.value, c.proportion]));
  let weightedBy: Map<string, number> | null = null;
  if (weighted && counted.length > 0) {
    const w = counted.map((o) => o.weight);
    if (w.reduce((a, b) => a + b, 0) > 0)
      weightedBy = new Map(proportions(keys, w).categories.map((c) => [c.value, c.proportion]));
  }
  const rows = defs.map((d, i) => {
    const row: Category = {
      value: d.value,
      index: d.index,
      label: d.label,
      count: counts[i] as number,
      proportion: byKey.get(String(i)) ?? 0,
    };
    if (weighted) row.weightedProportion = weightedBy?.get(String(i)) ?? 0;
    return row;
  });
  return { rows, counts };
}

// ---------------------------------------------------------------------------------------------------------
// Numbers

function numericStats(values: readonly number[], weights: readonly number[] | null, B: number, seed: number) {
  if (values.length === 0) return null;
  const useWeights = weights !== null && weights.reduce((a, b) => a + b, 0) > 0;
  const d = describe(values, useWeights ? weights : undefined);
  const ci = meanCI(values);
  let medianCI: NumericStats["medianCI"] = null;
  if (values.length >= 2) {
    const boot = bootstrapMedianCI(values, resampleIndices(values.length, B, seed));
    medianCI = {
      B: boot.B,
      seed,
      percentile: boot.percentile,
      bca: boot.bca === null ? null : { lower: boot.bca.lower, upper: boot.bca.upper },
    };
  }
  const stats: NumericStats = {
    n: d.n,
    mean: d.mean,
    meanCI: ci === null ? null : { lower: ci.lower, upper: ci.upper },
    sd: d.sd,
    median: d.median,
    medianCI,
    min: values.reduce((m, v) => Math.min(m, v), values[0] as number),
    max: values.reduce((m, v) => Math.max(m, v), values[0] as number),
  };
  if (weights !== null) {
    // A group whose members all weigh 0 has no weighted figures.
    stats.weightedMean = d.weightedMean ?? null;
    stats.weightedSd = d.weightedSd ?? null;
  }
  return stats;
}

function outliersOf(obs: readonly Obs[]): { count: number; items: Outlier[] } {
  const pairs = obs.map((o) => ({ o, x: numberOf(o) })).filter((p): p is { o: Obs; x: number } => p.x !== null);
  if (pairs.length < 3) return { count: 0, items: [] };
  const med = median(pairs.map((p) => p.x));
  const mad = median(pairs.map((p) => Math.abs(p.x - med)));
  if (!(mad > 0)) return { count: 0, items: [] };
  const found = pairs
    .map((p) => ({ ...p, z: Math.abs(p.x - med) / (1.4826 * mad) }))
    .filter((p) => p.z > OUTLIER_Z)
    .sort((a, b) => b.z - a.z || (a.o.task.taskId < b.o.task.taskId ? -1 : 1));
  return {
    count: found.length,
    items: found.slice(0, MAX_OUTLIERS).map((p) => ({ ...personaRef(p.o), value: p.x, robustZ: p.z })),
  };
}

// ---------------------------------------------------------------------------------------------------------
// Quotes

function quotesOf(obs: readonly Obs[], vocabularySize: number, perKind: number): Quote[] {
  const candidates = obs.filter((o) => o.vector.terms.length > 0);
  if (candidates.length === 0 || perKind < 1) return [];
  const c = centroid(
    candidates.map((o) => o.vector),
    vocabularySize,
  );
  let cn = 0;
  for (const v of c) cn += v * v;
  cn = Math.sqrt(cn);
  const ranked = candidates
    .map((o) => ({ o, s: cosineToDense(o.vector, c, cn) }))
    .sort((a, b) => b.s - a.s || (a.o.task.taskId < b.o.task.taskId ? -1 : 1));
  const typical = ranked.slice(0, perKind);
  const extreme = ranked.slice(Math.max(perKind, ranked.length - perKind)).reverse();
  const quote = (r: { o: Obs; s: number }, kind: Quote["kind"]): Quote => ({
    ...personaRef(r.o),
    kind,
    similarity: r.s,
    text: trimQuote(r.o.text),
  });
  return [...typical.map((r) => quote(r, "typical")), ...extreme.map((r) => quote(r, "extreme"))];
}

// ---------------------------------------------------------------------------------------------------------
// Summaries

interface Context {
  question: EvidenceQuestion;
  weighted: boolean;
  B: number;
  seed: number;
  perKind: number;
  vocabularySize: number;
  /** The question's categories (options, likert points; "other" when any answer is), the same in every group. */
  defs: CategoryDef[];
}

/** A group's summary before `headline` adds its dimension, mean and CI. */
type Summary = Omit<GroupSummary, "dimension" | "mean" | "ci">;
/** A test before its dimension is known. */
type Test = Omit<GroupTest, "dimension">;

function summarize(ctx: Context, obs: readonly Obs[], group: GroupKey, dimension: string): Summary {
  const format = ctx.question.outputFormat;
  const summary: Summary = {
    key: group.key,
    label: group.label,
    n: obs.length,
    weight: obs.reduce((s, o) => s + o.weight, 0),
    quotes: [],
  };
  const weights = ctx.weighted ? obs.map((o) => o.weight) : null;
  const seed = hashOf(ctx.seed, ctx.question.id, dimension, group.key);
  switch (format.type) {
    case "single_choice":
      summary.distribution = distribution(format, ctx.defs, obs, ctx.weighted).rows;
      break;
    case "likert":
    case "numeric": {
      if (format.type === "likert") summary.distribution = distribution(format, ctx.defs, obs, ctx.weighted).rows;
      const pairs = obs.map((o, i) => ({ x: numberOf(o), w: weights?.[i] ?? 1 })).filter((p) => p.x !== null);
      summary.stats = numericStats(
        pairs.map((p) => p.x as number),
        weights === null ? null : pairs.map((p) => p.w),
        ctx.B,
        seed,
      );
      summary.outliers = outliersOf(obs);
      break;
    }
    case "multi_choice": {
      const lists = obs.map((o) => listOf(o.answer.parsed));
      const totalW = obs.reduce((s, o) => s + o.weight, 0);
      summary.options = ctx.defs.map((d) => {
        let count = 0;
        let w = 0;
        lists.forEach((l, i) => {
          if (l?.indexes.includes(d.index)) {
            count++;
            w += (obs[i] as Obs).weight;
          }
        });
        const row: NonNullable<GroupSummary["options"]>[number] = {
          value: d.value,
          index: d.index,
          count,
          share: obs.length > 0 ? count / obs.length : 0,
        };
        if (ctx.weighted) row.weightedShare = totalW > 0 ? w / totalW : 0;
        return row;
      });
      break;
    }
    case "ranking": {
      const positions = ctx.defs.map((d) => {
        let n = 0;
        let sum = 0;
        let wsum = 0;
        let wtotal = 0;
        for (const o of obs) {
          const pos = listOf(o.answer.parsed)?.indexes.indexOf(d.index) ?? -1;
          if (pos < 0) continue;
          n++;
          sum += pos + 1;
          wsum += o.weight * (pos + 1);
          wtotal += o.weight;
        }
        const row: NonNullable<GroupSummary["ranking"]>["positions"][number] = {
          value: d.value,
          index: d.index,
          meanPosition: n > 0 ? sum / n : 0,
          n,
        };
        if (ctx.weighted) row.weightedMeanPosition = wtotal > 0 ? wsum / wtotal : row.meanPosition;
        return row;
      });
      summary.ranking = {
        positions: positions.filter((p) => p.n > 0).sort((a, b) => a.meanPosition - b.meanPosition),
        firstChoice: distribution(format, ctx.defs, obs, ctx.weighted).rows,
      };
      break;
    }
    case "text":
    case "json":
      break;
  }
  summary.quotes = format.type === "json" ? [] : quotesOf(obs, ctx.vocabularySize, ctx.perKind);
  return summary;
}

// ---------------------------------------------------------------------------------------------------------
// Tests

function skippedTest(test: GroupTest["test"], on: GroupTest["on"], groups: string[], reason: string): Test {
  const effect: Record<GroupTest["test"], NonNullable<GroupTest["effect"]>["measure"] | null> = {
    chi_square: "cramers_v",
    welch_t: "hedges_g",
    mann_whitney: "rank_biserial",
    kruskal_wallis: null,
  };
  const measure = effect[test];
  return {
    test,
    on,
    groups,
    statistic: null,
    df: null,
    p: null,
    pAdjusted: null,
    significant: false,
    effect: measure === null ? null : { measure, value: null },
    skipped: reason,
  };
}

function ran(
  test: GroupTest["test"],
  on: GroupTest["on"],
  groups: string[],
  statistic: number,
  df: number | null,
  p: number,
  effect: GroupTest["effect"],
): Test {
  return { test, on, groups, statistic, df, p, pAdjusted: null, significant: false, effect, skipped: null };
}

function chiTest(on: GroupTest["on"], keys: string[], table: number[][]): Test {
  const r = chiSquare(table);
  if (r === null) return skippedTest("chi_square", on, keys, "fewer than 2 answer categories were given");
  return ran("chi_square", on, keys, r.statistic, r.df, r.p, { measure: "cramers_v", value: r.cramersV });
}

function testsOf(ctx: Context, groups: { key: string; obs: Obs[] }[]): Test[] {
  const format = ctx.question.outputFormat;
  const keys = groups.map((g) => g.key);
  const planned: { test: GroupTest["test"]; on: GroupTest["on"] }[] = [];
  switch (format.type) {
    case "single_choice":
      planned.push({ test: "chi_square", on: "answer" });
      break;
    case "ranking":
      planned.push({ test: "chi_square", on: "first_choice" });
      break;
    case "likert":
    case "numeric":
      if (groups.length === 2) planned.push({ test: "welch_t", on: "answer" }, { test: "mann_whitney", on: "answer" });
      else planned.push({ test: "kruskal_wallis", on: "answer" });
      if (format.type === "likert" && groups.length > 2) planned.push({ test: "chi_square", on: "points" });
      break;
    default:
      return [];
  }
  if (groups.length < 2) return planned.map((t) => skippedTest(t.test, t.on, keys, "fewer than 2 groups"));
  const small = groups.find((g) => g.obs.length < 2);
  if (small)
    return planned.map((t) => skippedTest(t.test, t.on, keys, `group "${small.key}" has fewer than 2 answers`));

  const values = groups.map((g) => g.obs.map(numberOf).filter((x): x is number => x !== null));
  return planned.map(({ test, on }) => {
    if (test === "chi_square") {
      return chiTest(
        on,
        keys,
        groups.map((g) => distribution(format, ctx.defs, g.obs, false).counts),
      );
    }
    if (values.some((v) => v.length < 2))
      return skippedTest(test, on, keys, "a group has fewer than 2 numeric answers");
    if (test === "welch_t") {
      const r = welchT(values[0] as number[], values[1] as number[]);
      if (r === null) return skippedTest(test, on, keys, "no variance in either group");
      return {
        ...ran(test, on, keys, r.t, r.df, r.p, { measure: "hedges_g", value: r.hedgesG }),
        difference: { estimate: r.difference, ci: r.ci },
      };
    }
    if (test === "mann_whitney") {
      const r = mannWhitney(values[0] as number[], values[1] as number[]);
      if (r === null) return skippedTest(test, on, keys, "every answer is tied");
      return ran(test, on, keys, r.u, null, r.p, { measure: "rank_biserial", value: r.rankBiserial });
    }
    const r = kruskalWallis(values);
    if (r === null) return skippedTest(test, on, keys, "every answer is tied");
    return ran(test, on, keys, r.statistic, r.df, r.p, null);
  });
}

// ---------------------------------------------------------------------------------------------------------
// Tasks

function tasksSummary(tasks: readonly EvidenceTask[], answeredTasks: ReadonlySet<string>): EvidenceTasksSummary {
  const byState = Object.fromEntries(TASK_STATES.map((s) => [s, 0])) as EvidenceTasksSummary["byState"];
  const errors = new Map<string, number>();
  let costUsd = 0;
  let credits = 0;
  let tokensIn = 0;
  let tokensOut = 0;
  let scored = 0;
  let passed = 0;
  let scoreSum = 0;
  for (const t of tasks) {
    byState[t.state]++;
    if (t.state === "failed") {
      const code = t.error?.code ?? "unknown";
      errors.set(code, (errors.get(code) ?? 0) + 1);
    }
    costUsd += t.costUsd;
    credits += t.credits;
    tokensIn += t.tokensIn;
    tokensOut += t.tokensOut;
    if (t.score !== null) {
      scored++;
      scoreSum += t.score.total;
      if (t.score.passed) passed++;
    }
  }
  return {
    total: tasks.length,
    byState,
    answered: tasks.filter((t) => answeredTasks.has(t.taskId)).length,
    failed: byState.failed,
    errors: [...errors]
      .map(([code, count]) => ({ code, count }))
      .sort((a, b) => b.count - a.count || (a.code < b.code ? -1 : 1)),
    costUsd,
    credits,
    tokensIn,
    tokensOut,
    scored,
    passed,
    meanScore: scored > 0 ? scoreSum / scored : null,
  };
}

// ---------------------------------------------------------------------------------------------------------
// The evidence

/**
 * The evidence of a run. Throws a 400 `validation_error` on an unknown `groupBy` key. Answers whose task or
 * persona is not given are counted in `ignoredAnswers` and used nowhere else; a second answer of a task to
 * the same question is ignored the same way.
 */
/** The figures SPEC §8.1 names on every group: its dimension, and the mean with its 95% CI (likert, numeric). */
function headline(dimension: string, g: Summary): GroupSummary {
  const stats = g.stats ?? null;
  return {
    dimension,
    ...g,
    mean: stats ? stats.mean : null,
    ci: stats?.meanCI ? { ...stats.meanCI, level: 0.95 } : null,
  };
}

export function computeEvidence(
  questions: EvidenceQuestion[],
  tasks: EvidenceTask[],
  answers: EvidenceAnswer[],
  personas: Map<string, EvidencePersona>,
  options: EvidenceOptions,
): StudyEvidence {
  const groupBy = validateGroupBy(options.groupBy);
  const B = options.bootstrapResamples ?? 2000;
  if (!(Number.isInteger(B) && B >= 1)) throw new RangeError(`bootstrapResamples must be ≥ 1, got ${B}`);
  const perKind = options.quotesPerGroup ?? 2;
  const cohortNames = options.cohortNames ?? {};
  const taskById = new Map(tasks.map((t) => [t.taskId, t]));

  let ignoredAnswers = 0;
  const byQuestion = new Map<string, EvidenceAnswer[]>();
  const seen = new Set<string>();
  for (const a of answers) {
    const task = taskById.get(a.taskId);
    const pair = `${a.taskId}\u001f${a.questionId}`;
    if (task === undefined || !personas.has(task.personaId) || seen.has(pair)) {
      ignoredAnswers++;
      continue;
    }
    seen.add(pair);
    const list = byQuestion.get(a.questionId);
    if (list) list.push(a);
    else byQuestion.set(a.questionId, [a]);
  }

  const answeredTasks = new Set<string>();
  const allTests: Test[] = [];
  const out: QuestionEvidence[] = questions.map((question) => {
    const given = byQuestion.get(question.id) ?? [];
    const valid = given.filter((a) => a.valid && a.parsed !== null);
    for (const a of valid) answeredTasks.add(a.taskId);
    const texts = valid.map((a) =>
      question.outputFormat.type === "text" && typeof a.parsed === "string" ? a.parsed : a.raw,
    );
    const model = tfidf(texts);
    const obs: Obs[] = valid.map((answer, i) => {
      const task = taskById.get(answer.taskId) as EvidenceTask;
      const persona = personas.get(task.personaId) as EvidencePersona;
      return {
        task,
        persona,
        answer,
        weight: persona.weight,
        text: texts[i] as string,
        vector: model.vectors[i] as SparseVector,
      };
    });
    const ctx: Context = {
      question,
      weighted: options.weighted,
      B,
      seed: options.seed,
      perKind,
      vocabularySize: model.vocabulary.length,
      defs: categoriesOf(question.outputFormat, obs) ?? [],
    };

    const overall = summarize(ctx, obs, { key: "all", label: "All" }, "overall");
    if (question.outputFormat.type === "text") {
      const docs = obs.map((o, i) => ({ id: String(i), text: o.text }));
      const themes = extractThemes(docs, hashOf(options.seed, question.id, "themes"));
      options.themeTexts?.set(
        question.id,
        themes.map((t) => t.memberIds.map((id) => (obs[Number(id)] as Obs).text)),
      );
      overall.themes = themes.map((t) => {
        const o = obs[Number(t.exampleId)] as Obs;
        return {
          label: t.label,
          terms: t.terms,
          size: t.size,
          share: t.share,
          example: { ...personaRef(o), text: trimQuote(o.text) },
        };
      });
    }

    const dimensions = groupBy.map((dimension) => {
      const groups = new Map<string, { group: GroupKey; obs: Obs[] }>();
      for (const o of obs) {
        const g = groupOf(dimension, o.persona, cohortNames);
        const entry = groups.get(g.key);
        if (entry) entry.obs.push(o);
        else groups.set(g.key, { group: g, obs: [o] });
      }
      const sorted = [...groups.values()].sort((a, b) => compareKeys(a.group.key, b.group.key));
      const tests = testsOf(
        ctx,
        sorted.map((g) => ({ key: g.group.key, obs: g.obs })),
      );
      allTests.push(...tests);
      return {
        groups: sorted.map((g) => headline(dimension, summarize(ctx, g.obs, g.group, dimension))),
        tests: tests.map((t) => Object.assign(t, { dimension }) as GroupTest),
      };
    });

    return {
      questionId: question.id,
      text: question.text,
      type: question.outputFormat.type,
      answered: valid.length,
      invalid: given.length - valid.length,
      missing: Math.max(0, tasks.length - given.length),
      overall: headline("overall", overall),
      groups: dimensions.flatMap((d) => d.groups),
      tests: dimensions.flatMap((d) => d.tests),
    };
  });

  const run = allTests.filter((t) => t.p !== null);
  const adjusted = holm(run.map((t) => Math.min(1, Math.max(0, t.p as number))));
  run.forEach((t, i) => {
    t.pAdjusted = adjusted[i] as number;
    t.significant = (adjusted[i] as number) < 0.05;
  });

  return {
    seed: options.seed,
    bootstrapResamples: B,
    weighted: options.weighted,
    groupBy,
    tasks: tasksSummary(tasks, answeredTasks),
    questions: out,
    testCount: run.length,
    ignoredAnswers,
  };
}
