/**
 * Text helpers of the answer parser: cleaning an answer's markup, the lead-in phrases models put before
 * a value ("I'd say", "My answer:"), the first sentence, and word counts.
 */

/** Words: whitespace-separated tokens with at least one letter or digit (a lone "-" is not a word). */
export function countWords(text: string): number {
  return text.split(/\s+/).filter((t) => /[\p{L}\p{N}]/u.test(t)).length;
}

/** Drops markdown emphasis, code ticks, headings, quote marks and a leading bullet; trims. */
export function stripMarkup(raw: string): string {
  return raw
    .replace(/\*\*|__|`/g, "")
    .replace(/(^|\s)\*(\S)/g, "$1$2")
    .replace(/(\S)\*(?=\s|$|[.,;:!?)])/g, "$1")
    .replace(/^\s*#{1,6}\s+/gm, "")
    .replace(/^\s*>\s?/gm, "")
    .replace(/^\s*["“”']+|["“”']+\s*$/g, "")
    .trim();
}

/**
 * Phrases before the value that say nothing about it. Anchored at the start; applied repeatedly, so
 * "Answer: I'd say 5" loses both.
 */
const LEAD_INS = [
  /^(?:my\s+|final\s+)?(?:answer|rating|score|choice|pick|picks|response|selection|ranking|order|estimate|number|value)(?:\s+(?:is|would\s+be|will\s+be))?\s*(?:[:=\-–—]\s*|\s+(?=\S))/i,
  /^(?:i\s+think|i\s+guess|i\s+believe|honestly|overall|probably|definitely|maybe|hmm+|ok(?:ay)?|well|so|sure|yes)[,:]?\s+/i,
  /^i(?:'d|’d|\s+would|\s+will|'ll|’ll)?\s+(?:(?:probably|definitely|likely)\s+)?(?:say|rate\s+(?:it|this|that)?|give\s+(?:it|this|that)?|go\s+(?:with|for)|choose|pick|select|rank\s+(?:them|these|it)?(?:\s+as)?|estimate|put\s+(?:it|this)(?:\s+at)?|opt\s+for|answer|vote\s+for|prefer|pay)\s*(?:about\s+|around\s+|roughly\s+|approximately\s+)?(?:an?\s+(?=\d)|a\s+solid\s+|(?:the\s+)?(?:option|letter|plan)\s+(?=\S))?/i,
  /^(?:option|choice|letter)\s+(?=[A-Za-z0-9(])/i,
];

export function stripLeadIns(text: string): string {
  let t = text;
  for (let round = 0; round < 4; round++) {
    const before = t;
    for (const re of LEAD_INS) t = t.replace(re, "");
    t = t.trimStart();
    if (t === before) break;
  }
  return t;
}

/** The first line up to its first sentence end (".", "!", "?" before a space or the end; not a decimal point). */
export function firstSentence(text: string): string {
  const line = text.split(/\n/, 1)[0] ?? "";
  const end = /[.!?](?=\s|$)/.exec(line);
  return end ? line.slice(0, end.index) : line;
}

export const normalize = (s: string) => s.toLowerCase().replace(/\s+/g, " ").trim();

/** True when `text` (lowercased) has `phrase` at `at` with no letter or digit right after it. */
export function phraseAt(text: string, phrase: string, at = 0): boolean {
  if (!text.startsWith(phrase, at)) return false;
  const next = text[at + phrase.length];
  return next === undefined || !/[\p{L}\p{N}]/u.test(next);
}

const NUMBER_WORDS = [
  "zero",
  "one",
  "two",
  "three",
  "four",
  "five",
  "six",
  "seven",
  "eight",
  "nine",
  "ten",
  "eleven",
  "twelve",
];
const LEADING_NUMBER_WORD = new RegExp(`^(?:an?\\s+)?(${NUMBER_WORDS.join("|")})(?![\\p{L}\\p{N}])`, "iu");

/** "Five out of seven", "a six": a number word (zero to twelve) starting the answer, as digits. */
export function leadingNumberWord(text: string): string {
  return text.replace(LEADING_NUMBER_WORD, (_, word: string) => String(NUMBER_WORDS.indexOf(word.toLowerCase())));
}
