/**
 * A persona's categories on the preset's variables (preset.ts), whether a generation drew it or a user
 * wrote its seed: sex from `gender`, the age band from `age`, education and household income when the seed
 * holds a category id, census region, urban/rural and employment status from `attributes` (where a
 * generation puts them). A value that is not a category is left undefined, never guessed.
 */
import type { Persona } from "../personas/index.ts";
import {
  AGE_BANDS,
  type AgeBand,
  CENSUS_REGIONS,
  EDUCATION_LEVELS,
  EMPLOYMENT_STATUSES,
  INCOME_BRACKETS,
  type PresetVariable,
  URBAN_RURAL,
} from "./preset.ts";

export type PersonaValues = { [V in PresetVariable]?: string };

const SEX_WORDS: Record<string, "male" | "female"> = {
  male: "male",
  m: "male",
  man: "male",
  female: "female",
  f: "female",
  woman: "female",
};

/** The preset's age band of an age (undefined under 18). */
export function ageBandOf(age: number): AgeBand | undefined {
  if (!(age >= 18)) return undefined;
  if (age >= 75) return "75+";
  const bands: [number, AgeBand][] = [
    [24, "18-24"],
    [34, "25-34"],
    [44, "35-44"],
    [54, "45-54"],
    [64, "55-64"],
    [74, "65-74"],
  ];
  return bands.find(([max]) => age <= max)?.[1];
}

const oneOf = (allowed: readonly string[], value: unknown): string | undefined =>
  typeof value === "string" && allowed.includes(value) ? value : undefined;

export function valuesOf(
  p: Pick<Persona, "age" | "gender" | "education" | "incomeBracket" | "attributes">,
): PersonaValues {
  const attributes = p.attributes ?? {};
  return {
    sex: typeof p.gender === "string" ? SEX_WORDS[p.gender.trim().toLowerCase()] : undefined,
    age_band: ageBandOf(p.age),
    education: oneOf(EDUCATION_LEVELS, p.education),
    household_income: oneOf(INCOME_BRACKETS, p.incomeBracket),
    census_region: oneOf(CENSUS_REGIONS, attributes.census_region),
    urban_rural: oneOf(URBAN_RURAL, attributes.urban_rural),
    employment_status: oneOf(EMPLOYMENT_STATUSES, attributes.employment_status),
  };
}
// AGE_BANDS is the band order the fit and diversity reports use.
export { AGE_BANDS };
