import { generateText } from "ai";
import { Ajv } from "ajv";
import { describe, expect, it } from "vitest";
import { formatInstruction, type OutputFormat, optionLetter, type SimFormat } from "../../shared/output-formats.ts";
import { answerSkill, createSimulatorModel } from "./index.ts";
import { ARIA, ask, cohort, mean, WALTER } from "./test-fixtures.ts";
import type { SimAnswerContext, SimPersona } from "./types.ts";

/**
 * The simulator answers every skill format by its convention: the value first, then a short reason.
 *
 * `read` below is a deliberately small, strict local reader of the value part for these tests only; the
 * real parser is `parseAnswer(format, raw)` of the skills module (the integrator switches these tests to it).
 */
const ajv = new Ajv({ strict: false });
type Read = { valid: true; value: unknown } | { valid: false };

function read(spec: OutputFormat, raw: string): Read {
  const [head = "", ...tail] = raw.split(" — ");
  const reason = tail.join(" — ").trim();
  const letters = (text: string, sep: RegExp) => text.split(sep).map((l) => l.trim());
  const indexOf = (letter: string) =>
    "options" in spec ? spec.options.findIndex((_, i) => optionLetter(i) === letter) : -1;
  const words = (text: string) => text.match(/\S+/g)?.length ?? 0;
  switch (spec.type) {
    case "likert": {
      const m = /^(\d+)(?: \(([^)]+)\))?$/.exec(head);
      const point = Number(m?.[1]);
      return m && point >= 1 && point <= spec.scale && reason ? { valid: true, value: point } : { valid: false };
    }
    case "single_choice": {
      const m = /^([A-Z]{1,2})\) (.+)$/.exec(head);
      const i = m ? indexOf(m[1]!) : -1;
      if (m && i >= 0 && spec.options[i] === m[2] && reason) return { valid: true, value: i };
      if (spec.allowOther && /^Other: \S/.test(head) && reason) return { valid: true, value: null };
      return { valid: false };
    }
    case "multi_choice": {
      const picks = letters(head, /,/);
      const other = picks.filter((p) => /^Other: \S/.test(p));
      const listed = picks.filter((p) => !/^Other:/.test(p)).map(indexOf);
      const count = picks.length;
      const ok =
        reason &&
        listed.every((i) => i >= 0) &&
        new Set(listed).size === listed.length &&
        (other.length === 0 || (spec.allowOther && other.length === 1)) &&
        count >= (spec.minPicks ?? 1) &&
        count <= (spec.maxPicks ?? spec.options.length);
      return ok ? { valid: true, value: listed } : { valid: false };
    }
    case "ranking": {
      const order = letters(head, />/).map(indexOf);
      const full = order.length === spec.options.length && new Set(order).size === order.length && !order.includes(-1);
      return full && reason ? { valid: true, value: order } : { valid: false };
    }
    case "numeric": {
      if (!/^-?\d+(\.\d+)?$/.test(head) || !reason) return { valid: false };
      const n = Number(head);
      const ok =
        (spec.min === undefined || n >= spec.min) &&
        (spec.max === undefined || n <= spec.max) &&
        (!spec.integer || Number.isInteger(n));
      return ok ? { valid: true, value: n } : { valid: false };
    }
    case "text": {
      const n = words(raw);
      const ok =
        (spec.minWords === undefined || n >= spec.minWords) && (spec.maxWords === undefined || n <= spec.maxWords);
      return ok ? { valid: true, value: raw.trim() } : { valid: false };
    }
    case "json": {
      try {
        const value = JSON.parse(raw);
        return ajv.validate(spec.schema, value) ? { valid: true, value } : { valid: false };
      } catch {
        return { valid: false };
      }
    }
  }
}

const SPECS: ReadonlyArray<readonly [string, OutputFormat]> = [
  ["How likely are you to buy the Pro plan?", { type: "likert", scale: 7, labels: ["Very unlikely", "Very likely"] }],
  [
    "I trust new apps with my personal data.",
    {
      type: "likert",
      scale: 5,
      labels: ["Strongly disagree", "Disagree", "Neutral", "Agree", "Strongly agree"],
      reverse: true,
    },
  ],
  ["Would you recommend us to a friend?", { type: "likert", scale: 11 }],
  ["Which plan would you buy?", { type: "single_choice", options: ["Free", "Plus", "Premium"], allowOther: true }],
  [
    "Which features would you use?",
    { type: "multi_choice", options: ["Export", "Sharing with friends", "AI summaries", "Offline mode"], maxPicks: 3 },
  ],
  ["Pick exactly two snacks.", { type: "multi_choice", options: ["Chips", "Fruit", "Nuts"], minPicks: 2, maxPicks: 2 }],
  ["Rank these by importance to you.", { type: "ranking", options: ["Price", "Quality", "Brand", "Delivery speed"] }],
  ["How much would you pay per month for the Pro plan?", { type: "numeric", min: 0, max: 100, unit: "USD per month" }],
  [
    "How many hours per week do you spend online?",
    { type: "numeric", min: 0, max: 80, integer: true, unit: "hours per week" },
  ],
  ["Pick a number.", { type: "numeric", min: 2.5, max: 3.5, integer: true }],
  ["What do you think of our pricing page?", { type: "text", minWords: 40, maxWords: 80 }],
  ["What do you think of our pricing page?", { type: "text", maxWords: 8 }],
  ["Tell us about your morning.", { type: "text" }],
  [
    "Describe the plan you would want.",
    {
      type: "json",
      schema: {
        type: "object",
        properties: {
          plan: { type: "string", enum: ["free", "plus", "premium"] },
          budget: { type: "number", minimum: 0, maximum: 50 },
          features: { type: "array", items: { type: "string" }, minItems: 1, maxItems: 3 },
        },
        required: ["plan", "budget", "features"],
        additionalProperties: false,
      },
    },
  ],
];

/** A turn as the turn engine sends it: the question, its format instruction, the format. */
function skillTurn(
  persona: SimPersona,
  question: string,
  spec: OutputFormat,
  ask_: SimFormat["ask"] = 0,
  extra: Partial<SimAnswerContext> = {},
) {
  const format: SimFormat = { spec, question, ask: ask_ };
  return { ...ask(persona, `${question}\n\n${formatInstruction(spec)}`, extra), format };
}

const PANEL = [ARIA, WALTER, ...cohort("skill-panel", 18, [19, 80])];

describe("skill answers: every format by its convention", () => {
  it.each(SPECS.map(([q, spec]) => [spec.type, q, spec] as const))("%s: %s", (_type, question, spec) => {
    for (const persona of PANEL) {
      const raw = answerSkill(skillTurn(persona, question, spec));
      expect(read(spec, raw), raw).toMatchObject({ valid: true });
      if (spec.type !== "json" && spec.type !== "text") expect(raw).toMatch(/^\S.* — \S.+[.!?]$/);
    }
  });

  it("writes a likert label beside its point: every point's own, or an end's", () => {
    const [, perPoint] = SPECS[1]!;
    const raw = answerSkill(skillTurn(ARIA, "I trust new apps with my personal data.", perPoint));
    expect(raw).toMatch(/^[1-5] \((Strongly disagree|Disagree|Neutral|Agree|Strongly agree)\) — /);
    const ends: OutputFormat = { type: "likert", scale: 3, labels: ["Never", "Always"] };
    const heads = PANEL.map((p) => answerSkill(skillTurn(p, "Do you read the terms?", ends)).split(" — ")[0]);
    for (const head of heads) expect(["1 (Never)", "2", "3 (Always)"]).toContain(head);
  });

  it("ranks every option once, in a stable order per persona", () => {
    const [q, spec] = SPECS[6]!;
    const orders = new Set(PANEL.map((p) => answerSkill(skillTurn(p, q, spec)).split(" — ")[0]));
    // Personas differ…
    expect(orders.size).toBeGreaterThan(3);
    // …and one persona's order does not move with the call's seed.
    const seeds = new Set(
      [1, 2, 3, 4, 5].map((seed) => answerSkill(skillTurn(ARIA, q, spec, 0, { seed })).split(" — ")[0]),
    );
    expect(seeds.size).toBe(1);
  });

  it("answers through the model with the format the turn engine hands over (readContext keeps it)", async () => {
    const [q, spec] = SPECS[3]!;
    const turn = skillTurn(WALTER, q, spec);
    const { text } = await generateText({
      model: createSimulatorModel(),
      prompt: turn.userPrompt,
      providerOptions: { simulator: turn as never },
    });
    expect(text).toBe(answerSkill(turn));
    expect(read(spec, text)).toMatchObject({ valid: true });
  });

  it("fits free text to its word limits by whole sentences", () => {
    for (const persona of PANEL) {
      const long = answerSkill(skillTurn(persona, "Tell us about your work.", { type: "text", minWords: 60 }));
      expect(long.split(/\s+/).length).toBeGreaterThanOrEqual(60);
      const short = answerSkill(skillTurn(persona, "Tell us about your work.", { type: "text", maxWords: 25 }));
      expect(short.split(/\s+/).length).toBeLessThanOrEqual(25);
      expect(short).toMatch(/[.!?]$/);
    }
  });
});

describe("skill answers: determinism and cohorts", () => {
  it("gives the same text for the same input", () => {
    for (const [q, spec] of SPECS) {
      for (const persona of [ARIA, WALTER]) {
        expect(answerSkill(skillTurn(persona, q, spec))).toBe(answerSkill(skillTurn(persona, q, spec)));
      }
    }
  });

  it("keeps a persona's likert point within one across seeds (test-retest)", () => {
    const [q, spec] = SPECS[0]!;
    for (const persona of PANEL) {
      const points = [1, 2, 3, 4, 5, 6].map((seed) =>
        read(spec, answerSkill(skillTurn(persona, q, spec, 0, { seed }))),
      );
      const values = points.map((p) => (p.valid ? (p.value as number) : Number.NaN));
      expect(Math.max(...values) - Math.min(...values)).toBeLessThanOrEqual(1);
    }
  });

  it("differs by income as people do: price worry and willingness to pay (40+ personas each)", () => {
    const low = cohort("income-low", 40, [25, 60], { incomeBracket: "under $20k" });
    const high = cohort("income-high", 40, [25, 60], { incomeBracket: "$200k+" });
    const scale: OutputFormat = { type: "likert", scale: 7 };
    const meanPoint = (people: SimPersona[], q: string) =>
      mean(
        people.map((p) => {
          const r = read(scale, answerSkill(skillTurn(p, q, scale)));
          return r.valid ? (r.value as number) : Number.NaN;
        }),
      );
    const worry = "How much do rising prices and monthly bills worry you?";
    const pay = "How willing are you to pay for a premium subscription?";
    expect(meanPoint(low, worry) - meanPoint(high, worry)).toBeGreaterThan(1);
    expect(meanPoint(high, pay) - meanPoint(low, pay)).toBeGreaterThan(1);
  });
});

describe("skill answers: test markers", () => {
  it("[simulate:invalid] answers every ask invalidly, each time a different plausible mistake", () => {
    for (const [q, spec] of SPECS) {
      const question = `${q} [simulate:invalid]`;
      const asks = [0, 1, 2].map((n) => answerSkill(skillTurn(ARIA, question, spec, n)));
      // A text question without word limits has no invalid answer.
      if (spec.type === "text" && spec.minWords === undefined && spec.maxWords === undefined) {
        for (const raw of asks) expect(read(spec, raw)).toMatchObject({ valid: true });
        continue;
      }
      for (const raw of asks) expect(read(spec, raw), `${spec.type}: ${raw}`).toEqual({ valid: false });
    }
  });

  it("[simulate:invalid-once] answers the first ask invalidly and the repairs validly", () => {
    for (const [q, spec] of SPECS.filter(([, s]) => s.type !== "text" || s.maxWords !== undefined)) {
      const question = `${q} [simulate:invalid-once]`;
      expect(read(spec, answerSkill(skillTurn(WALTER, question, spec, 0)))).toEqual({ valid: false });
      for (const n of [1, 2]) {
        expect(read(spec, answerSkill(skillTurn(WALTER, question, spec, n)))).toMatchObject({ valid: true });
      }
    }
  });

  it("a marker does not change the value a valid answer gives", () => {
    const [q, spec] = SPECS[0]!;
    const plain = answerSkill(skillTurn(ARIA, q, spec, 1));
    expect(answerSkill(skillTurn(ARIA, `${q} [simulate:invalid-once]`, spec, 1)).split(" — ")[0]).toBe(
      plain.split(" — ")[0],
    );
  });

  it("[simulate:other] answers Other: … where the format allows it", () => {
    const [q, spec] = SPECS[3]!;
    const raw = answerSkill(skillTurn(ARIA, `${q} [simulate:other]`, spec));
    expect(raw).toMatch(/^Other: \S.* — \S/);
    expect(read(spec, raw)).toEqual({ valid: true, value: null });
  });
});

describe("skill answers: follow-ups", () => {
  it("answer the probe in free text from the persona's previous answer", () => {
    for (const [q, spec, lead] of [
      [SPECS[0]![0], SPECS[0]![1], /^I gave it an? \d+ because /],
      [SPECS[3]![0], SPECS[3]![1], /^I went with (Free|Plus|Premium) because /],
      [SPECS[4]![0], SPECS[4]![1], /^I picked .+ because /],
      [SPECS[6]![0], SPECS[6]![1], /^I put (Price|Quality|Brand|Delivery speed) first because /],
      [SPECS[7]![0], SPECS[7]![1], /^I said \d+(\.\d+)? because /],
    ] as const) {
      for (const persona of [ARIA, WALTER]) {
        const first = answerSkill(skillTurn(persona, q, spec));
        const history = [
          { role: "user" as const, content: q },
          { role: "assistant" as const, content: first },
        ];
        const probe = {
          ...ask(persona, "Why?", { history }),
          format: { spec, question: q, ask: "follow_up" as const },
        };
        const raw = answerSkill(probe);
        expect(raw).toMatch(lead);
        expect(raw).not.toContain(" — ");
        // The value it names is the one it gave.
        if (spec.type === "single_choice") expect(first).toContain(`) ${/^I went with (.+?) because/.exec(raw)![1]}`);
        if (spec.type === "likert") expect(first.startsWith(/^I gave it an? (\d+)/.exec(raw)![1]!)).toBe(true);
        // And a reason it had not given yet.
        expect(first).not.toContain(raw.split(" because ")[1]!.split(".")[0]!);
      }
    }
  });
});
