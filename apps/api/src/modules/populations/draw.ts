/**
 * Seeded joint draw of persona seeds from a preset, then a balance pass that makes every marginal of the
 * unweighted sample match its target up to rounding.
 *
 * The draw (one member at a time): age band × sex from the fitted joint table; an exact age in the band;
 * a first name by sex and birth decade; education given age band and sex; employment and household income
 * given age band and education; census region, urban/rural, and a place weighted within both; a last name;
 * the languages spoken. The conditionals are calibrated so each marginal is met in expectation
 * (conditionals.ts); the balance pass then removes the sampling noise.
 */
import { type Conditionals, conditionalsOf, targetShares } from "./conditionals.ts";
import {
  type AgeBand,
  type BirthDecade,
  type CategoryOf,
  CENSUS_REGIONS,
  type CensusRegion,
  EDUCATION_LEVELS,
  type Education,
  EMPLOYMENT_STATUSES,
  type EmploymentStatus,
  INCOME_BRACKETS,
  type IncomeBracket,
  type Preset,
  type PresetVariable,
  type Sex,
  URBAN_RURAL,
  type UrbanRural,
} from "./preset.ts";
import { US_ADULTS } from "./presets/us-adults.ts";
import { createDrawRng, type DrawRng } from "./rng.ts";

export interface PersonaSeedDraw {
  firstName: string;
  lastName: string;
  age: number;
  gender: Sex;
  /** "City, ST". */
  location: string;
  region: CensusRegion;
  education: Education;
  incomeBracket: IncomeBracket;
  employment: EmploymentStatus;
  baseOccupation: string;
  languages: string[];
  /** The category of each preset variable, for raking and fit reports. */
  values: { [V in PresetVariable]: CategoryOf<V> };
}

/** Separate sequences for the draw, the balance pass and the de-duplication, so changing one never shifts another. */
const DRAW_STREAM = 1;
const BALANCE_STREAM = 2;
const DISTINCT_STREAM = 3;

interface Context {
  preset: Preset;
  conditionals: Conditionals;
  rng: DrawRng;
}

function contextOf(preset: Preset, seed: number, stream: number): Context {
  return { preset, conditionals: conditionalsOf(preset), rng: createDrawRng(seed, stream) };
}

// Setters: each sets one variable and re-draws what the draw conditions on it, never a variable drawn
// before it. That is what lets the balance pass fix the variables one after another.

function setAgeSex(ctx: Context, m: PersonaSeedDraw, band: AgeBand, sex: Sex) {
  const { supporting } = ctx.preset;
  const range = supporting.ageRanges[band];
  const ages = Array.from({ length: range.max - range.min + 1 }, (_, i) => range.min + i);
  m.age = ages[ctx.rng.weighted(ages.map((a) => (range.declining ? range.max - a + 1 : 1)))]!;
  m.values.age_band = band;
  m.values.sex = sex;
  m.gender = sex;
  const decade = Math.min(2000, Math.max(1940, Math.floor((supporting.referenceYear - m.age) / 10) * 10));
  m.firstName = ctx.rng.pick(supporting.firstNames[sex][`${decade}s` as BirthDecade]);
  setEducation(ctx, m, EDUCATION_LEVELS[ctx.rng.weighted(ctx.conditionals.education[band][sex])]!);
}

function setEducation(ctx: Context, m: PersonaSeedDraw, level: Education) {
  m.values.education = level;
  m.education = level;
  const band = m.values.age_band;
  setEmployment(ctx, m, EMPLOYMENT_STATUSES[ctx.rng.weighted(ctx.conditionals.employment[band][level])]!);
  setIncome(m, INCOME_BRACKETS[ctx.rng.weighted(ctx.conditionals.income[band][level])]!);
}

function setEmployment(ctx: Context, m: PersonaSeedDraw, status: EmploymentStatus) {
  m.values.employment_status = status;
  m.employment = status;
  const { occupations, notWorking } = ctx.preset.supporting;
  const job = ctx.rng.pick(occupations[m.education]);
  if (status === "employed") m.baseOccupation = job;
  else if (status === "unemployed") m.baseOccupation = `${job}, looking for work`;
  else if (m.age <= notWorking.studentUntilAge) m.baseOccupation = notWorking.student;
  else if (m.age >= notWorking.retiredFromAge) m.baseOccupation = `retired ${job}`;
  else m.baseOccupation = ctx.rng.pick(notWorking.other);
}

function setIncome(m: PersonaSeedDraw, bracket: IncomeBracket) {
  m.values.household_income = bracket;
  m.incomeBracket = bracket;
}

function setPlace(ctx: Context, m: PersonaSeedDraw, region: CensusRegion, setting: UrbanRural) {
  m.values.census_region = region;
  m.values.urban_rural = setting;
  m.region = region;
  const places = ctx.preset.supporting.places[region][setting];
  const place = places[ctx.rng.weighted(places.map((p) => p.weight))]!;
  m.location = `${place.city}, ${place.state}`;
}

function drawLanguages(ctx: Context): string[] {
  const { atHome, others } = ctx.preset.supporting.languages;
  const spoken = ctx.rng.weighted([atHome.englishOnly, atHome.spanish, atHome.other]);
  if (spoken === 0) return ["English"];
  if (spoken === 1) return ["English", "Spanish"];
  return ["English", others[ctx.rng.weighted(others.map((o) => o.weight))]!.language];
}

function drawMember(ctx: Context): PersonaSeedDraw {
  const { ageSex } = ctx.conditionals;
  const cell = ageSex[ctx.rng.weighted(ageSex.map((c) => c.share))]!;
  const region = CENSUS_REGIONS[ctx.rng.weighted(targetShares(ctx.preset, "census_region", CENSUS_REGIONS))]!;
  const setting = URBAN_RURAL[ctx.rng.weighted(targetShares(ctx.preset, "urban_rural", URBAN_RURAL))]!;
  // Placeholders, each overwritten by the setters below before the member is returned.
  const m: PersonaSeedDraw = {
    firstName: "",
    lastName: ctx.rng.pick(ctx.preset.supporting.lastNames),
    age: 0,
    gender: cell.sex,
    location: "",
    region,
    education: EDUCATION_LEVELS[0],
    incomeBracket: INCOME_BRACKETS[0],
    employment: EMPLOYMENT_STATUSES[0],
    baseOccupation: "",
    languages: drawLanguages(ctx),
    values: {
      sex: cell.sex,
      age_band: cell.band,
      education: EDUCATION_LEVELS[0],
      household_income: INCOME_BRACKETS[0],
      census_region: region,
      urban_rural: setting,
      employment_status: EMPLOYMENT_STATUSES[0],
    },
  };
  setAgeSex(ctx, m, cell.band, cell.sex);
  setPlace(ctx, m, region, setting);
  return m;
}

/**
 * Integer counts summing to `n`, each the floor of n × share plus one for the largest remainders (ties to
 * the earlier category): the closest integer allocation, so each count is within 1 of n × share.
 */
export function largestRemainder(n: number, shares: readonly number[]): number[] {
  const total = shares.reduce((a, b) => a + b, 0);
  const exact = shares.map((s) => (total > 0 ? (n * s) / total : n / shares.length));
  const counts = exact.map(Math.floor);
  const order = exact.map((e, i) => ({ i, remainder: e - Math.floor(e) })).sort((a, b) => b.remainder - a.remainder);
  let left = n - counts.reduce((a, b) => a + b, 0);
  for (const { i } of order) {
    if (left <= 0) break;
    counts[i]! += 1;
    left -= 1;
  }
  return counts;
}

interface Step {
  quotas: number[];
  /** The member's category index, or -1 when it has none of the step's categories. */
  categoryOf(m: PersonaSeedDraw): number;
  /** How plausible category k is for this member: moves prefer members the draw would give k. */
  weight(m: PersonaSeedDraw, k: number): number;
  set(m: PersonaSeedDraw, k: number): void;
}

/**
 * Fills each category short of its quota with members taken from categories over theirs, chosen at random
 * with probability proportional to `weight` (so a member moves where the draw could have put it). Every move
 * takes one member from a surplus to a deficit, so it ends after at most n moves with every count at quota.
 */
function rebalance(members: PersonaSeedDraw[], step: Step, rng: DrawRng) {
  const { quotas } = step;
  const current = members.map((m) => step.categoryOf(m));
  const counts = quotas.map(() => 0);
  for (const c of current) if (c >= 0) counts[c]! += 1;
  const isSurplus = (c: number) => c < 0 || counts[c]! > quotas[c]!;
  for (let k = 0; k < quotas.length; k++) {
    let candidates: number[] = [];
    let weights: number[] = [];
    let stale = true;
    while (counts[k]! < quotas[k]!) {
      if (stale) {
        candidates = current.flatMap((c, i) => (isSurplus(c) ? [i] : []));
        weights = candidates.map((i) => step.weight(members[i]!, k));
        stale = false;
      }
      const chosen = rng.weighted(weights);
      const i = candidates[chosen]!;
      const from = current[i]!;
      step.set(members[i]!, k);
      current[i] = k;
      counts[k]! += 1;
      if (from >= 0) counts[from]! -= 1;
      candidates[chosen] = candidates.at(-1)!;
      weights[chosen] = weights.at(-1)!;
      candidates.pop();
      weights.pop();
      // A category that reached its quota gives no more members: rebuild the list without it.
      if (from >= 0 && !isSurplus(from)) stale = true;
    }
  }
}

/**
 * Re-draws members until every marginal of the unweighted sample is at its largest-remainder quota, one
 * variable at a time in draw order (age band × sex, education, employment, income, region, urban/rural).
 * Each step re-draws only what depends on the variable it moves, so later steps never undo earlier ones.
 * Deviation from the target share: below 7/n for sex and 2/n for an age band (their 14 joint cells are
 * rounded one by one), below 1/n for every other variable — under 1 point from n = 700.
 */
export function balance(draws: readonly PersonaSeedDraw[], preset: Preset = US_ADULTS, seed = 0): PersonaSeedDraw[] {
  const ctx = contextOf(preset, seed, BALANCE_STREAM);
  const { ageSex, education, employment, income } = ctx.conditionals;
  const members = draws.map((d) => ({ ...d, languages: [...d.languages], values: { ...d.values } }));
  const n = members.length;
  const cellIndex = new Map(ageSex.map((c, k) => [`${c.band}|${c.sex}`, k]));
  const marginalStep = <V extends PresetVariable>(
    variable: V,
    categories: readonly CategoryOf<V>[],
    weight: Step["weight"],
    set: (m: PersonaSeedDraw, category: CategoryOf<V>) => void,
  ): Step => ({
    quotas: largestRemainder(n, targetShares(preset, variable, categories)),
    categoryOf: (m) => categories.indexOf(m.values[variable]),
    weight,
    set: (m, k) => set(m, categories[k]!),
  });
  const regionShares = targetShares(preset, "census_region", CENSUS_REGIONS);
  const settingShares = targetShares(preset, "urban_rural", URBAN_RURAL);
  const steps: Step[] = [
    {
      quotas: largestRemainder(
        n,
        ageSex.map((c) => c.share),
      ),
      categoryOf: (m) => cellIndex.get(`${m.values.age_band}|${m.values.sex}`) ?? -1,
      weight: () => 1,
      set: (m, k) => setAgeSex(ctx, m, ageSex[k]!.band, ageSex[k]!.sex),
    },
    marginalStep(
      "education",
      EDUCATION_LEVELS,
      (m, k) => education[m.values.age_band][m.values.sex][k]!,
      (m, level) => setEducation(ctx, m, level),
    ),
    marginalStep(
      "employment_status",
      EMPLOYMENT_STATUSES,
      (m, k) => employment[m.values.age_band][m.values.education][k]!,
      (m, status) => setEmployment(ctx, m, status),
    ),
    marginalStep(
      "household_income",
      INCOME_BRACKETS,
      (m, k) => income[m.values.age_band][m.values.education][k]!,
      (m, bracket) => setIncome(m, bracket),
    ),
    marginalStep(
      "census_region",
      CENSUS_REGIONS,
      (_, k) => regionShares[k]!,
      (m, region) => setPlace(ctx, m, region, m.values.urban_rural),
    ),
    marginalStep(
      "urban_rural",
      URBAN_RURAL,
      (_, k) => settingShares[k]!,
      (m, setting) => setPlace(ctx, m, m.values.census_region, setting),
    ),
  ];
  for (const step of steps) rebalance(members, step, ctx.rng);
  return members;
}

/** `n` persona seeds drawn jointly from the preset and balanced; the same seed gives the same seeds. */
export function drawSeeds(n: number, seed: number, preset: Preset = US_ADULTS): PersonaSeedDraw[] {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`n must be a non-negative integer, got ${n}`);
  const ctx = contextOf(preset, seed, DRAW_STREAM);
  const draws = Array.from({ length: n }, () => drawMember(ctx));
  return distinct(balance(draws, preset, seed), preset, seed);
}

/**
 * Two members with the same name, age and place read as one person twice (the diversity report counts them
 * as duplicates): a later one gets another last name, seeded. No targeted variable depends on the last name,
 * so every marginal stays as balanced.
 */
export function distinct(draws: PersonaSeedDraw[], preset: Preset = US_ADULTS, seed = 0): PersonaSeedDraw[] {
  const rng = createDrawRng(seed, DISTINCT_STREAM);
  const keyOf = (m: PersonaSeedDraw) => `${m.firstName}|${m.lastName}|${m.age}|${m.location}`.toLowerCase();
  const seen = new Set<string>();
  for (const m of draws) {
    // A handful of tries is plenty (hundreds of last names); the last one is kept whatever it gives.
    for (let tries = 0; tries < 20 && seen.has(keyOf(m)); tries++) m.lastName = rng.pick(preset.supporting.lastNames);
    seen.add(keyOf(m));
  }
  return draws;
}
