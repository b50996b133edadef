import { describe, expect, it } from "vitest";
import { calibrate, conditionalsOf } from "./conditionals.ts";
import { balance, drawSeeds, largestRemainder, type PersonaSeedDraw } from "./draw.ts";
import { PRESET_VARIABLES, type Preset, type PresetVariable } from "./preset.ts";
import { US_ADULTS } from "./presets/us-adults.ts";

/** Census regions by state (the Census Bureau's four regions), written here to check the place tables. */
const REGION_OF_STATE: Record<string, string> = {};
const STATES_BY_REGION = {
  Northeast: "CT ME MA NH RI VT NJ NY PA",
  Midwest: "IL IN MI OH WI IA KS MN MO NE ND SD",
  South: "DE DC FL GA MD NC SC VA WV AL KY MS TN AR LA OK TX",
  West: "AZ CO ID MT NV NM UT WY AK CA HI OR WA",
};
for (const [region, states] of Object.entries(STATES_BY_REGION)) {
  for (const state of states.split(" ")) REGION_OF_STATE[state] = region;
}

/** The band an age falls in, from the band labels alone ("18-24", "75+"). */
function bandOfAge(age: number, bands: readonly string[]): string | undefined {
  return bands.find((band) => {
    const [low, high] = band.endsWith("+") ? [Number(band.slice(0, -1)), Infinity] : band.split("-").map(Number);
    return age >= low! && age <= high!;
  });
}

/** Every category's share of the sample minus its target share (targets as published, not rescaled). */
function deviations(draws: readonly PersonaSeedDraw[], preset: Preset) {
  const out: { variable: string; category: string; deviation: number }[] = [];
  for (const variable of Object.keys(PRESET_VARIABLES) as PresetVariable[]) {
    const shares: Record<string, number> = preset.marginals[variable].shares;
    for (const [category, target] of Object.entries(shares)) {
      const count = draws.filter((d) => d.values[variable] === category).length;
      out.push({ variable, category, deviation: count / draws.length - target });
    }
  }
  return out;
}

function expectWithinOnePoint(draws: readonly PersonaSeedDraw[], preset: Preset) {
  const off = deviations(draws, preset).filter((d) => Math.abs(d.deviation) > 0.01);
  expect(off).toEqual([]);
}

function expectWellFormed(draws: readonly PersonaSeedDraw[], preset: Preset) {
  const { supporting } = preset;
  for (const d of draws) {
    expect(bandOfAge(d.age, PRESET_VARIABLES.age_band)).toBe(d.values.age_band);
    expect(d.gender).toBe(d.values.sex);
    expect(d.education).toBe(d.values.education);
    expect(d.incomeBracket).toBe(d.values.household_income);
    expect(d.employment).toBe(d.values.employment_status);
    expect(d.region).toBe(d.values.census_region);
    expect(d.firstName).toMatch(/^[A-Z][a-z]+$/);
    const decade = Math.min(2000, Math.max(1940, 2022 - d.age - ((2022 - d.age) % 10)));
    expect(supporting.firstNames[d.gender][`${decade}s` as "1940s"]).toContain(d.firstName);
    expect(supporting.lastNames).toContain(d.lastName);
    const [, city, state] = /^([A-Z][A-Za-z.' -]+), ([A-Z]{2})$/.exec(d.location) ?? [];
    expect(REGION_OF_STATE[state ?? ""]).toBe(d.region);
    const places = supporting.places[d.region][d.values.urban_rural];
    expect(places.some((p) => p.city === city && p.state === state)).toBe(true);
    expect(d.languages[0]).toBe("English");
    expect(d.baseOccupation.length).toBeGreaterThan(0);
    if (d.baseOccupation.startsWith("retired ")) expect(d.age).toBeGreaterThanOrEqual(62);
  }
}

describe("drawSeeds", () => {
  it("gives the same seeds for the same seed, other seeds for another", () => {
    const first = drawSeeds(300, 42);
    expect(drawSeeds(300, 42)).toEqual(first);
    const other = drawSeeds(300, 43);
    expect(other).not.toEqual(first);
    expect(drawSeeds(300, 2 ** 32 + 42)).not.toEqual(first);
  });

  it.each([1, 2, 3])("meets every marginal within 1 point at n = 1,000 (seed %i)", (seed) => {
    const draws = drawSeeds(1000, seed);
    expect(draws).toHaveLength(1000);
    expectWithinOnePoint(draws, US_ADULTS);
    expectWellFormed(draws, US_ADULTS);
  });

  it("meets every marginal within 1 point at n = 10,000, well formed", () => {
    const draws = drawSeeds(10_000, 2026);
    expect(draws).toHaveLength(10_000);
    expectWithinOnePoint(draws, US_ADULTS);
    expectWellFormed(draws, US_ADULTS);
    // Variety: the place, name and occupation tables are all used.
    expect(new Set(draws.map((d) => d.location)).size).toBeGreaterThan(100);
    expect(new Set(draws.map((d) => d.firstName)).size).toBeGreaterThan(80);
    expect(draws.some((d) => d.languages.includes("Spanish"))).toBe(true);
  });

  it("keeps the dependence the joint tables and shifts describe", () => {
    const draws = drawSeeds(10_000, 7);
    const share = (pick: (d: PersonaSeedDraw) => boolean, where: (d: PersonaSeedDraw) => boolean) => {
      const group = draws.filter(where);
      return group.filter(pick).length / group.length;
    };
    const degree = (d: PersonaSeedDraw) => d.education === "bachelors" || d.education === "graduate_or_professional";
    expect(share(degree, (d) => d.values.age_band === "25-34")).toBeGreaterThan(
      share(degree, (d) => d.values.age_band === "18-24") + 0.1,
    );
    const employed = (d: PersonaSeedDraw) => d.employment === "employed";
    expect(share(employed, (d) => d.values.age_band === "75+")).toBeLessThan(
      share(employed, (d) => d.values.age_band === "35-44") - 0.4,
    );
    const rich = (d: PersonaSeedDraw) => d.incomeBracket === "150k+";
    expect(share(rich, (d) => d.education === "graduate_or_professional")).toBeGreaterThan(
      share(rich, (d) => d.education === "less_than_high_school") + 0.2,
    );
  });

  it("follows custom marginals (a preset with other shares)", () => {
    const custom: Preset = {
      ...US_ADULTS,
      marginals: {
        ...US_ADULTS.marginals,
        census_region: {
          ...US_ADULTS.marginals.census_region,
          shares: { Northeast: 0.4, Midwest: 0.1, South: 0.2, West: 0.3 },
        },
        age_band: {
          ...US_ADULTS.marginals.age_band,
          shares: { "18-24": 0.3, "25-34": 0.3, "35-44": 0.1, "45-54": 0.1, "55-64": 0.1, "65-74": 0.05, "75+": 0.05 },
        },
        sex: { ...US_ADULTS.marginals.sex, shares: { male: 0.6, female: 0.4 } },
      },
    };
    const draws = drawSeeds(1000, 11, custom);
    expectWithinOnePoint(draws, custom);
    expectWellFormed(draws, custom);
  });

  it("returns nothing for n = 0 and refuses a bad n or seed", () => {
    expect(drawSeeds(0, 1)).toEqual([]);
    expect(() => drawSeeds(-1, 1)).toThrow(RangeError);
    expect(() => drawSeeds(2.5, 1)).toThrow(RangeError);
    expect(() => drawSeeds(10, 0.5)).toThrow(RangeError);
  });
});

describe("balance", () => {
  it("re-draws a skewed sample until every marginal is within 1 point, without touching its input", () => {
    // A sample drawn consistently, but from far-off targets: 90% men, 85% South, nobody rural.
    const { marginals } = US_ADULTS;
    const far: Preset = {
      ...US_ADULTS,
      marginals: {
        ...marginals,
        sex: { ...marginals.sex, shares: { male: 0.9, female: 0.1 } },
        census_region: {
          ...marginals.census_region,
          shares: { Northeast: 0.05, Midwest: 0.05, South: 0.85, West: 0.05 },
        },
        urban_rural: { ...marginals.urban_rural, shares: { urban: 1, rural: 0 } },
      },
    };
    const skewed = drawSeeds(1200, 9, far);
    expect(deviations(skewed, US_ADULTS).some((d) => Math.abs(d.deviation) > 0.3)).toBe(true);
    const before = structuredClone(skewed);
    const balanced = balance(skewed, US_ADULTS, 9);
    expect(skewed).toEqual(before);
    expect(balanced).toHaveLength(1200);
    expectWithinOnePoint(balanced, US_ADULTS);
    expectWellFormed(balanced, US_ADULTS);
    // Same seed, same result.
    expect(balance(skewed, US_ADULTS, 9)).toEqual(balanced);
  });
});

describe("largestRemainder", () => {
  it("allocates n exactly, each count within 1 of n × share, ties to the earlier category", () => {
    expect(largestRemainder(10, [0.55, 0.25, 0.2])).toEqual([6, 2, 2]);
    expect(largestRemainder(7, [1, 1, 1])).toEqual([3, 2, 2]);
    const shares = [0.1201, 0.1744, 0.1675, 0.155, 0.1613, 0.1295, 0.092];
    const counts = largestRemainder(1001, shares);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(1001);
    const total = shares.reduce((a, b) => a + b, 0);
    counts.forEach((c, i) => {
      expect(Math.abs(c - (1001 * shares[i]!) / total)).toBeLessThan(1);
    });
  });
});

describe("conditionals", () => {
  it("calibrate meets the target and keeps each cell's odds ratio", () => {
    const [a, b] = calibrate(
      [
        { weight: 0.5, base: [1, 1] },
        { weight: 0.5, base: [1, 3] },
      ],
      [0.4, 0.6],
    );
    expect(0.5 * a![0]! + 0.5 * b![0]!).toBeCloseTo(0.4, 9);
    expect(a![0]! + a![1]!).toBeCloseTo(1, 12);
    // Odds of the second category are 3× higher in the second cell, before and after.
    expect(b![1]! / b![0]! / (a![1]! / a![0]!)).toBeCloseTo(3, 9);
  });

  it("imply every preset marginal in expectation, so the draw is unbiased before balancing", () => {
    const { ageSex, education, employment, income } = conditionalsOf(US_ADULTS);
    const { marginals } = US_ADULTS;
    const total = (shares: Record<string, number>) => Object.values(shares).reduce((x, y) => x + y, 0);
    const educationTarget = total(marginals.education.shares);
    PRESET_VARIABLES.education.forEach((level, k) => {
      const implied = ageSex.reduce((acc, c) => acc + c.share * education[c.band][c.sex][k]!, 0);
      expect(implied).toBeCloseTo(marginals.education.shares[level] / educationTarget, 9);
    });
    const joint = (k: number, table: typeof employment) =>
      ageSex.reduce(
        (acc, c) =>
          acc +
          c.share *
            PRESET_VARIABLES.education.reduce(
              (s, _, e) => s + education[c.band][c.sex][e]! * table[c.band][PRESET_VARIABLES.education[e]!][k]!,
              0,
            ),
        0,
      );
    PRESET_VARIABLES.employment_status.forEach((status, k) => {
      expect(joint(k, employment)).toBeCloseTo(
        marginals.employment_status.shares[status] / total(marginals.employment_status.shares),
        9,
      );
    });
    PRESET_VARIABLES.household_income.forEach((bracket, k) => {
      expect(joint(k, income)).toBeCloseTo(
        marginals.household_income.shares[bracket] / total(marginals.household_income.shares),
        9,
      );
    });
  });
});

describe("distinct members", () => {
  it("no two members of a draw share first name, last name, age and place; marginals unchanged", () => {
    const draws = drawSeeds(10_000, 7);
    const keys = new Set(draws.map((m) => `${m.firstName}|${m.lastName}|${m.age}|${m.location}`.toLowerCase()));
    expect(keys.size).toBe(draws.length);
    for (const d of deviations(draws, US_ADULTS)) expect(Math.abs(d.deviation)).toBeLessThanOrEqual(0.001);
  });
});
