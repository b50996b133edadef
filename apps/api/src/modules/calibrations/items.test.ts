import { describe, expect, it } from "vitest";
import { QuestionSchema } from "../../shared/output-formats.ts";
import { GSS_2024_ITEMS } from "./data/gss-2024.ts";
import { calibrationItemOf, GSS_2024_ITEM_IDS, gssAgeGroupOf, gssItem, gssSexOf, skillQuestionOf } from "./items.ts";
import { totalVariation } from "./scoring.ts";

describe("GSS items as skill questions and calibration items", () => {
  it("every item is a valid single-choice question over the GSS categories", () => {
    for (const item of GSS_2024_ITEMS) {
      const q = skillQuestionOf(item);
      expect(QuestionSchema.parse(q)).toEqual(q);
      expect(q).toEqual({
        id: item.id,
        text: item.text,
        outputFormat: { type: "single_choice", options: item.options },
      });
    }
  });

  it("keys each real distribution by category, in the GSS order", () => {
    const happy = calibrationItemOf(gssItem("HAPPY")!);
    expect(happy.categories).toEqual(["Very happy", "Pretty happy", "Not too happy"]);
    expect(happy.overall).toEqual({ "Very happy": 0.2362, "Pretty happy": 0.558, "Not too happy": 0.2059 });
    expect(Object.keys(happy.byAgeGroup)).toEqual(["18-29", "30-44", "45-64", "65+"]);
    expect(happy.bySex.male).toEqual({ "Very happy": 0.2336, "Pretty happy": 0.5471, "Not too happy": 0.2193 });
    // Every distribution is a valid pair with the overall one.
    for (const item of GSS_2024_ITEMS.map(calibrationItemOf)) {
      for (const d of [...Object.values(item.byAgeGroup), ...Object.values(item.bySex)]) {
        expect(totalVariation(item.overall, d)).toBeLessThan(1);
      }
    }
    expect(GSS_2024_ITEM_IDS).toHaveLength(30);
    expect(gssItem("NOPE")).toBeUndefined();
  });

  it("maps a persona's age and sex to the GSS subgroups", () => {
    expect([17, 18, 29, 29.9, 30, 44, 45, 64, 65, 101].map(gssAgeGroupOf)).toEqual([
      null,
      "18-29",
      "18-29",
      "18-29",
      "30-44",
      "30-44",
      "45-64",
      "45-64",
      "65+",
      "65+",
    ]);
    expect(gssAgeGroupOf(null)).toBeNull();
    expect(gssAgeGroupOf(Number.NaN)).toBeNull();
    expect(["male", "Female", "men", "women", "nonbinary", null, undefined].map(gssSexOf)).toEqual([
      "male",
      "female",
      "male",
      "female",
      null,
      null,
      null,
    ]);
  });
});
