import type { BigFive, PersonaProfile } from "../profile.ts";
import {
  type OccupationInfo,
  occupationInfo,
  occupationNoun,
  occupationPhrase,
  type WorkStatus,
} from "./occupations.ts";
import { simulateProfile } from "./profile.ts";
import { clamp } from "./rng.ts";
import type { SimPersona } from "./types.ts";

/**
 * Everything the answer code needs to know about a persona, derived once per call: its profile (or one
 * simulated from its seed while the real one is being written), its job, and a stance — the traits and
 * demographics turned into the dispositions that shape what it says.
 */

export interface Stance {
  /** Receptive to new things: openness and youth. */
  receptivity: number;
  /** Detail, caution, planning: conscientiousness and neuroticism. */
  caution: number;
  warmth: number;
  worry: number;
  energy: number;
  /** 0 (low income) to 1 (high income). */
  affluence: number;
  priceSensitivity: number;
  /** -1 (old) to 1 (young); 45 is neutral. */
  youth: number;
}

export interface PersonaView {
  persona: SimPersona;
  profile: PersonaProfile;
  traits: BigFive;
  occupation: OccupationInfo;
  status: WorkStatus;
  /** The occupation as it reads mid-sentence ("product designer"). */
  occupationNoun: string;
  /** "I work as a product designer", "I am retired". */
  workClause: string;
  fullName: string;
  stance: Stance;
}

/** A fixed "now" for profiles simulated on the fly: their initial memory is never used in answers. */
const FALLBACK_PROFILE_NOW = "2025-01-01T00:00:00.000Z";

export function viewPersona(persona: SimPersona): PersonaView {
  const profile = persona.profile ?? simulateProfile(profileContextOf(persona));
  const occupation = occupationInfo(persona.baseOccupation);
  const traits = profile.personality;
  const noun = occupationNoun(persona.baseOccupation) || "person";
  return {
    persona,
    profile,
    traits,
    occupation,
    status: occupation.status,
    occupationNoun: noun,
    workClause: workClauseOf(occupation.status, noun),
    fullName: `${persona.firstName} ${persona.lastName}`.trim(),
    stance: stanceOf(traits, persona.age, incomeLevel(persona.incomeBracket, occupation.income)),
  };
}

function profileContextOf(persona: SimPersona) {
  return {
    task: "profile" as const,
    seed: {
      firstName: persona.firstName,
      lastName: persona.lastName,
      age: persona.age,
      location: persona.location,
      baseOccupation: persona.baseOccupation,
      ...(persona.incomeBracket ? { incomeBracket: persona.incomeBracket } : {}),
      ...(persona.household ? { household: persona.household } : {}),
      ...(persona.education ? { education: persona.education } : {}),
      interests: persona.interests,
    },
    now: FALLBACK_PROFILE_NOW,
    seedNumber: 0,
  };
}

function stanceOf(traits: BigFive, age: number, affluence: number): Stance {
  const youth = clamp((45 - age) / 30, -1, 1);
  const ageStrain = age >= 65 ? 1 : age < 25 ? 0.8 : 0.3;
  return {
    receptivity: clamp(0.6 * traits.openness + 0.4 * ((youth + 1) / 2)),
    caution: clamp(0.55 * traits.conscientiousness + 0.45 * traits.neuroticism),
    warmth: traits.agreeableness,
    worry: traits.neuroticism,
    energy: traits.extraversion,
    affluence,
    priceSensitivity: clamp(0.75 * (1 - affluence) + 0.15 * ageStrain + 0.1 * traits.conscientiousness),
    youth,
  };
}

const INCOME_WORDS: ReadonlyArray<readonly [RegExp, number]> = [
  [/\b(poverty|very low|lowest)\b/, 0.08],
  [/\blower[- ]middle\b/, 0.35],
  [/\bupper[- ]middle\b/, 0.7],
  [/\b(high|upper|affluent|wealthy|rich|top)\b/, 0.88],
  [/\b(low|modest)\b/, 0.18],
  [/\b(middle|average|median)\b/, 0.5],
];

/**
 * Reads an income bracket ("$50k-75k", "under 25,000", "upper middle") as 0 (low) to 1 (high), on a log
 * scale from $15k to $250k a year. Unreadable or missing brackets fall back to the occupation's level.
 */
function incomeLevel(bracket: string | null | undefined, fallback: number): number {
  if (!bracket) return fallback;
  const text = bracket.toLowerCase().replace(/(\d),(\d{3})/g, "$1$2");
  const thousands = /k\b|,000|000\b|thousand/.test(text);
  const amounts = [...text.matchAll(/(\d+(?:\.\d+)?)\s*(k|m)?/g)].map((m) => {
    const n = Number(m[1]);
    if (m[2] === "m") return n * 1_000_000;
    return m[2] === "k" || (n < 1000 && (thousands || n >= 5)) ? n * 1000 : n;
  });
  if (amounts.length > 0) {
    let dollars = amounts.reduce((a, b) => a + b, 0) / amounts.length;
    if (/under|less than|below|</.test(text)) dollars *= 0.7;
    if (/\+|over|more than|above|>/.test(text)) dollars *= 1.3;
    return clamp(Math.log(dollars / 15_000) / Math.log(250_000 / 15_000));
  }
  return INCOME_WORDS.find(([re]) => re.test(text))?.[1] ?? fallback;
}

/** How the persona says what it does: "I work as a nurse", "I am retired", "I am a student". */
function workClauseOf(status: WorkStatus, noun: string): string {
  const phrase = occupationPhrase(noun);
  return status === "working" && phrase !== noun ? `I work as ${phrase}` : `I am ${phrase}`;
}
