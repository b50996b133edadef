/**
 * What a generated population is drawn and raked to: the preset `"us-adults"`, or custom marginals for
 * some of the preset's variables (the preset with other marginals; the variables not named keep the
 * preset's). Custom marginals are checked by `validateMarginals` (shares ≥ 0, summing to 1 ± 0.001), then
 * against the preset's variables and categories; a category not named has share 0.
 */
import { ApiError } from "../../errors.ts";
import { PRESET_VARIABLES, type Preset, type Marginals as PresetMarginals, type PresetVariable } from "./preset.ts";
import { US_ADULTS } from "./presets/us-adults.ts";
import { type Marginals, validateMarginals } from "./raking.ts";

export const PRESETS: Readonly<Record<string, Preset>> = { "us-adults": US_ADULTS };

export type TargetsInput = string | Record<string, Record<string, number>>;

export interface ResolvedTargets {
  preset: Preset;
  /** Every preset variable → category → share (what the fit is reported against). */
  marginals: Marginals;
  /** As stored and shown: the preset id, or the custom marginals after re-scaling. */
  stored: TargetsInput;
}

const isVariable = (v: string): v is PresetVariable => Object.hasOwn(PRESET_VARIABLES, v);

/** The preset's marginals as plain shares, every category present. */
export function marginalsOf(preset: Preset): Marginals {
  return Object.fromEntries(
    (Object.keys(PRESET_VARIABLES) as PresetVariable[]).map((v) => {
      const shares = preset.marginals[v].shares as Record<string, number>;
      const total = PRESET_VARIABLES[v].reduce((t, c) => t + (shares[c] ?? 0), 0);
      return [v, Object.fromEntries(PRESET_VARIABLES[v].map((c) => [c, (shares[c] ?? 0) / total]))];
    }),
  );
}

/** 400 `validation_error` with every problem's path (`targets.age_band.17-20`), or the resolved targets. */
export function resolveTargets(input: unknown): ResolvedTargets {
  if (typeof input === "string") {
    const preset = PRESETS[input];
    if (!preset) {
      throw new ApiError(
        "validation_error",
        `Unknown preset '${input}': use one of ${Object.keys(PRESETS).join(", ")}`,
        [{ path: "targets", message: `unknown preset (known: ${Object.keys(PRESETS).join(", ")})` }],
      );
    }
    return { preset, marginals: marginalsOf(preset), stored: input };
  }
  const checked = validateMarginals(input);
  const errors = checked.ok ? [] : [...checked.errors];
  if (input && typeof input === "object" && !Array.isArray(input)) {
    for (const [variable, cells] of Object.entries(input as Record<string, unknown>)) {
      if (!isVariable(variable)) {
        errors.push({
          path: `targets.${variable}`,
          message: `unknown variable (known: ${Object.keys(PRESET_VARIABLES).join(", ")})`,
        });
        continue;
      }
      if (!cells || typeof cells !== "object" || Array.isArray(cells)) continue;
      const known: readonly string[] = PRESET_VARIABLES[variable];
      for (const category of Object.keys(cells)) {
        if (!known.includes(category)) {
          errors.push({
            path: `targets.${variable}.${category}`,
            message: `unknown category (known: ${known.join(", ")})`,
          });
        }
      }
    }
  }
  if (!checked.ok || errors.length > 0) {
    const first = errors[0] ?? { path: "targets", message: "invalid" };
    const more = errors.length > 1 ? ` (and ${errors.length - 1} more)` : "";
    throw new ApiError("validation_error", `Invalid targets: ${first.path}: ${first.message}${more}`, errors);
  }
  const custom = checked.targets;
  const marginals: Record<string, PresetMarginals[PresetVariable]> = { ...US_ADULTS.marginals };
  for (const [variable, shares] of Object.entries(custom)) {
    const full = Object.fromEntries(PRESET_VARIABLES[variable as PresetVariable].map((c) => [c, shares[c] ?? 0]));
    marginals[variable] = { source: "custom target", year: 0, universe: "as given", shares: full as never };
  }
  const preset: Preset = { ...US_ADULTS, id: "custom", marginals: marginals as unknown as PresetMarginals };
  return { preset, marginals: marginalsOf(preset), stored: custom };
}
