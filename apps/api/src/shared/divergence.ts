/**
 * Distances between two discrete distributions (docs/calibration.md "Scoring", docs/studies.md "Stopping
 * when the answers have converged"): total variation and Jensen–Shannon (base 2), both in [0, 1]. Pure.
 */

/** Category → weight. Any non-negative weights; the functions normalise them. */
export type Distribution = Readonly<Record<string, number>>;

/** A distribution problem: `path` names the offending key (or "" for the whole distribution). */
export class DistributionError extends Error {
  constructor(
    message: string,
    readonly path: string,
  ) {
    super(message);
    this.name = "DistributionError";
  }
}

/**
 * Checks that p and q have the same keys, finite non-negative weights and a positive total, and returns both
 * normalised to sum to 1, with the keys in p's order.
 */
export function normalizePair(p: Distribution, q: Distribution): { keys: string[]; p: number[]; q: number[] } {
  const keys = Object.keys(p);
  const qKeys = Object.keys(q);
  const missing = keys.filter((k) => !Object.hasOwn(q, k));
  const extra = qKeys.filter((k) => !Object.hasOwn(p, k));
  if (missing.length > 0 || extra.length > 0) {
    const key = missing[0] ?? extra[0] ?? "";
    throw new DistributionError(`distributions must have the same categories (differ at "${key}")`, key);
  }
  if (keys.length === 0) throw new DistributionError("a distribution needs at least one category", "");
  return { keys, p: normalized(keys, p), q: normalized(keys, q) };
}

function normalized(keys: readonly string[], d: Distribution): number[] {
  let total = 0;
  for (const k of keys) {
    const v = d[k] as number;
    if (typeof v !== "number" || !Number.isFinite(v) || v < 0) {
      throw new DistributionError(`weight of "${k}" must be a finite non-negative number`, k);
    }
    total += v;
  }
  if (!(total > 0)) throw new DistributionError("a distribution's weights must not all be 0", "");
  return keys.map((k) => (d[k] as number) / total);
}

/** Total variation distance ½ Σ |p_i − q_i| ∈ [0, 1] (validated and normalised first). */
export function totalVariation(p: Distribution, q: Distribution): number {
  const n = normalizePair(p, q);
  return tvdOf(n.p, n.q);
}

/** Jensen–Shannon divergence with base-2 logarithms, ∈ [0, 1] (validated and normalised first; zero-safe). */
export function jensenShannon(p: Distribution, q: Distribution): number {
  const n = normalizePair(p, q);
  return jsdOf(n.p, n.q);
}

export function tvdOf(p: readonly number[], q: readonly number[]): number {
  let sum = 0;
  for (let i = 0; i < p.length; i++) sum += Math.abs((p[i] as number) - (q[i] as number));
  return clamp01(sum / 2);
}

export function jsdOf(p: readonly number[], q: readonly number[]): number {
  let sum = 0;
  for (let i = 0; i < p.length; i++) {
    const a = p[i] as number;
    const b = q[i] as number;
    const m = (a + b) / 2;
    if (a > 0) sum += a * Math.log2(a / m);
    if (b > 0) sum += b * Math.log2(b / m);
  }
  return clamp01(sum / 2);
}

/** Rounding can leave −1e-17 or 1 + 1e-16. */
export function clamp01(x: number): number {
  return Math.min(Math.max(x, 0), 1);
}

/** The same categories on both sides: a category only one side has gets weight 0 on the other. */
export function aligned(p: Distribution, q: Distribution): [Record<string, number>, Record<string, number>] {
  const keys = [...new Set([...Object.keys(p), ...Object.keys(q)])];
  return [Object.fromEntries(keys.map((k) => [k, p[k] ?? 0])), Object.fromEntries(keys.map((k) => [k, q[k] ?? 0]))];
}
