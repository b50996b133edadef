import { ApiError } from "../../../errors.ts";
import { type ImportResult, invalidDocument, isRecord, type SurveyFormat } from "./builder.ts";
import { fromQualtrics } from "./qualtrics.ts";
import { fromTypeform } from "./typeform.ts";

/**
 * Survey import (SPEC §8.1, `POST /skills/import`): a Qualtrics survey file or a Typeform form definition
 * becomes a skill whose questions use the shared output formats; whatever cannot map is listed in
 * `unsupported` with a reason. Pure: no database, no clock. The mappings are in docs/skills-import.md.
 */

export type { ImportedSkill, ImportResult, SurveyFormat, Unsupported } from "./builder.ts";
export { MAX_SKILL_QUESTIONS, MAX_SOURCE_QUESTIONS } from "./builder.ts";

export const SURVEY_FORMATS = ["qualtrics", "typeform"] as const satisfies readonly SurveyFormat[];

/** Larger documents are refused (413) before they are walked. */
export const MAX_DOCUMENT_BYTES = 2 * 1024 * 1024;

/**
 * The document as an object: the parsed JSON, or a string holding it (the file's text pasted as is).
 * Throws `validation_error` (400) naming `document` when it is neither, `payload_too_large` (413) above
 * MAX_DOCUMENT_BYTES.
 */
function readDocument(document: unknown): Record<string, unknown> {
  let doc = document;
  if (typeof document === "string") {
    if (Buffer.byteLength(document) > MAX_DOCUMENT_BYTES) throw tooLarge();
    try {
      doc = JSON.parse(document);
    } catch {
      throw invalidDocument("", "a string that is not JSON");
    }
  } else if (isRecord(document) && Buffer.byteLength(JSON.stringify(document)) > MAX_DOCUMENT_BYTES) {
    throw tooLarge();
  }
  if (!isRecord(doc))
    throw invalidDocument(
      "",
      `expected a JSON object, got ${Array.isArray(doc) ? "an array" : doc === null ? "null" : typeof doc}`,
    );
  return doc;
}

const tooLarge = () =>
  new ApiError("payload_too_large", `The document is larger than ${MAX_DOCUMENT_BYTES} bytes as JSON`, [
    { path: "document", message: `at most ${MAX_DOCUMENT_BYTES} bytes` },
  ]);

/**
 * Converts a survey document of the given format into a skill and the list of what did not map.
 * Throws ApiError `validation_error` (400, details `[{ path: "document…" | "format", message }]`) when the
 * document is not a readable survey of that format, has more than MAX_SOURCE_QUESTIONS questions, or none
 * of its questions maps; `payload_too_large` (413) above MAX_DOCUMENT_BYTES.
 */
export function importSurvey(format: SurveyFormat, document: unknown): ImportResult {
  if (!(SURVEY_FORMATS as readonly string[]).includes(format))
    throw new ApiError("validation_error", `Unknown survey format: ${String(format)}`, [
      { path: "format", message: `expected one of ${SURVEY_FORMATS.join(", ")}` },
    ]);
  const doc = readDocument(document);
  return format === "qualtrics" ? fromQualtrics(doc) : fromTypeform(doc);
}
