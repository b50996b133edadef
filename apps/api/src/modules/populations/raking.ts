/**
 * Raking (iterative proportional fitting) of member weights to target marginals, pure: no I/O, no clock,
 * no randomness, so the same members and targets always give the same weights (a population version is
 * reproducible from its seed). A generator draws members close to the targets; raking closes the rest of
 * the gap in the weighted estimate and reports how much the weights cost in effective sample size.
 */

/** Variable → category → share; each variable's shares sum to 1. */
export type Marginals = Record<string, Record<string, number>>;
/** Variable → the member's category. Variables the targets do not name are ignored. */
export interface Member {
  id: string;
  values: Record<string, string>;
}
export interface RakeOptions {
  /** Full passes over all variables; default 100. */
  maxIterations?: number;
  /** Converged when the maximum absolute deviation over all cells is at most this (a share); default 1e-4. */
  tolerance?: number;
  /** Weight trimming relative to the mean weight (e.g. `{ min: 0.3, max: 3 }`); default none. */
  bounds?: { min: number; max: number };
}
export interface FitRow {
  variable: string;
  category: string;
  target: number;
  achieved: number;
  /** achieved − target, as shares (0.001 = 0.1 pp). */
  deviation: number;
}
export interface RakeResult {
  /** Same order as the members, mean 1 (all 0 only when there are no members). */
  weights: number[];
  iterations: number;
  converged: boolean;
  fit: FitRow[];
  maxDeviation: number;
  effectiveSampleSize: number;
  /** effectiveSampleSize / n: 1 for equal weights, lower as the weights spread. */
  efficiency: number;
}

const NAME_MAX = 64;
const SUM_SLACK = 0.001;

/** One variable with every member's category as an index into its categories (-1 never happens: unknown throws). */
interface Column {
  variable: string;
  categories: string[];
  shares: number[];
  memberCategory: Int32Array;
}

/**
 * A member whose category is not in the targets throws (naming the member, variable and category) rather
 * than being dropped or lumped: silently ignoring it would rake the rest to targets that no longer describe
 * the population, and a generator that emits an unknown category has a bug worth seeing.
 */
function columnsOf(members: Member[], targets: Marginals): Column[] {
  return Object.entries(targets).map(([variable, cells]) => {
    const categories = Object.keys(cells);
    const index = new Map(categories.map((c, i) => [c, i]));
    const memberCategory = new Int32Array(members.length);
    members.forEach((m, i) => {
      const value = Object.hasOwn(m.values, variable) ? m.values[variable] : undefined;
      const at = value === undefined ? undefined : index.get(value);
      if (at === undefined) {
        throw new Error(`member ${m.id}: ${variable} = ${JSON.stringify(value)} is not a target category`);
      }
      memberCategory[i] = at;
    });
    return { variable, categories, shares: categories.map((c) => cells[c] as number), memberCategory };
  });
}

function totalsOf(column: Column, weights: ArrayLike<number>): number[] {
  const totals = new Array<number>(column.categories.length).fill(0);
  for (let i = 0; i < weights.length; i++) {
    const c = column.memberCategory[i] as number;
    totals[c] = (totals[c] as number) + (weights[i] as number);
  }
  return totals;
}

function sum(values: ArrayLike<number>): number {
  let total = 0;
  for (let i = 0; i < values.length; i++) total += values[i] as number;
  return total;
}

function fitRows(columns: Column[], weights: ArrayLike<number>): FitRow[] {
  const total = sum(weights);
  return columns.flatMap((column) => {
    const totals = totalsOf(column, weights);
    return column.categories.map((category, c) => {
      const target = column.shares[c] as number;
      // No weight at all (no members, or every weight trimmed to 0): every cell is honestly 0, never NaN.
      const achieved = total > 0 ? (totals[c] as number) / total : 0;
      return { variable: column.variable, category, target, achieved, deviation: achieved - target };
    });
  });
}

const maxAbsDeviation = (fit: FitRow[]) => fit.reduce((max, row) => Math.max(max, Math.abs(row.deviation)), 0);

/**
 * One IPF step for one variable. A category with target share but no weight cannot be reached by scaling;
 * its share is spread over the reachable categories in proportion to their targets, so they keep their
 * relative sizes and the total weight stays put (a plain scale to target would shrink it every pass).
 */
function rakeColumn(column: Column, weights: Float64Array): void {
  const totals = totalsOf(column, weights);
  const total = sum(totals);
  const reachable = column.shares.reduce((acc, share, c) => ((totals[c] as number) > 0 ? acc + share : acc), 0);
  if (total <= 0 || reachable <= 0) return;
  const factors = totals.map((t, c) => (t > 0 ? ((column.shares[c] as number) / reachable) * (total / t) : 0));
  weights.forEach((w, i) => {
    weights[i] = w * (factors[column.memberCategory[i] as number] as number);
  });
}

function normalise(weights: Float64Array): void {
  const total = sum(weights);
  if (total <= 0) return;
  const scale = weights.length / total;
  weights.forEach((w, i) => {
    weights[i] = w * scale;
  });
}

/**
 * Clamp to [min, max] × mean and re-normalise, repeated because re-normalising moves the mean and can push
 * a weight back out of bounds; it settles in a few rounds when min ≤ 1 ≤ max. It ends normalised (mean 1).
 */
function trim(weights: Float64Array, bounds: { min: number; max: number }): void {
  for (let round = 0; round < 50; round++) {
    normalise(weights);
    let clamped = false;
    for (let i = 0; i < weights.length; i++) {
      const w = weights[i] as number;
      if (w < bounds.min * (1 - 1e-12) || w > bounds.max * (1 + 1e-12)) {
        weights[i] = Math.min(bounds.max, Math.max(bounds.min, w));
        clamped = true;
      }
    }
    if (!clamped) return;
  }
  normalise(weights);
}

function checkOptions(opts: RakeOptions): void {
  const { maxIterations = 100, tolerance = 1e-4, bounds } = opts;
  if (!Number.isInteger(maxIterations) || maxIterations < 0) throw new Error("maxIterations must be an integer ≥ 0");
  if (!Number.isFinite(tolerance) || tolerance < 0) throw new Error("tolerance must be a finite number ≥ 0");
  if (bounds && !(bounds.min >= 0 && bounds.min <= 1 && bounds.max >= 1 && Number.isFinite(bounds.max))) {
    throw new Error("bounds must satisfy 0 ≤ min ≤ 1 ≤ max (relative to the mean weight)");
  }
}

/**
 * Classic IPF: starting from equal weights, scale each variable's categories to their target shares in turn,
 * trim if asked, and repeat until every cell is within `tolerance` or `maxIterations` passes are spent.
 * Targets with an unreachable cell (target > tolerance, no member) end `converged: false` with that cell
 * achieved 0. Throws on a member whose category the targets do not list, and on invalid options.
 */
export function rake(members: Member[], targets: Marginals, opts: RakeOptions = {}): RakeResult {
  checkOptions(opts);
  const { maxIterations = 100, tolerance = 1e-4, bounds } = opts;
  const columns = columnsOf(members, targets);
  const weights = new Float64Array(members.length).fill(1);
  let fit = fitRows(columns, weights);
  let iterations = 0;
  while (maxAbsDeviation(fit) > tolerance && iterations < maxIterations) {
    for (const column of columns) rakeColumn(column, weights);
    if (bounds) trim(weights, bounds);
    iterations++;
    fit = fitRows(columns, weights);
  }
  normalise(weights);
  const result = Array.from(weights);
  const maxDeviation = maxAbsDeviation(fit);
  const effectiveSampleSize = kishEffectiveSampleSize(result);
  return {
    weights: result,
    iterations,
    converged: maxDeviation <= tolerance,
    fit,
    maxDeviation,
    effectiveSampleSize,
    efficiency: members.length > 0 ? effectiveSampleSize / members.length : 0,
  };
}

/** The fit report of members against targets: weighted by `weights`, or unweighted when `weights` is null. */
export function fitOf(members: Member[], weights: number[] | null, targets: Marginals): FitRow[] {
  if (weights && weights.length !== members.length) {
    throw new Error(`${weights.length} weights for ${members.length} members`);
  }
  return fitRows(columnsOf(members, targets), weights ?? new Float64Array(members.length).fill(1));
}

/** Kish's effective sample size (Σw)² / Σw²: how many equally weighted members the weights are worth. */
export function kishEffectiveSampleSize(weights: number[]): number {
  let total = 0;
  let squares = 0;
  for (const w of weights) {
    if (!Number.isFinite(w) || w < 0) throw new Error(`weight ${w} is not a finite number ≥ 0`);
    total += w;
    squares += w * w;
  }
  return squares > 0 ? (total * total) / squares : 0;
}

type Issue = { path: string; message: string };

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const nameIssue = (name: string, path: string, what: string): Issue[] =>
  name.length >= 1 && name.length <= NAME_MAX ? [] : [{ path, message: `${what} names are 1-${NAME_MAX} characters` }];

/**
 * Validates user-supplied marginals, collecting every problem with its path (`targets.age_band`,
 * `targets.age_band.18-24`). Valid shares are returned re-scaled to sum to exactly 1: published tables
 * round (sums of 0.9999 to 1.0001), and raking can only reach shares that sum to 1. Whether a variable is
 * one the generator knows is the caller's rule, not this one.
 */
export function validateMarginals(targets: unknown): { ok: true; targets: Marginals } | { ok: false; errors: Issue[] } {
  if (!isRecord(targets))
    return { ok: false, errors: [{ path: "targets", message: "must be an object of variables" }] };
  const variables = Object.entries(targets);
  if (variables.length === 0)
    return { ok: false, errors: [{ path: "targets", message: "needs at least one variable" }] };
  const errors: Issue[] = [];
  const valid: [string, Record<string, number>][] = [];
  for (const [variable, cells] of variables) {
    const path = `targets.${variable}`;
    errors.push(...nameIssue(variable, path, "variable"));
    if (!isRecord(cells)) {
      errors.push({ path, message: "must be an object of categories to shares" });
      continue;
    }
    const entries = Object.entries(cells);
    if (entries.length < 2) errors.push({ path, message: "needs at least 2 categories" });
    let total = 0;
    let sharesOk = true;
    for (const [category, share] of entries) {
      errors.push(...nameIssue(category, `${path}.${category}`, "category"));
      if (typeof share !== "number" || !Number.isFinite(share) || share < 0) {
        errors.push({ path: `${path}.${category}`, message: "share must be a finite number ≥ 0" });
        sharesOk = false;
      } else total += share;
    }
    if (sharesOk && Math.abs(total - 1) > SUM_SLACK) {
      errors.push({ path, message: `shares sum to ${Number(total.toFixed(6))}, not 1 (± ${SUM_SLACK})` });
    }
    if (sharesOk && total > 0) {
      // fromEntries defines own properties, so a category named "__proto__" stays data, not a prototype.
      valid.push([variable, Object.fromEntries(entries.map(([c, s]) => [c, (s as number) / total]))]);
    }
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, targets: Object.fromEntries(valid) };
}
