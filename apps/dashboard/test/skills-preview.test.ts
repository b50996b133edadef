import { describe, expect, it } from "vitest";
import { parseAnswer } from "../../api/src/modules/skills/parse.ts";
import { formatInstruction as apiInstruction } from "../../api/src/shared/output-formats.ts";
import {
  draftToFormat,
  draftToQuestion,
  exampleAnswer,
  FORMAT_TYPES,
  formatInstruction,
  formatProblems,
  newQuestionDraft,
  nextQuestionId,
  type OutputFormat,
  optionalNumber,
  parseLines,
  questionPrompt,
  questionToDraft,
  sampleFromSchema,
  switchFormat,
  templateVariables,
} from "../src/lib/skills-preview.ts";

const FORMATS: OutputFormat[] = [
  { type: "text" },
  { type: "text", minWords: 3, maxWords: 40 },
  { type: "text", minWords: 30 },
  { type: "text", maxWords: 5 },
  { type: "likert", scale: 7 },
  { type: "likert", scale: 7, labels: ["Not at all appealing", "Extremely appealing"] },
  { type: "likert", scale: 3, labels: ["Disagree", "Neutral", "Agree"] },
  { type: "single_choice", options: ["Free", "Pro ($12/month)", "Team ($40/month)"] },
  { type: "single_choice", options: ["Yes", "No"], allowOther: true },
  { type: "multi_choice", options: ["Chat", "Email", "Forum", "Phone"] },
  { type: "multi_choice", options: ["Chat", "Email", "Forum"], minPicks: 2, maxPicks: 2 },
  { type: "multi_choice", options: ["Chat", "Email", "Forum"], minPicks: 3, allowOther: true },
  { type: "ranking", options: ["Price", "Speed", "Support"] },
  { type: "numeric" },
  { type: "numeric", min: 0, max: 100, unit: "USD per month", integer: true },
  { type: "numeric", min: 5 },
  { type: "numeric", max: 3, integer: true },
  { type: "json", schema: { type: "object", properties: { plan: { type: "string", enum: ["free", "pro"] } } } },
  {
    type: "json",
    schema: {
      type: "object",
      properties: {
        seats: { type: "integer", minimum: 2 },
        tags: { type: "array", items: { type: "string" }, minItems: 2 },
        ok: { type: "boolean" },
      },
      required: ["seats", "tags", "ok"],
    },
  },
];

describe("skills preview", () => {
  it("asks with the API's own instruction for every format", () => {
    for (const f of FORMATS) expect(formatInstruction(f)).toBe(apiInstruction(f as never));
  });

  it("gives an example answer that the API's parser reads into the parsed value shown", () => {
    for (const f of FORMATS) {
      const ex = exampleAnswer(f);
      const outcome = parseAnswer(f as never, ex.raw);
      expect(outcome, `${JSON.stringify(f)} → ${ex.raw}`).toEqual({ valid: true, parsed: ex.parsed });
    }
  });

  it("covers every output format the API has", () => {
    expect(FORMAT_TYPES.map((f) => f.value).sort()).toEqual(
      ["json", "likert", "multi_choice", "numeric", "ranking", "single_choice", "text"].sort(),
    );
    for (const { value } of FORMAT_TYPES) {
      const f = switchFormat(undefined, value);
      expect(f.type).toBe(value);
      expect(formatProblems(f)).toEqual([]);
      expect(parseAnswer(f as never, exampleAnswer(f).raw).valid).toBe(true);
    }
  });

  it("puts the instructions before the first question only", () => {
    const q = { text: "How appealing is it?", outputFormat: { type: "likert", scale: 5 } as OutputFormat };
    expect(questionPrompt("You see a page.", q, 0)).toBe(
      "You see a page.\n\nHow appealing is it?\n\nAnswer with one whole number from 1 to 5 first, then say why in a sentence or two.",
    );
    expect(questionPrompt("You see a page.", q, 1).startsWith("How appealing")).toBe(true);
  });

  it("carries options over when the format changes", () => {
    const single: OutputFormat = { type: "single_choice", options: ["A1", "B1"] };
    expect(switchFormat(single, "ranking")).toEqual({ type: "ranking", options: ["A1", "B1"] });
    expect(switchFormat(single, "likert")).toMatchObject({ type: "likert", scale: 5 });
  });

  it("finds the problems the API would refuse, naming the field", () => {
    expect(formatProblems({ type: "likert", scale: 5, labels: ["a", "b", "c"] })).toEqual([
      { field: "labels", message: "Give two labels (lowest, highest) or one per point." },
    ]);
    expect(formatProblems({ type: "likert", scale: 12 }).map((p) => p.field)).toEqual(["scale"]);
    expect(formatProblems({ type: "single_choice", options: ["Yes"] }).map((p) => p.field)).toEqual(["options"]);
    expect(formatProblems({ type: "ranking", options: ["Yes", "yes "] }).map((p) => p.field)).toEqual(["options"]);
    expect(
      formatProblems({ type: "multi_choice", options: ["a", "b"], minPicks: 2, maxPicks: 1 }).map((p) => p.field),
    ).toEqual(["minPicks"]);
    expect(formatProblems({ type: "multi_choice", options: ["a", "b"], maxPicks: 3 }).map((p) => p.field)).toEqual([
      "maxPicks",
    ]);
    expect(formatProblems({ type: "numeric", min: 5, max: 1 }).map((p) => p.field)).toEqual(["min"]);
    expect(formatProblems({ type: "text", minWords: 9, maxWords: 3 }).map((p) => p.field)).toEqual(["minWords"]);
  });

  it("lists template variables and who fills them", () => {
    expect(
      templateVariables(["Hi {{ firstName }}, see {{pageSummary}}", "{{attributes.segment}} {{firstName}}"]),
    ).toEqual([
      { name: "firstName", source: "persona" },
      { name: "pageSummary", source: "task" },
      { name: "attributes.segment", source: "persona" },
    ]);
  });

  it("samples JSON schemas", () => {
    expect(
      sampleFromSchema({ type: "object", properties: { a: { const: 3 }, b: { type: ["null", "string"] } } }),
    ).toEqual({
      a: 3,
      b: "example",
    });
    expect(sampleFromSchema({ type: "number", exclusiveMinimum: 4 })).toBe(5);
    expect(sampleFromSchema({ anyOf: [{ type: "boolean" }] })).toBe(true);
  });

  it("reads form inputs", () => {
    expect(parseLines(" a \n\n b\n")).toEqual(["a", "b"]);
    expect(optionalNumber("")).toBeUndefined();
    expect(optionalNumber("x")).toBeUndefined();
    expect(optionalNumber("2.5")).toBe(2.5);
    expect(nextQuestionId(["q1", "q3"])).toBe("q4");
    expect(nextQuestionId(["q2"])).toBe("q3");
    expect(nextQuestionId(["q2", "q3"])).toBe("q4");
  });
});

describe("question drafts", () => {
  it("round-trip every format through the editor's draft", () => {
    for (const f of FORMATS) {
      const q = { id: "q1", text: "Question?", outputFormat: f, followUps: ["Why?"] };
      expect(draftToQuestion(questionToDraft(q))).toEqual(q);
    }
  });

  it("keep typed text and report a schema that does not parse", () => {
    const d = { ...newQuestionDraft(["q1"]), type: "json" as const, schema: "{ nope" };
    expect(d.id).toBe("q2");
    expect(draftToFormat(d).error).toMatch(/not valid JSON/);
    expect(draftToQuestion(d)).toBeNull();
    const m = { ...d, type: "multi_choice" as const, options: "Chat\n\n Email \n", minPicks: "1", maxPicks: "" };
    expect(draftToFormat(m).format).toEqual({ type: "multi_choice", options: ["Chat", "Email"], minPicks: 1 });
  });
});
