import { describe, expect, it } from "vitest";
import { z } from "zod";
import { createSimulatorModel, simulateAnswer } from "./index.ts";
import { detectStructured } from "./structured-detect.ts";
import { ARIA, ask, cohort, mean, WALTER } from "./test-fixtures.ts";
import type { SimPersona } from "./types.ts";

const leadingNumber = (text: string) => Number(/^(\d+(?:\.\d+)?)/.exec(text)?.[1]);
/** A leading price, with or without a currency symbol before it ("$14 a month", "₦85,000", "12 euros"). */
const leadingAmount = (text: string) => Number(/^\D{0,3}?(\d[\d,]*(?:\.\d+)?)/.exec(text)?.[1]?.replace(/,/g, ""));

describe("structured questions: formats", () => {
  it.each([
    ["On a scale of 1 to 5, how much do you enjoy cooking?", 1, 5],
    ["How satisfied are you with your phone, on a 1-7 scale?", 1, 7],
    ["Rate your interest in electric cars out of 10.", 1, 10],
    ["On a scale from 0 to 10, how likely are you to recommend your bank?", 0, 10],
    ["Rate the new checkout flow (1-5).", 1, 5],
    ["How much do you trust online reviews, from 1 (not at all) to 5 (completely)?", 1, 5],
    ["Give your commute a score between 1 and 10.", 1, 10],
  ])("answers Likert %s with a number in range and a reason", (prompt, min, max) => {
    for (const persona of [ARIA, WALTER]) {
      const text = simulateAnswer(ask(persona, prompt));
      expect(text).toMatch(/^\d+ — \S.+[.!?]$/);
      const value = leadingNumber(text);
      expect(value).toBeGreaterThanOrEqual(min);
      expect(value).toBeLessThanOrEqual(max);
    }
  });

  it("answers agree/disagree lists with the scale point and its label", () => {
    const text = simulateAnswer(
      ask(
        ARIA,
        "I trust new technology. Strongly agree, agree, neither agree nor disagree, disagree, or strongly disagree?",
      ),
    );
    expect(text).toMatch(/^[1-5] \((strongly disagree|disagree|neither agree nor disagree|agree|strongly agree)\) — /);
  });

  it.each([
    ["Which would you choose? A) Coffee B) Tea C) Hot chocolate", ["Coffee", "Tea", "Hot chocolate"]],
    ["How do you usually shop?\na. Online\nb. In stores\nc. A mix of both", ["Online", "In stores", "A mix of both"]],
    ["Which plan would you pick?\n1. Free\n2. Plus\n3. Premium", ["Free", "Plus", "Premium"]],
    ["Options: bus, bike, car, walking. Which do you use most?", ["bus", "bike", "car", "walking"]],
    ["Choose one of: email, phone call or text message", ["email", "phone call", "text message"]],
    ["Would you rather travel to the mountains or the beach?", ["travel to the mountains", "the beach"]],
    ["Do you own a car? Answer yes or no.", ["yes", "no"]],
  ])("answers multiple choice %j with an option as written", (prompt, options) => {
    for (const persona of [ARIA, WALTER]) {
      const text = simulateAnswer(ask(persona, prompt));
      expect(options.some((o) => text.startsWith(`${o} — `))).toBe(true);
    }
  });

  it("picks ordinal options by the latent attitude", () => {
    const prompt =
      "How likely are you to try a new AI app?\nA) Very likely\nB) Somewhat likely\nC) Not very likely\nD) Not at all likely";
    const young = cohort("ordinal-young", 20, [20, 28], { personality: { openness: 0.9 } });
    const old = cohort("ordinal-old", 20, [68, 80], { personality: { openness: 0.1 } });
    const likely = (people: SimPersona[]) =>
      people.filter((p) => /^(Very|Somewhat) likely/.test(simulateAnswer(ask(p, prompt)))).length;
    expect(likely(young)).toBeGreaterThan(likely(old) + 8);
  });

  it("answers numeric questions with a plausible number first", () => {
    // Free text: the persona's own currency (San Francisco: dollars, written as prices are there).
    const pay = simulateAnswer(ask(ARIA, "How much would you pay per month for a meal planning app?"));
    expect(pay).toMatch(/^\$\d+ a month — /);
    expect(leadingAmount(pay)).toBeGreaterThan(0);
    expect(leadingAmount(pay)).toBeLessThan(100);
    // A currency named in the question is the one answered in.
    expect(simulateAnswer(ask(ARIA, "How much would you pay in euros per month for a meal planning app?"))).toMatch(
      /^\d+ euros a month — /,
    );
    const hours = simulateAnswer(ask(ARIA, "How many hours a day do you spend on your phone?"));
    expect(hours).toMatch(/^\d+ hours? a day — /);
    expect(leadingNumber(hours)).toBeLessThanOrEqual(16);
    expect(simulateAnswer(ask(ARIA, "What percentage of your income do you save?"))).toMatch(/^\d+ percent — /);
  });

  it("scales prices with income", () => {
    const prompt = "How much would you pay for a new pair of running shoes?";
    const poor = cohort("price-low", 30, [30, 50], { incomeBracket: "under $25,000" });
    const rich = cohort("price-high", 30, [30, 50], { incomeBracket: "$200,000+" });
    const prices = (people: SimPersona[]) => people.map((p) => leadingAmount(simulateAnswer(ask(p, prompt))));
    expect(mean(prices(rich))).toBeGreaterThan(mean(prices(poor)) * 1.3);
  });

  it("does not take ordinary questions for structured ones", () => {
    for (const prompt of ["Tell me about your work.", "What do you think about 5G?", "Where do you live?"]) {
      expect(detectStructured(prompt)).toBeNull();
    }
  });
});

describe("structured questions: distributions", () => {
  const prompt = "On a scale of 1 to 5, how interested are you in trying a new AI app?";

  it("separates cohorts in believable directions", () => {
    const young = cohort("young-open", 40, [20, 30], { personality: { openness: 0.85 } });
    const old = cohort("old-closed", 40, [65, 80], { personality: { openness: 0.15 } });
    const scores = (people: SimPersona[]) => people.map((p) => leadingNumber(simulateAnswer(ask(p, prompt))));
    expect(mean(scores(young)) - mean(scores(old))).toBeGreaterThanOrEqual(0.8);
  });

  it("varies within a cohort (a stable per-persona effect, not one answer for all)", () => {
    const people = cohort("spread", 40, [35, 55]);
    const values = new Set(people.map((p) => leadingNumber(simulateAnswer(ask(p, prompt)))));
    expect(values.size).toBeGreaterThanOrEqual(3);
  });

  it("is stable on retest: identical for the same seed, within one point across seeds", () => {
    const people = cohort("retest", 30, [25, 70]);
    let stable = 0;
    for (const person of people) {
      expect(simulateAnswer(ask(person, prompt, { seed: 9 }))).toBe(simulateAnswer(ask(person, prompt, { seed: 9 })));
      const values = Array.from({ length: 10 }, (_, seed) =>
        leadingNumber(simulateAnswer(ask(person, prompt, { seed }))),
      );
      if (Math.max(...values) - Math.min(...values) <= 1) stable++;
    }
    expect(stable / people.length).toBeGreaterThanOrEqual(0.9);
  });
});

describe("structured questions: JSON schema", () => {
  const schema = z.object({
    interest: z.number().int().min(1).max(7),
    wouldPay: z.boolean(),
    monthlyPrice: z.number().min(0).max(50),
    frequency: z.enum(["never", "rarely", "sometimes", "often", "always"]),
    favoriteColor: z.enum(["red", "green", "blue"]),
    reason: z.string().min(10).max(200),
    concerns: z.array(z.string()).min(1).max(3),
    profile: z.object({
      name: z.string(),
      city: z.string(),
      tags: z
        .array(z.enum(["a", "b", "c"]))
        .min(2)
        .max(2),
    }),
  });

  it("returns JSON valid against the requested schema, drawn from the persona", async () => {
    const model = createSimulatorModel();
    for (const persona of [ARIA, WALTER]) {
      const result = await model.doGenerate({
        prompt: [{ role: "user", content: [{ type: "text", text: "Would you use a new AI meal planner?" }] }],
        responseFormat: { type: "json", schema: z.toJSONSchema(schema) as never },
        providerOptions: { simulator: ask(persona, "Would you use a new AI meal planner?") as never },
      });
      const part = result.content[0]!;
      const parsed = schema.parse(JSON.parse(part.type === "text" ? part.text : ""));
      expect(parsed.profile.name).toBe(`${persona.firstName} ${persona.lastName}`);
      expect(parsed.profile.city).toBe(persona.location);
    }
  });
});
