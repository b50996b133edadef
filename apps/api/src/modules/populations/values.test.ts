import { describe, expect, it } from "vitest";
import { UuidSchema } from "../../shared/schemas.ts";
import { drawSeeds } from "./draw.ts";
import { memberPersonaId, reportOf } from "./generate.ts";
import { resolveTargets } from "./targets.ts";
import { ageBandOf, valuesOf } from "./values.ts";

describe("valuesOf", () => {
  it("maps any persona's fields to the preset's categories, never guessing", () => {
    expect(
      valuesOf({
        age: 47,
        gender: "Female",
        education: "bachelors",
        incomeBracket: "$100k-$150k",
        attributes: { census_region: "West", urban_rural: "rural", employment_status: "retired" },
      }),
    ).toEqual({
      sex: "female",
      age_band: "45-54",
      education: "bachelors",
      household_income: undefined,
      census_region: "West",
      urban_rural: "rural",
      employment_status: undefined,
    });
    expect(valuesOf({ age: 30, gender: null, education: null, incomeBracket: "150k+", attributes: {} })).toMatchObject({
      sex: undefined,
      household_income: "150k+",
    });
  });

  it("bands ages at their edges", () => {
    expect([17, 18, 24, 25, 64, 65, 74, 75, 99].map(ageBandOf)).toEqual([
      undefined,
      "18-24",
      "18-24",
      "25-34",
      "55-64",
      "65-74",
      "65-74",
      "75+",
      "75+",
    ]);
  });
});

describe("generated members", () => {
  it("have stable, valid, distinct persona ids per population and index", () => {
    const a = memberPersonaId("01a23168-2993-799f-b9b3-71629163b992", 0);
    expect(UuidSchema.safeParse(a).success).toBe(true);
    expect(memberPersonaId("01a23168-2993-799f-b9b3-71629163b992", 0)).toBe(a);
    expect(memberPersonaId("01a23168-2993-799f-b9b3-71629163b992", 1)).not.toBe(a);
    expect(memberPersonaId("01a23168-2993-799f-b9b3-71629163b993", 0)).not.toBe(a);
  });

  it("are raked to custom targets, which keep the preset for the variables not named", () => {
    const targets = resolveTargets({ sex: { male: 0.2, female: 0.8 } });
    expect(targets.marginals.sex).toEqual({ male: 0.2, female: 0.8 });
    expect(targets.marginals.census_region).toEqual(resolveTargets("us-adults").marginals.census_region);
    const draws = drawSeeds(500, 3, targets.preset);
    const ids = draws.map((_, i) => memberPersonaId("01a23168-2993-799f-b9b3-71629163b992", i));
    const report = reportOf(draws, ids, targets.marginals, new Map());
    expect(report.fit.maxDeviation).toBeLessThanOrEqual(0.02);
    expect(report.fit.weightedMaxDeviation).toBeLessThanOrEqual(0.001);
    expect(report.members.reduce((t, m) => t + m.weight, 0)).toBeCloseTo(500, 6);
  });
});
