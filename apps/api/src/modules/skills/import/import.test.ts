import { describe, expect, it } from "vitest";
import { ApiError } from "../../../errors.ts";
import { clip, htmlToText } from "./html.ts";
import { importSurvey, MAX_DOCUMENT_BYTES, MAX_SKILL_QUESTIONS, type SurveyFormat } from "./index.ts";

/** The ApiError a call throws (fails the test when it throws something else or nothing). */
function thrown(fn: () => unknown): ApiError {
  try {
    fn();
  } catch (err) {
    if (err instanceof ApiError) return err;
    throw err;
  }
  throw new Error("expected an ApiError");
}

const textFields = (count: number) =>
  Array.from({ length: count }, (_, i) => ({
    id: `F${i}`,
    ref: `q${i + 1}`,
    type: "short_text",
    title: `Q ${i + 1}?`,
  }));

describe("importSurvey: documents it refuses", () => {
  it.each([
    ["qualtrics", null, "expected a JSON object, got null"],
    ["qualtrics", [1, 2], "expected a JSON object, got an array"],
    ["typeform", 42, "expected a JSON object, got number"],
    ["typeform", "{not json", "a string that is not JSON"],
  ] as const)("%s document %j is a validation_error on `document`", (format, document, message) => {
    const err = thrown(() => importSurvey(format, document));
    expect(err.code).toBe("validation_error");
    expect(err.status).toBe(400);
    expect(err.details).toEqual([{ path: "document", message }]);
  });

  it("a document of the other format names the missing part", () => {
    const typeformDoc = { id: "x", title: "T", fields: textFields(1) };
    expect(thrown(() => importSurvey("qualtrics", typeformDoc)).details).toEqual([
      { path: "document.SurveyElements", message: expect.stringContaining("SurveyEntry and SurveyElements") },
    ]);
    const qsf = { SurveyEntry: { SurveyName: "S" }, SurveyElements: [] };
    expect(thrown(() => importSurvey("typeform", qsf)).details).toEqual([
      { path: "document.fields", message: expect.stringContaining("array of fields") },
    ]);
  });

  it("an empty survey, or one where nothing maps, says why", () => {
    expect(thrown(() => importSurvey("typeform", { title: "Empty", fields: [] })).details).toEqual([
      { path: "document.fields", message: "it has no questions" },
    ]);
    const onlyUploads = { title: "Uploads", fields: [{ id: "a", ref: "cv", type: "file_upload", title: "CV?" }] };
    const err = thrown(() => importSurvey("typeform", onlyUploads));
    expect(err.code).toBe("validation_error");
    expect(err.message).toContain("cv: asks for a file upload");
  });

  it("an unknown format is a validation_error on `format`", () => {
    const err = thrown(() => importSurvey("surveymonkey" as SurveyFormat, { fields: [] }));
    expect(err.details).toEqual([{ path: "format", message: "expected one of qualtrics, typeform" }]);
  });

  it("more than 500 source questions is refused", () => {
    const err = thrown(() => importSurvey("typeform", { title: "Huge", fields: textFields(501) }));
    expect(err.code).toBe("validation_error");
    expect(err.details).toEqual([{ path: "document.fields", message: expect.stringContaining("at most 500") }]);
  });

  it("a document over 2 MB as JSON is payload_too_large, as an object or as a string", () => {
    const big = { title: "Big", fields: textFields(1), padding: "x".repeat(MAX_DOCUMENT_BYTES) };
    expect(thrown(() => importSurvey("typeform", big)).code).toBe("payload_too_large");
    expect(thrown(() => importSurvey("typeform", JSON.stringify(big))).status).toBe(413);
  });
});

describe("importSurvey: limits and shapes", () => {
  it("keeps the first 50 questions and lists the rest", () => {
    const { skill, unsupported } = importSurvey("typeform", { title: "Long", fields: textFields(53) });
    expect(skill.questions).toHaveLength(MAX_SKILL_QUESTIONS);
    expect(skill.questions.at(-1)?.id).toBe("q50");
    expect(unsupported).toEqual(
      ["q51", "q52", "q53"].map((id) => ({ id, type: "short_text", reason: "a skill holds at most 50 questions" })),
    );
  });

  it("accepts the file's text as a JSON string", () => {
    const doc = JSON.stringify({ title: "As text", fields: textFields(2) });
    expect(importSurvey("typeform", doc).skill.questions).toHaveLength(2);
  });

  it("names an untitled survey after its format and always writes instructions", () => {
    const { skill } = importSurvey("typeform", { fields: textFields(1) });
    expect(skill.name).toBe("Imported typeform survey");
    expect(skill.instructions).toMatch(/^You are taking part in the survey "Imported typeform survey"\./);
    expect(skill).not.toHaveProperty("description");
  });
});

describe("htmlToText", () => {
  it("turns block tags into line breaks, list items into bullets, and drops scripts, styles and comments", () => {
    const html =
      "<h3>Title</h3><!-- editor note --><style>p{}</style><p>First&nbsp;line</p><ul><li>one</li><li>two</li></ul>end";
    expect(htmlToText(html)).toBe("Title\nFirst line\n• one\n• two\nend");
  });

  it("decodes named, decimal and hex entities, and leaves unknown ones as written", () => {
    expect(htmlToText("&lt;a&gt; &quot;x&quot; &#8364;5 &#x263A; &bogus; &rsquo;")).toBe('<a> "x" €5 ☺ &bogus; ’');
  });

  it("clip ends a cut text with an ellipsis", () => {
    expect(clip("abcdef", 4)).toBe("abc…");
    expect(clip("abc", 4)).toBe("abc");
  });
});
