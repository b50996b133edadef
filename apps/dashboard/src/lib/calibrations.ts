/**
 * Data shaping for the calibrations pages: the create form, the per-item table and chart rows, and the
 * skill scores against the two baselines. Pure functions, unit-tested in test/calibrations.test.ts.
 */
import type { BodyOf, Schemas } from "@person-run/sdk";

export type Calibration = Schemas["Calibration"];
export type CalibrationDetail = Schemas["CalibrationDetail"];
export type CalibrationReport = NonNullable<Schemas["CalibrationReport"]>;
export type CalibrationItemScore = Schemas["CalibrationItemScore"];
export type CalibrationSkill = NonNullable<Schemas["CalibrationSkill"]>;

export const FINISHED: ReadonlySet<string> = new Set(["succeeded", "failed", "cancelled"]);

export const STAGES: ReadonlyArray<{ value: Calibration["stage"]; label: string }> = [
  { value: "population", label: "Generating the population" },
  { value: "ask", label: "Asking the survey items" },
  { value: "score", label: "Scoring against the GSS 2024" },
  { value: "done", label: "Done" },
];

export interface CalibrationForm {
  model: string;
  /** "gss-2024" (or empty) for all 30 items, else item ids separated by commas or spaces. */
  items: string;
  size: string;
  seed: string;
}

export const emptyCalibrationForm = (): CalibrationForm => ({ model: "", items: "gss-2024", size: "2000", seed: "" });

type Errors = Record<string, string>;

/** The items field: the whole set, or the ids upper-cased (the API is case-insensitive), repeats refused. */
export function parseItems(raw: string): { ok: true; items: "gss-2024" | string[] } | { ok: false; error: string } {
  const t = raw.trim();
  if (t === "" || t.toLowerCase() === "gss-2024") return { ok: true, items: "gss-2024" };
  const ids = t
    .split(/[\s,;]+/)
    .map((s) => s.trim().toUpperCase())
    .filter(Boolean);
  const seen = new Set<string>();
  for (const id of ids) {
    if (seen.has(id)) return { ok: false, error: `${id} is listed twice.` };
    seen.add(id);
  }
  if (ids.length > 30) return { ok: false, error: "At most 30 items." };
  return { ok: true, items: ids };
}

export function calibrationBody(
  form: CalibrationForm,
): { ok: true; body: BodyOf<"createCalibration"> } | { ok: false; errors: Errors } {
  const errors: Errors = {};
  if (!form.model) errors.model = "Choose the model to calibrate.";
  const items = parseItems(form.items);
  if (!items.ok) errors.items = items.error;
  const size = /^\d+$/.test(form.size.trim()) ? Number(form.size.trim()) : Number.NaN;
  if (!(size >= 20 && size <= 5000)) errors.size = "A whole number of members from 20 to 5,000.";
  const seedText = form.seed.trim();
  const seed = seedText ? (/^\d+$/.test(seedText) ? Number(seedText) : Number.NaN) : undefined;
  if (seed !== undefined && !Number.isSafeInteger(seed)) errors.seed = "A whole number (0 or more), or empty for 2024.";
  if (Object.keys(errors).length || !items.ok) return { ok: false, errors };
  const body: BodyOf<"createCalibration"> = { model: form.model, items: items.items, size };
  if (seed !== undefined) body.seed = seed;
  return { ok: true, body };
}

export interface ItemRow {
  id: string;
  n: number;
  invalid: number;
  lowN: boolean;
  tvd: number | null;
  jsd: number | null;
  floorJsd: number | null;
  floorTvd: number | null;
  subgroupJsd: number | null;
  subgroupTvd: number | null;
  uniformJsd: number | null;
  uniformTvd: number | null;
}

/** One row per item: the overall cell's distances, its sampling floor, the subgroup mean, the uniform baseline. */
export function itemRows(report: CalibrationReport): ItemRow[] {
  return report.items.map((it) => ({
    id: it.id,
    n: it.n,
    invalid: it.invalid,
    lowN: it.lowN,
    tvd: it.tvd,
    jsd: it.jsd,
    floorJsd: it.samplingFloor?.jsd ?? null,
    floorTvd: it.samplingFloor?.tvd ?? null,
    subgroupJsd: it.subgroupMean?.jsd ?? null,
    subgroupTvd: it.subgroupMean?.tvd ?? null,
    uniformJsd: it.baselines.uniform.overall.jsd ?? null,
    uniformTvd: it.baselines.uniform.overall.tvd ?? null,
  }));
}

export interface ItemChartRow {
  id: string;
  series: "Model" | "Uniform baseline" | "Sampling floor";
  value: number;
}

/** The chart's long rows for one distance: the model, the uniform baseline and the sampling floor per item. */
export function itemChartRows(rows: ItemRow[], measure: "jsd" | "tvd"): ItemChartRow[] {
  const out: ItemChartRow[] = [];
  for (const r of rows) {
    const model = measure === "jsd" ? r.jsd : r.tvd;
    const uniform = measure === "jsd" ? r.uniformJsd : r.uniformTvd;
    const floor = measure === "jsd" ? r.floorJsd : r.floorTvd;
    if (model != null) out.push({ id: r.id, series: "Model", value: model });
    if (uniform != null) out.push({ id: r.id, series: "Uniform baseline", value: uniform });
    if (floor != null) out.push({ id: r.id, series: "Sampling floor", value: floor });
  }
  return out;
}

export interface SkillRow {
  key: string;
  baseline: string;
  level: string;
  jsd: number | null;
  tvd: number | null;
  reads: string;
  headline: boolean;
}

/** The four skill scores (baseline × level), the headline (subgroup vs marginal) marked. */
export function skillRows(skill: CalibrationSkill): SkillRow[] {
  return [
    {
      key: "uniform-overall",
      baseline: "Uniform",
      level: "Overall",
      ...skill.vsUniform.overall,
      reads: "Does the model know how US adults answer, better than random?",
      headline: false,
    },
    {
      key: "uniform-subgroup",
      baseline: "Uniform",
      level: "Age group and sex",
      ...skill.vsUniform.subgroup,
      reads: "The same, per age group and sex.",
      headline: false,
    },
    {
      key: "marginal-overall",
      baseline: "Marginal",
      level: "Overall",
      ...skill.vsMarginal.overall,
      reads: "No score: on the overall cell the marginal baseline is the real distribution.",
      headline: false,
    },
    {
      key: "marginal-subgroup",
      baseline: "Marginal",
      level: "Age group and sex",
      ...skill.vsMarginal.subgroup,
      reads: "The headline: does the model get the differences between groups, beyond the average answer?",
      headline: true,
    },
  ];
}

/** A skill score in words: 1 = the real distributions, 0 = no better than the baseline, below 0 = worse. */
export function skillVerdict(score: number | null | undefined): string {
  if (score == null) return "no score";
  if (score >= 0.999) return "matches the real answers";
  if (score > 0.05) return "better than the baseline";
  if (score >= -0.05) return "no better than the baseline";
  return "worse than the baseline";
}

/** A skill score for display: 2 decimals, a real minus sign, "—" when null. */
export function formatSkill(score: number | null | undefined): string {
  if (score == null) return "—";
  const s = score.toFixed(2);
  return s.startsWith("-") ? `−${s.slice(1)}` : s;
}

/** A distance (JSD or TVD) with 4 decimals; "—" when null. */
export const formatDistance = (d: number | null | undefined): string => (d == null ? "—" : d.toFixed(4));
