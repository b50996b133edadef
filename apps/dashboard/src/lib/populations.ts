import type { Schemas } from "@person-run/sdk";

/**
 * Shaping for the populations pages, pure (unit-tested in test/populations.test.ts): the fit report as
 * chart rows (target vs achieved share per category, one panel per variable), generation progress,
 * and the custom targets editor.
 */

export type FitRow = Schemas["PopulationFitRow"];

export interface FitPoint {
  variable: string;
  category: string;
  /** "Target", "Achieved" (unweighted) or "Weighted" (raked) */
  series: "Target" | "Achieved" | "Weighted";
  /** A share, 0-1 */
  share: number;
}

/** Variables in the order the report lists them, with a readable name ("age_band" → "Age band"). */
export function fitVariables(rows: readonly FitRow[]): Array<{ variable: string; label: string }> {
  const seen: string[] = [];
  for (const r of rows) if (!seen.includes(r.variable)) seen.push(r.variable);
  return seen.map((variable) => ({ variable, label: variableLabel(variable) }));
}

export function variableLabel(v: string): string {
  const s = v.replaceAll("_", " ");
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** Long rows for a grouped dot/bar chart: each category's target, achieved and weighted share. */
export function fitChartPoints(rows: readonly FitRow[], opts: { weighted?: boolean } = {}): FitPoint[] {
  const out: FitPoint[] = [];
  for (const r of rows) {
    out.push({ variable: r.variable, category: r.category, series: "Target", share: r.target });
    out.push({ variable: r.variable, category: r.category, series: "Achieved", share: r.achieved });
    if (opts.weighted) {
      out.push({ variable: r.variable, category: r.category, series: "Weighted", share: r.weightedAchieved });
    }
  }
  return out;
}

/** The categories whose achieved share is furthest from target (largest |deviation| first). */
export function worstDeviations(rows: readonly FitRow[], n = 5): FitRow[] {
  return [...rows].sort((a, b) => Math.abs(b.deviation) - Math.abs(a.deviation)).slice(0, n);
}

/** Deviation in percentage points, signed ("+0.4 pp", "−1.2 pp"). */
export function formatPp(deviation: number): string {
  const pp = Math.round(deviation * 1000) / 10;
  if (pp === 0) return "0.0 pp";
  return `${pp > 0 ? "+" : "−"}${Math.abs(pp).toFixed(1)} pp`;
}

/** How far a generation has come: `generated` of `size`, as a share and words. */
export function generationProgress(p: Pick<Schemas["Population"], "status" | "generated" | "size">): {
  done: number;
  total: number;
  share: number;
  label: string;
} {
  const total = Math.max(0, p.size);
  const done = Math.min(total, Math.max(0, p.generated));
  const share = total > 0 ? done / total : 0;
  const label =
    p.status === "generating"
      ? `Generating: ${done} of ${total} personas created (${Math.round(share * 100)}%)`
      : p.status === "ready"
        ? `Ready: ${total} personas`
        : `Generation failed after ${done} of ${total} personas`;
  return { done, total, share, label };
}

/**
 * The targets field of the generate form: `us-adults`, or custom marginals as JSON
 * (`{ "sex": { "male": 0.3, "female": 0.7 } }`) checked for shape and sums before the API sees them.
 */
export function parseTargets(
  text: string,
): { ok: true; targets: string | Record<string, Record<string, number>> } | { ok: false; error: string } {
  const t = text.trim();
  if (!t || t === "us-adults") return { ok: true, targets: "us-adults" };
  let value: unknown;
  try {
    value = JSON.parse(t);
  } catch {
    return { ok: false, error: 'Custom targets must be JSON: { "variable": { "category": share } }.' };
  }
  if (!value || typeof value !== "object" || Array.isArray(value)) {
    return { ok: false, error: "Custom targets must be an object of variables." };
  }
  const out: Record<string, Record<string, number>> = {};
  for (const [variable, shares] of Object.entries(value as Record<string, unknown>)) {
    if (!shares || typeof shares !== "object" || Array.isArray(shares)) {
      return { ok: false, error: `${variable}: give its categories' shares as an object.` };
    }
    const entries = Object.entries(shares as Record<string, unknown>);
    if (entries.some(([, s]) => typeof s !== "number" || s < 0)) {
      return { ok: false, error: `${variable}: every share must be a number ≥ 0.` };
    }
    const sum = entries.reduce((a, [, s]) => a + (s as number), 0);
    if (Math.abs(sum - 1) > 0.001) {
      return { ok: false, error: `${variable}: the shares sum to ${Math.round(sum * 1000) / 1000}, not 1.` };
    }
    out[variable] = Object.fromEntries(entries) as Record<string, number>;
  }
  return { ok: true, targets: out };
}

/** Room for a panel's category labels (px, about 6.5 px a character at 12 px), between 40 and 200. */
export function labelMargin(rows: readonly Pick<FitRow, "category">[]): number {
  const longest = Math.max(0, ...rows.map((r) => r.category.length));
  return Math.min(200, Math.max(40, Math.ceil(longest * 6.5) + 12));
}
