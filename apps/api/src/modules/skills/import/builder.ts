import { ApiError } from "../../../errors.ts";
import { type OutputFormat, type Question, QuestionSchema } from "../../../shared/output-formats.ts";
import { clip } from "./html.ts";

/** What the converters share: the skill they assemble, the unsupported list, ids, options and limits. */

export type SurveyFormat = "qualtrics" | "typeform";

export interface ImportedSkill {
  name: string;
  description?: string;
  instructions: string;
  questions: Question[];
}

/** A source question (or part of one) that did not become a question of the skill, and why. */
export interface Unsupported {
  id: string;
  type: string;
  reason: string;
}

export interface ImportResult {
  skill: ImportedSkill;
  unsupported: Unsupported[];
}

/** A skill holds at most this many questions; the rest of a longer survey is listed, not dropped silently. */
export const MAX_SKILL_QUESTIONS = 50;
/** Source questions beyond this make the document a bulk job rather than one skill: refused outright. */
export const MAX_SOURCE_QUESTIONS = 500;
export const MAX_NAME_CHARS = 200;
export const MAX_DESCRIPTION_CHARS = 2000;
export const MAX_INSTRUCTIONS_CHARS = 20_000;
const MAX_QUESTION_CHARS = 4000;
const MAX_OPTION_CHARS = 200;
const MAX_LABEL_CHARS = 100;
const MAX_ID_CHARS = 64;

export function invalidDocument(path: string, message: string): ApiError {
  return new ApiError("validation_error", `The document is not a readable survey: ${message}`, [
    { path: path ? `document.${path}` : "document", message },
  ]);
}

export const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/** A question id of ours (`^[A-Za-z0-9_-]{1,64}$`) from a source name: other characters become `_`. */
export function sanitizeId(raw: string): string {
  return raw
    .replace(/[^A-Za-z0-9_-]+/g, "_")
    .replace(/^_+|_+$/g, "")
    .slice(0, MAX_ID_CHARS);
}

export type OptionsOutcome = { options: string[] } | { reason: string };

/** Option labels as the shared formats accept them: 2–50, each at most 200 characters, all different. */
export function toOptions(labels: string[]): OptionsOutcome {
  const options = labels.map((l) => clip(l.trim(), MAX_OPTION_CHARS));
  if (options.some((o) => o === "")) return { reason: "a choice has no text" };
  if (options.length < 2) return { reason: "fewer than two choices to pick from" };
  if (options.length > 50) return { reason: `${options.length} choices; a question holds at most 50` };
  if (new Set(options.map((o) => o.toLowerCase())).size !== options.length)
    return { reason: "two choices read the same once formatting is removed" };
  return { options };
}

/** A label of a likert point (at most 100 characters). */
export const likertLabel = (text: string) => clip(text.trim(), MAX_LABEL_CHARS);

/**
 * Labels for a likert scale whose source numbers its points from `first` (0 for NPS and 0-based opinion
 * scales): one label per point carrying the source's own number, so the persona sees the scale it would
 * have seen; the end anchors, when given, are appended to the first and last point. Our answer is
 * 1..scale, so the source value is `answer - 1 + first`.
 */
export function numberedLabels(scale: number, first: number, low?: string, high?: string): string[] {
  return Array.from({ length: scale }, (_, i) => {
    const n = String(first + i);
    const anchor = i === 0 ? low : i === scale - 1 ? high : undefined;
    return likertLabel(anchor ? `${n} (${anchor})` : n);
  });
}

interface Entry {
  question: Question;
  sourceType: string;
}

export class SkillBuilder {
  private readonly entries: Entry[] = [];
  private readonly skipped: Unsupported[] = [];
  private readonly notes: string[] = [];
  private readonly taken = new Set<string>();

  /** A unique question id from the source's name, else from `fallback`; `_2`, `_3`… on a clash. */
  id(raw: string | undefined, fallback: string): string {
    const base = sanitizeId(raw ?? "") || sanitizeId(fallback) || "q";
    let id = base;
    for (let n = 2; this.taken.has(id.toLowerCase()); n++) {
      const suffix = `_${n}`;
      id = `${base.slice(0, MAX_ID_CHARS - suffix.length)}${suffix}`;
    }
    this.taken.add(id.toLowerCase());
    return id;
  }

  /** Adds a question, checked against the shared schema: one that does not pass is listed, never stored. */
  add(id: string, text: string, outputFormat: OutputFormat, source: Unsupported["type"], sourceId = id): void {
    const body = clip(text, MAX_QUESTION_CHARS);
    if (!body) {
      this.skip(sourceId, source, "the question has no text");
      return;
    }
    const parsed = QuestionSchema.safeParse({ id, text: body, outputFormat });
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      this.skip(sourceId, source, `cannot be expressed as ${outputFormat.type}: ${issue?.message ?? "invalid"}`);
      return;
    }
    this.entries.push({ question: parsed.data, sourceType: source });
  }

  skip(id: string, type: string, reason: string): void {
    this.skipped.push({ id, type, reason });
  }

  /** Text shown to the respondent without asking anything (descriptions, statements): part of the instructions. */
  note(text: string): void {
    if (text) this.notes.push(text);
  }

  finish(opts: { name: string; description?: string; format: SurveyFormat; questionPath: string }): ImportResult {
    if (this.entries.length === 0) {
      const why = this.skipped.length
        ? `none of its questions maps to an output format (${this.skipped
            .slice(0, 5)
            .map((u) => `${u.id}: ${u.reason}`)
            .join("; ")}${this.skipped.length > 5 ? "; …" : ""})`
        : "it has no questions";
      throw invalidDocument(opts.questionPath, why);
    }
    const kept = this.entries.slice(0, MAX_SKILL_QUESTIONS);
    const overflow = this.entries.slice(MAX_SKILL_QUESTIONS).map(
      (e): Unsupported => ({
        id: e.question.id,
        type: e.sourceType,
        reason: `a skill holds at most ${MAX_SKILL_QUESTIONS} questions`,
      }),
    );
    const name = clip(opts.name.replace(/\s+/g, " ").trim(), MAX_NAME_CHARS) || `Imported ${opts.format} survey`;
    const intro = `You are taking part in the survey "${name}". Answer every question as yourself, honestly and in your own voice.`;
    const instructions = clip([intro, ...this.notes].join("\n\n"), MAX_INSTRUCTIONS_CHARS);
    const description = opts.description ? clip(opts.description.trim(), MAX_DESCRIPTION_CHARS) : "";
    return {
      skill: {
        name,
        ...(description ? { description } : {}),
        instructions,
        questions: kept.map((e) => e.question),
      },
      unsupported: [...this.skipped, ...overflow],
    };
  }
}
