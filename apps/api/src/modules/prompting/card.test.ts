import { describe, expect, it } from "vitest";
import { z } from "zod";
import { localeOf, type SimPersona } from "../../llm/index.ts";
import { lengthTarget, personalityLines, workSentence } from "./card.ts";
import { GENERIC_RULES, personaCard, systemBlocks, turnContext } from "./messages.ts";

describe("the seed's occupation in a sentence", () => {
  it.each([
    ["Pediatric Nurse", "You work as a pediatric nurse."],
    ["retired teacher", "You are a retired teacher."],
    ["Student", "You are a student."],
    ["Unemployed", "You are currently not working."],
    ["unemployed welder", "You are a welder, currently not working."],
    ["Retired", "You are retired."],
    ["Sales", "You work in sales."],
    ["Bus drivers", "You work as a bus driver."],
    ["MBA student", "You are an MBA student."],
    ["IT consultant", "You work as an IT consultant."],
    ["Uber driver", "You work as an Uber driver."],
    ["Catholic nun", "You are a Catholic nun."],
    ["Head of Marketing", "You work as head of marketing."],
    ["Software Engineer at Google", "You work as a software engineer at Google."],
    ["an accountant", "You work as an accountant."],
    ["Librarian", "You work as a librarian."],
  ])("%s → %s", (occupation, sentence) => {
    expect(workSentence(occupation)).toBe(sentence);
  });
});

describe("traits and style in words", () => {
  it("renders the Big Five as behaviour, not numbers", () => {
    const lines = personalityLines({
      openness: 0.9,
      conscientiousness: 0.1,
      extraversion: 0.5,
      agreeableness: 0.7,
      neuroticism: 0.65,
    });
    expect(lines).toHaveLength(5);
    expect(lines[0]).toContain("very curious and open to new ideas");
    expect(lines[4]).toContain("tend to worry");
    expect(lines.join(" ")).not.toMatch(/\d/);
  });

  it("gives a length target from verbosity", () => {
    expect(lengthTarget(0.05)).toContain("1–2 short sentences, about 30 words");
    expect(lengthTarget(0.95)).toContain("about 180 words");
  });
});

const persona = (over: Partial<SimPersona> = {}): SimPersona => ({
  id: "00000000-0000-4000-8000-000000000001",
  firstName: "Ngozi",
  lastName: "Okafor",
  age: 41,
  location: "Lagos, Nigeria",
  baseOccupation: "Pediatric Nurse",
  gender: "female",
  education: null,
  incomeBracket: null,
  household: null,
  languages: ["English", "Igbo"],
  interests: [],
  attributes: {},
  profile: {
    personality: { openness: 0.8, conscientiousness: 0.7, extraversion: 0.4, agreeableness: 0.6, neuroticism: 0.3 },
    values: ["family"],
    interests: ["gospel music"],
    communicationStyle: { tone: "warm", formality: 0.5, verbosity: 0.1, quirks: ["says 'abeg'"], vocabulary: [] },
    backstory: "Ngozi has nursed children at a Lagos hospital for fifteen years.",
    goals: ["a bigger flat"],
    frustrations: ["traffic"],
    domainKnowledge: ["paediatric care"],
    initialMemory: undefined as never,
  },
  ...over,
});

describe("the persona card", () => {
  it("is locale-aware: currency, institutions and register of the persona's country", () => {
    const card = personaCard(persona());
    expect(card).toContain("You are Ngozi Okafor, 41, living in Lagos, Nigeria. You work as a pediatric nurse.");
    expect(card).toContain("Country: Nigeria");
    expect(card).toMatch(/naira \(₦, NGN\)/);
    expect(card).toContain(localeOf("Lagos, Nigeria").banks[0]);
    expect(card).toContain("British English spelling");
    expect(card).toContain("odd word of Igbo");
    expect(card).toContain("1–2 short sentences");
    expect(card).not.toMatch(/openness|0\.8/);
  });

  it("gives Medicare only to Americans of 65 and over, and names no currency for an unknown place", () => {
    expect(personaCard(persona({ location: "Des Moines, Iowa", age: 70 }))).toContain("Health care: Medicare");
    expect(personaCard(persona({ location: "Des Moines, Iowa", age: 40 }))).not.toContain("Medicare");
    const nowhere = personaCard(persona({ location: "Atlantis" }));
    expect(nowhere).toContain("You live in Atlantis");
    expect(nowhere).not.toMatch(/dollar|\$/);
  });

  it("depends only on the persona: the generic rules are the same for everyone, the card for the same persona", () => {
    const [rulesA, cardA] = systemBlocks(persona());
    const [rulesB, cardB] = systemBlocks(persona({ firstName: "Siobhan", location: "Galway" }));
    expect(rulesA).toBe(GENERIC_RULES);
    expect(rulesB).toBe(GENERIC_RULES);
    expect(cardA).not.toBe(cardB);
    expect(personaCard(persona())).toBe(cardA);
  });

  it("puts the date, the memories and their pressure and the answer format in this turn's header", () => {
    const header = turnContext({
      now: new Date("2026-12-01T09:00:00Z"),
      memories: [
        {
          id: "m",
          eventAt: "2010-01-01T00:00:00.000Z",
          eventLabel: "First shift",
          facts: "A long night.",
          feelings: "tired",
          interpretation: "I can do this",
          emotionTags: [],
          memoryType: "pride",
          effectiveStrength: 72.4,
          reason: "pride: volunteered",
          relevance: 0.2,
        },
      ],
      pressure: 2,
    });
    expect(header).toBe(
      '<context date="Tuesday, 1 December 2026">\n<memories pressure="2">\n- [pride, strength 72/100, 2010-01-01] First shift: A long night. (felt: tired; meaning: I can do this)\n</memories>\n</context>\n',
    );
  });

  it("names the answer format of a structured call, and leaves out an empty memories block", () => {
    const header = turnContext({
      now: new Date("2026-12-01T09:00:00Z"),
      memories: [],
      pressure: 0,
      output: z.object({ rating: z.number().int().min(1).max(5) }),
    });
    expect(header).not.toContain("<memories");
    expect(header).toMatch(
      /^<context date="Tuesday, 1 December 2026">\n<format>JSON only: one object matching this JSON schema/,
    );
    expect(header).toContain('"rating"');
  });
});
