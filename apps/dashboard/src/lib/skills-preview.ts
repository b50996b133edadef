import type { Schemas } from "@person-run/sdk";
import { formatInstruction, optionLetter } from "../../../api/src/shared/format-instruction.ts";

/** The API's own words for each format (one function for both), so the preview shows exactly what is sent. */
export { formatInstruction, optionLetter };

/**
 * The skill editor's live preview: what a persona is asked for each question, and what a valid answer
 * and its parsed value look like, per output format. Pure (unit-tested in test/skills-preview.test.ts).
 *
 * `formatInstruction` is the API's sentence (apps/api/src/shared/output-formats.ts), copied here because
 * that file depends on zod; the unit test compares the two on every format so they cannot drift apart.
 */

export type OutputFormat = Schemas["OutputFormat"];
export type FormatType = OutputFormat["type"];
export type Question = Schemas["Question"];

export const FORMAT_TYPES: ReadonlyArray<{ value: FormatType; label: string }> = [
  { value: "likert", label: "Likert scale" },
  { value: "single_choice", label: "Single choice" },
  { value: "multi_choice", label: "Multiple choice" },
  { value: "ranking", label: "Ranking" },
  { value: "numeric", label: "Number" },
  { value: "text", label: "Free text" },
  { value: "json", label: "JSON object" },
];

export function formatLabel(type: string): string {
  return FORMAT_TYPES.find((f) => f.value === type)?.label ?? type;
}

/** Letters for listed options: A-Z, then AA, AB… (as the API). */
/**
 * The prompt of question `index` as the task sends it: the first question starts with the skill's
 * instructions; then the question's text and the format's instruction. `{{variables}}` stay visible
 * (they are filled per task).
 */
export function questionPrompt(instructions: string, question: Pick<Question, "text" | "outputFormat">, index: number) {
  const intro = index === 0 && instructions.trim() ? `${instructions.trim()}\n\n` : "";
  return `${intro}${question.text}\n\n${formatInstruction(question.outputFormat)}`;
}

const PERSONA_FIELDS = new Set([
  "firstName",
  "lastName",
  "age",
  "location",
  "baseOccupation",
  "gender",
  "education",
  "incomeBracket",
  "household",
]);

/**
 * The `{{variables}}` of some texts, in order of first use: `persona` when the persona fills it (its
 * fields and `attributes.*`), else the task must supply it.
 */
export function templateVariables(texts: readonly string[]): Array<{ name: string; source: "persona" | "task" }> {
  const seen = new Map<string, "persona" | "task">();
  for (const t of texts) {
    for (const m of t.matchAll(/\{\{\s*([^{}]+?)\s*\}\}/g)) {
      const name = m[1] as string;
      if (!seen.has(name)) {
        seen.set(name, PERSONA_FIELDS.has(name) || name.startsWith("attributes.") ? "persona" : "task");
      }
    }
  }
  return [...seen].map(([name, source]) => ({ name, source }));
}

const REASON = "it matches how I actually work day to day.";

/** A sentence of exactly `n` words (n ≥ 1). */
function words(n: number): string {
  const pool =
    "I would mostly use it for planning my week and sharing notes with the people I work with because that is where I lose the most time today".split(
      " ",
    );
  const out: string[] = [];
  for (let i = 0; i < n; i++) out.push(pool[i % pool.length] as string);
  return `${out.join(" ")}.`;
}

/** A value that satisfies a JSON Schema (the common keywords), for the preview of a json format. */
export function sampleFromSchema(schema: unknown, depth = 0): unknown {
  if (!schema || typeof schema !== "object" || depth > 6) return null;
  const s = schema as Record<string, unknown>;
  if ("const" in s) return s.const;
  if (Array.isArray(s.enum) && s.enum.length) return s.enum[0];
  if ("default" in s) return s.default;
  if (Array.isArray(s.examples) && s.examples.length) return s.examples[0];
  for (const key of ["oneOf", "anyOf", "allOf"]) {
    const list = s[key];
    if (Array.isArray(list) && list.length) return sampleFromSchema(list[0], depth + 1);
  }
  const type = Array.isArray(s.type) ? s.type.find((t) => t !== "null") : s.type;
  switch (type) {
    case "object":
    case undefined: {
      const props = (s.properties ?? {}) as Record<string, unknown>;
      if (type === undefined && !s.properties) return {};
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(props)) out[k] = sampleFromSchema(v, depth + 1);
      return out;
    }
    case "array": {
      const n = typeof s.minItems === "number" && s.minItems > 1 ? s.minItems : 1;
      return Array.from({ length: n }, () => sampleFromSchema(s.items, depth + 1));
    }
    case "string": {
      const min = typeof s.minLength === "number" ? s.minLength : 0;
      const base = "example";
      return base.length >= min ? base : base.padEnd(min, "x");
    }
    case "integer":
    case "number": {
      const lo =
        typeof s.minimum === "number"
          ? s.minimum
          : typeof s.exclusiveMinimum === "number"
            ? s.exclusiveMinimum + 1
            : null;
      const hi = typeof s.maximum === "number" ? s.maximum : null;
      if (lo !== null) return type === "integer" ? Math.ceil(lo) : lo;
      if (hi !== null) return type === "integer" ? Math.floor(Math.min(hi, 1)) : Math.min(hi, 1);
      return 1;
    }
    case "boolean":
      return true;
    case "null":
      return null;
    default:
      return null;
  }
}

/** A valid answer for the format, and the value the API parses it into (`parsed` of a result). */
export function exampleAnswer(format: OutputFormat): { raw: string; parsed: unknown } {
  switch (format.type) {
    case "text": {
      const lo = format.minWords ?? 0;
      const hi = format.maxWords ?? Math.max(lo, 20);
      const n = Math.max(1, Math.min(hi, Math.max(lo, 14)));
      const raw = words(n);
      return { raw, parsed: raw };
    }
    case "likert": {
      const p = Math.min(format.scale, Math.max(1, Math.ceil(format.scale * 0.7)));
      const label = format.labels && format.labels.length === format.scale ? ` (${format.labels[p - 1]})` : "";
      return { raw: `${p}${label} - ${REASON}`, parsed: p };
    }
    case "single_choice": {
      const i = format.options.length > 1 ? 1 : 0;
      const label = format.options[i] ?? "";
      return { raw: `${optionLetter(i)}) ${label} - ${REASON}`, parsed: { label, index: i } };
    }
    case "multi_choice": {
      const n = format.options.length;
      const lo = Math.max(1, format.minPicks ?? 1);
      const hi = Math.min(n, format.maxPicks ?? n);
      const count = Math.max(Math.min(lo, n), Math.min(2, hi));
      const indexes = Array.from({ length: count }, (_, k) => (k * 2 < n ? k * 2 : k)).filter(
        (v, k, a) => a.indexOf(v) === k,
      );
      while (indexes.length < count) {
        const next = [...Array(n).keys()].find((i) => !indexes.includes(i));
        if (next === undefined) break;
        indexes.push(next);
      }
      indexes.sort((a, b) => a - b);
      return {
        raw: `${indexes.map(optionLetter).join(", ")} - ${REASON}`,
        parsed: { labels: indexes.map((i) => format.options[i]), indexes },
      };
    }
    case "ranking": {
      const n = format.options.length;
      // The second option first, then the others in order: a plausible, non-trivial order.
      const order = n > 1 ? [1, 0, ...[...Array(n).keys()].slice(2)] : [0];
      return {
        raw: `${order.map(optionLetter).join(" > ")} - ${REASON}`,
        parsed: { labels: order.map((i) => format.options[i]), indexes: order },
      };
    }
    case "numeric": {
      let v: number;
      if (format.min !== undefined && format.max !== undefined) v = (format.min + format.max) / 2;
      else if (format.min !== undefined) v = format.min + 10;
      else if (format.max !== undefined) v = Math.min(format.max, 10);
      else v = 12;
      if (format.integer) {
        v = Math.round(v);
        if (format.max !== undefined && v > format.max) v = Math.floor(format.max);
        if (format.min !== undefined && v < format.min) v = Math.ceil(format.min);
      } else v = Math.round(v * 100) / 100;
      const unit = format.unit ? ` ${format.unit}` : "";
      return { raw: `${v}${unit} - ${REASON}`, parsed: v };
    }
    case "json": {
      const value = sampleFromSchema(format.schema);
      const obj = value && typeof value === "object" && !Array.isArray(value) ? value : {};
      return { raw: JSON.stringify(obj), parsed: obj };
    }
  }
}

/** The parsed value as the preview shows it (a JSON literal). */
export function showParsed(parsed: unknown): string {
  return JSON.stringify(parsed);
}

/**
 * Problems the API would refuse, found while editing (the API validates again on save; its message is
 * shown next to the form): each names the field.
 */
export function formatProblems(format: OutputFormat): Array<{ field: string; message: string }> {
  const out: Array<{ field: string; message: string }> = [];
  const dupes = (opts: readonly string[]) => new Set(opts.map((o) => o.trim().toLowerCase())).size !== opts.length;
  switch (format.type) {
    case "text":
      if (format.minWords !== undefined && format.maxWords !== undefined && format.minWords > format.maxWords) {
        out.push({ field: "minWords", message: "Minimum words must not exceed maximum words." });
      }
      break;
    case "likert":
      if (!Number.isInteger(format.scale) || format.scale < 2 || format.scale > 11) {
        out.push({ field: "scale", message: "The scale has 2 to 11 points." });
      }
      if (format.labels && format.labels.length !== 2 && format.labels.length !== format.scale) {
        out.push({ field: "labels", message: "Give two labels (lowest, highest) or one per point." });
      }
      break;
    case "single_choice":
    case "multi_choice":
    case "ranking":
      if (format.options.length < 2) out.push({ field: "options", message: "List at least two options." });
      if (format.options.length > 50) out.push({ field: "options", message: "List at most 50 options." });
      if (dupes(format.options)) out.push({ field: "options", message: "Options must be different." });
      if (format.type === "multi_choice") {
        const { minPicks: lo, maxPicks: hi } = format;
        if (lo !== undefined && hi !== undefined && lo > hi) {
          out.push({ field: "minPicks", message: "Minimum picks must not exceed maximum picks." });
        }
        if (hi !== undefined && hi > format.options.length + (format.allowOther ? 1 : 0)) {
          out.push({ field: "maxPicks", message: "Maximum picks exceeds the number of options." });
        }
      }
      break;
    case "numeric":
      if (format.min !== undefined && format.max !== undefined && format.min > format.max) {
        out.push({ field: "min", message: "Minimum must not exceed maximum." });
      }
      break;
    case "json":
      if (!format.schema || typeof format.schema !== "object" || Array.isArray(format.schema)) {
        out.push({ field: "schema", message: "The schema must be a JSON object." });
      }
      break;
  }
  return out;
}

/** A new format of `type`, keeping the options (or scale) of the previous one where they carry over. */
export function switchFormat(previous: OutputFormat | undefined, type: FormatType): OutputFormat {
  const options =
    previous && "options" in previous && previous.options.length >= 2
      ? previous.options
      : ["Option one", "Option two", "Option three"];
  switch (type) {
    case "text":
      return { type };
    case "likert":
      return { type, scale: 5, labels: ["Strongly disagree", "Strongly agree"] };
    case "single_choice":
    case "multi_choice":
    case "ranking":
      return { type, options: [...options] };
    case "numeric":
      return { type };
    case "json":
      return {
        type,
        schema: {
          type: "object",
          properties: { plan: { type: "string", enum: ["free", "pro"] }, seats: { type: "integer", minimum: 1 } },
          required: ["plan"],
        },
      };
  }
}

/** Lines of a textarea as a list (trimmed, blank lines dropped). */
export function parseLines(text: string): string[] {
  return text
    .split("\n")
    .map((l) => l.trim())
    .filter(Boolean);
}

/** An optional number input's value: undefined when blank or not a number. */
export function optionalNumber(text: string): number | undefined {
  if (text.trim() === "") return undefined;
  const n = Number(text);
  return Number.isFinite(n) ? n : undefined;
}

/** A question id made from its position, unique among `taken`: q1, q2… */
export function nextQuestionId(taken: readonly string[]): string {
  let i = taken.length + 1;
  while (taken.includes(`q${i}`)) i++;
  return `q${i}`;
}

/**
 * A question as the editor holds it: every field as typed (options one per line, numbers as text), so
 * typing is never fought by re-formatting. `draftToQuestion` reads it into the API's shape.
 */
export interface QuestionDraft {
  key: string;
  id: string;
  text: string;
  type: FormatType;
  options: string;
  allowOther: boolean;
  scale: string;
  labels: string;
  reverse: boolean;
  minWords: string;
  maxWords: string;
  minPicks: string;
  maxPicks: string;
  min: string;
  max: string;
  unit: string;
  integer: boolean;
  schema: string;
  followUps: string;
}

let keySeq = 0;
const newKey = () => `q-${++keySeq}`;

/** The editor's draft of a question of the API. */
export function questionToDraft(q: Question): QuestionDraft {
  const f = q.outputFormat;
  const str = (n: number | undefined) => (n === undefined ? "" : String(n));
  return {
    key: newKey(),
    id: q.id,
    text: q.text,
    type: f.type,
    options: "options" in f ? f.options.join("\n") : "Option one\nOption two\nOption three",
    allowOther: "allowOther" in f ? Boolean(f.allowOther) : false,
    scale: f.type === "likert" ? String(f.scale) : "5",
    labels: f.type === "likert" ? (f.labels ?? []).join("\n") : "Strongly disagree\nStrongly agree",
    reverse: f.type === "likert" ? Boolean(f.reverse) : false,
    minWords: f.type === "text" ? str(f.minWords) : "",
    maxWords: f.type === "text" ? str(f.maxWords) : "",
    minPicks: f.type === "multi_choice" ? str(f.minPicks) : "",
    maxPicks: f.type === "multi_choice" ? str(f.maxPicks) : "",
    min: f.type === "numeric" ? str(f.min) : "",
    max: f.type === "numeric" ? str(f.max) : "",
    unit: f.type === "numeric" ? (f.unit ?? "") : "",
    integer: f.type === "numeric" ? Boolean(f.integer) : false,
    schema: JSON.stringify(
      f.type === "json" ? f.schema : (switchFormat(undefined, "json") as { schema: unknown }).schema,
      null,
      2,
    ),
    followUps: (q.followUps ?? []).join("\n"),
  };
}

/** A new question draft (likert, 5 points) with an id not in `taken`. */
export function newQuestionDraft(taken: readonly string[]): QuestionDraft {
  return questionToDraft({
    id: nextQuestionId(taken),
    text: "",
    outputFormat: { type: "likert", scale: 5, labels: ["Strongly disagree", "Strongly agree"] },
  });
}

/** The draft's output format, or why it cannot be one yet (the JSON schema does not parse). */
export function draftToFormat(
  d: QuestionDraft,
): { format: OutputFormat; error: null } | { format: null; error: string } {
  const n = (s: string) => optionalNumber(s);
  const defined = <T extends Record<string, unknown>>(o: T) =>
    Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== false && v !== "")) as T;
  switch (d.type) {
    case "text":
      return { format: defined({ type: "text", minWords: n(d.minWords), maxWords: n(d.maxWords) }), error: null };
    case "likert": {
      const labels = parseLines(d.labels);
      return {
        format: defined({
          type: "likert",
          scale: n(d.scale) ?? 5,
          labels: labels.length ? labels : undefined,
          reverse: d.reverse || undefined,
        }),
        error: null,
      };
    }
    case "single_choice":
      return {
        format: defined({
          type: "single_choice",
          options: parseLines(d.options),
          allowOther: d.allowOther || undefined,
        }),
        error: null,
      };
    case "multi_choice":
      return {
        format: defined({
          type: "multi_choice",
          options: parseLines(d.options),
          minPicks: n(d.minPicks),
          maxPicks: n(d.maxPicks),
          allowOther: d.allowOther || undefined,
        }),
        error: null,
      };
    case "ranking":
      return { format: { type: "ranking", options: parseLines(d.options) }, error: null };
    case "numeric":
      return {
        format: defined({
          type: "numeric",
          min: n(d.min),
          max: n(d.max),
          unit: d.unit.trim() || undefined,
          integer: d.integer || undefined,
        }),
        error: null,
      };
    case "json": {
      try {
        const schema = JSON.parse(d.schema) as unknown;
        if (!schema || typeof schema !== "object" || Array.isArray(schema)) {
          return { format: null, error: "The schema must be a JSON object." };
        }
        return { format: { type: "json", schema: schema as Record<string, unknown> }, error: null };
      } catch (err) {
        return { format: null, error: `The schema is not valid JSON: ${(err as Error).message}` };
      }
    }
  }
}

/** The API's question from a draft (null when its format cannot be read yet). */
export function draftToQuestion(d: QuestionDraft): Question | null {
  const { format } = draftToFormat(d);
  if (!format) return null;
  const followUps = parseLines(d.followUps);
  return { id: d.id.trim(), text: d.text.trim(), outputFormat: format, ...(followUps.length ? { followUps } : {}) };
}
