import { describe, expect, it } from "vitest";
import { PersonaProfileSchema } from "../profile.ts";
import { simulateProfile } from "./index.ts";
import { createRng } from "./rng.ts";
import { mean, NOW } from "./test-fixtures.ts";
import type { SimProfileContext } from "./types.ts";

const OCCUPATIONS = [
  "Product Designer",
  "Accountant",
  "Astronaut",
  "Unemployed",
  "Retired",
  "Student",
  "Registered Nurse",
  "Software Engineer",
  "Barista",
  "Beekeeper",
  "Wind Turbine Technician",
  "CEO of a 3-person startup",
  "x",
];
const PLACES = ["San Francisco", "Lagos, Nigeria", "Tromsø", "a small town in Iowa", "São Paulo", "?"];
const EDGE_AGES = [0, 1, 5, 6, 7, 15, 16, 17, 18, 19, 22, 64, 65, 99, 119, 120];

function ctx(seed: Partial<SimProfileContext["seed"]>, extra: Partial<SimProfileContext> = {}): SimProfileContext {
  return {
    task: "profile",
    seed: {
      firstName: "Aria",
      lastName: "Chen",
      age: 32,
      location: "San Francisco",
      baseOccupation: "Product Designer",
      ...seed,
    },
    now: NOW,
    seedNumber: 0,
    ...extra,
  };
}

const YEAR = 365.25 * 24 * 3600 * 1000;

describe("simulateProfile", () => {
  it("passes the profile schema for 200 varied seeds and keeps its dates coherent", () => {
    const rng = createRng("profile-test");
    for (let i = 0; i < 200; i++) {
      const age = i < EDGE_AGES.length ? EDGE_AGES[i]! : rng.int(0, 120);
      const location = rng.pick(PLACES);
      const input = ctx(
        {
          firstName: rng.pick(["Aria", "Bo", "Zoë", "Jean-Luc", "李"]),
          lastName: rng.pick(["Chen", "O'Neil", "Smith-Jones", "Ng"]),
          age,
          location,
          baseOccupation: rng.pick(OCCUPATIONS),
          ...(rng.chance(0.5) ? { interests: ["chess", " ", "a".repeat(150)], languages: ["English", "Yoruba"] } : {}),
          ...(rng.chance(0.3)
            ? { gender: rng.pick(["female", "male", "non-binary"]), education: "Bachelor's degree" }
            : {}),
        },
        { seedNumber: i },
      );
      const profile = PersonaProfileSchema.parse(simulateProfile(input));
      expect(profile.backstory).toContain(location);
      const eventAt = Date.parse(profile.initialMemory.eventAt);
      expect(eventAt).toBeLessThanOrEqual(Date.parse(NOW));
      // From age 6 on (from birth for the very young), with a day's slack for calendar years.
      const earliest = Date.parse(NOW) - (age >= 6 ? age - 6 : age) * YEAR - 24 * 3600 * 1000;
      expect(eventAt).toBeGreaterThanOrEqual(earliest);
      const years = /for (\d+) years/.exec(profile.backstory)?.[1];
      if (years) expect(Number(years)).toBeLessThanOrEqual(age - 16);
    }
  });

  it("is deterministic for a seed and seed number", () => {
    expect(simulateProfile(ctx({}))).toEqual(simulateProfile(ctx({})));
    expect(simulateProfile(ctx({}, { seedNumber: 1 }))).not.toEqual(simulateProfile(ctx({}, { seedNumber: 2 })));
  });

  it("lets seed personality overrides win exactly", () => {
    const personality = { openness: 0.123, neuroticism: 0 };
    const profile = simulateProfile(ctx({ personality }));
    expect(profile.personality.openness).toBe(0.123);
    expect(profile.personality.neuroticism).toBe(0);
  });

  it("keeps seed interests first", () => {
    expect(simulateProfile(ctx({ interests: ["salsa dancing", "chess"] })).interests.slice(0, 2)).toEqual([
      "salsa dancing",
      "chess",
    ]);
  });

  it("writes backstories coherent with age and occupation", () => {
    const student = simulateProfile(ctx({ age: 19, baseOccupation: "Student", location: "Austin" }));
    expect(student.backstory).not.toMatch(/decade/);
    expect(student.backstory).toMatch(/student/);
    expect(student.backstory).toContain("Austin");
    const retiree = simulateProfile(ctx({ age: 70, baseOccupation: "Retired", location: "Tampa" }));
    expect(retiree.backstory).toMatch(/retired/);
    const veteran = simulateProfile(ctx({ age: 62, baseOccupation: "Electrician", education: "High school" }));
    expect(veteran.backstory).toMatch(/decades working as an electrician/);
    expect(veteran.backstory).toContain("San Francisco");
  });

  it("derives domain knowledge from the occupation, including unlisted ones", () => {
    expect(simulateProfile(ctx({ baseOccupation: "Accountant" })).domainKnowledge.join(" ")).toMatch(/tax/);
    expect(simulateProfile(ctx({ baseOccupation: "Astronaut" })).domainKnowledge.join(" ")).toMatch(/astronaut/);
  });

  it("nudges traits by occupation", () => {
    const names = Array.from({ length: 60 }, (_, i) => ({ firstName: `Name${i}`, lastName: `Family${i % 7}` }));
    const trait = (occupation: string, key: "openness" | "conscientiousness" | "extraversion" | "agreeableness") =>
      mean(names.map((n) => simulateProfile(ctx({ ...n, baseOccupation: occupation })).personality[key]));
    expect(trait("Illustrator", "openness")).toBeGreaterThan(trait("Accountant", "openness") + 0.1);
    expect(trait("Accountant", "conscientiousness")).toBeGreaterThan(trait("Illustrator", "conscientiousness") + 0.1);
    expect(trait("Sales Representative", "extraversion")).toBeGreaterThan(
      trait("Software Engineer", "extraversion") + 0.1,
    );
    expect(trait("Social Worker", "agreeableness")).toBeGreaterThan(trait("Police Officer", "agreeableness") + 0.1);
  });
});

describe("backstory and initial memory agree", () => {
  it("uses one career start age for the years worked and the first-job memory", () => {
    let compared = 0;
    for (let i = 0; i < 50; i++) {
      const p = simulateProfile({
        task: "profile",
        seed: {
          firstName: `P${i}`,
          lastName: "Q",
          age: 30 + (i % 30),
          location: "Leeds",
          baseOccupation: "Product designer",
        },
        now: "2026-11-28T00:00:00.000Z",
        seedNumber: i,
      });
      const started = /at (\d+), nervous/.exec(p.initialMemory.facts)?.[1];
      const years = /for (\d+) years/.exec(p.backstory)?.[1];
      if (started && years) {
        expect(Number(started) + Number(years)).toBe(30 + (i % 30));
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(3);
  });
});
