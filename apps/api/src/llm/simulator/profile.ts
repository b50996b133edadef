import { formatMoney, type Locale, localeOf } from "../locale.ts";
import type { BigFive, CommunicationStyle, PersonaProfile } from "../profile.ts";
import { type OccupationInfo, occupationInfo, occupationNoun } from "./occupations.ts";
import { familyOf, fitsFamily, isCelibateVocation } from "./profile-life.ts";
import { backstoryOf, initialMemoryOf, type LifeFacts } from "./profile-story.ts";
import { clamp, createRng, hashOf, type Rng } from "./rng.ts";
import { clip, softLower } from "./text.ts";
import type { SimProfileContext } from "./types.ts";

/**
 * The profile task: a complete, schema-valid persona profile from the seed alone, deterministic for a
 * given seed and seed number. Big Five from a hash of the name, nudged by age (openness falls and
 * conscientiousness and agreeableness rise over the lifespan) and by occupation; explicit seed
 * personality values win exactly.
 */

type Trait = keyof BigFive;
type Affinity = Partial<Record<Trait | "age", number>>;

const TRAITS: readonly Trait[] = ["openness", "conscientiousness", "extraversion", "agreeableness", "neuroticism"];
/** Per unit of (age - 40) / 40: lifespan drifts in mean trait levels. */
const AGE_DRIFT: BigFive = {
  openness: -0.08,
  conscientiousness: 0.07,
  extraversion: -0.03,
  agreeableness: 0.05,
  neuroticism: -0.05,
};
/** Used when `now` is not a date, so the output stays deterministic. */
const FALLBACK_NOW = "2025-01-01T00:00:00.000Z";

export function simulateProfile(ctx: SimProfileContext): PersonaProfile {
  const { seed } = ctx;
  const age = Number.isFinite(seed.age) ? clamp(Math.round(seed.age), 0, 120) : 30;
  const occupation = occupationInfo(seed.baseOccupation);
  const rng = createRng(
    "profile",
    seed.firstName,
    seed.lastName,
    age,
    seed.location,
    seed.baseOccupation,
    ctx.seedNumber,
  );
  const locale = localeOf(seed.location);
  const personality = bigFive(ctx, age, occupation);
  /** Keys the place-specific picks, which must not draw from `rng`. */
  const placeKey = `${seed.firstName}|${seed.lastName}|${seed.location}|${ctx.seedNumber}`;
  const communicationStyle = styleOf(personality, age, occupation, locale, placeKey, rng);
  const values = ranked(VALUES, personality, age, rng).slice(0, rng.int(3, 5));
  const interests = interestsOf(seed.interests ?? [], personality, age, locale, placeKey, rng);
  const facts: LifeFacts = {
    firstName: seed.firstName.trim() || "They",
    lastName: seed.lastName.trim(),
    age,
    location: seed.location.trim(),
    locale,
    occupation: occupationNoun(seed.baseOccupation) || "person",
    status: occupation.status,
    education: seed.education ?? null,
    gender: seed.gender ?? null,
    household: seed.household ?? null,
    family: familyOf(seed.household ?? null, seed.baseOccupation, age),
    celibateVocation: isCelibateVocation(seed.baseOccupation),
    // Formation before vows: a retired nun took them in her twenties too.
    degreeYears: isCelibateVocation(seed.baseOccupation) ? Math.max(4, occupation.degreeYears) : occupation.degreeYears,
    interests,
    values,
    now: Number.isNaN(Date.parse(ctx.now)) ? FALLBACK_NOW : ctx.now,
  };
  const goals = goalsOf(facts, personality, occupation, rng);
  return {
    personality,
    values,
    interests,
    communicationStyle,
    backstory: clip(backstoryOf(facts, goals[0]!, rng), 5000),
    goals,
    frustrations: frustrationsOf(facts, personality, occupation, rng),
    domainKnowledge: knowledgeOf(facts, occupation, seed.languages ?? []),
    initialMemory: initialMemoryOf(facts, rng),
  };
}

function bigFive(ctx: SimProfileContext, age: number, occupation: OccupationInfo): BigFive {
  const { seed } = ctx;
  const nameRng = createRng(
    "big-five",
    seed.firstName.trim().toLowerCase(),
    seed.lastName.trim().toLowerCase(),
    ctx.seedNumber,
  );
  const drift = clamp((age - 40) / 40, -1, 1);
  const result = {} as BigFive;
  for (const trait of TRAITS) {
    const override = seed.personality?.[trait];
    if (typeof override === "number" && Number.isFinite(override)) {
      result[trait] = clamp(override);
      continue;
    }
    const raw = 0.5 + 0.16 * nameRng.normal() + AGE_DRIFT[trait] * drift + (occupation.traits[trait] ?? 0);
    result[trait] = round2(clamp(raw, 0.02, 0.98));
  }
  return result;
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}

/** Scores items by how well they fit the traits and age, with a little seeded noise, best first. */
function ranked(pool: ReadonlyArray<readonly [string, Affinity]>, traits: BigFive, age: number, rng: Rng): string[] {
  const signals: Record<Trait | "age", number> = {
    ...(Object.fromEntries(TRAITS.map((t) => [t, (traits[t] - 0.5) * 2])) as Record<Trait, number>),
    age: clamp((age - 40) / 30, -1, 1),
  };
  return pool
    .map(([item, affinity]) => ({
      item,
      score:
        Object.entries(affinity).reduce((sum, [k, w]) => sum + w * signals[k as Trait | "age"], 0) + 0.6 * rng.next(),
    }))
    .sort((a, b) => b.score - a.score)
    .map((s) => s.item);
}

const VALUES: ReadonlyArray<readonly [string, Affinity]> = [
  ["curiosity", { openness: 1 }],
  ["creativity", { openness: 0.9 }],
  ["independence", { openness: 0.5, agreeableness: -0.3 }],
  ["reliability", { conscientiousness: 1 }],
  ["hard work", { conscientiousness: 0.8 }],
  ["security", { neuroticism: 0.7, conscientiousness: 0.3 }],
  ["family", { agreeableness: 0.5, age: 0.5 }],
  ["kindness", { agreeableness: 1 }],
  ["honesty", { agreeableness: 0.4, conscientiousness: 0.4 }],
  ["adventure", { openness: 0.6, extraversion: 0.6 }],
  ["friendship", { extraversion: 0.8 }],
  ["fairness", { agreeableness: 0.7 }],
  ["tradition", { openness: -0.8, age: 0.5 }],
  ["financial stability", { conscientiousness: 0.5, neuroticism: 0.4 }],
  ["community", { agreeableness: 0.5, extraversion: 0.5 }],
  ["health", { conscientiousness: 0.6, age: 0.3 }],
  ["freedom", { openness: 0.6, conscientiousness: -0.3 }],
  ["loyalty", { agreeableness: 0.6, conscientiousness: 0.3 }],
  ["excellence", { conscientiousness: 0.7, extraversion: 0.2 }],
  ["humor", { extraversion: 0.7 }],
  ["learning", { openness: 0.8 }],
  ["peace and quiet", { extraversion: -0.8 }],
];

/** Stands for the word the place uses: "soccer" in the US, Canada and Australia, "football" elsewhere. */
const FOOTBALL = "{football}";
/** Stand for two of the place's own pastimes (mass, the GAA match, an onsen, a ballgame…). */
const PASTIME_A = "{pastime-a}";
const PASTIME_B = "{pastime-b}";

const INTERESTS: ReadonlyArray<readonly [string, Affinity]> = [
  ["hiking", { openness: 0.3, extraversion: 0.2, age: -0.3 }],
  ["cooking", { conscientiousness: 0.2, agreeableness: 0.2 }],
  ["reading", { openness: 0.6, extraversion: -0.4 }],
  ["podcasts", { openness: 0.4, age: -0.4 }],
  ["gardening", { age: 0.7, conscientiousness: 0.3 }],
  ["video games", { age: -0.8, extraversion: -0.2 }],
  ["travel", { openness: 0.6, extraversion: 0.3 }],
  ["photography", { openness: 0.6 }],
  ["yoga", { neuroticism: 0.2, openness: 0.2 }],
  ["running", { conscientiousness: 0.5, age: -0.3 }],
  ["board games", { extraversion: 0.3, agreeableness: 0.3 }],
  ["live music", { extraversion: 0.6, age: -0.3 }],
  ["knitting", { age: 0.5, extraversion: -0.3 }],
  ["fishing", { age: 0.4, extraversion: -0.3 }],
  ["volunteering", { agreeableness: 0.7 }],
  ["DIY projects", { conscientiousness: 0.4 }],
  ["true crime shows", { neuroticism: 0.4 }],
  ["baking", { agreeableness: 0.3, conscientiousness: 0.2 }],
  ["crossword puzzles", { age: 0.6, conscientiousness: 0.3 }],
  [PASTIME_A, { age: 0.3 }],
  [PASTIME_B, { age: 0.5, agreeableness: 0.4, openness: -0.3 }],
  [FOOTBALL, { age: -0.5, extraversion: 0.4 }],
  ["anime", { age: -0.8, openness: 0.3 }],
  ["thrifting", { age: -0.5, openness: 0.4 }],
  ["birdwatching", { age: 0.6, extraversion: -0.4 }],
  ["meditation", { neuroticism: 0.3, openness: 0.3 }],
  ["cycling", { conscientiousness: 0.3, openness: 0.2 }],
  ["museums", { openness: 0.7 }],
  ["dancing", { extraversion: 0.7 }],
];

const CHILD_INTERESTS = [
  "drawing",
  FOOTBALL,
  "video games",
  "building with Lego",
  "cartoons",
  "dinosaurs",
  "riding my bike",
  "swimming",
];

/**
 * Seed interests first, as given; then a few that fit the persona, up to 4-6 in all (15 at most). The
 * place's own pastimes compete with the general pool, so a Galway persona may go to mass and a Seoul
 * one to noraebang, and nobody outside the US is handed baseball by default.
 */
function interestsOf(
  seedInterests: readonly string[],
  traits: BigFive,
  age: number,
  locale: Locale,
  placeKey: string,
  rng: Rng,
): string[] {
  const result: string[] = [];
  const add = (interest: string) => {
    const clean = clip(interest, 100);
    if (clean && !result.some((r) => r.toLowerCase() === clean.toLowerCase())) result.push(clean);
  };
  for (const interest of seedInterests) add(interest);
  const football = ["US", "CA", "AU"].includes(locale.countryCode) ? "soccer" : "football";
  // Two of the place's pastimes, chosen by hash so the shared random stream is not disturbed.
  const start = hashOf("pastime", placeKey) % Math.max(1, locale.pastimes.length);
  const pastime = (k: number) => locale.pastimes[(start + k) % locale.pastimes.length] ?? "";
  const placed: Record<string, string> = { [FOOTBALL]: football, [PASTIME_A]: pastime(0), [PASTIME_B]: pastime(1) };
  const pool = (age < 13 ? rng.shuffle(CHILD_INTERESTS) : ranked(INTERESTS, traits, age, rng)).map(
    (i) => placed[i] ?? i,
  );
  const wanted = Math.max(result.length, rng.int(4, 6));
  for (const interest of pool) {
    if (result.length >= wanted) break;
    add(interest);
  }
  return result.slice(0, 15);
}

const TONES: ReadonlyArray<readonly [Trait, string, string]> = [
  ["agreeableness", "warm", "blunt"],
  ["extraversion", "upbeat", "reserved"],
  ["conscientiousness", "precise", "easygoing"],
  ["neuroticism", "a little anxious", "calm"],
  ["openness", "curious", "down-to-earth"],
];

const QUIRKS: ReadonlyArray<readonly [string, (t: BigFive, formality: number) => boolean]> = [
  ["says 'honestly' a lot", (_, f) => f < 0.4],
  ["says 'like' while thinking", (_, f) => f < 0.3],
  ["says 'frankly' before a strong opinion", (_, f) => f > 0.65],
  ["speaks in complete, careful sentences", (_, f) => f > 0.7],
  ["says 'to be fair' before disagreeing", (t) => t.agreeableness > 0.6],
  ["second-guesses out loud", (t) => t.neuroticism > 0.6],
  ["tells stories with a lot of energy", (t) => t.extraversion > 0.65],
  ["answers with a question sometimes", (t) => t.extraversion > 0.55 && t.agreeableness > 0.5],
  ["likes precise numbers", (t) => t.conscientiousness > 0.65],
  ["makes unexpected comparisons", (t) => t.openness > 0.65],
  ["keeps answers short", (t) => t.extraversion < 0.35],
];

/** Single-word sentence openers per register; the voice uses them now and then. */
const MARKERS = {
  casual: ["honestly", "basically", "literally", "totally"],
  neutral: ["actually", "honestly"],
  formal: ["frankly", "certainly", "indeed"],
};

function styleOf(
  traits: BigFive,
  age: number,
  occupation: OccupationInfo,
  locale: Locale,
  placeKey: string,
  rng: Rng,
): CommunicationStyle {
  const verbosity = round2(
    clamp(
      0.1 +
        0.45 * traits.extraversion +
        0.2 * traits.openness +
        0.1 * traits.agreeableness +
        occupation.verbosity +
        0.12 * rng.normal(),
    ),
  );
  const maturity = clamp((age - 20) / 50);
  const formality = round2(
    clamp(
      0.25 +
        0.35 * traits.conscientiousness -
        0.2 * traits.extraversion +
        0.25 * maturity +
        occupation.formality +
        0.1 * rng.normal(),
    ),
  );
  const pronounced = TONES.map(([trait, high, low]) => ({ lean: traits[trait] - 0.5, high, low }))
    .filter((t) => Math.abs(t.lean) > 0.1)
    .sort((a, b) => Math.abs(b.lean) - Math.abs(a.lean))
    .slice(0, 2)
    .map((t) => (t.lean > 0 ? t.high : t.low));
  const register = formality > 0.65 ? "formal" : formality < 0.4 ? "casual" : "neutral";
  const tone = [
    pronounced.length > 0 ? pronounced.join(" and ") : "friendly and matter-of-fact",
    register === "neutral" ? "" : register,
  ]
    .filter(Boolean)
    .join(", ");
  const quirks = rng
    .shuffle(QUIRKS.filter(([, applies]) => applies(traits, formality)).map(([quirk]) => quirk))
    .slice(0, rng.int(1, 3));
  if (occupation.jargon.length > 0 && rng.chance(0.4)) quirks.push("slips work jargon into everyday talk");
  // A local word for half the personas ("grand" in Galway), by hash so the random stream is undisturbed.
  const idiom = hashOf("idiom", placeKey);
  const local =
    locale.idioms.length > 0 && idiom % 2 === 0 ? [locale.idioms[Math.floor(idiom / 2) % locale.idioms.length]!] : [];
  const vocabulary = [...rng.shuffle(MARKERS[register]).slice(0, 2), ...local, ...occupation.jargon.slice(0, 3)].map(
    (w) => clip(w, 60),
  );
  return { tone, formality, verbosity, quirks: quirks.slice(0, 8), vocabulary: vocabulary.slice(0, 20) };
}

/** Life-stage goals around the occupation's own. */
function goalsOf(facts: LifeFacts, traits: BigFive, occupation: OccupationInfo, rng: Rng): string[] {
  const stage =
    facts.age < 18
      ? ["finishing school", `getting better at ${facts.interests[0] ?? "sports"}`]
      : facts.age < 30
        ? [`saving ${formatMoney(4000, facts.locale)} toward a place of my own`, `${travelling(facts.locale)} more`]
        : facts.age < 60
          ? [`buying a home in ${facts.location}`, "spending more time with family"]
          : ["staying healthy and independent", "enjoying more time with family"];
  const traitGoals = [
    traits.openness > 0.65 ? "learning something completely new" : null,
    traits.conscientiousness > 0.65 ? "paying off all my debt" : null,
    traits.extraversion > 0.65 ? "building a bigger circle of friends" : null,
    traits.neuroticism > 0.65 ? "worrying less about things I cannot control" : null,
  ].filter((g): g is string => g !== null);
  const candidates = [
    ...rng.shuffle(occupation.goals.filter((g) => fitsFamily(g, facts.family))).slice(0, 2),
    ...rng.shuffle(stage).slice(0, 1),
    ...traitGoals.slice(0, 1),
  ];
  return unique(candidates.map((g) => clip(g, 300))).slice(0, rng.int(2, 4));
}

function frustrationsOf(facts: LifeFacts, traits: BigFive, occupation: OccupationInfo, rng: Rng): string[] {
  const personal = [
    traits.openness < 0.4 ? "apps and websites that change all the time" : null,
    traits.neuroticism > 0.6 ? "not knowing what comes next" : null,
    traits.conscientiousness > 0.65 ? "people who are always late" : null,
    traits.agreeableness < 0.4 ? "small talk" : null,
    traits.extraversion < 0.35 ? "crowded places" : null,
    facts.age >= 18 ? `rising prices in ${facts.location}` : null,
    facts.age >= 18
      ? `the weekly shop at ${facts.locale.shops[0]} costing ${formatMoney(120, facts.locale)} now`
      : null,
  ].filter((f): f is string => f !== null);
  const own = occupation.frustrations.filter((f) => fitsFamily(f, facts.family));
  const candidates = [...rng.shuffle(own).slice(0, 2), ...rng.shuffle(personal).slice(0, 2)];
  return unique(candidates.map((f) => clip(f, 300))).slice(0, rng.int(2, 4));
}

function knowledgeOf(facts: LifeFacts, occupation: OccupationInfo, languages: readonly string[]): string[] {
  const spoken = languages.filter((l) => l.trim()).slice(0, 3);
  const items = [
    ...occupation.knowledge.filter((k) => fitsFamily(k, facts.family)).slice(0, 5),
    `everyday life in ${facts.location}`,
    ...(facts.status === "retired" || facts.age >= 65 ? [healthCare(facts)] : []),
    ...facts.interests.slice(0, 2).map(softLower),
    ...(spoken.length > 1 ? [`speaking ${spoken.join(" and ")}`] : []),
  ];
  return unique(items.map((k) => clip(k, 200)).filter(Boolean)).slice(0, 10);
}

/** "traveling" in US English, "travelling" elsewhere. */
function travelling(locale: Locale): string {
  return locale.english === "us" ? "traveling" : "travelling";
}

/** How an older persona gets care: Medicare and Social Security only for Americans of 65 and over. */
function healthCare(facts: LifeFacts): string {
  if (facts.locale.countryCode === "US") return facts.age >= 65 ? "Medicare and Social Security" : "health insurance";
  return `getting care through ${facts.locale.health}`;
}

function unique(items: readonly string[]): string[] {
  return [...new Set(items.filter((i) => i.length > 0))];
}
