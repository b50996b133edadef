import { describe, expect, it } from "vitest";
import type { Evaluation, Question, Rule } from "../../shared/output-formats.ts";
import { type AnswerResult, combineScores, scoreRule } from "./index.ts";

/** Unit tests of rule scoring and of combining criterion scores. */

const questions: Question[] = [
  { id: "appeal", text: "Appeal?", outputFormat: { type: "likert", scale: 7, reverse: true } },
  { id: "price", text: "Price?", outputFormat: { type: "numeric", min: 0 } },
  { id: "why", text: "Why?", outputFormat: { type: "text" } },
];
const skill = { questions };
const results: AnswerResult[] = [
  { questionId: "appeal", raw: "2 - cluttered", parsed: 2, valid: true },
  { questionId: "price", raw: "about $15", parsed: 15, valid: true },
  { questionId: "why", raw: "The Price is fair, but support is priceless.", parsed: "x", valid: true },
];
const score = (rule: Rule, r: AnswerResult[] = results) => scoreRule(rule, skill, r);

describe("scoreRule", () => {
  it("format_valid: the share of targeted questions with a valid answer (a missing one counts as invalid)", () => {
    expect(score({ type: "format_valid" })).toBe(1);
    expect(score({ type: "format_valid" }, results.slice(0, 2))).toBe(0.6667);
    const broken = [{ ...results[0], valid: false, parsed: null } as AnswerResult, ...results.slice(1)];
    expect(score({ type: "format_valid", questionId: "appeal" }, broken)).toBe(0);
  });

  it("must_mention: the share of terms found, case-insensitive, on word boundaries", () => {
    expect(score({ type: "must_mention", questionId: "why", value: "price" })).toBe(1);
    expect(score({ type: "must_mention", questionId: "why", value: ["price", "value", "support", "less"] })).toBe(0.5);
    expect(score({ type: "must_mention", value: "$15" })).toBe(1);
    expect(score({ type: "must_mention", value: "support is" })).toBe(1);
  });

  it("must_not_mention: one minus the share of terms found", () => {
    expect(score({ type: "must_not_mention", value: ["cheap", "scam"] })).toBe(1);
    expect(score({ type: "must_not_mention", value: ["fair", "scam"] })).toBe(0.5);
  });

  it("length: the share of targeted answers within the word bounds", () => {
    expect(score({ type: "length", questionId: "why", value: { minWords: 5 } })).toBe(1);
    expect(score({ type: "length", value: { maxWords: 2 } })).toBe(0.6667);
  });

  it("range: numeric as parsed, likert as scored (reverse-keyed flipped), invalid answers out of range", () => {
    // appeal 2 on a reversed 7-point scale scores 6.
    expect(score({ type: "range", questionId: "appeal", value: { min: 5 } })).toBe(1);
    expect(score({ type: "range", questionId: "price", value: { max: 10 } })).toBe(0);
    expect(score({ type: "range", value: { min: 6, max: 20 } })).toBe(1);
    const invalid = [{ ...results[1], valid: false } as AnswerResult];
    expect(score({ type: "range", questionId: "price", value: { max: 100 } }, invalid)).toBe(0);
  });
});

describe("combineScores", () => {
  const evaluation: Evaluation = {
    criteria: [
      { name: "valid", weight: 2, rule: { type: "format_valid" } },
      { name: "judge", weight: 1, judge: "Is it specific?" },
    ],
    passThreshold: 0.7,
  };
  it("takes the weighted mean, rounds to 4 places, and passes criteria at 0.5", () => {
    expect(combineScores(evaluation, [1, 0.25])).toEqual({
      criteria: [
        { name: "valid", score: 1, passed: true },
        { name: "judge", score: 0.25, passed: false },
      ],
      total: 0.75,
      passed: true,
    });
    expect(combineScores(evaluation, [0.5, 0.5]).criteria.every((c) => c.passed)).toBe(true);
    // The total is computed from the rounded criterion scores, so it can be recomputed from what is shown.
    expect(combineScores(evaluation, [2 / 3, 0])).toMatchObject({ total: 0.4445, passed: false });
  });
  it("needs one score per criterion", () => {
    expect(() => combineScores(evaluation, [1])).toThrow(/1 scores for 2 criteria/);
  });
});
