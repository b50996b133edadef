import { describe, expect, it } from "vitest";
import type { Question } from "../../shared/output-formats.ts";
import { type PersonaVariables, renderTemplate, resolveVariables, templateVariables } from "./index.ts";

const persona: PersonaVariables = {
  firstName: "Aria",
  lastName: "Chen",
  age: 32,
  location: "San Francisco",
  baseOccupation: "Product designer",
  gender: null,
  education: "BA",
  incomeBracket: null,
  household: null,
  attributes: { segment: "prosumer", seats: 3, trial: false },
};
const q = (text: string, followUps?: string[]): Question => ({
  id: "q",
  text,
  outputFormat: { type: "text" },
  ...(followUps ? { followUps } : {}),
});
const skill = {
  instructions: "Hi {{firstName}} ({{ age }}), you work as {{baseOccupation}}. Page: {{page}}.",
  questions: [q("Rate {{page}} for {{attributes.segment}}", ["Why, {{firstName}}? {{gender}} {{attributes.missing}}"])],
};

describe("variables", () => {
  it("lists distinct names in order of first use, across instructions, questions and follow-ups", () => {
    expect(templateVariables(skill)).toEqual([
      "firstName",
      "age",
      "baseOccupation",
      "page",
      "attributes.segment",
      "gender",
      "attributes.missing",
    ]);
  });

  it("resolves task variables first, then persona fields and attributes; null or unknown is missing", () => {
    const { values, missing } = resolveVariables(skill, persona, { page: "pricing", firstName: "Override" });
    expect(values).toEqual({
      firstName: "Override",
      age: "32",
      baseOccupation: "Product designer",
      page: "pricing",
      "attributes.segment": "prosumer",
    });
    expect(missing).toEqual(["gender", "attributes.missing"]);
    const typed = resolveVariables(
      { instructions: "{{n}} {{b}} {{attributes.seats}} {{attributes.trial}}", questions: [] },
      persona,
      {
        n: 4,
        b: true,
      },
    );
    expect(typed.values).toEqual({ n: "4", b: "true", "attributes.seats": "3", "attributes.trial": "false" });
  });

  it("renders {{ name }} with any inner whitespace and leaves unknown names as written", () => {
    expect(renderTemplate("Hi {{firstName}}, {{  age}}! {{ nope }}", { firstName: "Aria", age: "32" })).toBe(
      "Hi Aria, 32! {{ nope }}",
    );
  });
});
