/**
 * Canonicalisation for evasion-resistant matching. Text becomes a "letter stream": one entry per canonical
 * letter/digit, each with its span in the (decoded) text and the kind of gap (separator run) before it.
 *
 * Rules: hidden layers decoded first (`detect-decode.ts`: HTML tags/comments/entities, percent-encoding,
 * `\uXXXX`, right-to-left overrides); then per character: confusable skeletons (`detect-confusables.ts`:
 * UTS #39 table plus small capitals, regional indicators, Cyrillic/Greek), NFKD + strip combining marks
 * (diacritics, fullwidth, enclosed, mathematical alphanumerics), lowercase, default-ignorable characters
 * (zero-width, fillers, bidi controls, variation selectors, U+2800) removed without leaving a gap, leetspeak
 * 0→o 1→i/l 3→e 4→a 5→s 7→t 8→b 9→g @→a $→s (symbols only when touching a letter/digit), and capital `I`
 * read like `1` (it may stand for a lower-case l). Everything else that is not a letter or digit is a
 * separator.
 */
import { isAscii, skeleton } from "./detect-confusables.ts";
import { decodeText } from "./detect-decode.ts";

/** Gap kinds before a stream entry. */
export const GAP_NONE = 0;
/** Whitespace (or an apostrophe, so that `he'll` is two words), possibly with punctuation. */
export const GAP_SPACE = 1;
/** Punctuation only, no whitespace (`b.a.d`): a strong sign of an intra-word split. */
export const GAP_PUNCT = 2;
/** Whitespace after a sentence end (`. ! ? ;`): a space for matching, a barrier for phrase guards' filler words. */
export const GAP_SENTENCE = 3;

export interface LetterStream {
  /** Canonical chars, with `l` folded into `i` (the automaton alphabet; `1` may mean either). */
  folded: string;
  /** Canonical chars before the i/l fold (`1` kept as `1` so that it can stand for i or l). */
  exact: string;
  start: Int32Array;
  end: Int32Array;
  gap: Uint8Array;
}

const LEET_DIGITS: Record<string, string> = {
  "0": "o",
  "1": "1",
  "3": "e",
  "4": "a",
  "5": "s",
  "7": "t",
  "8": "b",
  "9": "g",
};
const LEET_SYMBOLS: Record<string, string> = { "@": "a", $: "s" };

/** Default-ignorables (zero-width, fillers such as U+3164/U+FFA0, bidi controls, tags) and the blank braille cell. */
const INVISIBLE = /^[\p{Default_Ignorable_Code_Point}\u2800]$/u;
const isInvisible = (cp: string): boolean => INVISIBLE.test(cp);
const SENTENCE_END = new Set([".", "!", "?", ";", "\u3002", "\uFF01", "\uFF1F"]);
const APOSTROPHES = new Set(["'", "\u2019", "\u2018", "\u02BC", "`", "\u00B4"]);

/** Per code point: "" = invisible, " " = whitespace, "." = punctuation, "'" = apostrophe, "@"/"$" = leet symbol, else canonical letters. */
const cache = new Map<string, string>();
const ASCII: string[] = [];
for (let c = 0; c < 128; c++) ASCII.push(classify(String.fromCharCode(c)));

function classify(cp: string): string {
  if (isInvisible(cp)) return "";
  if (APOSTROPHES.has(cp)) return "'";
  if (cp in LEET_SYMBOLS) return cp;
  if (/\s/u.test(cp)) return " ";
  if (cp === "I") return "1";
  let out = "";
  // Compatibility decomposition first (enclosed, fullwidth, mathematical letters), the confusables table after.
  let decomposed = cp.normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase();
  if (!isAscii(decomposed)) decomposed = skeleton(cp).normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase();
  for (const ch of decomposed) {
    const h = ch.charCodeAt(0) < 128 ? undefined : skeleton(ch);
    if (h !== undefined && h !== ch && /^[a-z]+$/.test(h)) out += h;
    else if (/[\p{L}\p{N}]/u.test(ch)) out += LEET_DIGITS[ch] ?? ch;
    else if (/\s/u.test(ch)) return out === "" ? " " : out;
  }
  if (out === "") return decomposed === "" && cp !== "" && /\p{M}/u.test(cp) ? "" : ".";
  return out;
}

function classOf(cp: string): string {
  const code = cp.charCodeAt(0);
  if (cp.length === 1 && code < 128) return ASCII[code]!;
  let v = cache.get(cp);
  if (v === undefined) {
    v = classify(cp);
    if (cache.size < 10_000) cache.set(cp, v);
  }
  return v;
}

function isWordClass(c: string | undefined): boolean {
  return c !== undefined && c !== "" && c !== " " && c !== "." && c !== "'" && c !== "@" && c !== "$";
}

/** Builds the letter stream of `text` (positions are UTF-16 offsets into `text`). */
export function buildStream(raw: string): LetterStream {
  const text = decodeText(raw);
  const cps: string[] = [];
  const offs: number[] = [];
  let i = 0;
  while (i < text.length) {
    const code = text.charCodeAt(i);
    const len = code >= 0xd800 && code <= 0xdbff && i + 1 < text.length ? 2 : 1;
    cps.push(text.slice(i, i + len));
    offs.push(i);
    i += len;
  }
  const classes = cps.map(classOf);
  let folded = "";
  let exact = "";
  const start: number[] = [];
  const end: number[] = [];
  const gap: number[] = [];
  let pendingGap = GAP_NONE;
  let sawSpace = false;
  let sawPunct = false;
  let sawStop = false;
  for (let k = 0; k < cps.length; k++) {
    let c = classes[k]!;
    if (c === "@" || c === "$") {
      // Leet symbol only when it touches a word character (skipping invisibles).
      const skip = (x: string | undefined): boolean => x === "" || x === "@" || x === "$";
      let p = k - 1;
      while (p >= 0 && skip(classes[p])) p--;
      let n = k + 1;
      while (n < cps.length && skip(classes[n])) n++;
      c = isWordClass(classes[p]) || isWordClass(classes[n]) ? LEET_SYMBOLS[c]! : ".";
    }
    if (c === "") continue;
    if (c === " " || c === "'") {
      sawSpace = true;
      continue;
    }
    if (c === ".") {
      sawPunct = true;
      if (SENTENCE_END.has(cps[k]!)) sawStop = true;
      continue;
    }
    if (sawSpace) pendingGap = sawStop ? GAP_SENTENCE : GAP_SPACE;
    else if (sawPunct) pendingGap = GAP_PUNCT;
    sawSpace = false;
    sawPunct = false;
    sawStop = false;
    const s = offs[k]!;
    const e = s + cps[k]!.length;
    for (let j = 0; j < c.length; j++) {
      const ch = c[j]!;
      exact += ch;
      folded += ch === "l" || ch === "1" ? "i" : ch;
      start.push(s);
      end.push(e);
      gap.push(j === 0 ? pendingGap : GAP_NONE);
    }
    pendingGap = GAP_NONE;
  }
  if (gap.length > 0) gap[0] = GAP_SPACE;
  return {
    folded,
    exact,
    start: Int32Array.from(start),
    end: Int32Array.from(end),
    gap: Uint8Array.from(gap),
  };
}

/**
 * The "words" form of a stream: canonical letters, one space per separator run; `1` read as `i`. With `marks`,
 * a sentence end becomes a ` . ` token (phrase guards do not reach across it).
 */
export function wordsForm(s: LetterStream, one: "i" | "l" | "1" = "i", marks = false): string {
  const n = s.exact.length;
  let out = "";
  let from = 0;
  for (let k = 1; k < n; k++) {
    if (s.gap[k] !== GAP_NONE) {
      out += marks && s.gap[k] === GAP_SENTENCE ? `${s.exact.slice(from, k)} . ` : `${s.exact.slice(from, k)} `;
      from = k;
    }
  }
  out += s.exact.slice(from);
  return one === "1" || !out.includes("1") ? out : out.replaceAll("1", one);
}

/**
 * The "joined" form: intra-word punctuation removed (`b.a.d` → `bad`) and runs of single letters joined
 * (`b a d` → `bad`); other separators stay single spaces.
 */
export function joinedForm(s: LetterStream, one: "i" | "l" | "1" = "i", marks = false): string {
  const n = s.exact.length;
  let out = "";
  let from = 0;
  let prevStart = 0;
  for (let k = 1; k <= n; k++) {
    if (k < n && s.gap[k] === GAP_NONE) continue;
    // Fragment [from… k) ends here; decide whether the gap at k joins it to the next fragment.
    if (k < n) {
      let next = k + 1;
      while (next < n && s.gap[next] === GAP_NONE) next++;
      const single = k - prevStart === 1 && next - k === 1;
      if (s.gap[k] === GAP_PUNCT || single) {
        prevStart = k;
        continue;
      }
      out += marks && s.gap[k] === GAP_SENTENCE ? `${s.exact.slice(from, k)} . ` : `${s.exact.slice(from, k)} `;
      from = k;
      prevStart = k;
    }
  }
  out += s.exact.slice(from);
  return one === "1" || !out.includes("1") ? out : out.replaceAll("1", one);
}

/** Canonical "words" form of `text`: see the module comment for the rules. */
export function normalizeText(text: string): string {
  return wordsForm(buildStream(text));
}

/** Collapses runs of ≥ 3 identical letters to `keep` letters (`baaadword` → `badword` / `baadword`). */
export function collapseRuns(s: LetterStream, keep: 1 | 2): LetterStream | null {
  const n = s.folded.length;
  let has = false;
  for (let k = 2; k < n; k++) {
    if (s.exact[k] === s.exact[k - 1] && s.exact[k] === s.exact[k - 2]) {
      has = true;
      break;
    }
  }
  if (!has) return null;
  let folded = "";
  let exact = "";
  const start: number[] = [];
  const end: number[] = [];
  const gap: number[] = [];
  let k = 0;
  while (k < n) {
    let r = k + 1;
    while (r < n && s.exact[r] === s.exact[k]) r++;
    const runLen = r - k;
    const take = runLen >= 3 ? keep : runLen;
    for (let j = 0; j < take; j++) {
      const idx = k + j;
      folded += s.folded[idx];
      exact += s.exact[idx];
      start.push(s.start[idx]!);
      end.push(j === take - 1 ? s.end[r - 1]! : s.end[idx]!);
      gap.push(s.gap[idx]!);
    }
    k = r;
  }
  return { folded, exact, start: Int32Array.from(start), end: Int32Array.from(end), gap: Uint8Array.from(gap) };
}
