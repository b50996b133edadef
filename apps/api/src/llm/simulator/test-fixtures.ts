import type { BigFive, PersonaProfile } from "../profile.ts";
import { simulateProfile } from "./profile.ts";
import type { MemoryType, SimAnswerContext, SimMemory, SimPersona, SimProfileContext } from "./types.ts";

/** Builders shared by the simulator's tests. */

export const NOW = "2026-01-15T10:00:00.000Z";

export interface PersonaSeed {
  firstName: string;
  lastName: string;
  age: number;
  location: string;
  baseOccupation: string;
  incomeBracket?: string;
  household?: string;
  gender?: string;
  education?: string;
  personality?: Partial<BigFive>;
}

export function makePersona(
  id: string,
  seed: PersonaSeed,
  style?: Partial<PersonaProfile["communicationStyle"]>,
): SimPersona {
  const generated = simulateProfile({ task: "profile", seed, now: NOW, seedNumber: 0 });
  const profile = { ...generated, communicationStyle: { ...generated.communicationStyle, ...style } };
  return {
    id,
    firstName: seed.firstName,
    lastName: seed.lastName,
    age: seed.age,
    location: seed.location,
    baseOccupation: seed.baseOccupation,
    gender: seed.gender ?? null,
    education: seed.education ?? null,
    incomeBracket: seed.incomeBracket ?? null,
    household: seed.household ?? null,
    languages: [],
    interests: [],
    attributes: {},
    profile,
  };
}

export const ARIA = makePersona("persona-aria", {
  firstName: "Aria",
  lastName: "Chen",
  age: 32,
  location: "San Francisco",
  baseOccupation: "Product Designer",
  gender: "female",
});

export const WALTER = makePersona("persona-walter", {
  firstName: "Walter",
  lastName: "Briggs",
  age: 71,
  location: "Dayton, Ohio",
  baseOccupation: "Retired",
  incomeBracket: "$25k-50k",
  household: "lives with his wife Ruth",
});

export function ask(persona: SimPersona, userPrompt: string, extra: Partial<SimAnswerContext> = {}): SimAnswerContext {
  return { task: "answer", persona, memories: [], history: [], userPrompt, seed: 1, pressure: 0, ...extra };
}

export function memory(memoryType: MemoryType, facts: string, extra: Partial<SimMemory> = {}): SimMemory {
  return {
    id: `memory-${memoryType}`,
    eventAt: "2015-05-01T00:00:00.000Z",
    eventLabel: facts.split(" ").slice(0, 4).join(" "),
    facts,
    feelings: "Mixed",
    interpretation: "It stayed with me.",
    emotionTags: [],
    memoryType,
    effectiveStrength: 60,
    reason: "relevant",
    relevance: 0.7,
    ...extra,
  };
}

const FIRST = [
  "Ana",
  "Ben",
  "Chloe",
  "Dev",
  "Elena",
  "Farid",
  "Grace",
  "Hiro",
  "Ines",
  "Jamal",
  "Kate",
  "Luis",
  "Mei",
  "Noah",
];
const LAST = ["Okafor", "Patel", "Quinn", "Rossi", "Smith", "Tanaka", "Usman", "Vega", "Wang", "Young", "Zimmer"];

/** `count` personas from a deterministic spread of names, with the given age range and seed overrides. */
export function cohort(
  label: string,
  count: number,
  ages: readonly [number, number],
  extra: Partial<SimProfileContext["seed"]> = {},
): SimPersona[] {
  return Array.from({ length: count }, (_, i) =>
    makePersona(`${label}-${i}`, {
      firstName: FIRST[i % FIRST.length]!,
      lastName: LAST[(i * 7) % LAST.length]!,
      age: ages[0] + (i % (ages[1] - ages[0] + 1)),
      location: "Columbus, Ohio",
      baseOccupation: ["teacher", "nurse", "accountant", "sales associate", "electrician"][i % 5]!,
      ...extra,
    }),
  );
}

export function mean(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0) / values.length;
}
