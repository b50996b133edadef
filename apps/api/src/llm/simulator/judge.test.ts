import { describe, expect, it } from "vitest";
import { simulateJudgement } from "./judge.ts";
import type { SimJudgeContext } from "./types.ts";

/** The simulator's documented judgement rule (docs/simulator.md, "How the simulator judges"). */
const judge = (instruction: string, answers: string[], seed = 0) =>
  simulateJudgement({
    task: "judge",
    instruction,
    transcript: answers.map((answer, i) => ({ question: `Question ${i + 1}?`, answer })),
    seed,
  } satisfies SimJudgeContext);

describe("how the simulator judges", () => {
  it("scores the share of the criterion's words the answers mention, above a floor for saying something", () => {
    const criterion = "Does the answer mention the price, the export feature and the support team?";
    // price, export, feature, support, team: all five found (plural and verb forms fold: "prices", "exporting").
    expect(
      judge(criterion, ["The prices are fair and exporting works.", "Great support team and features."]).score,
    ).toBe(1);
    // Two of five: 0.2 + 0.8 × 2/5.
    const partly = judge(criterion, ["The price is fair.", "Export is what I need."]);
    expect(partly.score).toBe(0.52);
    expect(partly.reason).toBe(
      'The answers mention "price" and "export". They do not mention "feature", "support" and "team".',
    );
    // None: the floor.
    expect(judge(criterion, ["I like the colours."]).score).toBe(0.2);
  });

  it("gives nothing for empty answers and refusals, and counts them against the rest", () => {
    const criterion = "Does the answer name a reason to buy?";
    expect(judge(criterion, ["", "I don't know."]).score).toBe(0);
    const half = judge(criterion, ["I'd buy it for one reason: it saves me time.", "No idea."]);
    expect(half.score).toBe(0.5);
    expect(half.reason).toContain("1 of 2 answers are empty or refusals.");
    const none = judge(criterion, []);
    expect(none).toEqual({ score: 0, reason: expect.stringContaining("no answers") });
  });

  it("judges a criterion with nothing to look for by whether the answers say anything", () => {
    const result = judge("Does the answer answer?", ["Yes, every week."]);
    expect(result.score).toBe(1);
    expect(result.reason).toContain("names nothing to look for");
  });

  it("is deterministic and does not depend on the seed", () => {
    const a = judge("Does the answer mention price?", ["Too pricey for me."], 1);
    expect(judge("Does the answer mention price?", ["Too pricey for me."], 99)).toEqual(a);
  });
});
