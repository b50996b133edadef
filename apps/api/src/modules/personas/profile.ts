import { z } from "zod";
import {
  type LlmClient,
  type LlmResult,
  type PersonaProfile,
  PersonaProfileSchema,
  type SimProfileContext,
} from "../../llm/index.ts";
import type { Seed } from "./schemas.ts";

const SYSTEM = `You write synthetic research personas. From a seed (name, age, location, occupation and optional facts)
write one coherent, specific, realistic profile as JSON matching the given schema. Rules:
- Everything must fit the seed: the age bounds the career length and life events; the location and occupation are used as given.
- Big Five traits are numbers from 0 to 1. Communication style formality and verbosity are 0 to 1.
- The backstory is written in the third person, 2-4 sentences, and mentions the location and occupation.
- initialMemory is one formative memory from this person's life, dated after age 5 and not after the given "now".
- Do not write stereotypes or caricatures; avoid real people and brands unless generic.`;

/**
 * The instructions and the JSON schema (also spelled out for providers without native structured output)
 * come first, in the system prompt: identical bytes for every profile written, so providers cache them;
 * only the seed and the date follow (docs/models.md, "Prompt caching").
 */
const INSTRUCTIONS = `${SYSTEM}\nAnswer with JSON only, matching this JSON schema:\n${JSON.stringify(z.toJSONSchema(PersonaProfileSchema))}`;

/**
 * About how many characters one profile request sends (instructions, schema, a seed, the date): what a
 * cost estimate for many profiles counts as input (populations' generation estimate).
 */
export const PROFILE_PROMPT_CHARS = INSTRUCTIONS.length + 600;

/** Output tokens a profile takes at most in the estimate (a profile is ~600-900 tokens of JSON). */
export const PROFILE_MAX_OUTPUT_TOKENS = 1200;

export interface WrittenProfile {
  profile: PersonaProfile;
  result: LlmResult;
}

function hashSeed(seed: Seed): number {
  let h = 2166136261;
  for (const ch of `${seed.firstName}|${seed.lastName}|${seed.age}|${seed.location}|${seed.baseOccupation}`) {
    h = Math.imul(h ^ ch.charCodeAt(0), 16777619);
  }
  return h >>> 0;
}

/**
 * Writes a persona's profile with the chosen model (the simulator when none is configured), through a
 * zod-validated structured output (invalid output is retried by the client). Seed facts win: the
 * seed's personality overrides replace generated traits, its interests come first, and the initial
 * memory is kept between the persona's sixth birthday and now.
 */
export async function writeProfile(
  llm: LlmClient,
  seed: Seed,
  opts: { model?: string; now: Date; abortSignal?: AbortSignal },
): Promise<WrittenProfile> {
  const context: SimProfileContext = {
    task: "profile",
    seed: {
      firstName: seed.firstName,
      lastName: seed.lastName,
      age: seed.age,
      location: seed.location,
      baseOccupation: seed.baseOccupation,
      ...(seed.gender ? { gender: seed.gender } : {}),
      ...(seed.education ? { education: seed.education } : {}),
      ...(seed.incomeBracket ? { incomeBracket: seed.incomeBracket } : {}),
      ...(seed.household ? { household: seed.household } : {}),
      ...(seed.languages ? { languages: seed.languages } : {}),
      ...(seed.interests ? { interests: seed.interests } : {}),
      ...(seed.personality ? { personality: seed.personality } : {}),
    },
    now: opts.now.toISOString(),
    seedNumber: hashSeed(seed),
  };
  const { object, result } = await llm.generateObject(
    {
      model: opts.model,
      system: INSTRUCTIONS,
      messages: [{ role: "user", content: `Seed:\n${JSON.stringify(context.seed, null, 2)}\nNow: ${context.now}` }],
      temperature: 0.9,
      simulator: context,
      ...(opts.abortSignal ? { abortSignal: opts.abortSignal } : {}),
    },
    PersonaProfileSchema,
  );
  return { profile: reconcileWithSeed(object, seed, opts.now), result };
}

export function reconcileWithSeed(profile: PersonaProfile, seed: Seed, now: Date): PersonaProfile {
  const personality = { ...profile.personality, ...seed.personality };
  const seen = new Set<string>();
  const interests = [...(seed.interests ?? []), ...profile.interests]
    .filter((i) => {
      const k = i.toLowerCase();
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    })
    .slice(0, 15);
  const birth = new Date(now);
  birth.setUTCFullYear(now.getUTCFullYear() - seed.age);
  const earliest = new Date(birth);
  earliest.setUTCFullYear(birth.getUTCFullYear() + Math.min(6, seed.age));
  let eventAt = new Date(profile.initialMemory.eventAt);
  if (Number.isNaN(eventAt.getTime()) || eventAt > now) eventAt = now;
  if (eventAt < earliest) eventAt = earliest;
  return {
    ...profile,
    personality,
    interests,
    initialMemory: { ...profile.initialMemory, eventAt: eventAt.toISOString() },
  };
}
