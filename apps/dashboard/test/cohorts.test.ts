import { describe, expect, it } from "vitest";
import {
  criteriaToForm,
  describeCriteria,
  emptyForm,
  formToCriteria,
  parseAttributes,
  splitList,
} from "../src/lib/cohorts.ts";

describe("cohort builder", () => {
  it("sends only what was filled in", () => {
    expect(formToCriteria(emptyForm())).toEqual({ ok: true, criteria: {} });
    const f = emptyForm();
    f.minAge = "41";
    f.lists.occupations = "nurse, nurse practitioner";
    f.attributes = 'census_region = Midwest\nurban_rural = [urban, suburban]\nkids = 2\nowner = true\ncode = "2"';
    f.traits.openness.min = "0.6";
    expect(formToCriteria(f)).toEqual({
      ok: true,
      criteria: {
        minAge: 41,
        occupations: ["nurse", "nurse practitioner"],
        attributes: { census_region: "Midwest", urban_rural: ["urban", "suburban"], kids: 2, owner: true, code: "2" },
        traits: { openness: { min: 0.6 } },
      },
    });
  });

  it("refuses what the API would refuse", () => {
    const f = emptyForm();
    f.minAge = "50";
    f.maxAge = "40";
    expect(formToCriteria(f)).toMatchObject({ ok: false, error: expect.stringContaining("Minimum age") });
    const g = emptyForm();
    g.maxAge = "130";
    expect(formToCriteria(g).ok).toBe(false);
    const h = emptyForm();
    h.traits.neuroticism.max = "2";
    expect(formToCriteria(h)).toMatchObject({ ok: false, error: expect.stringContaining("neuroticism") });
    expect(parseAttributes("just words")).toMatchObject({ ok: false, error: expect.stringContaining("line 1") });
    expect(parseAttributes("a =")).toMatchObject({ ok: false });
  });

  it("round-trips criteria through the form", () => {
    const c = {
      minAge: 18,
      maxAge: 64,
      locations: ["Ohio"],
      languages: ["Spanish", "English"],
      attributes: { region: ["Midwest", "South"], n: 3 },
      traits: { extraversion: { min: 0.2, max: 0.8 } },
    };
    expect(formToCriteria(criteriaToForm(c))).toEqual({ ok: true, criteria: c });
  });

  it("describes criteria in words", () => {
    expect(
      describeCriteria({
        minAge: 41,
        occupations: ["nurse"],
        attributes: { census_region: "Midwest" },
        traits: { openness: { min: 0.7 } },
      }),
    ).toEqual(["age ≥ 41", "occupation contains nurse", "census_region = Midwest", "openness ≥ 0.7"]);
    expect(describeCriteria({ minAge: 20, maxAge: 30, genders: ["female", "male"] })).toEqual([
      "age 20–30",
      "gender is female or male",
    ]);
    expect(splitList(" a,\nb ,, ")).toEqual(["a", "b"]);
  });
});
