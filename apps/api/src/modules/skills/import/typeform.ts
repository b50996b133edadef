import type { OutputFormat } from "../../../shared/output-formats.ts";
import {
  type ImportResult,
  invalidDocument,
  isRecord,
  MAX_SOURCE_QUESTIONS,
  numberedLabels,
  SkillBuilder,
  toOptions,
} from "./builder.ts";
import { surveyText } from "./html.ts";

/**
 * Typeform form definitions (the Create API's form object, as `GET /forms/{id}` returns it):
 * `{ id, title, fields: [{ id, ref, type, title, properties, validations }], welcome_screens,
 * thankyou_screens, logic, … }`. Groups and matrices carry their own `properties.fields`.
 * See docs/skills-import.md for every mapping.
 */

type Field = Record<string, unknown>;

const str = (v: unknown): string => (typeof v === "string" ? v : "");
const num = (v: unknown): number | undefined => (typeof v === "number" && Number.isFinite(v) ? v : undefined);
const props = (f: Field): Record<string, unknown> => (isRecord(f.properties) ? f.properties : {});
const nested = (f: Field): unknown[] => (Array.isArray(props(f).fields) ? (props(f).fields as unknown[]) : []);

/** Field types with no output format of ours, and why (shown to the user in `unsupported`). */
const UNSUPPORTED: Record<string, string> = {
  email: "asks for an email address; a persona has none to give",
  phone_number: "asks for a phone number; a persona has none to give",
  website: "asks for a web address; a persona has none to give",
  date: "asks for a calendar date; there is no date output format",
  file_upload: "asks for a file upload; a persona answers in words",
  payment: "takes a payment",
  calendly: "books a meeting through Calendly",
  contact_info: "asks for contact details; a persona has none to give",
  address: "asks for a postal address; a persona has none to give",
  legal: "asks to accept terms, not a research question",
  picture_choice: "its choices are pictures the persona cannot see",
  signature: "asks for a signature; a persona answers in words",
};

/** Question text: the title, then the field's description (Typeform shows it under the title). */
function fieldText(f: Field, context: string): string {
  const title = surveyText(f.title);
  const description = surveyText(props(f).description);
  return [context, title, description].filter(Boolean).join("\n");
}

function choiceLabels(f: Field): string[] {
  const choices = props(f).choices;
  return Array.isArray(choices) ? choices.map((c) => surveyText(isRecord(c) ? c.label : "")) : [];
}

function scaleLabels(f: Field): { left?: string; right?: string } {
  const labels = props(f).labels;
  if (!isRecord(labels)) return {};
  const left = surveyText(labels.left);
  const right = surveyText(labels.right);
  return { ...(left ? { left } : {}), ...(right ? { right } : {}) };
}

/** The output format of a question field, or the reason it has none. */
function formatOf(f: Field, type: string): OutputFormat | { reason: string } {
  const p = props(f);
  switch (type) {
    case "multiple_choice":
    case "dropdown": {
      const labels = choiceLabels(f);
      if (type === "dropdown" && p.alphabetical_order === true) labels.sort((a, b) => a.localeCompare(b));
      const opts = toOptions(labels);
      if ("reason" in opts) return opts;
      const other = type === "multiple_choice" && p.allow_other_choice === true ? { allowOther: true } : {};
      const multi = type === "multiple_choice" && p.allow_multiple_selection === true;
      return { type: multi ? "multi_choice" : "single_choice", ...opts, ...other };
    }
    case "yes_no":
      return { type: "single_choice", options: ["Yes", "No"] };
    case "ranking": {
      const opts = toOptions(choiceLabels(f));
      return "reason" in opts ? opts : { type: "ranking", options: opts.options };
    }
    case "opinion_scale": {
      // Typeform's default opinion scale is 0-10 (11 steps, numbered from 0).
      const steps = num(p.steps) ?? 11;
      const { left, right } = scaleLabels(f);
      if (p.start_at_one !== true)
        return { type: "likert", scale: steps, labels: numberedLabels(steps, 0, left, right) };
      return { type: "likert", scale: steps, ...(left && right ? { labels: [left, right] } : {}) };
    }
    case "rating":
      return { type: "likert", scale: num(p.steps) ?? 5 };
    case "nps": {
      const { left, right } = scaleLabels(f);
      return { type: "likert", scale: 11, labels: numberedLabels(11, 0, left, right) };
    }
    case "number": {
      const v = isRecord(f.validations) ? f.validations : {};
      const min = num(v.min_value);
      const max = num(v.max_value);
      return { type: "numeric", ...(min !== undefined ? { min } : {}), ...(max !== undefined ? { max } : {}) };
    }
    case "short_text":
    case "long_text":
      // max_length counts characters; a word limit would be a guess, so none is set.
      return { type: "text" };
    default:
      return { reason: UNSUPPORTED[type] ?? `field type ${type} has no matching output format` };
  }
}

function countFields(fields: unknown[]): number {
  return fields.reduce<number>((n, f) => n + 1 + (isRecord(f) ? countFields(nested(f)) : 0), 0);
}

function walk(fields: unknown[], context: string, path: string, b: SkillBuilder): void {
  for (const [i, raw] of fields.entries()) {
    if (!isRecord(raw) || typeof raw.type !== "string") {
      b.skip(`${path}[${i}]`, "unknown", "not a field object with a type");
      continue;
    }
    const type = raw.type;
    const sourceId = str(raw.ref) || str(raw.id) || `${path}[${i}]`;
    if (type === "statement") {
      b.note(fieldText(raw, ""));
      b.skip(sourceId, type, "a statement: added to the skill's instructions");
      continue;
    }
    if (type === "group" || type === "inline_group" || type === "matrix") {
      // A group's title heads each of its questions; a matrix's title is the question its rows answer.
      const children = nested(raw);
      if (children.length === 0) {
        b.skip(sourceId, type, `the ${type} has no fields`);
        continue;
      }
      walk(children, fieldText(raw, context), `${path}[${i}].properties.fields`, b);
      continue;
    }
    const format = formatOf(raw, type);
    if ("reason" in format) {
      b.skip(sourceId, type, format.reason);
      continue;
    }
    b.add(b.id(str(raw.ref), str(raw.id) || `field_${i + 1}`), fieldText(raw, context), format, type, sourceId);
  }
}

export function fromTypeform(doc: Record<string, unknown>): ImportResult {
  const fields = doc.fields;
  if (!Array.isArray(fields))
    throw invalidDocument("fields", "expected an array of fields (a Typeform form definition has title and fields)");
  const total = countFields(fields);
  if (total > MAX_SOURCE_QUESTIONS)
    throw invalidDocument("fields", `${total} fields; an import reads at most ${MAX_SOURCE_QUESTIONS}`);
  const b = new SkillBuilder();
  const welcome = Array.isArray(doc.welcome_screens) ? doc.welcome_screens.filter(isRecord) : [];
  for (const screen of welcome) b.note(fieldText(screen, ""));
  walk(fields, "", "fields", b);
  const settings = isRecord(doc.settings) ? doc.settings : {};
  const meta = isRecord(settings.meta) ? settings.meta : {};
  return b.finish({
    name: surveyText(doc.title),
    description: surveyText(meta.description),
    format: "typeform",
    questionPath: "fields",
  });
}
