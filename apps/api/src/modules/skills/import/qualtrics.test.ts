import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { QuestionSchema } from "../../../shared/output-formats.ts";
import { importSurvey } from "./index.ts";

const fixture = (name: string) => JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), "utf8"));

/** A minimal .qsf around the given question payloads, in one block, in the given order. */
function qsf(payloads: Record<string, unknown>[], name = "Test survey") {
  return {
    SurveyEntry: { SurveyID: "SV_test", SurveyName: name },
    SurveyElements: [
      {
        Element: "BL",
        Payload: [
          {
            Type: "Default",
            ID: "BL_1",
            BlockElements: payloads.map((p) => ({ Type: "Question", QuestionID: p.QuestionID })),
          },
        ],
      },
      ...payloads.map((p) => ({ Element: "SQ", PrimaryAttribute: p.QuestionID, Payload: p })),
    ],
  };
}

let n = 0;
const q = (over: Record<string, unknown>) => ({
  QuestionID: `QID${++n}`,
  DataExportTag: `Q${n}`,
  QuestionText: "Question?",
  ...over,
});
const choices = (...labels: string[]) => Object.fromEntries(labels.map((l, i) => [String(i + 1), { Display: l }]));

const one = (payload: Record<string, unknown>) => importSurvey("qualtrics", qsf([payload]));

describe("Qualtrics import: fixtures", () => {
  it("maps the pricing study in survey-flow order, every question valid", () => {
    const { skill, unsupported } = importSurvey("qualtrics", fixture("qualtrics-pricing.qsf"));
    expect(skill.name).toBe("Flowboard pricing study & plan fit");
    expect(skill.description).toMatch(/Van Westendorp/);
    // Flow: intro block, then the randomizer's blocks as listed (drivers, plan choice), then Van Westendorp.
    expect(skill.questions.map((x) => x.id)).toEqual([
      "team_size",
      "rank_drivers",
      "perception_1",
      "perception_2",
      "perception_3",
      "perception_4",
      "wtp_slider",
      "plan_choice",
      "must_have",
      "why_plan",
      "vw_too_cheap",
      "vw_bargain",
      "vw_expensive",
      "vw_too_expensive",
    ]);
    for (const question of skill.questions) expect(() => QuestionSchema.parse(question)).not.toThrow();
    // The trash block's question is a deleted question: not imported, not listed.
    expect(JSON.stringify({ skill, unsupported })).not.toContain("old_discount");
    expect(unsupported).toEqual([
      { id: "intro", type: "DB", reason: "descriptive text: added to the skill's instructions" },
      { id: "timing_pricing", type: "Timing", reason: expect.stringContaining("not an answer") },
    ]);
    expect(skill.instructions).toContain("We are exploring pricing for Flowboard, a planning tool for small teams.");
  });

  it("lists every unmappable question of the satisfaction survey with its type", () => {
    const { skill, unsupported } = importSurvey("qualtrics", fixture("qualtrics-csat.qsf"));
    expect(skill.questions).toHaveLength(13);
    expect(skill.description).toBeUndefined();
    const types = Object.fromEntries(unsupported.map((u) => [u.id, u.type]));
    expect(types).toEqual({
      welcome: "DB",
      sat_grid_5: "Matrix",
      page_timer: "Timing",
      improve_rank: "RO",
      budget_split: "CS",
      shelf_heatmap: "HeatMap",
      sbs_compare: "SBS",
      receipt_upload: "FileUpload",
      signature: "Draw",
      captcha: "Captcha",
      browser_meta: "Meta",
    });
    for (const u of unsupported) expect(u.reason.length).toBeGreaterThan(10);
  });
});

describe("Qualtrics import: mappings", () => {
  it("single-answer selectors become single_choice in ChoiceOrder, with a text-entry choice as allowOther", () => {
    for (const selector of ["SAVR", "SAHR", "SACOL", "DL", "SB"]) {
      const { skill } = one(
        q({
          QuestionType: "MC",
          Selector: selector,
          Choices: { ...choices("Red", "Green", "Blue"), "4": { Display: "Other:", TextEntry: "true" } },
          ChoiceOrder: ["3", 1, "2", "4"],
        }),
      );
      expect(skill.questions[0]?.outputFormat, selector).toEqual({
        type: "single_choice",
        options: ["Blue", "Red", "Green"],
        allowOther: true,
      });
    }
  });

  it("multiple-answer selectors become multi_choice, with picks from the choice-count validation", () => {
    for (const selector of ["MAVR", "MAHR", "MACOL", "MSB"]) {
      const { skill } = one(
        q({
          QuestionType: "MC",
          Selector: selector,
          Choices: choices("A", "B", "C"),
          ChoiceOrder: ["1", "2", "3"],
          Validation: { Settings: { Type: "MinChoices", MinChoices: "1", MaxChoices: "2" } },
        }),
      );
      expect(skill.questions[0]?.outputFormat, selector).toEqual({
        type: "multi_choice",
        options: ["A", "B", "C"],
        minPicks: 1,
        maxPicks: 2,
      });
    }
  });

  it("a Likert matrix gives one likert question per statement, scale = answer columns, one label per point", () => {
    const { skill } = one(
      q({
        DataExportTag: "sat",
        QuestionText: "<p>How satisfied are you?</p>",
        QuestionType: "Matrix",
        Selector: "Likert",
        SubSelector: "SingleAnswer",
        Choices: choices("Speed", "Price"),
        ChoiceOrder: ["2", "1"],
        Answers: choices("Low", "Mid", "High"),
        AnswerOrder: ["1", "2", "3"],
      }),
    );
    expect(skill.questions).toEqual([
      {
        id: "sat_2",
        text: "How satisfied are you?\nPrice",
        outputFormat: { type: "likert", scale: 3, labels: ["Low", "Mid", "High"] },
      },
      {
        id: "sat_1",
        text: "How satisfied are you?\nSpeed",
        outputFormat: { type: "likert", scale: 3, labels: ["Low", "Mid", "High"] },
      },
    ]);
  });

  it("a multiple-answer matrix gives one multi_choice per row; a matrix wider than 11 points is listed", () => {
    const multi = one(
      q({
        QuestionType: "Matrix",
        Selector: "Likert",
        SubSelector: "MultipleAnswer",
        Choices: choices("Row"),
        Answers: choices("X", "Y"),
      }),
    );
    expect(multi.skill.questions[0]?.outputFormat).toEqual({ type: "multi_choice", options: ["X", "Y"] });
    const wide = importSurvey(
      "qualtrics",
      qsf([
        q({
          DataExportTag: "wide",
          QuestionType: "Matrix",
          Selector: "Likert",
          SubSelector: "SingleAnswer",
          Choices: choices("Row"),
          Answers: choices(...Array.from({ length: 12 }, (_, i) => `P${i}`)),
        }),
        q({ QuestionType: "TE", Selector: "SL" }),
      ]),
    );
    expect(wide.unsupported).toEqual([{ id: "wide", type: "Matrix", reason: expect.stringContaining("2 to 11") }]);
  });

  it("NPS (QuestionType NPS or MC/NPS) becomes an 11-point likert labelled 0-10", () => {
    for (const [type, selector] of [
      ["NPS", "NPS"],
      ["MC", "NPS"],
    ]) {
      const { skill } = one(
        q({
          QuestionType: type,
          Selector: selector,
          Choices: Array.from({ length: 11 }, (_, i) => ({ Display: String(i) })),
          ColumnLabels: [{ Display: "Not at all likely" }, { Display: "Extremely likely" }],
        }),
      );
      const format = skill.questions[0]?.outputFormat;
      expect(format).toMatchObject({ type: "likert", scale: 11 });
      const labels = format?.type === "likert" ? format.labels : [];
      expect(labels?.[0]).toBe("0 (Not at all likely)");
      expect(labels?.[5]).toBe("5");
      expect(labels?.[10]).toBe("10 (Extremely likely)");
    }
  });

  it("text entry: single line, multi line and essay are text; a number-validated box is numeric", () => {
    for (const selector of ["SL", "ML", "ESTB"])
      expect(one(q({ QuestionType: "TE", Selector: selector })).skill.questions[0]?.outputFormat).toEqual({
        type: "text",
      });
    const numeric = one(
      q({
        QuestionType: "TE",
        Selector: "SL",
        Validation: {
          Settings: {
            Type: "ContentType",
            ContentType: "ValidNumber",
            ValidNumber: { Min: "1", Max: "99", NumDecimals: "0" },
          },
        },
      }),
    );
    expect(numeric.skill.questions[0]?.outputFormat).toEqual({ type: "numeric", min: 1, max: 99, integer: true });
  });

  it("a form gives one text question per field", () => {
    const { skill } = one(
      q({ DataExportTag: "who", QuestionType: "TE", Selector: "FORM", Choices: choices("Name", "City") }),
    );
    expect(skill.questions.map((x) => [x.id, x.text])).toEqual([
      ["who_1", "Question?\nName"],
      ["who_2", "Question?\nCity"],
    ]);
  });

  it("a slider is numeric within CSSliderMin..CSSliderMax; several rows give one question each", () => {
    const single = one(
      q({
        QuestionType: "Slider",
        Selector: "HSLIDER",
        Configuration: { CSSliderMin: 10, CSSliderMax: "60", NumDecimals: "1" },
        Choices: choices("Question?"),
      }),
    );
    expect(single.skill.questions[0]).toMatchObject({
      text: "Question?",
      outputFormat: { type: "numeric", min: 10, max: 60 },
    });
    const rows = one(
      q({
        DataExportTag: "sl",
        QuestionType: "Slider",
        Selector: "HSLIDER",
        Configuration: { CSSliderMin: 0, CSSliderMax: 10, NumDecimals: "0" },
        Choices: choices("Taste", "Price"),
      }),
    );
    expect(rows.skill.questions.map((x) => [x.id, x.outputFormat])).toEqual([
      ["sl_1", { type: "numeric", min: 0, max: 10, integer: true }],
      ["sl_2", { type: "numeric", min: 0, max: 10, integer: true }],
    ]);
  });

  it("rank order becomes ranking in ChoiceOrder", () => {
    const { skill } = one(
      q({ QuestionType: "RO", Selector: "DND", Choices: choices("A", "B", "C"), ChoiceOrder: [3, 2, 1] }),
    );
    expect(skill.questions[0]?.outputFormat).toEqual({ type: "ranking", options: ["C", "B", "A"] });
  });

  it("strips HTML and decodes entities in question texts and choices", () => {
    const { skill } = one(
      q({
        QuestionText:
          '<div style="color:red">Rate <b>Caf&eacute; &amp; Bar</b>&nbsp;&ndash; it&#39;s&#x21;</div><script>alert(1)</script><br>Be honest.',
        QuestionType: "MC",
        Selector: "SAVR",
        Choices: choices("<span>Yes&hellip;</span>", "No &lt;never&gt;"),
      }),
    );
    expect(skill.questions[0]?.text).toBe("Rate Café & Bar – it's!\nBe honest.");
    expect(skill.questions[0]?.outputFormat).toMatchObject({ options: ["Yes…", "No <never>"] });
  });

  it("replaces piped text, which cannot be resolved, with an ellipsis", () => {
    const { skill } = one(
      q({
        // biome-ignore lint/suspicious/noTemplateCurlyInString: Qualtrics piped text, literally
        QuestionText: "Why did you pick ${q://QID2/ChoiceGroup/SelectedChoices}?",
        QuestionType: "TE",
        Selector: "SL",
      }),
    );
    expect(skill.questions[0]?.text).toBe("Why did you pick …?");
  });

  it("lists choices that collide or are too few, and unknown types, with reasons", () => {
    const { unsupported } = importSurvey(
      "qualtrics",
      qsf([
        q({ DataExportTag: "dup", QuestionType: "MC", Selector: "SAVR", Choices: choices("Yes", "<b>yes</b>") }),
        q({ DataExportTag: "few", QuestionType: "MC", Selector: "SAVR", Choices: choices("Only") }),
        q({ DataExportTag: "maxdiff", QuestionType: "Matrix", Selector: "MaxDiff" }),
        q({ DataExportTag: "gap", QuestionType: "Wizard", Selector: "X" }),
        q({ QuestionType: "TE", Selector: "SL" }),
      ]),
    );
    expect(unsupported).toEqual([
      { id: "dup", type: "MC", reason: "two choices read the same once formatting is removed" },
      { id: "few", type: "MC", reason: "fewer than two choices to pick from" },
      { id: "maxdiff", type: "Matrix", reason: "question type Matrix/MaxDiff has no matching output format" },
      { id: "gap", type: "Wizard", reason: "question type Wizard/X has no matching output format" },
    ]);
  });

  it("makes ids valid and unique from export tags", () => {
    const { skill } = importSurvey(
      "qualtrics",
      qsf([
        q({ DataExportTag: "Q1.2 (a)", QuestionType: "TE", Selector: "SL" }),
        q({ DataExportTag: "Q1_2_a", QuestionType: "TE", Selector: "SL" }),
        q({ DataExportTag: "", QuestionID: "QID77", QuestionType: "TE", Selector: "SL" }),
      ]),
    );
    expect(skill.questions.map((x) => x.id)).toEqual(["Q1_2_a", "Q1_2_a_2", "QID77"]);
  });

  it("follows element order when there are no blocks", () => {
    const doc = {
      SurveyEntry: { SurveyName: "No blocks" },
      SurveyElements: [
        { Element: "SQ", Payload: q({ DataExportTag: "b", QuestionType: "TE", Selector: "SL" }) },
        { Element: "SQ", Payload: q({ DataExportTag: "a", QuestionType: "TE", Selector: "SL" }) },
      ],
    };
    expect(importSurvey("qualtrics", doc).skill.questions.map((x) => x.id)).toEqual(["b", "a"]);
  });
});
