import type { OutputFormat, ParseOutcome } from "../../shared/output-formats.ts";
import { jsonSchemaErrors } from "./json-schema.ts";
import { parseMultiChoice, parseRanking, parseSingleChoice } from "./parse-choice.ts";
import {
  countWords,
  firstSentence,
  leadingNumberWord,
  normalize,
  phraseAt,
  stripLeadIns,
  stripMarkup,
} from "./parse-text.ts";

/**
 * Answer parsing (docs/skills.md, Parsing): every format reads the value from the start of the answer,
 * as `formatInstruction` asks, tolerant of the forms models write, and refuses what is ambiguous (two
 * numbers, a range, two options) rather than guess. Errors are short and say what was expected: they
 * are shown to the model in the repair prompt.
 */

const bullet = (s: string) => s.replace(/^[-*•]\s+/, "");

function parseText(f: { minWords?: number; maxWords?: number }, raw: string): ParseOutcome {
  const text = raw.trim();
  if (!text) return { valid: false, error: "the answer is empty" };
  const n = countWords(text);
  const { minWords: lo, maxWords: hi } = f;
  if ((lo !== undefined && n < lo) || (hi !== undefined && n > hi)) {
    const want =
      lo !== undefined && hi !== undefined ? `${lo} to ${hi}` : lo !== undefined ? `at least ${lo}` : `at most ${hi}`;
    return { valid: false, error: `the answer has ${n} word${n === 1 ? "" : "s"}; write ${want} words` };
  }
  return { valid: true, parsed: text };
}

interface NumberToken {
  value: number;
  text: string;
  at: number;
  end: number;
  decimal: boolean;
}

/** Numbers of a text: an optional sign (at a word start), thousands with commas, a decimal point. */
function numbersIn(text: string): NumberToken[] {
  const re = /(?<![\d.,\p{L}])(?:(?<=^|[\s(~≈$€£¥])[-−])?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|(?<![\d\p{L}])\.\d+/gu;
  return [...text.matchAll(re)].map((m) => {
    const t = m[0];
    return {
      value: Number(t.replace(/,/g, "").replace("−", "-")),
      text: t,
      at: m.index,
      end: m.index + t.length,
      decimal: t.includes("."),
    };
  });
}

/** After a number: another one offered instead ("4-5", "4 or 5", "10 to 20", "5, maybe 6"). */
const ALTERNATIVE = /^\s*(?:[-–—]|to|or|and|\/|,\s*(?:maybe|perhaps|possibly|or)|\(?\s*or)\s*[$€£¥]?\s*\d/i;

function likertLabelPoint(labels: readonly string[] | undefined, scale: number, phrase: string): number | null {
  if (!labels) return null;
  const i = labels.map(normalize).indexOf(normalize(phrase));
  if (i < 0) return null;
  return labels.length === scale ? i + 1 : i === 0 ? 1 : scale;
}

/** Labels written out (one per point): the outermost ones found in the head; null when none. */
function likertByLabel(labels: readonly string[], head: string): { point: number } | { error: string } | null {
  const t = normalize(head);
  const spans: { from: number; to: number; point: number }[] = [];
  labels.map(normalize).forEach((label, i) => {
    for (let at = t.indexOf(label); at >= 0; at = t.indexOf(label, at + 1)) {
      const before = t[at - 1];
      if ((before === undefined || !/[\p{L}\p{N}]/u.test(before)) && phraseAt(t, label, at)) {
        spans.push({ from: at, to: at + label.length, point: i + 1 });
      }
    }
  });
  const outer = spans.filter(
    (s) => !spans.some((o) => o !== s && o.from <= s.from && o.to >= s.to && o.to - o.from > s.to - s.from),
  );
  const points = [...new Set(outer.map((s) => s.point))];
  if (points.length === 0) return null;
  if (points.length > 1) {
    return {
      error: `the answer names several points (${points.map((p) => `${p} = ${labels[p - 1]}`).join(", ")}); choose one`,
    };
  }
  return { point: points[0] as number };
}

function parseLikert(f: { scale: number; labels?: string[] }, raw: string): ParseOutcome {
  const clean = bullet(stripMarkup(raw));
  if (!clean) return { valid: false, error: "the answer is empty" };
  const want = `a whole number from 1 to ${f.scale}`;
  const head = firstSentence(leadingNumberWord(stripLeadIns(clean)))
    // "on a scale of 1 to 7, …", "(1-7)": the scale restated is not an answer.
    .replace(/\b(?:on\s+)?(?:a|the|this)\s+(?:\d+-point\s+)?scale\s+(?:of|from)\s+\d+\s*(?:to|-|–)\s*\d+\s*,?/gi, " ")
    .replace(/\(\s*1\s*(?:-|–|to)\s*\d+\s*\)/g, " ")
    .replace(/\bout\s+of\s+\d+\s*,/gi, " ")
    .trimStart();
  const numbers = numbersIn(head);
  const first = numbers[0];
  if (!first) {
    const perPoint = f.labels?.length === f.scale ? f.labels : null;
    const byLabel = perPoint ? likertByLabel(perPoint, firstSentence(clean)) : null;
    if (byLabel && "point" in byLabel) return { valid: true, parsed: byLabel.point };
    if (byLabel) return { valid: false, error: byLabel.error };
    return { valid: false, error: `no number found at the start; begin with ${want}` };
  }
  const distinct = new Set(numbers.map((n) => n.value));
  if (first.at > 0 && distinct.size > 1) {
    return { valid: false, error: `several numbers (${[...distinct].join(", ")}); begin with ${want}` };
  }
  let after = head.slice(first.end);
  const denominator = /^\s*(?:\/|out\s+of|of)\s*(\d+)/i.exec(after);
  if (denominator) {
    if (Number(denominator[1]) !== f.scale) {
      return { valid: false, error: `${first.text}/${denominator[1]} is not on this scale; answer with ${want}` };
    }
    after = after.slice(denominator[0].length);
  }
  if (ALTERNATIVE.test(after)) return { valid: false, error: `several numbers given; answer with one, ${want}` };
  if (first.decimal) return { valid: false, error: `${first.text} is not a whole number; answer with ${want}` };
  if (first.value < 1 || first.value > f.scale) {
    return { valid: false, error: `${first.text} is outside the scale; answer with ${want}` };
  }
  // "6 (Agree)", "6 = Agree": a label stated beside the number must be the number's.
  const stated = /^\s*(?:\(|=|[-–—:])\s*([^)\n.,;]+)/.exec(after)?.[1];
  const statedPoint = stated ? likertLabelPoint(f.labels, f.scale, stated) : null;
  if (statedPoint !== null && statedPoint !== first.value) {
    return {
      valid: false,
      error: `${first.value} and "${stated?.trim()}" (${statedPoint}) disagree; answer with ${want}`,
    };
  }
  return { valid: true, parsed: first.value };
}

const APPROXIMATELY =
  /^(?:about|around|roughly|approximately|approx\.?|maybe|perhaps|probably|nearly|almost|circa|ca\.|~|≈|at\s+least|at\s+most|up\s+to|no\s+more\s+than|max(?:imum)?|min(?:imum)?|exactly|just)\s*/i;
const INEQUALITY = /^(?:less|fewer|more|greater|higher|lower)\s+than\b|^(?:over|under|below|above)\s+(?=[$€£¥\d])/i;
const SCALE_WORDS: Record<string, number> = { k: 1e3, thousand: 1e3, million: 1e6, mn: 1e6, billion: 1e9, bn: 1e9 };

function parseNumeric(f: { min?: number; max?: number; integer?: boolean }, raw: string): ParseOutcome {
  let text = bullet(stripLeadIns(bullet(stripMarkup(raw))));
  for (let i = 0; i < 3; i++) text = text.replace(APPROXIMATELY, "");
  text = leadingNumberWord(text);
  if (!text) return { valid: false, error: "the answer is empty" };
  const want = `a single ${f.integer ? "whole " : ""}number`;
  if (INEQUALITY.test(text))
    return { valid: false, error: `a bound ("${/^\S+\s+\S+/.exec(text)?.[0]}…") is not a value; answer with ${want}` };
  const head = firstSentence(text);
  if (/^between\b/i.test(head)) return { valid: false, error: `a range is not a value; answer with ${want}` };
  const numbers = numbersIn(head);
  const first = numbers[0];
  if (!first) {
    if (/^(?:nothing|none)\b/i.test(head)) return bounded(f, 0, "0");
    return { valid: false, error: `no number found at the start; answer with ${want}` };
  }
  const lead = head.slice(0, first.at).trim();
  if (lead !== "" && !/^[$€£¥(~≈]+$/.test(lead) && new Set(numbers.map((n) => n.value)).size > 1) {
    return { valid: false, error: `several numbers (${numbers.map((n) => n.text).join(", ")}); begin with ${want}` };
  }
  const after = head.slice(first.end);
  if (/^,\d{1,2}(?!\d)/.test(after))
    return { valid: false, error: `write decimals with a point (${first.text}.${after.slice(1, 3)}), not a comma` };
  if (ALTERNATIVE.test(after))
    return { valid: false, error: `a range or several numbers is not a value; answer with ${want}` };
  const scale = /^\s*(k|thousand|million|mn|billion|bn)\b/i.exec(after)?.[1]?.toLowerCase();
  const value = scale ? Math.round(first.value * (SCALE_WORDS[scale] as number) * 1e6) / 1e6 : first.value;
  return bounded(f, value, scale ? `${first.text}${scale}` : first.text);
}

function bounded(f: { min?: number; max?: number; integer?: boolean }, value: number, text: string): ParseOutcome {
  if (f.integer && !Number.isInteger(value))
    return { valid: false, error: `${text} is not a whole number; answer with a whole number` };
  if (f.min !== undefined && value < f.min) return { valid: false, error: `${text} is below the minimum ${f.min}` };
  if (f.max !== undefined && value > f.max) return { valid: false, error: `${text} is above the maximum ${f.max}` };
  return { valid: true, parsed: value };
}

/** The first balanced `{…}` of a text, skipping braces inside strings; null when there is none. */
function firstObject(text: string): string | null {
  const start = text.indexOf("{");
  if (start < 0) return null;
  let depth = 0;
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === "\\") i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === "{") depth++;
    else if (c === "}" && --depth === 0) return text.slice(start, i + 1);
  }
  return null;
}

function readsAsJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

function parseJson(schema: Record<string, unknown>, raw: string): ParseOutcome {
  const fenced = /```[a-zA-Z]*\s*\n?([\s\S]*?)```/.exec(raw)?.[1];
  const source = fenced ?? raw;
  const candidate = firstObject(source);
  if (candidate === null) return { valid: false, error: "no JSON object found; answer with only a JSON object" };
  // A second object after the first is a second answer, not a reason: which one was meant is unknown.
  const next = firstObject(source.slice(source.indexOf(candidate) + candidate.length));
  if (next !== null && readsAsJson(next)) {
    return { valid: false, error: "several JSON objects given; answer with exactly one" };
  }
  let value: unknown;
  try {
    value = JSON.parse(candidate);
  } catch (err) {
    return {
      valid: false,
      error: `the JSON could not be read (${(err as Error).message.split("\n")[0]}); answer with valid JSON`,
    };
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return { valid: false, error: "expected a JSON object" };
  }
  const problems = jsonSchemaErrors(schema, value);
  if (problems) return { valid: false, error: `the JSON does not match the schema: ${problems}` };
  return { valid: true, parsed: value as Record<string, unknown> };
}

/** Reads an answer in the question's format: the typed value, or why it could not be read. */
export function parseAnswer(format: OutputFormat, raw: string): ParseOutcome {
  switch (format.type) {
    case "text":
      return parseText(format, raw);
    case "likert":
      return parseLikert(format, raw);
    case "single_choice":
      return parseSingleChoice(format.options, format.allowOther === true, raw);
    case "multi_choice":
      return parseMultiChoice(format, raw);
    case "ranking":
      return parseRanking(format.options, raw);
    case "numeric":
      return parseNumeric(format, raw);
    case "json":
      return parseJson(format.schema, raw);
  }
}
