import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { QuestionSchema } from "../../../shared/output-formats.ts";
import { importSurvey } from "./index.ts";

const fixture = (name: string) => JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), "utf8"));

let n = 0;
const field = (type: string, over: Record<string, unknown> = {}) => ({
  id: `F${++n}`,
  ref: `f${n}`,
  title: "Question?",
  type,
  ...over,
});
const form = (...fields: unknown[]) => ({ id: "abc123", title: "A form", fields });
const one = (f: Record<string, unknown>) => importSurvey("typeform", form(f)).skill.questions[0];
const choices = (...labels: string[]) => labels.map((label, i) => ({ id: `c${i}`, ref: `r${i}`, label }));

describe("Typeform import: fixtures", () => {
  it("maps the pricing form: nested group in order, statement and welcome screen as instructions", () => {
    const { skill, unsupported } = importSurvey("typeform", fixture("typeform-pricing.json"));
    expect(skill.name).toBe("Lumen pricing check-in");
    expect(skill.description).toBe("Quarterly pricing pulse for Lumen subscribers.");
    expect(skill.questions.map((q) => [q.id, q.outputFormat.type])).toEqual([
      ["current_plan", "single_choice"],
      ["valued_features", "multi_choice"],
      ["fair_price", "likert"],
      ["max_monthly", "numeric"],
      ["pricing_page_first", "ranking"],
      ["annual_billing", "single_choice"],
      ["team_size", "single_choice"],
      ["industry", "text"],
      ["tools_budget", "numeric"],
      ["why_price", "text"],
    ]);
    for (const q of skill.questions) expect(() => QuestionSchema.parse(q)).not.toThrow();
    expect(skill.instructions).toContain("Help shape Lumen's plans");
    expect(skill.instructions).toContain("we're redesigning *Lumen*'s plans");
    expect(unsupported.map((u) => [u.id, u.type])).toEqual([
      ["intro_statement", "statement"],
      ["work_email", "email"],
      ["upgrade_deposit", "payment"],
    ]);
  });

  it("maps the satisfaction form and lists every field type it cannot ask", () => {
    const { skill, unsupported } = importSurvey("typeform", fixture("typeform-csat.json"));
    expect(skill.questions.map((q) => q.id)).toEqual([
      "nps",
      "app_rating",
      "ease",
      "channels_phone",
      "channels_chat",
      "channels_branch",
      "improve",
      "branch_name",
    ]);
    expect(unsupported.map((u) => u.type)).toEqual([
      "date",
      "file_upload",
      "phone_number",
      "contact_info",
      "legal",
      "picture_choice",
      "website",
      "statement",
    ]);
    // Recall information refers to earlier answers; it must not survive as a `{{…}}` skill variable.
    expect(skill.questions.find((q) => q.id === "improve")?.text).not.toContain("{{");
  });
});

describe("Typeform import: mappings", () => {
  it("multiple_choice: single or multi by allow_multiple_selection, allow_other_choice as allowOther", () => {
    const properties = { choices: choices("A", "B"), allow_other_choice: true };
    expect(one(field("multiple_choice", { properties }))?.outputFormat).toEqual({
      type: "single_choice",
      options: ["A", "B"],
      allowOther: true,
    });
    expect(
      one(field("multiple_choice", { properties: { ...properties, allow_multiple_selection: true } }))?.outputFormat,
    ).toEqual({ type: "multi_choice", options: ["A", "B"], allowOther: true });
  });

  it("dropdown is single_choice (sorted when alphabetical_order); yes_no is Yes/No", () => {
    expect(
      one(field("dropdown", { properties: { alphabetical_order: true, choices: choices("Pear", "Apple") } }))
        ?.outputFormat,
    ).toEqual({ type: "single_choice", options: ["Apple", "Pear"] });
    expect(one(field("yes_no"))?.outputFormat).toEqual({ type: "single_choice", options: ["Yes", "No"] });
  });

  it("opinion_scale: steps as the scale; from one, left/right as two labels; from zero, numbered labels", () => {
    const labels = { left: "Bad", center: "Meh", right: "Good" };
    expect(one(field("opinion_scale", { properties: { steps: 5, start_at_one: true, labels } }))?.outputFormat).toEqual(
      { type: "likert", scale: 5, labels: ["Bad", "Good"] },
    );
    expect(
      one(field("opinion_scale", { properties: { steps: 5, start_at_one: false, labels } }))?.outputFormat,
    ).toEqual({ type: "likert", scale: 5, labels: ["0 (Bad)", "1", "2", "3", "4 (Good)"] });
    expect(one(field("opinion_scale", { properties: { steps: 7, start_at_one: true } }))?.outputFormat).toEqual({
      type: "likert",
      scale: 7,
    });
  });

  it("rating is a likert of its steps; nps an 11-point likert labelled 0-10", () => {
    expect(one(field("rating", { properties: { steps: 10, shape: "heart" } }))?.outputFormat).toEqual({
      type: "likert",
      scale: 10,
    });
    const nps = one(field("nps"))?.outputFormat;
    expect(nps).toEqual({
      type: "likert",
      scale: 11,
      labels: ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10"],
    });
  });

  it("ranking, number with min/max, short and long text", () => {
    expect(one(field("ranking", { properties: { choices: choices("X", "Y", "Z") } }))?.outputFormat).toEqual({
      type: "ranking",
      options: ["X", "Y", "Z"],
    });
    expect(one(field("number", { validations: { min_value: 1, max_value: 9 } }))?.outputFormat).toEqual({
      type: "numeric",
      min: 1,
      max: 9,
    });
    expect(one(field("short_text", { validations: { max_length: 20 } }))?.outputFormat).toEqual({ type: "text" });
    expect(one(field("long_text"))?.outputFormat).toEqual({ type: "text" });
  });

  it("groups and inline groups give their nested fields in order, headed by the group's title", () => {
    const { skill } = importSurvey(
      "typeform",
      form(
        field("short_text", { ref: "first" }),
        field("group", {
          ref: "grp",
          title: "About you",
          properties: {
            fields: [
              field("short_text", { ref: "inner1", title: "Name?" }),
              field("inline_group", { title: "", properties: { fields: [field("long_text", { ref: "inner2" })] } }),
            ],
          },
        }),
        field("short_text", { ref: "last" }),
      ),
    );
    expect(skill.questions.map((q) => q.id)).toEqual(["first", "inner1", "inner2", "last"]);
    expect(skill.questions[1]?.text).toBe("About you\nName?");
  });

  it("uses the field's description under its title, strips formatting HTML, and falls back to id when ref is odd", () => {
    const q = one(
      field("short_text", {
        ref: "???",
        id: "Xy9",
        title: "Tell us <b>more</b> &amp; why",
        properties: { description: "One line is fine." },
      }),
    );
    expect(q).toEqual({ id: "Xy9", text: "Tell us more & why\nOne line is fine.", outputFormat: { type: "text" } });
  });

  it("lists unknown field types and choice problems with reasons", () => {
    const { unsupported } = importSurvey(
      "typeform",
      form(
        field("multiple_choice", {
          ref: "many",
          properties: { choices: choices(...Array.from({ length: 51 }, (_, i) => `o${i}`)) },
        }),
        field("multiple_choice", { ref: "dupe", properties: { choices: choices("Same", "same") } }),
        field("hologram", { ref: "holo" }),
        { title: "no type" },
        field("short_text"),
      ),
    );
    expect(unsupported).toEqual([
      { id: "many", type: "multiple_choice", reason: "51 choices; a question holds at most 50" },
      { id: "dupe", type: "multiple_choice", reason: "two choices read the same once formatting is removed" },
      { id: "holo", type: "hologram", reason: "field type hologram has no matching output format" },
      { id: "fields[3]", type: "unknown", reason: "not a field object with a type" },
    ]);
  });
});
