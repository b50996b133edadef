/**
 * The conditional distributions the draw uses, built once per preset from its marginals and joint tables:
 *
 * - age band × sex: the joint table fitted (iterative proportional fitting) to the two marginals, so a
 *   custom target on either still has a consistent joint;
 * - education given age band and sex: the ACS 2017 3-group shares, split into 5 levels by the marginal's
 *   ratios, then calibrated to the education marginal;
 * - employment and income given age band and education: the marginal times the preset's illustrative
 *   multipliers, then calibrated.
 *
 * "Calibrated": one factor per category, fitted so the population-level share implied by the conditionals
 * is the target marginal again. The draw is then unbiased for every marginal; the balance pass only
 * removes sampling noise.
 */
import {
  AGE_BANDS,
  type AgeBand,
  type CategoryOf,
  EDUCATION_LEVELS,
  type Education,
  EMPLOYMENT_STATUSES,
  INCOME_BRACKETS,
  type Preset,
  type PresetVariable,
  SEXES,
  type Sex,
} from "./preset.ts";

export interface Conditionals {
  /** The age band × sex cells and their shares (sum 1). */
  ageSex: { band: AgeBand; sex: Sex; share: number }[];
  /** P(education | band, sex), in EDUCATION_LEVELS order. */
  education: Record<AgeBand, Record<Sex, number[]>>;
  /** P(status | band, education), in EMPLOYMENT_STATUSES order. */
  employment: Record<AgeBand, Record<Education, number[]>>;
  /** P(bracket | band, education), in INCOME_BRACKETS order. */
  income: Record<AgeBand, Record<Education, number[]>>;
}

const TOLERANCE = 1e-12;
const MAX_ITERATIONS = 1000;

/** A marginal's shares in category order, rescaled to sum to 1 (sources round to 4 decimals). */
export function targetShares<V extends PresetVariable>(
  preset: Preset,
  variable: V,
  categories: readonly CategoryOf<V>[],
) {
  const shares: Readonly<Record<string, number>> = preset.marginals[variable].shares;
  return normalize(categories.map((c) => shares[c] ?? 0));
}

function normalize(values: readonly number[]): number[] {
  const total = values.reduce((a, b) => a + b, 0);
  return total > 0 ? values.map((v) => v / total) : values.map(() => 1 / values.length);
}

/**
 * Scales each category of every cell's base distribution by one common factor so that the weighted mean of
 * the cells' (renormalised) distributions is `target`. A fixed point of alternating scalings; it converges
 * because each step is one IPF step on the cell × category table with the cell margin held by renormalising.
 */
export function calibrate(cells: readonly { weight: number; base: readonly number[] }[], target: readonly number[]) {
  const factors = target.map(() => 1);
  let conditionals = cells.map((c) => normalize(c.base));
  for (let iteration = 0; iteration < MAX_ITERATIONS; iteration++) {
    const implied = target.map(() => 0);
    cells.forEach((cell, i) => {
      conditionals[i]!.forEach((p, k) => {
        implied[k]! += cell.weight * p;
      });
    });
    const gap = Math.max(...implied.map((v, k) => Math.abs(v - target[k]!)));
    if (gap < TOLERANCE) break;
    implied.forEach((v, k) => {
      if (v > 0) factors[k]! *= target[k]! / v;
    });
    conditionals = cells.map((c) => normalize(c.base.map((b, k) => b * factors[k]!)));
  }
  return conditionals;
}

/** The age × sex joint table fitted to the age band and sex marginals (two-way IPF). */
function fitAgeSex(preset: Preset): Conditionals["ageSex"] {
  const bandTarget = targetShares(preset, "age_band", AGE_BANDS);
  const sexTarget = targetShares(preset, "sex", SEXES);
  const table = AGE_BANDS.map((band) => SEXES.map((sex) => preset.joint.ageBandBySex.table[band][sex]));
  for (let iteration = 0; iteration < MAX_ITERATIONS; iteration++) {
    for (const [a, row] of table.entries()) {
      const sum = row[0]! + row[1]!;
      for (let s = 0; s < row.length; s++) row[s] = sum > 0 ? (row[s]! * bandTarget[a]!) / sum : 0;
    }
    for (let s = 0; s < SEXES.length; s++) {
      const sum = table.reduce((acc, row) => acc + row[s]!, 0);
      for (const row of table) row[s] = sum > 0 ? (row[s]! * sexTarget[s]!) / sum : 0;
    }
    const rowGap = Math.max(...table.map((row, a) => Math.abs(row[0]! + row[1]! - bandTarget[a]!)));
    if (rowGap < TOLERANCE) break;
  }
  return AGE_BANDS.flatMap((band, a) => SEXES.map((sex, s) => ({ band, sex, share: table[a]![s]! })));
}

function educationGivenAgeSex(preset: Preset, ageSex: Conditionals["ageSex"]) {
  const { table, ageGroupOf, groupOf } = preset.joint.educationByAgeSex;
  const target = targetShares(preset, "education", EDUCATION_LEVELS);
  // Within a 3-group, the 5 levels split as the marginal does (the only split the data has).
  const groupTotal = new Map<string, number>();
  EDUCATION_LEVELS.forEach((level, k) => {
    groupTotal.set(groupOf[level], (groupTotal.get(groupOf[level]) ?? 0) + target[k]!);
  });
  const cells = ageSex.map(({ band, sex, share }) => {
    const row = table[ageGroupOf[band]][sex];
    const rowTotal = Object.values(row).reduce((a, b) => a + b, 0);
    const base = EDUCATION_LEVELS.map((level, k) => {
      const within = target[k]! / (groupTotal.get(groupOf[level]) || 1);
      return (row[groupOf[level]] / rowTotal) * within;
    });
    return { weight: share, base };
  });
  const fitted = calibrate(cells, target);
  const result = {} as Conditionals["education"];
  ageSex.forEach(({ band, sex }, i) => {
    result[band] ??= {} as Record<Sex, number[]>;
    result[band][sex] = fitted[i]!;
  });
  return result;
}

/** P(category | band, education) ∝ marginal × age multiplier × education multiplier, then calibrated. */
function shiftedGivenAgeEducation<C extends string>(
  categories: readonly C[],
  target: number[],
  shift: Preset["supporting"]["employmentShift"] | Preset["supporting"]["incomeShift"],
  ageSex: Conditionals["ageSex"],
  education: Conditionals["education"],
) {
  const byAge = shift.byAge as Record<AgeBand, Record<C, number>>;
  const byEducation = shift.byEducation as Record<Education, Record<C, number>>;
  const cells = AGE_BANDS.flatMap((band) =>
    EDUCATION_LEVELS.map((level, k) => {
      const weight = ageSex
        .filter((c) => c.band === band)
        .reduce((acc, c) => acc + c.share * education[band][c.sex][k]!, 0);
      const base = categories.map((c, j) => target[j]! * byAge[band][c] * byEducation[level][c]);
      return { band, level, weight, base };
    }),
  );
  const fitted = calibrate(cells, target);
  const result = {} as Record<AgeBand, Record<Education, number[]>>;
  cells.forEach(({ band, level }, i) => {
    result[band] ??= {} as Record<Education, number[]>;
    result[band][level] = fitted[i]!;
  });
  return result;
}

const cache = new WeakMap<Preset, Conditionals>();

export function conditionalsOf(preset: Preset): Conditionals {
  const cached = cache.get(preset);
  if (cached) return cached;
  const ageSex = fitAgeSex(preset);
  const education = educationGivenAgeSex(preset, ageSex);
  const { employmentShift, incomeShift } = preset.supporting;
  const employment = shiftedGivenAgeEducation(
    EMPLOYMENT_STATUSES,
    targetShares(preset, "employment_status", EMPLOYMENT_STATUSES),
    employmentShift,
    ageSex,
    education,
  );
  const income = shiftedGivenAgeEducation(
    INCOME_BRACKETS,
    targetShares(preset, "household_income", INCOME_BRACKETS),
    incomeShift,
    ageSex,
    education,
  );
  const built = { ageSex, education, employment, income };
  cache.set(preset, built);
  return built;
}
