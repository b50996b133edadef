/**
 * Row formatters of a run's exports (issue 13, "Exports"): `.../results.csv` and `.../results.ndjson`, one
 * row per task × question (tasks without an answer to the question included), written row by row so the
 * route can stream them. Pure: the caller reads the rows and writes the lines.
 *
 * The CSV is RFC 4180 (CRLF line ends, a field quoted when it holds a comma, a double quote, CR or LF, inner
 * quotes doubled) with spreadsheet formula injection neutralised: a text field starting with = + - @ TAB
 * or CR gets a leading `'` (numbers are written as numbers and never prefixed). Hand-written rather than
 * csv-stringify (which has `escape_formulas`): the rules are a dozen lines, tested in export.test.ts, with
 * exact control over which fields are exempt (numbers, so `-3` stays a number), and rows are formatted one
 * at a time without a stream or a dependency.
 */
import { type Cell, csvField } from "../../shared/csv.ts";
import type { ChoiceValue, ParsedValue } from "../../shared/output-formats.ts";
import type { EvidenceAnswer, EvidencePersona, EvidenceQuestion, EvidenceTask } from "./evidence.ts";

/** The fixed columns, in order; `attr_<key>` columns follow, one per attribute key (sorted). */
export const CSV_COLUMNS = [
  // SPEC §8.1: task_id, persona_id, question_id, parsed, valid, score first, then the persona's attributes.
  "task_id",
  "persona_id",
  "question_id",
  "parsed",
  "valid",
  "score",
  "score_passed",
  "error",
  "question_type",
  "raw",
  "replicate",
  "task_state",
  "first_name",
  "last_name",
  "age",
  "gender",
  "location",
  "education",
  "income_bracket",
  "household",
  "base_occupation",
  "cohort_id",
  "weight",
] as const;

/** The input of one row: a task, the question, the task's answer to it (null when none) and the persona. */
export interface ExportRowInput {
  task: EvidenceTask;
  question: EvidenceQuestion;
  answer: EvidenceAnswer | null;
  /** The persona as of the run (null only when it is unknown: its fields are then empty). */
  persona: EvidencePersona | null;
}

export { csvField };

/** The sorted `attr_<key>` column names of the attribute keys seen across the run's personas. */
export function attributeColumns(attrKeys: readonly string[]): string[] {
  return [...new Set(attrKeys)].sort().map((k) => `attr_${k}`);
}

/** The persona attribute keys of a set of personas, sorted and unique (the `attrKeys` of the header). */
export function attributeKeysOf(personas: Iterable<EvidencePersona>): string[] {
  const keys = new Set<string>();
  for (const p of personas) for (const k of Object.keys(p.attributes)) keys.add(k);
  return [...keys].sort();
}

function isChoice(v: ParsedValue): v is ChoiceValue {
  return typeof v === "object" && v !== null && "label" in v && typeof (v as ChoiceValue).label === "string";
}

function isList(v: ParsedValue): v is { labels: string[]; indexes: (number | null)[] } {
  return typeof v === "object" && v !== null && Array.isArray((v as { labels?: unknown }).labels);
}

/**
 * The parsed answer flattened to one cell: the choice's label; multi_choice and ranking labels joined with
 * "; " (ranking: most preferred first); numbers as numbers; text as is; json as JSON text.
 */
export function flattenAnswer(question: EvidenceQuestion, parsed: ParsedValue | null): string | number | null {
  if (parsed === null) return null;
  if (typeof parsed === "string" || typeof parsed === "number") return parsed;
  const type = question.outputFormat.type;
  if (type === "json") return JSON.stringify(parsed);
  if (isChoice(parsed)) return parsed.label;
  if (isList(parsed)) return parsed.labels.join("; ");
  return JSON.stringify(parsed);
}

function attributeCell(v: unknown): Cell {
  if (v === undefined || v === null) return null;
  if (typeof v === "string" || typeof v === "number" || typeof v === "boolean") return v;
  return JSON.stringify(v);
}

/** The row as an ordered list of [column, value] (answer left parsed for NDJSON, flattened for CSV). */
function fields(input: ExportRowInput, attrKeys: readonly string[]): { cells: Cell[]; parsed: ParsedValue | null } {
  const { task, question, answer, persona: p } = input;
  const parsed = answer?.valid ? answer.parsed : null;
  // No answer: the task's error code, else its state (cancelled, queued…), else "no_answer".
  const error = answer
    ? answer.valid
      ? null
      : (answer.error ?? "invalid")
    : (task.error?.code ?? (task.state === "succeeded" ? "no_answer" : task.state));
  const cells: Cell[] = [
    task.taskId,
    task.personaId,
    question.id,
    flattenAnswer(question, parsed),
    answer?.valid ?? false,
    task.score?.total ?? null,
    task.score?.passed ?? null,
    error,
    question.outputFormat.type,
    answer?.raw ?? null,
    task.replicate,
    task.state,
    p?.firstName ?? null,
    p?.lastName ?? null,
    p?.age ?? null,
    p?.gender ?? null,
    p?.location ?? null,
    p?.education ?? null,
    p?.incomeBracket ?? null,
    p?.household ?? null,
    p?.baseOccupation ?? null,
    p?.cohortId ?? null,
    p?.weight ?? null,
    ...[...new Set(attrKeys)].sort().map((k) => attributeCell(p?.attributes[k])),
  ];
  return { cells, parsed };
}

/** The header line (with its CRLF). */
export function csvHeader(attrKeys: readonly string[]): string {
  return `${[...CSV_COLUMNS, ...attributeColumns(attrKeys)].map(csvField).join(",")}\r\n`;
}

/** One data line (with its CRLF); its columns are those of `csvHeader(attrKeys)`. */
export function csvRow(input: ExportRowInput, attrKeys: readonly string[]): string {
  return `${fields(input, attrKeys).cells.map(csvField).join(",")}\r\n`;
}

/**
 * One NDJSON line (with its LF): an object with the CSV's columns as keys (`attr_<key>` included) and the
 * answer kept as parsed JSON (null when there is no valid answer).
 */
export function ndjsonRow(input: ExportRowInput, attrKeys: readonly string[]): string {
  const { cells, parsed } = fields(input, attrKeys);
  const names = [...CSV_COLUMNS, ...attributeColumns(attrKeys)];
  const row: Record<string, unknown> = {};
  names.forEach((name, i) => {
    row[name] = name === "parsed" ? parsed : cells[i];
  });
  return `${JSON.stringify(row)}\n`;
}

/**
 * Every row of a run, in order (task by task, question by question): one per task × question, with the
 * task's answer when it has one. A generator, so a route can stream without building the whole export.
 */
export function* exportRows(
  tasks: Iterable<EvidenceTask>,
  questions: readonly EvidenceQuestion[],
  answersOf: (taskId: string) => readonly EvidenceAnswer[],
  personaOf: (personaId: string) => EvidencePersona | null,
): Generator<ExportRowInput> {
  for (const task of tasks) {
    const answers = answersOf(task.taskId);
    const persona = personaOf(task.personaId);
    for (const question of questions)
      yield { task, question, answer: answers.find((a) => a.questionId === question.id) ?? null, persona };
  }
}
