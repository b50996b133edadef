/**
 * The shape of a population preset: target marginals (each with its source, year and universe), the joint
 * tables the draw conditions on, and the supporting tables that turn a drawn profile into a persona seed
 * (names, places, occupations, languages). The categories are fixed here so the draw and custom targets
 * speak the same words; a custom target is a preset with other `marginals`.
 */

export const SEXES = ["male", "female"] as const;
export type Sex = (typeof SEXES)[number];

export const AGE_BANDS = ["18-24", "25-34", "35-44", "45-54", "55-64", "65-74", "75+"] as const;
export type AgeBand = (typeof AGE_BANDS)[number];

export const EDUCATION_LEVELS = [
  "less_than_high_school",
  "high_school_or_ged",
  "some_college_or_associate",
  "bachelors",
  "graduate_or_professional",
] as const;
export type Education = (typeof EDUCATION_LEVELS)[number];

export const INCOME_BRACKETS = ["<25k", "25-50k", "50-75k", "75-100k", "100-150k", "150k+"] as const;
export type IncomeBracket = (typeof INCOME_BRACKETS)[number];

export const CENSUS_REGIONS = ["Northeast", "Midwest", "South", "West"] as const;
export type CensusRegion = (typeof CENSUS_REGIONS)[number];

export const URBAN_RURAL = ["urban", "rural"] as const;
export type UrbanRural = (typeof URBAN_RURAL)[number];

export const EMPLOYMENT_STATUSES = ["employed", "unemployed", "not_in_labor_force"] as const;
export type EmploymentStatus = (typeof EMPLOYMENT_STATUSES)[number];

/** Every variable a preset targets, with its categories in display order. */
export const PRESET_VARIABLES = {
  sex: SEXES,
  age_band: AGE_BANDS,
  education: EDUCATION_LEVELS,
  household_income: INCOME_BRACKETS,
  census_region: CENSUS_REGIONS,
  urban_rural: URBAN_RURAL,
  employment_status: EMPLOYMENT_STATUSES,
} as const;
export type PresetVariable = keyof typeof PRESET_VARIABLES;
export type CategoryOf<V extends PresetVariable> = (typeof PRESET_VARIABLES)[V][number];

/** Where a figure comes from; universes differ between variables, so each one says its own. */
export interface Attribution {
  source: string;
  year: number;
  universe: string;
  note?: string;
}

export interface Marginal<C extends string> extends Attribution {
  /** Category → share; sums to 1 up to the source's rounding. */
  shares: Readonly<Record<C, number>>;
}
export type Marginals = { readonly [V in PresetVariable]: Marginal<CategoryOf<V>> };

/** The age groups and education groups of the one education × age × sex table found (ACS 2017). */
export const ACS_AGE_GROUPS = ["18-24", "25-34", "35-44", "45-54", "55-64", "65+"] as const;
export type AcsAgeGroup = (typeof ACS_AGE_GROUPS)[number];
export const ACS_EDUCATION_GROUPS = ["hs_or_less", "some_college_or_associate", "bachelors_or_higher"] as const;
export type AcsEducationGroup = (typeof ACS_EDUCATION_GROUPS)[number];

export interface JointTables {
  /** Shares of all adults (cells sum to 1). */
  ageBandBySex: Attribution & { table: Readonly<Record<AgeBand, Readonly<Record<Sex, number>>>> };
  /** Shares of all adults by ACS age group, sex and 3 education groups (cells sum to 1). */
  educationByAgeSex: Attribution & {
    table: Readonly<Record<AcsAgeGroup, Readonly<Record<Sex, Readonly<Record<AcsEducationGroup, number>>>>>>;
    ageGroupOf: Readonly<Record<AgeBand, AcsAgeGroup>>;
    groupOf: Readonly<Record<Education, AcsEducationGroup>>;
  };
}

/**
 * Relative multipliers on a marginal, by age band and by education, where no joint table exists. The draw
 * multiplies them, then calibrates one factor per category so the population-level share is the target
 * again (conditionals.ts): they set the direction of the dependence, never the marginal.
 */
export interface ConditionalShift<C extends string> {
  note: string;
  byAge: Readonly<Record<AgeBand, Readonly<Record<C, number>>>>;
  byEducation: Readonly<Record<Education, Readonly<Record<C, number>>>>;
}

export interface Place {
  city: string;
  /** USPS two-letter code. */
  state: string;
  weight: number;
}

export const BIRTH_DECADES = ["1940s", "1950s", "1960s", "1970s", "1980s", "1990s", "2000s"] as const;
export type BirthDecade = (typeof BIRTH_DECADES)[number];

export interface SupportingTables {
  /** The year ages are counted from (birth decade = referenceYear − age). */
  referenceYear: number;
  /** Inclusive ages of each band; `declining` weights the ages down linearly to the top (for 75+). */
  ageRanges: Readonly<Record<AgeBand, { min: number; max: number; declining?: boolean }>>;
  places: Readonly<Record<CensusRegion, Readonly<Record<UrbanRural, readonly Place[]>>>>;
  firstNames: Readonly<Record<Sex, Readonly<Record<BirthDecade, readonly string[]>>>>;
  lastNames: readonly string[];
  occupations: Readonly<Record<Education, readonly string[]>>;
  /** What a member out of the labour force does, by age. */
  notWorking: { student: string; studentUntilAge: number; retiredFromAge: number; other: readonly string[] };
  languages: {
    /** Shares of people who speak only English, Spanish, or another language at home. */
    atHome: Readonly<Record<"englishOnly" | "spanish" | "other", number>>;
    others: readonly { language: string; weight: number }[];
  };
  employmentShift: ConditionalShift<EmploymentStatus>;
  incomeShift: ConditionalShift<IncomeBracket>;
}

export interface Preset {
  id: string;
  name: string;
  license: string;
  marginals: Marginals;
  joint: JointTables;
  supporting: SupportingTables;
}
