/**
 * The diversity report of a population version, pure: no I/O, no clock, no Math.random, so the same members
 * and targets always give the same report. It lets a user see a thin panel before spending money on it:
 *
 * - `marginal`: which target categories (target > 0) have no member at all;
 * - `pairwise`: for every pair of target variables, the two-variable cells that exist in the targets (a known
 *   joint table's cells with share > 0, else every pair of categories, the product of the two marginals), the
 *   member count against the expected count n × share, and the thinnest cells;
 * - `traits`: the Big Five spread (per-trait mean, sd, min, max, and the mean pairwise distance in trait
 *   space against the same for uniform traits);
 * - `duplicates`: members with the same first name, last name, age and location;
 * - `warnings`: the findings in plain words.
 *
 * Counts are of members, unweighted: every member costs a run whatever its weight. The weights only give the
 * Kish effective sample size. Every number is rounded to 4 decimals and every object is built in a fixed
 * key order (targets order, then category order), so the report is stable JSON.
 */
import { hashOf, mulberry32 } from "../../shared/random.ts";
import { conditionalsOf } from "./conditionals.ts";
import { AGE_BANDS, EDUCATION_LEVELS, EMPLOYMENT_STATUSES, INCOME_BRACKETS, SEXES } from "./preset.ts";
import { US_ADULTS } from "./presets/us-adults.ts";
import { kishEffectiveSampleSize } from "./raking.ts";

export const BIG_FIVE = ["openness", "conscientiousness", "extraversion", "agreeableness", "neuroticism"] as const;
export type BigFiveTrait = (typeof BIG_FIVE)[number];

export interface DiversityMember {
  personaId: string;
  firstName: string;
  lastName: string;
  age: number;
  location: string;
  /** Category per variable (e.g. { sex: "female", age_band: "35-44", census_region: "Midwest" }); missing = unknown. */
  values: Record<string, string | undefined>;
  /** Each 0-1 (the persona schema's scale); null, or any non-finite value, = no traits. */
  traits: Record<BigFiveTrait, number> | null;
  weight: number;
}

/** Optional known joint shares of two variables (e.g. the preset's age_band × sex table); cells sum to 1. */
export interface JointShares {
  variables: [string, string];
  /** First variable's category → second variable's category → share. */
  shares: Record<string, Record<string, number>>;
}

export interface MissingCell {
  variable: string;
  category: string;
  target: number;
}

export interface PairCell {
  variables: [string, string];
  categories: [string, string];
  /** n × the cell's share. */
  expected: number;
  count: number;
}

export interface TraitStats {
  mean: number;
  /** Population standard deviation (divides by the number of members with traits). */
  sd: number;
  min: number;
  max: number;
}

export interface DiversityReport {
  members: number;
  /** Kish effective sample size of the members' weights ((Σw)² / Σw²; negative or non-finite weights count 0). */
  effectiveSampleSize: number;
  /** Per target variable: members without a value (missing, or blank). */
  unknown: Record<string, number>;
  /** Per target variable: members whose value is not a category with target > 0. */
  outsideTargets: Record<string, number>;
  marginal: { cells: number; covered: number; coverage: number; missing: MissingCell[] };
  pairwise: {
    cells: number;
    covered: number;
    coverage: number;
    /** Of the cells with expected ≥ 1, the share with at least one member (0 when there is none). */
    coverageOfExpected: number;
    /** Up to 10 cells with the lowest count / expected, lowest first (ties: larger expected first). */
    thinnest: PairCell[];
  };
  traits: {
    withTraits: number;
    perTrait: Record<BigFiveTrait, TraitStats>;
    /** Mean Euclidean distance between two members in trait space (0 with fewer than 2 members with traits). */
    meanDistance: number;
    /** The same for independent uniform traits in [0, 1]^5, for reading `meanDistance` against. */
    uniformMeanDistance: number;
    /** null when every pair was measured; else how many seeded random pairs were. */
    sampledPairs: number | null;
  };
  duplicates: {
    groups: { firstName: string; lastName: string; age: number; location: string; personaIds: string[] }[];
    /** Members in groups beyond each group's first. */
    count: number;
  };
  warnings: string[];
}

/**
 * Mean distance of two independent uniform points in [0, 1]^5 (the box integral Δ5 = 0.878530…, computed by
 * E√S = (1/2√π) ∫ (1 − φ(u)^5) u^(−3/2) du with φ the Laplace transform of the squared triangular
 * difference, and checked by 2·10^8 simulated pairs: 0.87858 ± 0.00002).
 */
export const UNIFORM_MEAN_DISTANCE = 0.8785;
/** Up to this many members with traits, every pair is measured (2 million pairs); above, a seeded sample. */
export const EXACT_DISTANCE_LIMIT = 2000;
/** Pairs measured above the limit: a standard error near 0.0005 for traits spread like real panels. */
export const SAMPLED_PAIR_COUNT = 200_000;
/**
 * Below this mean distance the report warns that the traits are bunched. Independent traits with standard
 * deviation σ each give about 3.0 σ; the simulator draws σ ≈ 0.16 (≈ 0.48), real Big Five scores on 0-1 are
 * near that; 0.3 is σ ≈ 0.1, well inside what a healthy panel shows.
 */
export const LOW_TRAIT_SPREAD = 0.3;
/** Below this effective sample size / members the report warns that the weights are uneven. */
export const LOW_WEIGHT_EFFICIENCY = 0.5;
const THINNEST = 10;
/** Missing marginal categories named one by one in the warnings; the rest are counted. */
const NAMED_MISSING = 5;

const round4 = (x: number) => (Number.isFinite(x) ? Math.round(x * 1e4) / 1e4 || 0 : 0);
const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
const words = (variable: string) => variable.replaceAll("_", " ");
function percent(share: number): string {
  const p = Number((share * 100).toFixed(1));
  return p === 0 && share > 0 ? "<0.1%" : `${p}%`;
}

interface Variable {
  name: string;
  /** Categories with target > 0, in targets order. */
  categories: string[];
  shares: number[];
  /** Each member's category index, -1 when unknown or outside the targets. */
  memberCategory: Int32Array;
  unknown: number;
  outside: number;
}

function variablesOf(members: DiversityMember[], targets: Record<string, Record<string, number>>): Variable[] {
  return Object.entries(targets).map(([name, cells]) => {
    const entries = Object.entries(cells).filter(([, share]) => Number.isFinite(share) && share > 0);
    const index = new Map(entries.map(([category], i) => [category, i]));
    const memberCategory = new Int32Array(members.length);
    let unknown = 0;
    let outside = 0;
    members.forEach((m, i) => {
      const value = m.values && Object.hasOwn(m.values, name) ? m.values[name] : undefined;
      const at = value === undefined ? undefined : index.get(value);
      memberCategory[i] = at ?? -1;
      if (typeof value !== "string" || value.trim() === "") unknown += 1;
      else if (at === undefined) outside += 1;
    });
    return {
      name,
      categories: entries.map(([c]) => c),
      shares: entries.map(([, s]) => s),
      memberCategory,
      unknown,
      outside,
    };
  });
}

function countsOf(variable: Variable): number[] {
  const counts = variable.categories.map(() => 0);
  for (const c of variable.memberCategory) if (c >= 0) counts[c]! += 1;
  return counts;
}

/**
 * A joint table for the pair (a, b) as an a × b matrix over the targets' categories, fitted by iterative
 * proportional fitting to the two target marginals: the table gives which cells exist and how the two
 * variables go together, the targets give the margins (so the expected counts agree with them, as the draw's
 * do). Cells the table gives as 0 stay 0. Null when no table names this pair.
 */
function jointMatrix(a: Variable, b: Variable, joint: JointShares[]): number[][] | null {
  const table = joint.find(
    (j) =>
      (j.variables[0] === a.name && j.variables[1] === b.name) ||
      (j.variables[0] === b.name && j.variables[1] === a.name),
  );
  if (!table) return null;
  const flipped = table.variables[0] !== a.name;
  const shareOf = (x: string, y: string) => {
    const share = flipped ? table.shares[y]?.[x] : table.shares[x]?.[y];
    return typeof share === "number" && Number.isFinite(share) && share > 0 ? share : 0;
  };
  const m = a.categories.map((x) => b.categories.map((y) => shareOf(x, y)));
  for (let iteration = 0; iteration < 200; iteration++) {
    let gap = 0;
    m.forEach((row, i) => {
      const total = row.reduce((s, v) => s + v, 0);
      gap = Math.max(gap, Math.abs(total - a.shares[i]!));
      if (total > 0) for (let j = 0; j < row.length; j++) row[j] = (row[j]! * a.shares[i]!) / total;
    });
    b.categories.forEach((_, j) => {
      const total = m.reduce((s, row) => s + row[j]!, 0);
      gap = Math.max(gap, Math.abs(total - b.shares[j]!));
      if (total > 0) for (const row of m) row[j] = (row[j]! * b.shares[j]!) / total;
    });
    if (gap < 1e-12) break;
  }
  return m;
}

interface Cell extends PairCell {
  ratio: number;
  order: number;
}

function pairwiseOf(variables: Variable[], n: number, joint: JointShares[]) {
  const cells: Cell[] = [];
  for (let p = 0; p < variables.length; p++) {
    for (let q = p + 1; q < variables.length; q++) {
      const a = variables[p]!;
      const b = variables[q]!;
      const width = b.categories.length;
      const counts = new Int32Array(a.categories.length * width);
      for (let i = 0; i < n; i++) {
        const x = a.memberCategory[i]!;
        const y = b.memberCategory[i]!;
        if (x >= 0 && y >= 0) counts[x * width + y]! += 1;
      }
      const matrix = jointMatrix(a, b, joint);
      a.categories.forEach((x, i) => {
        b.categories.forEach((y, j) => {
          const share = matrix ? matrix[i]![j]! : a.shares[i]! * b.shares[j]!;
          if (!(share > 0)) return;
          const expected = n * share;
          const count = counts[i * width + j]!;
          cells.push({
            variables: [a.name, b.name],
            categories: [x, y],
            expected,
            count,
            ratio: expected > 0 ? count / expected : Number.POSITIVE_INFINITY,
            order: cells.length,
          });
        });
      });
    }
  }
  const covered = cells.filter((c) => c.count > 0).length;
  const likely = cells.filter((c) => c.expected >= 1);
  const thinnest = cells
    .filter((c) => c.expected > 0)
    .sort((x, y) => x.ratio - y.ratio || y.expected - x.expected || x.order - y.order)
    .slice(0, THINNEST);
  return {
    cells,
    likelyEmpty: likely.filter((c) => c.count === 0).sort((x, y) => y.expected - x.expected || x.order - y.order),
    report: {
      cells: cells.length,
      covered,
      coverage: round4(cells.length > 0 ? covered / cells.length : 0),
      coverageOfExpected: round4(likely.length > 0 ? likely.filter((c) => c.count > 0).length / likely.length : 0),
      thinnest: thinnest.map(
        (c): PairCell => ({
          variables: c.variables,
          categories: c.categories,
          expected: round4(c.expected),
          count: c.count,
        }),
      ),
    },
  };
}

/** A member's traits as 5 numbers, or null when it has none (or any of them is not a finite number). */
function traitVector(m: DiversityMember): number[] | null {
  if (!m.traits || typeof m.traits !== "object") return null;
  const vector = BIG_FIVE.map((t) => m.traits![t]);
  return vector.every((v) => typeof v === "number" && Number.isFinite(v)) ? vector : null;
}

function traitsOf(members: DiversityMember[]): DiversityReport["traits"] {
  const vectors = members.flatMap((m) => traitVector(m) ?? []);
  const count = vectors.length / BIG_FIVE.length;
  const points = Float64Array.from(vectors);
  const perTrait = {} as Record<BigFiveTrait, TraitStats>;
  BIG_FIVE.forEach((trait, t) => {
    let sum = 0;
    let min = Number.POSITIVE_INFINITY;
    let max = Number.NEGATIVE_INFINITY;
    for (let i = 0; i < count; i++) {
      const v = points[i * 5 + t]!;
      sum += v;
      if (v < min) min = v;
      if (v > max) max = v;
    }
    const mean = count > 0 ? sum / count : 0;
    let squares = 0;
    for (let i = 0; i < count; i++) squares += (points[i * 5 + t]! - mean) ** 2;
    perTrait[trait] = {
      mean: round4(mean),
      sd: round4(count > 0 ? Math.sqrt(squares / count) : 0),
      min: round4(count > 0 ? min : 0),
      max: round4(count > 0 ? max : 0),
    };
  });
  const distance = (i: number, j: number) => {
    let s = 0;
    for (let t = 0; t < 5; t++) s += (points[i * 5 + t]! - points[j * 5 + t]!) ** 2;
    return Math.sqrt(s);
  };
  let meanDistance = 0;
  let sampledPairs: number | null = null;
  if (count >= 2 && count <= EXACT_DISTANCE_LIMIT) {
    let total = 0;
    for (let i = 0; i < count; i++) for (let j = i + 1; j < count; j++) total += distance(i, j);
    meanDistance = total / ((count * (count - 1)) / 2);
  } else if (count > EXACT_DISTANCE_LIMIT) {
    // Seeded by the count alone: the same members in the same order always give the same estimate.
    const next = mulberry32(hashOf("diversity-trait-pairs", count));
    let total = 0;
    for (let k = 0; k < SAMPLED_PAIR_COUNT; k++) {
      const i = Math.floor(next() * count);
      let j = Math.floor(next() * (count - 1));
      if (j >= i) j += 1;
      total += distance(i, j);
    }
    meanDistance = total / SAMPLED_PAIR_COUNT;
    sampledPairs = SAMPLED_PAIR_COUNT;
  }
  return {
    withTraits: count,
    perTrait,
    meanDistance: round4(meanDistance),
    uniformMeanDistance: UNIFORM_MEAN_DISTANCE,
    sampledPairs,
  };
}

const normal = (text: string) => String(text ?? "").trim();
const folded = (text: string) => normal(text).toLowerCase();

/** Groups of 2+ members with the same first name, last name, age and location (trimmed, case-insensitive). */
function duplicatesOf(members: DiversityMember[]): DiversityReport["duplicates"] {
  const groups = new Map<string, DiversityMember[]>();
  for (const m of members) {
    const key = [folded(m.firstName), folded(m.lastName), String(m.age), folded(m.location)].join("\u001f");
    const group = groups.get(key);
    if (group) group.push(m);
    else groups.set(key, [m]);
  }
  const repeated = [...groups.values()].filter((g) => g.length > 1);
  return {
    groups: repeated.map((g) => ({
      firstName: normal(g[0]!.firstName),
      lastName: normal(g[0]!.lastName),
      age: g[0]!.age,
      location: normal(g[0]!.location),
      personaIds: g.map((m) => m.personaId),
    })),
    count: repeated.reduce((s, g) => s + g.length - 1, 0),
  };
}

/**
 * The diversity report of `members` against `targets` (variable → category → share). Categories with a
 * target of 0 (or not a finite number) are not target cells. `joint` gives known joint shares of some pairs
 * of target variables (pass `usAdultsJointShares()` for the preset); a table naming a variable the targets
 * lack is ignored, and the other pairs use the product of their marginals.
 */
export function diversityOf(
  members: DiversityMember[],
  targets: Record<string, Record<string, number>>,
  joint: JointShares[] = [],
): DiversityReport {
  const n = members.length;
  const variables = variablesOf(members, targets);
  const weights = members.map((m) => (Number.isFinite(m.weight) && m.weight > 0 ? m.weight : 0));
  const effectiveSampleSize = kishEffectiveSampleSize(weights);

  const missing: MissingCell[] = [];
  let marginalCells = 0;
  for (const v of variables) {
    const counts = countsOf(v);
    marginalCells += v.categories.length;
    v.categories.forEach((category, k) => {
      if (counts[k] === 0) missing.push({ variable: v.name, category, target: round4(v.shares[k]!) });
    });
  }
  const pairwise = pairwiseOf(variables, n, joint);
  const traits = traitsOf(members);
  const duplicates = duplicatesOf(members);

  const warnings: string[] = [];
  if (n === 0) warnings.push("The panel has no members");
  else {
    for (const v of variables) {
      if (v.unknown > 0) warnings.push(`${plural(v.unknown, "member has", "members have")} no ${words(v.name)}`);
      if (v.outside > 0) {
        warnings.push(`${plural(v.outside, "member has", "members have")} a ${words(v.name)} outside the targets`);
      }
    }
    for (const cell of missing.slice(0, NAMED_MISSING)) {
      warnings.push(`No member has ${words(cell.variable)} ${cell.category} (target ${percent(cell.target)})`);
    }
    if (missing.length > NAMED_MISSING) {
      warnings.push(
        `${plural(missing.length - NAMED_MISSING, "more target category has", "more target categories have")} no member`,
      );
    }
    const empty = pairwise.likelyEmpty;
    if (empty.length > 0) {
      const worst = empty[0]!;
      const name = `${words(worst.variables[0])} ${worst.categories[0]} × ${words(worst.variables[1])} ${worst.categories[1]}`;
      warnings.push(
        `${plural(empty.length, "two-variable cell", "two-variable cells")} expected to hold at least one member ${empty.length === 1 ? "is" : "are"} empty, e.g. ${name} (expected ${worst.expected.toFixed(1)})`,
      );
    }
    if (traits.withTraits === 0) warnings.push("No member has Big Five traits");
    else if (traits.withTraits < n) {
      warnings.push(`${plural(n - traits.withTraits, "member has", "members have")} no Big Five traits`);
    }
    if (traits.withTraits >= 2 && traits.meanDistance < LOW_TRAIT_SPREAD) {
      warnings.push(
        `Trait spread is low: mean distance ${traits.meanDistance.toFixed(2)} against ${UNIFORM_MEAN_DISTANCE.toFixed(2)} for uniform traits`,
      );
    }
    if (duplicates.count > 0) warnings.push(plural(duplicates.count, "duplicate persona", "duplicate personas"));
    if (effectiveSampleSize < LOW_WEIGHT_EFFICIENCY * n) {
      warnings.push(`Weights are uneven: effective sample size ${effectiveSampleSize.toFixed(1)} of ${n} members`);
    }
  }

  return {
    members: n,
    effectiveSampleSize: round4(effectiveSampleSize),
    unknown: Object.fromEntries(variables.map((v) => [v.name, v.unknown])),
    outsideTargets: Object.fromEntries(variables.map((v) => [v.name, v.outside])),
    marginal: {
      cells: marginalCells,
      covered: marginalCells - missing.length,
      coverage: round4(marginalCells > 0 ? (marginalCells - missing.length) / marginalCells : 0),
      missing,
    },
    pairwise: pairwise.report,
    traits,
    duplicates,
    warnings,
  };
}

/**
 * The joint shares the "us-adults" preset knows, as `JointShares` over the preset's own categories:
 *
 * - sex × age_band: the PEP 2022 age × sex table as published;
 * - sex × education: the ACS 2017 education × age × sex table summed over age (3 education groups), each
 *   group split into its levels by the education marginal's ratios (the same split the draw makes);
 * - age_band × education: the same table summed over sex, its 65+ group split into 65-74 and 75+ by the
 *   PEP table's ratios within each sex (so education within 65+ is taken as the same at 65-74 and 75+: the
 *   data has no finer split), and the groups split into levels as above.
 *
 * - age_band × employment_status, age_band × household_income, education × employment_status, education ×
 *   household_income, sex × employment_status and sex × household_income: no published table; these are the
 *   draw's own model (conditionals.ts: employment and income given age band and education, calibrated to
 *   the marginals), so a generated panel is read against what the draw means to produce rather than against
 *   independence (which would call "75+ × employed" thin).
 *
 * Each table is normalised to sum to 1; `diversityOf` then fits it to the targets' marginals, so only the
 * pattern of association matters (the 2017 table is not pitted against the 2022 marginals).
 */
export function usAdultsJointShares(): JointShares[] {
  return [...publishedJointShares(), ...modelJointShares()];
}

/** The joint shares of the draw's model for the variables it draws from age band and education. */
function modelJointShares(): JointShares[] {
  const c = conditionalsOf(US_ADULTS);
  const tables = {
    ageEmployment: {} as Record<string, Record<string, number>>,
    ageIncome: {} as Record<string, Record<string, number>>,
    educationEmployment: {} as Record<string, Record<string, number>>,
    educationIncome: {} as Record<string, Record<string, number>>,
    sexEmployment: {} as Record<string, Record<string, number>>,
    sexIncome: {} as Record<string, Record<string, number>>,
  };
  const add = (table: Record<string, Record<string, number>>, x: string, y: string, v: number) => {
    table[x] ??= {};
    table[x][y] = (table[x][y] ?? 0) + v;
  };
  for (const { band, sex, share } of c.ageSex) {
    EDUCATION_LEVELS.forEach((level, e) => {
      const pEducation = share * (c.education[band][sex][e] ?? 0);
      EMPLOYMENT_STATUSES.forEach((status, k) => {
        const v = pEducation * (c.employment[band][level][k] ?? 0);
        add(tables.ageEmployment, band, status, v);
        add(tables.educationEmployment, level, status, v);
        add(tables.sexEmployment, sex, status, v);
      });
      INCOME_BRACKETS.forEach((bracket, k) => {
        const v = pEducation * (c.income[band][level][k] ?? 0);
        add(tables.ageIncome, band, bracket, v);
        add(tables.educationIncome, level, bracket, v);
        add(tables.sexIncome, sex, bracket, v);
      });
    });
  }
  return [
    { variables: ["age_band", "employment_status"], shares: normalised(tables.ageEmployment) },
    { variables: ["age_band", "household_income"], shares: normalised(tables.ageIncome) },
    { variables: ["education", "employment_status"], shares: normalised(tables.educationEmployment) },
    { variables: ["education", "household_income"], shares: normalised(tables.educationIncome) },
    { variables: ["sex", "employment_status"], shares: normalised(tables.sexEmployment) },
    { variables: ["sex", "household_income"], shares: normalised(tables.sexIncome) },
  ];
}

function publishedJointShares(): JointShares[] {
  const { ageBandBySex, educationByAgeSex } = US_ADULTS.joint;
  const education = US_ADULTS.marginals.education.shares;
  const groupTotal = new Map<string, number>();
  for (const level of EDUCATION_LEVELS) {
    const group = educationByAgeSex.groupOf[level];
    groupTotal.set(group, (groupTotal.get(group) ?? 0) + education[level]);
  }
  const withinGroup = (level: (typeof EDUCATION_LEVELS)[number]) =>
    education[level] / (groupTotal.get(educationByAgeSex.groupOf[level]) || 1);
  /** PEP share of the band among the bands of its ACS age group, within a sex. */
  const bandWithinGroup = (band: (typeof AGE_BANDS)[number], sex: (typeof SEXES)[number]) => {
    const group = educationByAgeSex.ageGroupOf[band];
    const total = AGE_BANDS.filter((b) => educationByAgeSex.ageGroupOf[b] === group).reduce(
      (s, b) => s + ageBandBySex.table[b][sex],
      0,
    );
    return total > 0 ? ageBandBySex.table[band][sex] / total : 0;
  };
  const cell = (
    band: (typeof AGE_BANDS)[number],
    sex: (typeof SEXES)[number],
    level: (typeof EDUCATION_LEVELS)[number],
  ) =>
    educationByAgeSex.table[educationByAgeSex.ageGroupOf[band]][sex][educationByAgeSex.groupOf[level]] *
    bandWithinGroup(band, sex) *
    withinGroup(level);

  const sexAge: Record<string, Record<string, number>> = {};
  const sexEducation: Record<string, Record<string, number>> = {};
  const ageEducation: Record<string, Record<string, number>> = {};
  for (const sex of SEXES) {
    sexAge[sex] = Object.fromEntries(AGE_BANDS.map((band) => [band, ageBandBySex.table[band][sex]]));
    sexEducation[sex] = Object.fromEntries(
      EDUCATION_LEVELS.map((level) => [level, AGE_BANDS.reduce((s, band) => s + cell(band, sex, level), 0)]),
    );
  }
  for (const band of AGE_BANDS) {
    ageEducation[band] = Object.fromEntries(
      EDUCATION_LEVELS.map((level) => [level, SEXES.reduce((s, sex) => s + cell(band, sex, level), 0)]),
    );
  }
  return [
    { variables: ["sex", "age_band"], shares: normalised(sexAge) },
    { variables: ["sex", "education"], shares: normalised(sexEducation) },
    { variables: ["age_band", "education"], shares: normalised(ageEducation) },
  ];
}

function normalised(table: Record<string, Record<string, number>>): Record<string, Record<string, number>> {
  const total = Object.values(table).reduce((s, row) => s + Object.values(row).reduce((a, b) => a + b, 0), 0);
  return Object.fromEntries(
    Object.entries(table).map(([x, row]) => [
      x,
      Object.fromEntries(Object.entries(row).map(([y, v]) => [y, total > 0 ? v / total : 0])),
    ]),
  );
}
