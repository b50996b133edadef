/**
 * Calibration scoring (issue 13, docs/calibration.md "Scoring"): how close a model's answer distributions
 * come to real survey distributions, overall and by demographic subgroup, and how that compares with two
 * baselines that need no model at all. Pure functions, no I/O.
 *
 * Distances between two distributions p, q over the same categories (both normalised first):
 * - total variation distance  TVD(p, q) = ½ Σ |p_i − q_i|, in [0, 1];
 * - Jensen–Shannon divergence JSD(p, q) = ½ KL(p ‖ m) + ½ KL(q ‖ m), m = (p + q) / 2, with base-2 logarithms,
 *   so it lies in [0, 1] (1 = disjoint supports); 0·log 0 = 0. (This is the divergence, not its square root,
 *   the Jensen–Shannon distance.)
 *
 * A "cell" is one item × one group: the overall answers, or the answers of one age group or one sex. Each
 * cell's model distribution is the share of valid answers in each category, compared with the real one.
 *
 * Baselines, scored on exactly the same cells:
 * - uniform: every category equally likely, in every cell;
 * - marginal: the real all-respondents distribution, used for every subgroup (the best a model that ignores
 *   demographics can do). On the overall cell it is the truth itself, so its overall distance is 0.
 *
 * Sampling: the model's distributions come from a finite number of answers while the baselines are exact,
 * so even a perfectly calibrated model shows a distance: each cell reports `samplingFloor`, the expected
 * distance of n answers drawn from the real distribution itself (see samplingFloor). Subgroup cells with
 * fewer than `MIN_SUBGROUP_ANSWERS` answers are flagged `lowN` and left out of the means (for the model and
 * both baselines alike).
 */

import { clamp01, type Distribution, DistributionError, jsdOf, normalizePair, tvdOf } from "../../shared/divergence.ts";

export {
  type Distribution,
  DistributionError,
  jensenShannon,
  normalizePair,
  totalVariation,
} from "../../shared/divergence.ts";

/**
 * Subgroup cells (and overall cells) with fewer valid answers than this are flagged `lowN` and excluded from
 * the means and skill scores. 30 is the rule the GSS source itself uses to publish a subgroup.
 */
export const MIN_SUBGROUP_ANSWERS = 30;

/** Below this a baseline distance counts as 0 (the skill score is then undefined: null). */
const ZERO = 1e-12;

// ---------------------------------------------------------------------------------------------------------
// Items, answers and cells

/** An item with its real answer distributions overall and per subgroup (keys: the item's categories). */
export interface CalibrationItem {
  id: string;
  categories: readonly string[];
  overall: Distribution;
  /** Age group → real distribution (e.g. the GSS's 18-29, 30-44, 45-64, 65+). */
  byAgeGroup: Readonly<Record<string, Distribution>>;
  /** Sex → real distribution. */
  bySex: Readonly<Record<string, Distribution>>;
}

/** One model answer: the persona's age group and sex (null when unknown) and the category chosen. */
export interface ModelAnswer {
  /** The chosen category; null (or a string that is not one of the item's categories) counts as invalid. */
  category: string | null;
  ageGroup?: string | null;
  sex?: string | null;
}

export type SubgroupDimension = "age_group" | "sex";

export interface DistanceScores {
  tvd: number | null;
  jsd: number | null;
}

export interface CellScore extends DistanceScores {
  /** Valid model answers in the cell. */
  n: number;
  /** n < minAnswers (default MIN_SUBGROUP_ANSWERS): shown, but left out of the means. Distances null when n = 0. */
  lowN: boolean;
  /** The model's answer shares (null when n = 0). */
  distribution: Record<string, number> | null;
  /** Expected distances of n answers drawn from the real distribution itself (null when n = 0). */
  samplingFloor: DistanceScores | null;
}

export interface SubgroupScore extends CellScore {
  dimension: SubgroupDimension;
  group: string;
  /** The two baselines' distances on this same cell. */
  baselines: { uniform: DistanceScores; marginal: DistanceScores };
}

export interface ItemScore extends CellScore {
  id: string;
  /** Answers whose category was null or not one of the item's. */
  invalid: number;
  subgroups: SubgroupScore[];
  /**
   * Each baseline's distances on this item: `overall` on the overall cell, `subgroup` the mean over the
   * subgroups kept in the model's subgroup mean (null when none is kept).
   */
  baselines: { uniform: LevelScores; marginal: LevelScores };
  /** The model's mean distance over the kept subgroups (null when none is kept). */
  subgroupMean: DistanceScores;
}

export interface LevelScores {
  overall: DistanceScores;
  subgroup: DistanceScores;
}

/**
 * Scores one item: the model's answer distribution overall and per age group and sex against the real ones
 * (TVD and JSD), and the uniform and marginal baselines on the same cells. Answers with an unknown age group
 * or sex count overall but in no subgroup of that dimension; real subgroups with no answers are listed with
 * n = 0 and null distances.
 */
export function scoreItem(
  item: CalibrationItem,
  answers: readonly ModelAnswer[],
  options: { minAnswers?: number } = {},
): ItemScore {
  const min = options.minAnswers ?? MIN_SUBGROUP_ANSWERS;
  const categories = item.categories;
  if (categories.length < 2) throw new DistributionError(`item ${item.id} needs at least two categories`, "");
  const lookup = new Map<string, string>();
  for (const c of categories) lookup.set(c.trim().toLowerCase(), c);
  const uniform = Object.fromEntries(categories.map((c) => [c, 1]));
  // Validates the real distributions against the categories (throws DistributionError).
  normalizePair(uniform, item.overall);

  const overallCounts = zeroCounts(categories);
  const cellCounts = new Map<string, Record<string, number>>();
  let invalid = 0;
  for (const a of answers) {
    const category = a.category === null ? undefined : lookup.get(a.category.trim().toLowerCase());
    if (category === undefined) {
      invalid++;
      continue;
    }
    overallCounts[category] = (overallCounts[category] as number) + 1;
    for (const [dimension, group] of [
      ["age_group", a.ageGroup],
      ["sex", a.sex],
    ] as const) {
      if (group === null || group === undefined) continue;
      const key = `${dimension}\u0000${group}`;
      const counts = cellCounts.get(key) ?? zeroCounts(categories);
      counts[category] = (counts[category] as number) + 1;
      cellCounts.set(key, counts);
    }
  }

  const overall = cellScore(overallCounts, item.overall, min);
  const subgroups: SubgroupScore[] = [];
  for (const [dimension, real] of [
    ["age_group", item.byAgeGroup],
    ["sex", item.bySex],
  ] as const) {
    for (const [group, dist] of Object.entries(real)) {
      const counts = cellCounts.get(`${dimension}\u0000${group}`) ?? zeroCounts(categories);
      subgroups.push({
        dimension,
        group,
        ...cellScore(counts, dist, min),
        baselines: { uniform: distances(uniform, dist), marginal: distances(item.overall, dist) },
      });
    }
  }

  const kept = subgroups.filter((s) => !s.lowN);
  return {
    id: item.id,
    ...overall,
    invalid,
    subgroups,
    subgroupMean: meanScores(kept),
    baselines: {
      uniform: {
        overall: distances(uniform, item.overall),
        subgroup: meanScores(kept.map((s) => s.baselines.uniform)),
      },
      marginal: {
        overall: distances(item.overall, item.overall),
        subgroup: meanScores(kept.map((s) => s.baselines.marginal)),
      },
    },
  };
}

function zeroCounts(categories: readonly string[]): Record<string, number> {
  return Object.fromEntries(categories.map((c) => [c, 0]));
}

function cellScore(counts: Record<string, number>, real: Distribution, min: number): CellScore {
  const n = Object.values(counts).reduce((acc, v) => acc + v, 0);
  if (n === 0) return { n, lowN: true, distribution: null, tvd: null, jsd: null, samplingFloor: null };
  const distribution = Object.fromEntries(Object.entries(counts).map(([k, v]) => [k, v / n]));
  return { n, lowN: n < min, distribution, ...distances(distribution, real), samplingFloor: samplingFloor(real, n) };
}

/**
 * The distance a perfectly calibrated model is expected to show from sampling alone: n answers drawn from q
 * (multinomial), large-n approximations. JSD ≈ χ² / (8 ln 2) with E[χ²] = (k₊ − 1) / n, so
 * E[JSD] ≈ (k₊ − 1) / (8 n ln 2), k₊ the categories with q > 0; E[TVD] ≈ ½ Σ √(2 q_i (1 − q_i) / (π n))
 * (each |p̂_i − q_i| half-normal). Read a cell's distance against it: below about twice the floor the
 * model's error cannot be told from sampling noise. Both are approximate for small n (under ~30).
 */
export function samplingFloor(q: Distribution, n: number): DistanceScores {
  if (!(n > 0)) throw new RangeError("samplingFloor needs n > 0");
  const { q: shares } = normalizePair(q, q);
  const positive = shares.filter((x) => x > 0);
  const jsd = (positive.length - 1) / (8 * n * Math.LN2);
  const tvd = positive.reduce((acc, x) => acc + Math.sqrt((2 * x * (1 - x)) / (Math.PI * n)), 0) / 2;
  return { tvd: clamp01(tvd), jsd: clamp01(jsd) };
}

function distances(p: Distribution, q: Distribution): { tvd: number; jsd: number } {
  const n = normalizePair(p, q);
  return { tvd: tvdOf(n.p, n.q), jsd: jsdOf(n.p, n.q) };
}

/** Mean of each distance over the scores that have one (null when none has). */
function meanScores(scores: readonly DistanceScores[]): DistanceScores {
  return { tvd: mean(scores.map((s) => s.tvd)), jsd: mean(scores.map((s) => s.jsd)) };
}

function mean(values: readonly (number | null)[]): number | null {
  const xs = values.filter((v): v is number => v !== null);
  return xs.length === 0 ? null : xs.reduce((acc, v) => acc + v, 0) / xs.length;
}

// ---------------------------------------------------------------------------------------------------------
// Skill scores and the report

/**
 * Skill of a model against a baseline on one mean distance (JSD or TVD):
 *
 *   skill = 1 − model / baseline
 *
 * 1 = the model's distributions equal the real ones; 0 = no better than the baseline; negative = worse
 * (unbounded below). When the baseline's mean distance is 0 (< 1e-12) the baseline is already perfect and no
 * ratio exists: the skill is null (this is always the case for the marginal baseline on the overall cells,
 * where it is the real distribution itself). Null when either input is null.
 */
export function skillScore(model: number | null, baseline: number | null): number | null {
  if (model === null || baseline === null) return null;
  if (!Number.isFinite(model) || !Number.isFinite(baseline) || model < 0 || baseline < 0) {
    throw new RangeError("skillScore takes finite non-negative mean distances");
  }
  if (baseline < ZERO) return null;
  return 1 - model / baseline;
}

export interface SkillScores {
  jsd: number | null;
  tvd: number | null;
}

export interface CalibrationReport {
  items: ItemScore[];
  /**
   * Skill (1 − model / baseline on the mean distance, see skillScore) at two levels: `overall` compares the
   * items' overall cells, `subgroup` the kept subgroup cells of every item (each cell weighs the same).
   * `subgroupVsMarginal` is the headline: how much better than "everyone answers like the average" the model
   * gets the differences between age groups and sexes (≈ 0 for a model that ignores demographics).
   */
  skill: {
    vsUniform: { overall: SkillScores; subgroup: SkillScores };
    vsMarginal: { overall: SkillScores; subgroup: SkillScores };
    subgroupVsMarginal: SkillScores;
  };
  /**
   * Mean distances of the model and the baselines over the same cells the skill scores use, and the mean
   * sampling floor of those cells (what a perfectly calibrated model would be expected to show at these n).
   */
  means: { model: LevelScores; uniform: LevelScores; marginal: LevelScores; samplingFloor: LevelScores };
  baselines: {
    uniform: { description: string; overall: DistanceScores; subgroup: DistanceScores };
    marginal: { description: string; overall: DistanceScores; subgroup: DistanceScores };
  };
  /** Cells in the means: items with a kept overall cell, and kept subgroup cells. */
  cells: { overall: number; subgroup: number; minAnswers: number };
}

/**
 * Scores every item (answers looked up by item id; an item without answers scores n = 0) and aggregates:
 * the means over the kept cells for the model and both baselines, and the skill scores. The overall level
 * uses items whose overall cell has at least `minAnswers` answers; the subgroup level pools every kept
 * subgroup cell of every item. Baselines are averaged over exactly the same cells as the model.
 */
export function calibrationReport(
  items: readonly CalibrationItem[],
  answersByItem: Readonly<Record<string, readonly ModelAnswer[]>> | ReadonlyMap<string, readonly ModelAnswer[]>,
  options: { minAnswers?: number } = {},
): CalibrationReport {
  const minAnswers = options.minAnswers ?? MIN_SUBGROUP_ANSWERS;
  const answersOf = (id: string): readonly ModelAnswer[] =>
    (answersByItem instanceof Map
      ? answersByItem.get(id)
      : Object.hasOwn(answersByItem, id)
        ? (answersByItem as Record<string, readonly ModelAnswer[]>)[id]
        : undefined) ?? [];
  const scored = items.map((item) => scoreItem(item, answersOf(item.id), { minAnswers }));

  const overallKept = scored.filter((s) => !s.lowN);
  const subgroupKept = scored.flatMap((s) => s.subgroups.filter((g) => !g.lowN));
  const means = {
    model: { overall: meanScores(overallKept), subgroup: meanScores(subgroupKept) },
    uniform: {
      overall: meanScores(overallKept.map((s) => s.baselines.uniform.overall)),
      subgroup: meanScores(subgroupKept.map((g) => g.baselines.uniform)),
    },
    marginal: {
      overall: meanScores(overallKept.map((s) => s.baselines.marginal.overall)),
      subgroup: meanScores(subgroupKept.map((g) => g.baselines.marginal)),
    },
    samplingFloor: {
      overall: meanScores(overallKept.flatMap((s) => (s.samplingFloor ? [s.samplingFloor] : []))),
      subgroup: meanScores(subgroupKept.flatMap((g) => (g.samplingFloor ? [g.samplingFloor] : []))),
    },
  };
  const skill = (model: DistanceScores, baseline: DistanceScores): SkillScores => ({
    jsd: skillScore(model.jsd, baseline.jsd),
    tvd: skillScore(model.tvd, baseline.tvd),
  });
  const subgroupVsMarginal = skill(means.model.subgroup, means.marginal.subgroup);
  return {
    items: scored,
    skill: {
      vsUniform: {
        overall: skill(means.model.overall, means.uniform.overall),
        subgroup: skill(means.model.subgroup, means.uniform.subgroup),
      },
      vsMarginal: { overall: skill(means.model.overall, means.marginal.overall), subgroup: subgroupVsMarginal },
      subgroupVsMarginal,
    },
    means,
    baselines: {
      uniform: { description: "every category equally likely, in every cell", ...means.uniform },
      marginal: { description: "the real all-respondents distribution, used for every subgroup", ...means.marginal },
    },
    cells: { overall: overallKept.length, subgroup: subgroupKept.length, minAnswers },
  };
}
