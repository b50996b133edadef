import type { CommunicationStyle } from "../profile.ts";
import type { Rng } from "./rng.ts";

/**
 * The persona's way of speaking, read from `profile.communicationStyle`: how many sentences
 * (verbosity), contractions and fillers versus formal phrasing (formality), and the catchphrases and
 * words it uses now and then (quirks, vocabulary).
 */

export type Register = "casual" | "neutral" | "formal";

export interface Voice {
  register: Register;
  minSentences: number;
  maxSentences: number;
  /** Quoted phrases from quirks ("says 'honestly' a lot" → "honestly"), dropped in as sentence openers. */
  catchphrases: string[];
  /** A quirk says the persona answers with a question. */
  asksBack: boolean;
  /** Vocabulary that works as a sentence opener ("basically", "frankly"). */
  markers: string[];
  /** Other vocabulary: jargon and phrases used as a noun phrase. */
  jargon: string[];
  energetic: boolean;
}

const MARKER_RE =
  /^(honestly|basically|literally|actually|totally|frankly|indeed|certainly|anyway|definitely|clearly|truthfully|look|listen|well|so|like|[a-z]+ly)$/i;

export function voiceOf(style: CommunicationStyle, extraversion: number): Voice {
  const v = style.verbosity;
  const catchphrases = style.quirks.flatMap((q) =>
    [...q.matchAll(/["'“‘]([^"'”’]{2,30})["'”’]/g)].map((m) => m[1]!.trim()),
  );
  return {
    register: style.formality < 0.4 ? "casual" : style.formality > 0.65 ? "formal" : "neutral",
    // terse ≈ 1-3 sentences, expansive ≈ 5-8
    minSentences: 1 + Math.round(v * 4),
    maxSentences: 3 + Math.round(v * 5),
    catchphrases: catchphrases.filter((p) => p.split(" ").length <= 4),
    asksBack: style.quirks.some((q) => /question/i.test(q)),
    markers: style.vocabulary.filter((w) => MARKER_RE.test(w.trim())),
    jargon: style.vocabulary.filter((w) => !MARKER_RE.test(w.trim()) && w.length <= 40),
    energetic: extraversion > 0.7,
  };
}

/** Negations first, so "I would not" becomes "I wouldn't" rather than "I'd not". */
const CONTRACTIONS: ReadonlyArray<readonly [RegExp, string]> = [
  [/\b(do|does|did|is|are|was|were|would|could|should|has|have|had) not\b/gi, "$1n't"],
  [/\bcannot\b/gi, "can't"],
  [/\bwill not\b/gi, "won't"],
  [/\bI am\b(?=\s+\w)/g, "I'm"],
  [/\bI would\b(?=\s+\w)/g, "I'd"],
  [/\bI will\b(?=\s+\w)/g, "I'll"],
  [/\bI have (been|got|had|never|always|seen|done|made|lived|worked|learned|heard|tried|spent|used)\b/g, "I've $1"],
  [/\b(it|that|there|what|here|who) is\b(?=\s+\w)/gi, "$1's"],
  [/\b(you|we|they) are\b(?=\s+\w)/gi, "$1're"],
  [/\blet us\b/gi, "let's"],
];

const CASUAL_WORDS: ReadonlyArray<readonly [RegExp, string]> = [
  [/\bvery\b/g, "really"],
  [/\bperhaps\b/g, "maybe"],
  [/\bsomewhat\b/g, "kind of"],
  [/\bchildren\b/g, "kids"],
];

const FORMAL_WORDS: ReadonlyArray<readonly [RegExp, string]> = [
  [/\bpretty\b(?= \w)/g, "rather"],
  [/\bkind of\b/g, "somewhat"],
  [/\ba lot\b/g, "a great deal"],
  [/\bkids\b/g, "children"],
  [/\bstuff\b/g, "things"],
  [/\bhonestly\b/gi, "frankly"],
  [/\bmaybe\b/g, "perhaps"],
  [/\breally\b/g, "truly"],
  [/\bOkay\b/g, "Very well"],
];

const EXPANSIONS: ReadonlyArray<readonly [RegExp, string]> = [
  [/\bI'm\b/g, "I am"],
  [/\bI'd\b/g, "I would"],
  [/\bI'll\b/g, "I will"],
  [/\bI've\b/g, "I have"],
  [/\bcan't\b/gi, "cannot"],
  [/\bwon't\b/gi, "will not"],
  [/\b(\w+)n't\b/g, "$1 not"],
  [/\b(it|that|there|what) ?'s\b/gi, "$1 is"],
];

/** Re-words a sentence for the register: contractions and casual words, or their formal versions. */
export function applyRegister(text: string, register: Register): string {
  const rules =
    register === "formal"
      ? [...EXPANSIONS, ...FORMAL_WORDS]
      : register === "casual"
        ? [...CONTRACTIONS, ...CASUAL_WORDS]
        : CONTRACTIONS;
  return rules.reduce((acc, [re, to]) => acc.replace(re, (...m) => matchCase(m[0] as string, expand(to, m))), text);
}

function expand(template: string, match: unknown[]): string {
  return template.replace(/\$(\d)/g, (_, i: string) => String(match[Number(i)] ?? ""));
}

/** Keeps a leading capital when the replaced text had one ("It is" → "It's"). */
function matchCase(original: string, replacement: string): string {
  if (/^[A-Z]/.test(original) && /^[a-z]/.test(replacement))
    return replacement[0]!.toUpperCase() + replacement.slice(1);
  if (/^[a-z]/.test(original) && /^[A-Z]/.test(replacement) && !/^I\b/.test(replacement)) {
    return replacement[0]!.toLowerCase() + replacement.slice(1);
  }
  return replacement;
}

/** Fillers that open a sentence, by register. */
const FILLERS: Record<Register, readonly string[]> = {
  casual: ["Honestly, ", "I mean, ", "Yeah, ", "Like, ", "To be real, "],
  neutral: ["Honestly, ", "To be fair, ", "I guess ", "Actually, "],
  formal: ["Frankly, ", "In my view, ", "To be candid, ", "Admittedly, "],
};

/**
 * The persona's speech habits layered onto finished sentences: a catchphrase or filler in front of one
 * of the `open` sentences (plain statements, not memories or replies with their own lead-in), and an
 * exclamation from an energetic speaker.
 */
export function addSpeechHabits(
  parts: readonly string[],
  open: readonly boolean[],
  properStarts: readonly string[],
  voice: Voice,
  rng: Rng,
): string[] {
  const out = [...parts];
  const habit = pickHabit(voice, rng);
  const slots = out.map((_, i) => i).filter((i) => i > 0 && open[i]);
  if (habit && slots.length > 0) {
    const at = rng.pick(slots);
    const sentence = out[at]!;
    if (!sentence.toLowerCase().includes(habit.trim().toLowerCase().replace(/,$/, ""))) {
      out[at] = habit + lowerFirstWord(sentence, properStarts);
    }
  }
  if (voice.energetic && voice.register !== "formal" && rng.chance(0.6)) {
    const at = rng.int(0, out.length - 1);
    out[at] = out[at]!.replace(/\.$/, "!");
  }
  return out;
}

function pickHabit(voice: Voice, rng: Rng): string | null {
  if (voice.catchphrases.length > 0 && rng.chance(0.55)) return `${capitalizeFirst(rng.pick(voice.catchphrases))}, `;
  if (voice.markers.length > 0 && rng.chance(0.35)) return `${capitalizeFirst(rng.pick(voice.markers).trim())}, `;
  if (voice.register !== "formal" && rng.chance(0.3)) return rng.pick(FILLERS[voice.register]);
  if (voice.register === "formal" && rng.chance(0.25)) return rng.pick(FILLERS.formal);
  return null;
}

function capitalizeFirst(text: string): string {
  return text ? text[0]!.toUpperCase() + text.slice(1) : text;
}

/**
 * Lower-cases the sentence's first word for use after a lead-in ("Honestly, the…"). Template wording is
 * all common words; `properStarts` lists slot values that keep their capital (places, names, "DIY").
 */
export function lowerFirstWord(sentence: string, properStarts: readonly string[]): string {
  if (/^I\b/.test(sentence) || /^[A-Z]{2}/.test(sentence) || properStarts.some((p) => sentence.startsWith(p)))
    return sentence;
  return sentence.replace(/^[A-Z]/, (c) => c.toLowerCase());
}

/** Lower-case letters only, contractions expanded: for checking whether a phrase was already said. */
export function normalizeForCompare(text: string): string {
  if (text.length < LONG_TEXT) return normalize(text);
  // The session so far (`said`) is compared against every candidate line of an answer: normalise it once.
  let out = longTexts.get(text);
  if (out === undefined) {
    out = normalize(text);
    if (longTexts.size >= 8) longTexts.delete(longTexts.keys().next().value!);
    longTexts.set(text, out);
  }
  return out;
}

const LONG_TEXT = 400;
const longTexts = new Map<string, string>();

function normalize(text: string): string {
  return EXPANSIONS.reduce((acc, [re, to]) => acc.replace(re, to), text)
    .toLowerCase()
    .replace(/[^a-z]+/g, " ")
    .trim();
}

/**
 * Whether `text` says again a passage of `words` consecutive words (compared normalised) found in `said`:
 * a memory or a line the persona already told earlier in the session.
 */
export function repeatsPassage(text: string, said: string, words = 7): boolean {
  const mine = normalizeForCompare(text).split(" ");
  const before = ` ${normalizeForCompare(said)} `;
  if (mine.length < words || before.length < 3) return false;
  for (let i = 0; i + words <= mine.length; i++) {
    if (before.includes(` ${mine.slice(i, i + words).join(" ")} `)) return true;
  }
  return false;
}
