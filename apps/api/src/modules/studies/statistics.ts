/**
 * The statistics of a study's evidence (issue 13), pure: numbers in, numbers out, no I/O, no clock, no
 * Math.random. Each function names the R function it equals; apps/api/test/statistics/ checks every figure
 * against R on fixture data to 1e-9 (docs/statistics.md). Distribution functions come from stdlib
 * (`@stdlib/stats-base-dists-*`, ports of Cephes/Boost), never hand-written special functions.
 *
 * A figure that is undefined for the data (the sd of one value, a t statistic with no variance) is `null`,
 * never NaN, so results serialize to JSON as they are. Invalid input (an empty sample, a non-finite value,
 * weights of the wrong length) throws a RangeError: callers validate before they get here.
 */
import gammaln from "@stdlib/math-base-special-gammaln";
import pchisq from "@stdlib/stats-base-dists-chisquare-cdf";
import pnorm from "@stdlib/stats-base-dists-normal-cdf";
import qnorm from "@stdlib/stats-base-dists-normal-quantile";
import pt from "@stdlib/stats-base-dists-t-cdf";
import qt from "@stdlib/stats-base-dists-t-quantile";
import { mulberry32 } from "../../shared/random.ts";

// ---------------------------------------------------------------------------------------------------------
// Helpers

function assertSample(x: readonly number[], name: string, min = 1): void {
  if (x.length < min) throw new RangeError(`${name} needs at least ${min} value(s), got ${x.length}`);
  for (const v of x) if (!Number.isFinite(v)) throw new RangeError(`${name} holds a non-finite value: ${v}`);
}

function assertLevel(level: number): void {
  if (!(level > 0 && level < 1)) throw new RangeError(`level must be in (0, 1), got ${level}`);
}

function sum(x: readonly number[]): number {
  let s = 0;
  for (const v of x) s += v;
  return s;
}

/** Arithmetic mean (R: `mean(x)`). */
export function mean(x: readonly number[]): number {
  assertSample(x, "x");
  return sum(x) / x.length;
}

/** Sample variance with n − 1 (R: `var(x)`); null below 2 values. */
export function variance(x: readonly number[]): number | null {
  assertSample(x, "x");
  if (x.length < 2) return null;
  const m = mean(x);
  let ss = 0;
  for (const v of x) ss += (v - m) * (v - m);
  return ss / (x.length - 1);
}

/**
 * Sample quantile, R's default type 7 (R: `quantile(x, p, type = 7)`): with y sorted and h = (n − 1)p,
 * q = (1 − f)·y[⌊h⌋] + f·y[⌊h⌋ + 1] where f = h − ⌊h⌋ (0-based). `sorted` must be ascending.
 */
export function quantileSorted(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) throw new RangeError("quantile of an empty sample");
  if (!(p >= 0 && p <= 1)) throw new RangeError(`p must be in [0, 1], got ${p}`);
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.ceil(h);
  const a = sorted[lo] as number;
  const b = sorted[hi] as number;
  const f = h - lo;
  return f > 0 && b !== a ? (1 - f) * a + f * b : a;
}

function ascending(x: readonly number[]): number[] {
  return [...x].sort((a, b) => a - b);
}

/** Median (R: `median(x)`): the middle value, or the mean of the two middle values. */
export function median(x: readonly number[]): number {
  assertSample(x, "x");
  const s = ascending(x);
  const half = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? (s[half] as number) : ((s[half - 1] as number) + (s[half] as number)) / 2;
}

/** Ranks with ties given their average rank (R: `rank(x, ties.method = "average")`), 1-based. */
export function averageRanks(x: readonly number[]): number[] {
  const order = x.map((_, i) => i).sort((a, b) => (x[a] as number) - (x[b] as number));
  const ranks = new Array<number>(x.length);
  let i = 0;
  while (i < order.length) {
    let j = i;
    while (j + 1 < order.length && x[order[j + 1] as number] === x[order[i] as number]) j++;
    const rank = (i + 1 + j + 1) / 2;
    for (let k = i; k <= j; k++) ranks[order[k] as number] = rank;
    i = j + 1;
  }
  return ranks;
}

/** Σ (t³ − t) over the groups of tied values, t the size of each group (the tie corrections below). */
function tieSum(x: readonly number[]): number {
  const counts = new Map<number, number>();
  for (const v of x) counts.set(v, (counts.get(v) ?? 0) + 1);
  let s = 0;
  for (const t of counts.values()) s += t * t * t - t;
  return s;
}

/** Upper tail of χ²(df) at x (R: `pchisq(x, df, lower.tail = FALSE)`). */
function chisqUpper(x: number, df: number): number {
  return 1 - pchisq(x, df);
}

// ---------------------------------------------------------------------------------------------------------
// Description

export type Description = {
  n: number;
  /** x̄ = Σx / n (R: `mean(x)`). */
  mean: number;
  /** s = √(Σ(x − x̄)² / (n − 1)) (R: `sd(x)`), unweighted; null when n < 2. */
  sd: number | null;
  /** R: `median(x)`, unweighted. */
  median: number;
  /** With weights: Σwx / Σw (R: `weighted.mean(x, w)`). */
  weightedMean?: number;
  /**
   * With weights: the reliability-weights sd, with normalized weights v = w / Σw,
   * √(Σv(x − x̄w)² / (1 − Σv²)) (R: `sqrt(cov.wt(cbind(x), wt = w / sum(w))$cov)`, method "unbiased");
   * null when 1 − Σv² is 0 (a single positive weight).
   */
  weightedSd?: number | null;
};

/** n, mean, sd (n − 1), median; with weights (≥ 0, positive sum) also the weighted mean and sd. */
export function describe(x: readonly number[], w?: readonly number[]): Description {
  assertSample(x, "x");
  const v = variance(x);
  const out: Description = { n: x.length, mean: mean(x), sd: v === null ? null : Math.sqrt(v), median: median(x) };
  if (w !== undefined) {
    const norm = normalizedWeights(w, x.length);
    let wm = 0;
    for (let i = 0; i < x.length; i++) wm += (norm[i] as number) * (x[i] as number);
    let ss = 0;
    let sq = 0;
    for (let i = 0; i < x.length; i++) {
      const d = (x[i] as number) - wm;
      ss += (norm[i] as number) * d * d;
      sq += (norm[i] as number) * (norm[i] as number);
    }
    out.weightedMean = wm;
    out.weightedSd = 1 - sq > 0 ? Math.sqrt(ss / (1 - sq)) : null;
  }
  return out;
}

function normalizedWeights(w: readonly number[], n: number): number[] {
  if (w.length !== n) throw new RangeError(`weights has ${w.length} values for ${n} observations`);
  for (const v of w) if (!(Number.isFinite(v) && v >= 0)) throw new RangeError(`a weight must be ≥ 0, got ${v}`);
  const total = sum(w);
  if (!(total > 0)) throw new RangeError("the weights sum to 0");
  return w.map((v) => v / total);
}

export type Interval = { lower: number; upper: number };

/**
 * t interval for the mean (R: `t.test(x, conf.level = level)$conf.int`):
 * x̄ ± q·s/√n with q = qt(1 − (1 − level)/2, n − 1). Null when n < 2 (no sd).
 */
export function meanCI(x: readonly number[], level = 0.95): (Interval & { mean: number; df: number }) | null {
  assertSample(x, "x");
  assertLevel(level);
  const v = variance(x);
  if (v === null) return null;
  const m = mean(x);
  const df = x.length - 1;
  const half = qt(1 - (1 - level) / 2, df) * Math.sqrt(v / x.length);
  return { mean: m, df, lower: m - half, upper: m + half };
}

export type Proportions = {
  /** Σ of the counts (weighted counts when weights are given). */
  total: number;
  /** Per category, in the order first seen: its (weighted) count and count / total. */
  categories: Array<{ value: string; count: number; proportion: number }>;
};

/**
 * Proportions of categories, from counts (`{ yes: 3, no: 1 }`) or from values (`["yes", "no", "yes"]`) with
 * optional weights (R: `prop.table(xtabs(w ~ values))`, unweighted `prop.table(table(values))`).
 */
export function proportions(
  input: Readonly<Record<string, number>> | readonly string[],
  weights?: readonly number[],
): Proportions {
  const counts = new Map<string, number>();
  if (Array.isArray(input)) {
    const values = input as readonly string[];
    if (weights !== undefined && weights.length !== values.length)
      throw new RangeError(`weights has ${weights.length} values for ${values.length} observations`);
    values.forEach((value, i) => {
      const w = weights === undefined ? 1 : (weights[i] as number);
      if (!(Number.isFinite(w) && w >= 0)) throw new RangeError(`a weight must be ≥ 0, got ${w}`);
      counts.set(value, (counts.get(value) ?? 0) + w);
    });
  } else {
    if (weights !== undefined) throw new RangeError("weights apply to values, not to counts");
    for (const [value, c] of Object.entries(input)) {
      if (!(Number.isFinite(c) && c >= 0)) throw new RangeError(`a count must be ≥ 0, got ${c}`);
      counts.set(value, c);
    }
  }
  const total = sum([...counts.values()]);
  return {
    total,
    categories: [...counts].map(([value, count]) => ({ value, count, proportion: total > 0 ? count / total : 0 })),
  };
}

// ---------------------------------------------------------------------------------------------------------
// Bootstrap

/**
 * B resamples of n indices (0-based, drawn with replacement), seeded: index = ⌊u·n⌋ with u from
 * mulberry32(seed) (src/shared/random.ts), resample by resample. The same seed gives the same indices, which
 * are an input of `bootstrapMedianCI` so that R can be given exactly the same ones.
 */
export function resampleIndices(n: number, B: number, seed: number): number[][] {
  if (!(Number.isInteger(n) && n >= 1)) throw new RangeError(`n must be a positive integer, got ${n}`);
  if (!(Number.isInteger(B) && B >= 1)) throw new RangeError(`B must be a positive integer, got ${B}`);
  const random = mulberry32(seed);
  const out: number[][] = [];
  for (let b = 0; b < B; b++) {
    const row = new Array<number>(n);
    for (let i = 0; i < n; i++) row[i] = Math.floor(random() * n);
    out.push(row);
  }
  return out;
}

/**
 * θ₍ᵢ₎ = the median of x without xᵢ, for every i, in x's order: the same numbers as
 * `median(x.filter((_, j) => j !== i))` (the same elements averaged the same way), in O(n log n) instead of
 * O(n² log n): in the sorted sample, dropping the element at rank r shifts the ranks above it by one.
 */
export function jackknifeMedians(x: readonly number[]): number[] {
  const order = x.map((_, i) => i).sort((a, b) => (x[a] as number) - (x[b] as number));
  const s = order.map((i) => x[i] as number);
  const rank = new Array<number>(x.length);
  order.forEach((i, r) => {
    rank[i] = r;
  });
  const L = x.length - 1;
  const half = Math.floor(L / 2);
  return x.map((_, i) => {
    const r = rank[i] as number;
    const at = (k: number) => (k < r ? s[k] : s[k + 1]) as number;
    return L % 2 === 1 ? at(half) : (at(half - 1) + at(half)) / 2;
  });
}

export type BootstrapCI = {
  median: number;
  /** Number of resamples. */
  B: number;
  /** Quantiles α/2 and 1 − α/2 (α = 1 − level) of the B resample medians, R's type 7. */
  percentile: Interval;
  /** Bias-corrected and accelerated; null when z0 is infinite (every resample median on one side). */
  bca: (Interval & { z0: number; acceleration: number }) | null;
};

/**
 * Bootstrap CI of the median from supplied resamples (arrays of 0-based indices into x).
 *
 * Percentile: type-7 quantiles of θ*₁…θ*_B at α/2 and 1 − α/2.
 * BCa (Efron & Tibshirani 1993, §14.3): z0 = Φ⁻¹(#{θ*_b < θ̂} / B); the acceleration by the jackknife,
 * θ₍ᵢ₎ the median without xᵢ, θ₍·₎ their mean, a = Σ(θ₍·₎ − θ₍ᵢ₎)³ / (6·(Σ(θ₍·₎ − θ₍ᵢ₎)²)^{3/2}) (0 when every
 * θ₍ᵢ₎ is equal); α₁ = Φ(z0 + (z0 + z_{α/2}) / (1 − a(z0 + z_{α/2}))), α₂ the same with z_{1−α/2}; the interval
 * is the type-7 quantiles of the θ* at α₁ and α₂. apps/api/test/statistics/reference.R implements the same.
 */
export function bootstrapMedianCI(
  x: readonly number[],
  resamples: readonly (readonly number[])[],
  level = 0.95,
): BootstrapCI {
  assertSample(x, "x");
  assertLevel(level);
  if (resamples.length === 0) throw new RangeError("no resamples");
  const theta = median(x);
  const stars = resamples.map((idx) => {
    if (idx.length === 0) throw new RangeError("an empty resample");
    return median(
      idx.map((i) => {
        if (!(Number.isInteger(i) && i >= 0 && i < x.length)) throw new RangeError(`resample index out of range: ${i}`);
        return x[i] as number;
      }),
    );
  });
  const sorted = ascending(stars);
  const alpha = 1 - level;
  const percentile = { lower: quantileSorted(sorted, alpha / 2), upper: quantileSorted(sorted, 1 - alpha / 2) };

  const below = stars.filter((s) => s < theta).length;
  const z0 = qnorm(below / stars.length, 0, 1);
  let bca: BootstrapCI["bca"] = null;
  if (Number.isFinite(z0) && x.length >= 2) {
    const jack = jackknifeMedians(x);
    const jm = mean(jack);
    let num = 0;
    let den = 0;
    for (const t of jack) {
      const d = jm - t;
      num += d * d * d;
      den += d * d;
    }
    const a = den > 0 ? num / (6 * den ** 1.5) : 0;
    const adjust = (z: number) => pnorm(z0 + (z0 + z) / (1 - a * (z0 + z)), 0, 1);
    const a1 = adjust(qnorm(alpha / 2, 0, 1));
    const a2 = adjust(qnorm(1 - alpha / 2, 0, 1));
    bca = { lower: quantileSorted(sorted, a1), upper: quantileSorted(sorted, a2), z0, acceleration: a };
  }
  return { median: theta, B: stars.length, percentile, bca };
}

// ---------------------------------------------------------------------------------------------------------
// Tests between groups

export type ChiSquare = {
  statistic: number;
  df: number;
  p: number;
  /** √(X² / (N·(min(r, c) − 1))). */
  cramersV: number;
  /** Rows × columns actually tested (after dropping all-zero rows and columns). */
  rows: number;
  columns: number;
};

/**
 * Pearson's χ² test of independence on an r × c table of counts (R: `chisq.test(t, correct = FALSE)`):
 * E_ij = r_i·c_j / N, X² = Σ(O − E)² / E, df = (r − 1)(c − 1), p = P(χ²_df > X²); Cramér's V as above.
 * All-zero rows and columns are dropped first (R would give NaN); null when fewer than 2 × 2 remain.
 */
export function chiSquare(table: readonly (readonly number[])[]): ChiSquare | null {
  const width = table[0]?.length ?? 0;
  for (const row of table) {
    if (row.length !== width) throw new RangeError("the table's rows differ in length");
    for (const c of row) if (!(Number.isFinite(c) && c >= 0)) throw new RangeError(`a count must be ≥ 0, got ${c}`);
  }
  const colSums = Array.from({ length: width }, (_, j) => sum(table.map((r) => r[j] as number)));
  const keepCols = colSums.map((s, j) => (s > 0 ? j : -1)).filter((j) => j >= 0);
  const t = table.filter((r) => sum(r) > 0).map((r) => keepCols.map((j) => r[j] as number));
  const rows = t.length;
  const cols = keepCols.length;
  if (rows < 2 || cols < 2) return null;
  const rs = t.map(sum);
  const cs = keepCols.map((j) => colSums[j] as number);
  const n = sum(rs);
  let x2 = 0;
  for (let i = 0; i < rows; i++)
    for (let j = 0; j < cols; j++) {
      const e = ((rs[i] as number) * (cs[j] as number)) / n;
      const d = ((t[i] as number[])[j] as number) - e;
      x2 += (d * d) / e;
    }
  const df = (rows - 1) * (cols - 1);
  return {
    statistic: x2,
    df,
    p: chisqUpper(x2, df),
    cramersV: Math.sqrt(x2 / (n * (Math.min(rows, cols) - 1))),
    rows,
    columns: cols,
  };
}

export type WelchT = {
  /** x̄ − ȳ. */
  difference: number;
  t: number;
  df: number;
  p: number;
  /** CI of x̄ − ȳ at `level`. */
  ci: Interval;
  /** Hedges' g, positive when x̄ > ȳ; null when the pooled sd is 0. */
  hedgesG: number | null;
};

/**
 * Welch's two-sample t test (R: `t.test(x, y, conf.level = level)`, var.equal = FALSE):
 * se = √(s²x/nx + s²y/ny), t = (x̄ − ȳ)/se, df = (s²x/nx + s²y/ny)² / ((s²x/nx)²/(nx − 1) + (s²y/ny)²/(ny − 1)),
 * p = 2·P(T_df > |t|), CI = (x̄ − ȳ) ± qt(1 − α/2, df)·se.
 * Hedges' g = J·d with d = (x̄ − ȳ)/s_p, s_p = √(((nx − 1)s²x + (ny − 1)s²y)/(nx + ny − 2)) and the exact
 * small-sample correction J = Γ(m/2) / (√(m/2)·Γ((m − 1)/2)), m = nx + ny − 2 (Hedges 1981).
 * Needs ≥ 2 values per group; null when both variances are 0.
 */
export function welchT(x: readonly number[], y: readonly number[], level = 0.95): WelchT | null {
  assertSample(x, "x", 2);
  assertSample(y, "y", 2);
  assertLevel(level);
  const nx = x.length;
  const ny = y.length;
  const vx = variance(x) as number;
  const vy = variance(y) as number;
  const ax = vx / nx;
  const ay = vy / ny;
  const se2 = ax + ay;
  if (!(se2 > 0)) return null;
  const se = Math.sqrt(se2);
  const difference = mean(x) - mean(y);
  const t = difference / se;
  const df = (se2 * se2) / ((ax * ax) / (nx - 1) + (ay * ay) / (ny - 1));
  const half = qt(1 - (1 - level) / 2, df) * se;
  const m = nx + ny - 2;
  const sp = Math.sqrt(((nx - 1) * vx + (ny - 1) * vy) / m);
  const j = Math.exp(gammaln(m / 2) - gammaln((m - 1) / 2)) / Math.sqrt(m / 2);
  return {
    difference,
    t,
    df,
    p: 2 * pt(-Math.abs(t), df),
    ci: { lower: difference - half, upper: difference + half },
    hedgesG: sp > 0 ? (j * difference) / sp : null,
  };
}

export type MannWhitney = {
  /** U of x = R's W: Σ ranks of x − nx(nx + 1)/2 (pairs with x > y, ties counted ½). */
  u: number;
  /** The continuity- and tie-corrected z. */
  z: number;
  p: number;
  /** 2U/(nx·ny) − 1, in [−1, 1], positive when x tends to be larger. */
  rankBiserial: number;
};

/**
 * Mann–Whitney U / Wilcoxon rank-sum with the normal approximation (R: `wilcox.test(x, y, exact = FALSE,
 * correct = TRUE)`): ranks over both samples (ties averaged), W = R_x − nx(nx + 1)/2,
 * σ = √(nx·ny/12 · ((N + 1) − Σ(t³ − t)/(N(N − 1)))), z = (W − nx·ny/2 − ½·sign(W − nx·ny/2)) / σ,
 * p = 2·min(Φ(z), 1 − Φ(z)). Null when σ is 0 (every value tied).
 */
export function mannWhitney(x: readonly number[], y: readonly number[]): MannWhitney | null {
  assertSample(x, "x");
  assertSample(y, "y");
  const nx = x.length;
  const ny = y.length;
  const all = [...x, ...y];
  const ranks = averageRanks(all);
  const rx = sum(ranks.slice(0, nx));
  const u = rx - (nx * (nx + 1)) / 2;
  const n = nx + ny;
  const sigma = Math.sqrt(((nx * ny) / 12) * (n + 1 - tieSum(all) / (n * (n - 1))));
  if (!(sigma > 0)) return null;
  const centered = u - (nx * ny) / 2;
  const z = (centered - 0.5 * Math.sign(centered)) / sigma;
  const p = 2 * Math.min(pnorm(z, 0, 1), pnorm(-z, 0, 1));
  return { u, z, p: Math.min(1, p), rankBiserial: (2 * u) / (nx * ny) - 1 };
}

export type KruskalWallis = { statistic: number; df: number; p: number };

/**
 * Kruskal–Wallis rank-sum test (R: `kruskal.test(groups)`): ranks over all N values (ties averaged),
 * H = (12/(N(N + 1))·Σ R_i²/n_i − 3(N + 1)) / (1 − Σ(t³ − t)/(N³ − N)), df = k − 1, p = P(χ²_df > H).
 * Needs ≥ 2 non-empty groups; null when every value is tied.
 */
export function kruskalWallis(groups: readonly (readonly number[])[]): KruskalWallis | null {
  const kept = groups.filter((g) => g.length > 0);
  if (kept.length < 2) throw new RangeError(`needs at least 2 non-empty groups, got ${kept.length}`);
  for (const g of kept) assertSample(g, "group");
  const all = kept.flat();
  const n = all.length;
  const ranks = averageRanks(all);
  let s = 0;
  let at = 0;
  for (const g of kept) {
    const r = sum(ranks.slice(at, at + g.length));
    s += (r * r) / g.length;
    at += g.length;
  }
  const correction = 1 - tieSum(all) / (n * n * n - n);
  if (!(correction > 0)) return null;
  const h = ((12 * s) / (n * (n + 1)) - 3 * (n + 1)) / correction;
  const df = kept.length - 1;
  return { statistic: h, df, p: chisqUpper(h, df) };
}

/**
 * Holm's step-down adjustment (R: `p.adjust(p, "holm")`): with p sorted ascending p₍₁₎ ≤ … ≤ p₍m₎,
 * p̃₍ᵢ₎ = min(1, max_{j ≤ i} (m − j + 1)·p₍ⱼ₎), returned in the input's order.
 */
export function holm(pValues: readonly number[]): number[] {
  for (const p of pValues) if (!(p >= 0 && p <= 1)) throw new RangeError(`a p-value must be in [0, 1], got ${p}`);
  const m = pValues.length;
  const order = pValues.map((_, i) => i).sort((a, b) => (pValues[a] as number) - (pValues[b] as number));
  const out = new Array<number>(m);
  let running = 0;
  order.forEach((idx, i) => {
    running = Math.max(running, (m - i) * (pValues[idx] as number));
    out[idx] = Math.min(1, running);
  });
  return out;
}
