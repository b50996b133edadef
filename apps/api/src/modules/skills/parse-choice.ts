import { type ChoiceValue, optionLetter, type ParseOutcome } from "../../shared/output-formats.ts";
import { normalize, phraseAt, stripLeadIns, stripMarkup } from "./parse-text.ts";

/**
 * Choice answers (single_choice, multi_choice, ranking): options are named by letter ("B", "B)", "(B)",
 * "Option B") or by their text (case-insensitive, as a leading phrase; an option's trailing "(…)" detail
 * may be left out). A letter followed by another option's text, or two different options where one is
 * asked, is refused rather than guessed.
 */

type Item = { index: number; end: number } | { other: string; end: number } | { error: string };

const letters = (n: number) => `${optionLetter(0)}-${optionLetter(n - 1)}`;
const letterIndex = (l: string) =>
  l.length === 1 ? l.toUpperCase().charCodeAt(0) - 65 : 26 + l.toUpperCase().charCodeAt(1) - 65;

/** What may follow a bare capital letter for it to be an option's letter and not a word ("A cheaper plan"). */
const AFTER_BARE =
  /^(?:$|[.:,;>/&+)\]]|\s*[-–—→]|\s*\n|\s+(?:>|,|;|\/|&|\+|and\b|or\b|then\b|because\b|since\b|as\b|but\b|is\b|for\b|\d+[.)]|\(|[-–—]))/i;

export class Choices {
  private readonly lower: string[];
  /** An option's text without a trailing "(…)" detail, when that shorter form names it alone. */
  private readonly cores: (string | null)[];

  constructor(readonly options: readonly string[]) {
    this.lower = options.map(normalize);
    const cores = this.lower.map((o) => o.replace(/\s*\([^)]*\)\s*$/, "").trim());
    this.cores = cores.map((c, i) =>
      c !== this.lower[i] && c.length > 0 && cores.filter((x) => x === c).length === 1 && !this.lower.includes(c)
        ? c
        : null,
    );
  }

  /** The longest option text at the start of `t` (lowercased): its index and length. */
  textAt(t: string): { index: number; length: number } | null {
    let best: { index: number; length: number } | null = null;
    const consider = (index: number, phrase: string | null) => {
      if (phrase && phraseAt(t, phrase) && (!best || phrase.length > best.length))
        best = { index, length: phrase.length };
    };
    this.lower.forEach((o, i) => {
      consider(i, o);
      consider(i, this.cores[i] ?? null);
    });
    return best;
  }

  /** One option (or "Other: …") at the start of `text`; `end` is where it stops in `text`. */
  itemAt(text: string, allowOther: boolean): Item | null {
    const t = text.toLowerCase();
    const bracketed = /^(?:[([]\s*([a-z]{1,2})\s*[)\]]|([a-z]{1,2})[)\]])/i.exec(text);
    const bare = bracketed ? null : this.bareLetter(text);
    const letter = bracketed ? (bracketed[1] ?? bracketed[2]) : bare;
    if (letter && (letter.length === 1 || this.options.length > 26)) {
      const index = letterIndex(letter);
      if (index >= this.options.length)
        return { error: `${letter.toUpperCase()} is not one of the options ${letters(this.options.length)}` };
      let end = bracketed ? bracketed[0].length : letter.length;
      // "B) Pro": the option's text after its letter is consumed, and must be that option's.
      const gap = /^\s*[-–—:.]?\s*/.exec(text.slice(end))?.[0].length ?? 0;
      const gapText = text.slice(end, end + gap);
      const named = this.textAt(t.slice(end + gap));
      // "D. Price first": after a full stop, another option's name starts the reason, not a contradiction.
      if (named && named.index !== index && (bracketed || gap > 0) && !gapText.includes(".")) {
        return {
          error: `${letter.toUpperCase()} is "${this.options[index]}" but the answer names "${this.options[named.index]}"`,
        };
      }
      if (named && named.index === index) end += gap + named.length;
      return { index, end };
    }
    const article = /^the\s+/.exec(t)?.[0].length ?? 0;
    const named = this.textAt(t.slice(article));
    if (named) return { index: named.index, end: article + named.length };
    const other = /^other\s*(?:[:\-–—]\s*|\(\s*)/i.exec(text);
    if (other) {
      if (!allowOther)
        return { error: `"Other" is not allowed here; choose one of the options ${letters(this.options.length)}` };
      const rest = text.slice(other[0].length);
      const stop = /\)|\n|[.!?](?=\s|$)|\s[-–—]\s|\s+because\b|;/i.exec(rest);
      const label = (stop ? rest.slice(0, stop.index) : rest)
        .trim()
        .replace(/[,;:]$/, "")
        .trim();
      if (!label) return { error: 'after "Other:" write your own answer' };
      return { other: label, end: other[0].length + (stop ? stop.index + (stop[0] === ")" ? 1 : 0) : rest.length) };
    }
    return null;
  }

  private bareLetter(text: string): string | null {
    const m = /^([A-Z]{1,2})(?![A-Za-z])/.exec(text);
    if (!m) {
      const lower = /^([a-z])(?=[.:](?:\s|$))/.exec(text);
      return lower ? (lower[1] as string) : null;
    }
    const letter = m[1] as string;
    const after = text.slice(letter.length);
    if (AFTER_BARE.test(after)) return letter;
    // "B Pro": a bare letter followed by its option's text.
    const spaced = /^\s+/.exec(after);
    if (spaced && this.textAt(after.slice(spaced[0].length).toLowerCase())) return letter;
    return null;
  }
}

/** Separators between listed picks: commas, "and", "or", ">", "then", arrows, slashes, numbering, bullets. */
const SEPARATOR =
  /^(?:\s*(?:,|;|\/|&|\+|>|→|->|»)\s*(?:(?:and|then|followed\s+by)\s+)?|\s*\b(?:and|then|followed\s+by)\b\s*|\s*\n\s*(?:[-*•]\s+|\d+\s*[.)]\s*)|\s+(?=\d+\s*[.)])|\s+)/i;
/** A separator that can only mean "another pick follows" (a comma may start the reason: "B > A > C, speed first"). */
const LIST_GOES_ON = /^\s*(?:>|→|->|»)\s*/;

/** Where one option is asked, a hedge that offers another: "Pro, or maybe Team", "B or C". */
const ALTERNATIVE = /^\s*(?:[,;/]\s*)?(?:(?:or|and)\s+)?(?:(?:maybe|perhaps|possibly|probably)\s+)?(?:the\s+)?(?=\S)/i;

/** A hedge after a complete list: "… or maybe A > B > C" (another list of two or more, not a reason). */
const HEDGE = /^\s*[,;—–-]?\s*(?:or\b|maybe\b|perhaps\b|alternatively\b)(?:\s+(?:maybe|perhaps|even))?\s*[:,]?\s*/i;

function offersAnotherList(choices: Choices, after: string, allowOther: boolean): boolean {
  const hedge = HEDGE.exec(after);
  if (!hedge) return false;
  const rest = after.slice(hedge[0].length);
  const first = choices.itemAt(rest, allowOther);
  if (!first || "error" in first) return false;
  const sep = LIST_GOES_ON.exec(rest.slice(first.end)) ?? /^\s*,\s*/.exec(rest.slice(first.end));
  return sep !== null && choices.itemAt(rest.slice(first.end + sep[0].length), allowOther) !== null;
}

/** Picks listed at the start of an answer, in order; stops at the first thing that is not one (the reason). */
function listedItems(
  choices: Choices,
  text: string,
  allowOther: boolean,
  single: boolean,
  limit = Number.POSITIVE_INFINITY,
) {
  const items: ({ index: number } | { other: string })[] = [];
  let rest = text.replace(/^\s*(?:[-*•]\s+|\d+\s*[.)]\s*)/, "");
  for (;;) {
    const item = choices.itemAt(rest, allowOther);
    if (!item) break;
    if ("error" in item) return { error: item.error };
    items.push("other" in item ? { other: item.other } : { index: item.index });
    if (items.length >= limit) {
      const more = LIST_GOES_ON.exec(rest.slice(item.end));
      if (more && choices.itemAt(rest.slice(item.end + more[0].length), allowOther)) {
        return { error: `more than ${limit} options listed; name each option once` };
      }
      if (offersAnotherList(choices, rest.slice(item.end), allowOther)) {
        return { error: "two different lists given; give one" };
      }
      break;
    }
    rest = rest.slice(item.end);
    const sep = (single ? ALTERNATIVE.exec(rest) : null) ?? SEPARATOR.exec(rest);
    if (!sep || sep[0].length === 0) break;
    const next = rest.slice(sep[0].length).replace(/^(?:\d+\s*[.)]\s*|[-*•]\s+)/, "");
    if (!choices.itemAt(next, allowOther)) break;
    rest = next;
  }
  return { items };
}

/** The answer without markup, and without a lead-in ("My choice:", "I'd pick") unless an option starts it. */
function prepared(choices: Choices, raw: string, allowOther: boolean): string {
  const clean = stripMarkup(raw);
  return choices.itemAt(clean, allowOther) ? clean : stripLeadIns(clean);
}

const nameOf = (choices: Choices, i: { index: number } | { other: string }) =>
  "other" in i ? `Other: ${i.other}` : `${optionLetter(i.index)}) ${choices.options[i.index]}`;

export function parseSingleChoice(options: readonly string[], allowOther: boolean, raw: string): ParseOutcome {
  const choices = new Choices(options);
  const text = prepared(choices, raw, allowOther);
  if (!text) return { valid: false, error: "the answer is empty" };
  const listed = listedItems(choices, text, allowOther, true);
  if ("error" in listed) return { valid: false, error: listed.error as string };
  const [first, ...more] = listed.items;
  if (!first) {
    return { valid: false, error: `no option found at the start; begin with one letter ${letters(options.length)}` };
  }
  const differ = more.find((m) => nameOf(choices, m) !== nameOf(choices, first));
  if (differ) {
    return {
      valid: false,
      error: `several options named (${nameOf(choices, first)}, ${nameOf(choices, differ)}); choose exactly one`,
    };
  }
  const value: ChoiceValue =
    "other" in first
      ? { label: first.other, index: null, other: true }
      : { label: options[first.index] as string, index: first.index };
  return { valid: true, parsed: value };
}

export function parseMultiChoice(
  f: { options: readonly string[]; minPicks?: number; maxPicks?: number; allowOther?: boolean },
  raw: string,
): ParseOutcome {
  const choices = new Choices(f.options);
  const text = prepared(choices, raw, f.allowOther === true);
  if (!text) return { valid: false, error: "the answer is empty" };
  if (/^(?:none|nothing|no\s+options?)\b/i.test(text) && (f.minPicks ?? 1) === 0) {
    return { valid: true, parsed: { labels: [], indexes: [] } };
  }
  const listed = listedItems(choices, text, f.allowOther === true, false);
  if ("error" in listed) return { valid: false, error: listed.error as string };
  const seen = new Set<string>();
  for (const item of listed.items) {
    const key = "other" in item ? "other" : String(item.index);
    if (seen.has(key)) return { valid: false, error: `${nameOf(choices, item)} is named twice; name each pick once` };
    seen.add(key);
  }
  const lo = f.minPicks ?? 1;
  const hi = f.maxPicks ?? f.options.length + (f.allowOther ? 1 : 0);
  const n = listed.items.length;
  if (n === 0)
    return { valid: false, error: `no option found at the start; begin with the letters of your picks, e.g. "A, C"` };
  if (n < lo || n > hi) {
    return {
      valid: false,
      error: `${n} pick${n === 1 ? "" : "s"} given; choose ${lo === hi ? `exactly ${lo}` : `between ${lo} and ${hi}`}`,
    };
  }
  return {
    valid: true,
    parsed: {
      labels: listed.items.map((i) => ("other" in i ? i.other : (f.options[i.index] as string))),
      indexes: listed.items.map((i) => ("other" in i ? null : i.index)),
    },
  };
}

export function parseRanking(options: readonly string[], raw: string): ParseOutcome {
  const choices = new Choices(options);
  const text = prepared(choices, raw, false);
  if (!text) return { valid: false, error: "the answer is empty" };
  // Every option once, then the reason (which may name options again).
  const listed = listedItems(choices, text, false, false, options.length);
  if ("error" in listed) return { valid: false, error: listed.error as string };
  const order = listed.items.map((i) => (i as { index: number }).index);
  const twice = order.find((x, k) => order.indexOf(x) !== k);
  if (twice !== undefined)
    return { valid: false, error: `${nameOf(choices, { index: twice })} is ranked twice; rank each option once` };
  const missing = options.map((_, i) => i).filter((i) => !order.includes(i));
  if (order.length === 0) {
    return {
      valid: false,
      error: `no ranking found at the start; begin with every letter once, e.g. "${options.map((_, i) => optionLetter(i)).join(" > ")}"`,
    };
  }
  if (missing.length > 0) {
    return {
      valid: false,
      error: `${order.length} of ${options.length} options ranked; missing ${missing.map((i) => nameOf(choices, { index: i })).join(", ")}`,
    };
  }
  return { valid: true, parsed: { labels: order.map((i) => options[i] as string), indexes: order } };
}
