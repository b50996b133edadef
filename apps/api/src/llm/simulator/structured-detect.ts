/**
 * Recognising a structured question in the prompt: a rating scale, a list of options, or a number to
 * give. The answer then starts with the value, exactly as the question framed it.
 */

export type StructuredQuestion =
  | { kind: "likert"; min: number; max: number; labels: readonly string[] | null }
  | { kind: "choice"; options: readonly string[] }
  | { kind: "numeric"; numeric: NumericQuestion };

export type NumericQuestion =
  | { type: "price"; currency: string; period: string | null }
  | { type: "count"; unit: string | null; period: string | null }
  | { type: "percent" };

export function detectStructured(prompt: string): StructuredQuestion | null {
  return likertScale(prompt) ?? agreementScale(prompt) ?? choiceList(prompt) ?? numericQuestion(prompt);
}

const SCALE_RES: readonly RegExp[] = [
  /\bscale (?:of|from)\s*(\d{1,3})\s*(?:to|-|–|—)\s*(\d{1,3})\b/i,
  /\b(\d{1,3})\s*(?:to|-|–|—)\s*(\d{1,3})[- ]?(?:point )?scale\b/i,
  /\b(?:rate|rating|score|grade)\b[^?.!]*?\bfrom\s*(\d{1,3})\s*(?:to|-|–|—)\s*(\d{1,3})\b/i,
  /\b(?:rate|rating|score|grade)\b[^?.!]*?\(\s*(\d{1,3})\s*(?:-|–|—|to)\s*(\d{1,3})\s*\)/i,
  /\(\s*(\d{1,3})\s*(?:-|–|—)\s*(\d{1,3})\s*\)\s*[?.]?\s*$/,
  // "from 1 (not at all) to 5 (very much)", "a score between 1 and 10"
  /\bfrom\s*(\d{1,3})\s*\([^)]*\)\s*to\s*(\d{1,3})\b/i,
  /\b(?:rate|rating|score|grade)\b[^?.!]*?\bbetween\s*(\d{1,3})\s*and\s*(\d{1,3})\b/i,
];

function likertScale(prompt: string): StructuredQuestion | null {
  for (const re of SCALE_RES) {
    const m = re.exec(prompt);
    if (m) return scaleOf(Number(m[1]), Number(m[2]));
  }
  const outOf = /\b(?:rate|rating|score|grade|give)\b[^?.!]*?\bout of\s*(\d{1,3})\b/i.exec(prompt);
  if (outOf) return scaleOf(/\b0\b/.test(prompt) ? 0 : 1, Number(outOf[1]));
  return null;
}

function scaleOf(a: number, b: number): StructuredQuestion | null {
  const [min, max] = a <= b ? [a, b] : [b, a];
  return max > min && max - min <= 100 ? { kind: "likert", min, max, labels: null } : null;
}

const FIVE_POINT = ["strongly disagree", "disagree", "neither agree nor disagree", "agree", "strongly agree"];
const SEVEN_POINT = [
  "strongly disagree",
  "disagree",
  "somewhat disagree",
  "neither agree nor disagree",
  "somewhat agree",
  "agree",
  "strongly agree",
];

/** "Strongly agree … strongly disagree" given as a plain list (lettered lists are choices instead). */
function agreementScale(prompt: string): StructuredQuestion | null {
  const lower = prompt.toLowerCase();
  if (!/\bdisagree\b/.test(lower) || !/\b(?<!dis)agree\b/.test(lower)) return null;
  if (!/\bstrongly\b|\bscale\b|\blikert\b|\bneither\b/.test(lower) || hasLetteredOptions(prompt)) return null;
  const labels = /\bsomewhat\b/.test(lower) ? SEVEN_POINT : FIVE_POINT;
  return { kind: "likert", min: 1, max: labels.length, labels };
}

const OPTION_LINE_RE = /^\s*(?:\(?([A-Za-z]|\d{1,2})[).:\]]|[-*•])\s+(.+?)\s*$/;
const INLINE_LETTER_RE = /(?:^|[\s:])\(?([A-Ha-h])\)\s*/g;
const LIST_INTRO_RE =
  /\b(?:options(?: are)?|choices(?: are)?|choose (?:one )?(?:of|from|between)|pick (?:one )?(?:of|from)|select (?:one )?(?:of|from)|which (?:one )?(?:do you prefer|would you (?:choose|pick|prefer))|which is better)\s*:?\s*([^?\n]+)/i;

function choiceList(prompt: string): StructuredQuestion | null {
  const options =
    optionLines(prompt) ?? inlineLetters(prompt) ?? introducedList(prompt) ?? ratherList(prompt) ?? yesNo(prompt);
  return options ? { kind: "choice", options } : null;
}

function hasLetteredOptions(prompt: string): boolean {
  return optionLines(prompt) !== null || inlineLetters(prompt) !== null;
}

const CHOICE_CUE_RE = /\b(which|choose|pick|select|prefer|options?|choices?|one of|rather)\b/i;

/** One option per line ("A) …", "1. …", "- …"); numbered and bulleted lines only with a cue to choose. */
function optionLines(prompt: string): string[] | null {
  const marks = prompt
    .split(/\r?\n/)
    .map((line) => OPTION_LINE_RE.exec(line))
    .filter((m): m is RegExpExecArray => m !== null);
  if (marks.length < 2) return null;
  const lettered = marks.every((m) => m[1] && /^[A-Za-z]$/.test(m[1]));
  if (!lettered && !CHOICE_CUE_RE.test(prompt)) return null;
  return marks.map((m) => cleanOption(m[2]!));
}

/** "A) Coffee B) Tea C) Neither", letters in sequence from A. */
function inlineLetters(prompt: string): string[] | null {
  const marks = [...prompt.matchAll(INLINE_LETTER_RE)];
  if (marks.length < 2) return null;
  const sequential = marks.every((m, i) => m[1]!.toLowerCase().charCodeAt(0) === 97 + i);
  if (!sequential) return null;
  return marks.map((m, i) => {
    const start = m.index! + m[0].length;
    const end = marks[i + 1]?.index ?? prompt.length;
    return cleanOption(prompt.slice(start, end).split(/[?\n]/)[0]!);
  });
}

function introducedList(prompt: string): string[] | null {
  const tail = LIST_INTRO_RE.exec(prompt)?.[1];
  return tail ? splitList(tail) : null;
}

function ratherList(prompt: string): string[] | null {
  const m = /\bwould you rather\s+([^?]+?)\s+or\s+([^?]+)\??/i.exec(prompt);
  return m ? [cleanOption(m[1]!), cleanOption(m[2]!)] : null;
}

function yesNo(prompt: string): string[] | null {
  const m = /\b(yes)\s*(?:or|\/)\s*(no)\b/i.exec(prompt);
  return m ? [m[1]!, m[2]!] : null;
}

function splitList(text: string): string[] | null {
  const options = text
    .split(/\s*,\s*(?:or\s+|and\s+)?|\s+or\s+|\s*\/\s*|\s*;\s*/)
    .map(cleanOption)
    .filter((o) => o.length > 0);
  return options.length >= 2 && options.length <= 12 && options.every((o) => o.length <= 80) ? options : null;
}

function cleanOption(option: string): string {
  return option
    .trim()
    .replace(/^(either|or)\s+/i, "")
    .replace(/[\s.,;:!?]+$/, "")
    .trim();
}

const PRICE_RE =
  /\b(how much (would|do|did|will|might|should|could) you (be willing to )?(pay|spend)|what (price|would you pay|is a fair price)|how much (is|are) [^?]* worth|willing to pay|(?:the )?most you(?:'d|’d| would| will|'ll)? (?:ever )?(?:be willing to )?(?:pay|spend)|price would you|how much money would you)\b/i;
const COUNT_RE = /\bhow many\s+([a-z-]+)?/i;
const PERCENT_RE = /\b(what (percentage|percent|share|proportion)|how much of your|in percent)\b/i;
const ESTIMATE_RE = /\bestimate\b[^?]*\b(number|how many|amount|count)\b/i;
const PERIOD_RE = /\b(?:per|a|each|every)\s+(day|week|month|year)\b|\b(daily|weekly|monthly|yearly|annually)\b/i;

/** A question asking for a number: a price, a percentage or a count (with its unit and period). */
export function numericQuestion(prompt: string): StructuredQuestion | null {
  const period = periodOf(prompt);
  if (PRICE_RE.test(prompt))
    return { kind: "numeric", numeric: { type: "price", currency: currencyOf(prompt), period } };
  if (PERCENT_RE.test(prompt)) return { kind: "numeric", numeric: { type: "percent" } };
  const count = COUNT_RE.exec(prompt);
  if (count) return { kind: "numeric", numeric: { type: "count", unit: count[1]?.toLowerCase() ?? null, period } };
  if (ESTIMATE_RE.test(prompt)) return { kind: "numeric", numeric: { type: "count", unit: null, period } };
  return null;
}

function periodOf(prompt: string): string | null {
  const m = PERIOD_RE.exec(prompt);
  if (!m) return null;
  const unit =
    m[1] ?? { daily: "day", weekly: "week", monthly: "month", yearly: "year", annually: "year" }[m[2]!.toLowerCase()];
  return `a ${unit!.toLowerCase()}`;
}

/** Whether the question names a currency ("in euros", "$", "how many yen"): then the answer uses it. */
export function namedCurrency(prompt: string): boolean {
  return /[$€£¥]|\b(dollars?|euros?|pounds?|quid|yen|usd|eur|gbp)\b/i.test(prompt);
}

function currencyOf(prompt: string): string {
  if (/€|\beuros?\b/i.test(prompt)) return "euros";
  if (/£|\bpounds?\b|\bquid\b/i.test(prompt)) return "pounds";
  if (/¥|\byen\b/i.test(prompt)) return "yen";
  return "dollars";
}
