import type { PersonaProfile } from "../profile.ts";
import { educationLevelOf, isCelibateVocation, NO_CHILDREN_RE } from "./profile-life.ts";
import type { SimProfileContext } from "./types.ts";

/**
 * The invariants a generated profile must keep, as a checker: in place (no other country's currency
 * or institutions), life facts that fit age, job, education and household, a story told in order,
 * and plausible numbers. Used by the property test over many seeds (`profile.test.ts`); pure, so a
 * bench can count violations the same way.
 */

export type ProfileRule =
  | "currency"
  | "institution"
  | "vocation-family"
  | "grandchildren"
  | "household"
  | "career-length"
  | "student-career"
  | "retired-job"
  | "education-order"
  | "moved-to"
  | "percent"
  | "memory-date"
  | "memory-age";

export interface ProfileViolation {
  rule: ProfileRule;
  detail: string;
}

type Seed = SimProfileContext["seed"];

/** Institutions only one country (or a few) has; `allowed` are ISO 3166 alpha-2 codes. */
const INSTITUTIONS: ReadonlyArray<{ pattern: RegExp; allowed: readonly string[] }> = [
  { pattern: /\bMedicare\b/, allowed: ["US", "AU"] },
  { pattern: /\bMedicaid\b/, allowed: ["US"] },
  { pattern: /\b401\(?k\)?/i, allowed: ["US"] },
  { pattern: /\bSocial Security\b/, allowed: ["US"] },
  { pattern: /\bZIP codes?\b/i, allowed: ["US"] },
  { pattern: /\bThanksgiving\b/, allowed: ["US", "CA"] },
  { pattern: /\bWalmart\b/, allowed: ["US", "CA", "MX"] },
  { pattern: /\bIRS\b/, allowed: ["US"] },
  { pattern: /\b(SATs?|GPA|midterms)\b/, allowed: ["US"] },
  { pattern: /\bNHS\b/, allowed: ["GB"] },
  { pattern: /\b(GCSEs?|A-levels?)\b/i, allowed: ["GB"] },
  { pattern: /\bHSE\b/, allowed: ["IE"] },
  { pattern: /\bLeaving Cert\b/, allowed: ["IE"] },
];

const SPOUSE_RE = /\b(husband|wife|spouse|married)\b/i;
const CHILD_RE = /\b(my|his|her|their) (kids|children|sons?|daughters?)\b/i;
const GRANDCHILD_RE = /\bgrand ?(kids?|children|child|sons?|daughters?)\b/i;
const HOUSEHOLD_SPOUSE_RE = /\b(married|husband|wife|spouse|partner)\b/i;
const HOUSEHOLD_KIDS_RE = /\b(kids?|children|child|sons?|daughters?|grand|baby|toddlers?|teens?|twins)/i;

/** Every string a profile shows, for text checks. */
export function profileTexts(profile: PersonaProfile): string[] {
  const m = profile.initialMemory;
  return [
    ...profile.values,
    ...profile.interests,
    profile.communicationStyle.tone,
    ...profile.communicationStyle.quirks,
    ...profile.communicationStyle.vocabulary,
    profile.backstory,
    ...profile.goals,
    ...profile.frustrations,
    ...profile.domainKnowledge,
    m.eventLabel,
    m.facts,
    m.feelings,
    m.interpretation,
  ];
}

const YEAR_MS = 365.25 * 24 * 3600 * 1000;

/** Currency markers of other countries that appear in the text next to an amount (or as a symbol/code). */
function foreignCurrency(text: string, country: string, markers: Record<string, readonly string[]>): string[] {
  const own = new Set((markers[country] ?? []).map((m) => m.toLowerCase()));
  const found = new Set<string>();
  for (const [code, list] of Object.entries(markers)) {
    if (code === country) continue;
    for (const marker of list) {
      if (own.has(marker.toLowerCase())) continue;
      if (markerIn(text, marker)) found.add(marker);
    }
  }
  return [...found];
}

function escapeRe(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/**
 * A symbol next to a digit, a three-letter code as a word, a currency name after an amount or a
 * counting word ("20 dollars", "every dollar"): "won a prize" or "a pound of flour" are not money.
 */
function markerIn(text: string, marker: string): boolean {
  const m = escapeRe(marker);
  if (/^[A-Z]{3}$/.test(marker)) return new RegExp(`\\b${m}\\b`).test(text);
  if (/^[a-z][a-z ]{2,}$/i.test(marker)) {
    return new RegExp(
      `(\\d[\\d,.]*\\s*(k|m|thousand|million|billion|hundred)?|\\bevery|\\bfew|\\bextra|\\bspare)\\s+${m}s?\\b`,
      "i",
    ).test(text);
  }
  // A symbol ("$", "R", "kr", "E£") touching an amount, and not part of another symbol ("R$", "E£").
  return new RegExp(`(?<![\\p{L}\\p{Sc}])${m}\\s?\\d|\\d\\s?${m}(?![\\p{L}\\p{Sc}])`, "u").test(text);
}

/**
 * The violations of one generated profile. `country` is the seed location's ISO code ("" when no
 * country is known: then every country's currency and institutions are foreign).
 */
export function profileViolations(
  seed: Seed,
  profile: PersonaProfile,
  now: string,
  country: string,
  currencyMarkers: Record<string, readonly string[]>,
): ProfileViolation[] {
  const out: ProfileViolation[] = [];
  const add = (rule: ProfileRule, detail: string) => out.push({ rule, detail });
  const texts = profileTexts(profile);
  const all = texts.join("\n");
  const age = seed.age;
  const occupation = seed.baseOccupation.toLowerCase();
  const household = seed.household ?? "";
  const story = [profile.backstory, profile.initialMemory.facts, profile.initialMemory.eventLabel].join(" ");

  for (const marker of foreignCurrency(all, country, currencyMarkers)) add("currency", marker);
  for (const { pattern, allowed } of INSTITUTIONS) {
    const hit = pattern.exec(all);
    if (hit && !allowed.includes(country)) add("institution", hit[0]);
  }

  if (isCelibateVocation(occupation)) {
    if (!HOUSEHOLD_SPOUSE_RE.test(household) && SPOUSE_RE.test(all)) add("vocation-family", SPOUSE_RE.exec(all)![0]);
    if (!HOUSEHOLD_KIDS_RE.test(household) || NO_CHILDREN_RE.test(household)) {
      const kids = GRANDCHILD_RE.exec(all) ?? CHILD_RE.exec(all);
      if (kids) add("vocation-family", kids[0]);
    }
  }
  const grandkids = GRANDCHILD_RE.exec(all);
  // The seed's household wins: "widowed, grandchildren nearby" at 40 is the seed's word.
  if (grandkids && !/\bgrand/i.test(household) && (age < 45 || NO_CHILDREN_RE.test(household)))
    add("grandchildren", `${grandkids[0]} at ${age}`);

  if (/\b(lives alone|single|divorced|widow(ed|er)?)\b/i.test(household)) {
    const partner = /\b(my|his|her|their) (wife|husband|partner|spouse)\b/i.exec(all);
    if (partner) add("household", `${partner[0]} but "${household}"`);
  }
  if (NO_CHILDREN_RE.test(household)) {
    const kids = CHILD_RE.exec(all);
    if (kids) add("household", `${kids[0]} but "${household}"`);
  }
  if (/\bmarried\b/i.test(household) && /\b(lives alone|is single)\b/i.test(all))
    add("household", "single but married");

  const years = careerYears(profile.backstory);
  const student = /\b(student|pupil|undergrad)\b/.test(occupation);
  const retired = /\bretire(d|e)\b/.test(occupation);
  if (years !== null) {
    if (years > age - 16) add("career-length", `${years} years at ${age}`);
    const eduEnd = educationLevelOf(seed.education)?.earliestEnd ?? null;
    if (eduEnd !== null && years > age - eduEnd)
      add("education-order", `${years} years at ${age} after ${seed.education}`);
  }
  if (student && (years !== null || /\bdecades?\b|\bretire/i.test(story + profile.goals.join(" ")))) {
    add("student-career", profile.backstory);
  }
  if (age < 25 && /\bdecades?\b/i.test(profile.backstory)) add("student-career", `decades at ${age}`);
  if (retired && /\b(has worked|works|is working) as\b/i.test(profile.backstory)) add("retired-job", profile.backstory);
  const startedAt = /\bStarted [^.]*? at (\d+)\b/.exec(profile.initialMemory.facts);
  const eduEnd = educationLevelOf(seed.education)?.earliestEnd ?? null;
  if (startedAt && eduEnd !== null && Number(startedAt[1]) < eduEnd) {
    add("education-order", `first job at ${startedAt[1]} after ${seed.education}`);
  }

  for (const text of texts) {
    for (const match of text.matchAll(/(\d+(?:\.\d+)?)\s*(%|percent\b|per cent\b)/gi)) {
      if (Number(match[1]) > 100) add("percent", match[0]);
    }
  }

  const eventAt = Date.parse(profile.initialMemory.eventAt);
  const nowMs = Date.parse(now);
  if (!(eventAt <= nowMs)) add("memory-date", `${profile.initialMemory.eventAt} after ${now}`);
  const eventAge = age - (nowMs - eventAt) / YEAR_MS;
  if (eventAge < -0.01) add("memory-date", `before birth (${eventAge.toFixed(1)})`);
  for (const match of [profile.initialMemory.facts, profile.initialMemory.eventLabel]
    .join(" ")
    .matchAll(/\bat (\d+)\b/g)) {
    const told = Number(match[1]);
    if (told > age) add("memory-age", `at ${told} but ${age}`);
    else if (Math.abs(told - eventAge) > 1.5) add("memory-age", `says at ${told}, dated at ${eventAge.toFixed(1)}`);
  }
  const moved = /\bmoved to\b/i.test(profile.initialMemory.eventLabel);
  if (moved) {
    if (eventAge > 25.5 && /adult life (really )?began/i.test(profile.initialMemory.interpretation)) {
      add("moved-to", `adult life began at ${eventAge.toFixed(0)}`);
    }
    if (!/\bfrom\b/i.test(profile.initialMemory.facts)) add("moved-to", "no place moved from");
  }
  return out;
}

/** Working years the backstory tells ("for 12 years", "after 30 years of work", "more than two decades"). */
export function careerYears(backstory: string): number | null {
  const years = /\b(?:for|after) (\d+) years\b/.exec(backstory);
  if (years) return Number(years[1]);
  const decades = /\b(two|three|four) decades\b/.exec(backstory);
  return decades ? { two: 20, three: 30, four: 40 }[decades[1] as "two" | "three" | "four"] : null;
}
