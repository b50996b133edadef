import { describe, expect, it } from "vitest";
import { answersByItem, categoryOf, reportOf } from "./answers.ts";
import { resolveItems } from "./service.ts";

describe("categoryOf", () => {
  it("is the label of a valid single-choice answer, null for invalid, other or malformed ones", () => {
    expect(categoryOf({ valid: true, parsed: { label: "Very happy", index: 0 } })).toBe("Very happy");
    expect(categoryOf({ valid: false, parsed: { label: "Very happy", index: 0 } })).toBeNull();
    expect(categoryOf({ valid: true, parsed: { label: "Ecstatic", index: null, other: true } })).toBeNull();
    expect(categoryOf({ valid: true, parsed: null })).toBeNull();
    expect(categoryOf({ valid: true, parsed: "Very happy" })).toBeNull();
    expect(categoryOf({ valid: true, parsed: { index: 1 } })).toBeNull();
  });
});

describe("answersByItem", () => {
  const personaOfTask = new Map([
    ["t1", "p1"],
    ["t2", "p2"],
    ["t3", "gone"],
  ]);
  const personas = new Map([
    ["p1", { age: 25, gender: "female" }],
    ["p2", { age: 70, gender: "nonbinary" }],
  ]);

  it("maps each result to its item with the persona's GSS age group and sex (null when unknown or gone)", () => {
    const answers = answersByItem(
      ["HAPPY", "TRUST"],
      [
        { taskId: "t1", questionId: "HAPPY", valid: true, parsed: { label: "Pretty happy", index: 1 } },
        { taskId: "t2", questionId: "HAPPY", valid: false, parsed: null },
        { taskId: "t3", questionId: "HAPPY", valid: true, parsed: { label: "Very happy", index: 0 } },
        { taskId: "t1", questionId: "NOT_ASKED", valid: true, parsed: { label: "x", index: 0 } },
      ],
      personaOfTask,
      personas,
    );
    expect([...answers.keys()]).toEqual(["HAPPY", "TRUST"]);
    expect(answers.get("HAPPY")).toEqual([
      { category: "Pretty happy", ageGroup: "18-29", sex: "female" },
      { category: null, ageGroup: "65+", sex: null },
      { category: "Very happy", ageGroup: null, sex: null },
    ]);
    expect(answers.get("TRUST")).toEqual([]);
  });

  it("feeds scoring: counts, invalid answers and subgroup cells come out of the report", () => {
    const results = [
      { taskId: "t1", questionId: "HAPPY", valid: true, parsed: { label: "Pretty happy", index: 1 } },
      { taskId: "t2", questionId: "HAPPY", valid: true, parsed: { label: "Not too happy", index: 2 } },
      { taskId: "t3", questionId: "HAPPY", valid: false, parsed: null },
    ];
    const report = reportOf(["HAPPY"], answersByItem(["HAPPY"], results, personaOfTask, personas));
    const happy = report.items[0]!;
    expect(happy).toMatchObject({ id: "HAPPY", n: 2, invalid: 1, lowN: true });
    expect(happy.distribution).toEqual({ "Very happy": 0, "Pretty happy": 0.5, "Not too happy": 0.5 });
    const cell = (dimension: string, group: string) =>
      happy.subgroups.find((g) => g.dimension === dimension && g.group === group)?.n;
    expect([cell("age_group", "18-29"), cell("age_group", "65+"), cell("sex", "female"), cell("sex", "male")]).toEqual([
      1, 1, 1, 0,
    ]);
  });
});

describe("resolveItems", () => {
  it("takes every item for gss-2024 or nothing, and named ids case-insensitively in the GSS order", () => {
    expect(resolveItems(undefined).ids).toHaveLength(30);
    expect(resolveItems("gss-2024")).toMatchObject({ itemSet: "gss-2024" });
    expect(resolveItems(["trust", " HAPPY "])).toEqual({ ids: ["HAPPY", "TRUST"], itemSet: null });
  });

  it("names every unknown id, and a repeated one, in a 400", () => {
    expect(() => resolveItems(["HAPPY", "NOPE", "ALSO_NOPE"])).toThrowError(/NOPE, ALSO_NOPE/);
    try {
      resolveItems(["HAPPY", "happy"]);
      expect.unreachable();
    } catch (err) {
      expect(err).toMatchObject({
        status: 400,
        details: [{ path: "items.1", message: 'item "HAPPY" is named twice' }],
      });
    }
  });
});
