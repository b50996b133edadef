/**
 * Text helpers of the consistency checker: tokens, a small stemmer, content words, clauses, numbers and
 * the word lists the rules share. Pure and allocation-light: every entry is analysed once.
 */

export const DAY_MS = 24 * 3600 * 1000;
export const YEAR_MS = 365.25 * DAY_MS;

/** Calendar-year shift in UTC, falling back to average years when the date overflows. */
export function shiftYears(time: number, years: number): number {
  const date = new Date(time);
  date.setUTCFullYear(date.getUTCFullYear() + years);
  return Number.isNaN(date.getTime()) ? time + years * YEAR_MS : date.getTime();
}

export function isoDate(date: Date): string {
  return Number.isNaN(date.getTime()) ? "an unknown date" : date.toISOString().slice(0, 10);
}

const NEEDS_NORMALIZING = /[\u2018\u2019\u02bc`\u201c\u201d\t\n\r\f\v\u00a0]| {2}/;

/** Straight quotes and apostrophes, single spaces. */
export function normalizeText(text: string): string {
  if (!NEEDS_NORMALIZING.test(text)) return text.trim();
  return text
    .replace(/[\u2018\u2019\u02bc`]/g, "'")
    .replace(/[\u201c\u201d]/g, '"')
    .replace(/\s+/g, " ")
    .trim();
}

const TOKEN_RE = /[a-z0-9\u00c0-\u024f]+(?:'[a-z]+)*/g;

/** Lower-cased word tokens; contractions stay whole ("didn't", "i've"). Expects normalized text. */
export function tokenize(text: string): string[] {
  return text.toLowerCase().match(TOKEN_RE) ?? [];
}

export const STOPWORDS = new Set(
  (
    "a about above after again against all also am an and any are as at be because been before being below between " +
    "both but by can could did do does doing down during each even ever every few for from further had has have " +
    "having he her here hers herself him himself his how i if in into is it its itself just me more most much my " +
    "myself no nor not now of off on once only or other our ours ourselves out over own same she should so some " +
    "such than that the their theirs them themselves then there these they this those through to too under until " +
    "up upon us very was we were what when where which while who whom why will with would you your yours i'm i've " +
    "i'd i'll we're we've it's that's there's don't didn't doesn't haven't hasn't hadn't never really got get gets " +
    "one like just still yet"
  ).split(" "),
);

const IRREGULAR = new Map<string, string>(
  Object.entries({
    children: "child",
    kids: "kid",
    went: "go",
    gone: "go",
    goes: "go",
    going: "go",
    been: "be",
    was: "be",
    were: "be",
    is: "be",
    am: "be",
    are: "be",
    flew: "fly",
    flown: "fly",
    drove: "drive",
    driven: "drive",
    learnt: "learn",
    met: "meet",
    saw: "see",
    seen: "see",
    won: "win",
    lost: "lose",
    swam: "swim",
    swum: "swim",
    rode: "ride",
    ridden: "ride",
    ate: "eat",
    eaten: "eat",
    wrote: "write",
    written: "write",
    ran: "run",
    spoke: "speak",
    spoken: "speak",
    took: "take",
    taken: "take",
    left: "leave",
    fell: "fall",
    fallen: "fall",
    broke: "break",
    broken: "break",
    sang: "sing",
    sung: "sing",
    taught: "teach",
    built: "build",
    sold: "sell",
    bought: "buy",
    had: "have",
    has: "have",
    got: "get",
    gotten: "get",
    drank: "drink",
    drunk: "drink",
    made: "make",
    used: "use",
    using: "use",
    uses: "use",
    men: "man",
    women: "woman",
    people: "person",
    wives: "wife",
    lives: "life",
  }),
);

function regularStem(word: string): string {
  let s = word;
  if (s.length <= 3) return s;
  if (s.endsWith("ies") && s.length > 4) s = `${s.slice(0, -3)}y`;
  else if (s.endsWith("ied") && s.length > 4) s = `${s.slice(0, -3)}y`;
  else if (s.endsWith("ing") && s.length > 5) s = s.slice(0, -3);
  else if (s.endsWith("ed") && s.length > 4) s = s.slice(0, -2);
  else if (/(?:ss|sh|ch|x|z)es$/.test(s)) s = s.slice(0, -2);
  else if (s.endsWith("s") && !/(?:ss|us|is)$/.test(s)) s = s.slice(0, -1);
  if (s.endsWith("e") && s.length > 3) s = s.slice(0, -1);
  if (s.length > 3 && /([b-df-hj-np-tv-z])\1$/.test(s)) s = s.slice(0, -1);
  return s;
}

const stemCache = new Map<string, string>();

/** A crude but consistent stem: plural, -ed, -ing, final -e and doubled consonants folded; common irregulars. */
export function stem(word: string): string {
  const cached = stemCache.get(word);
  if (cached !== undefined) return cached;
  const base = word.replace(/'s$|'$/, "");
  const irregular = IRREGULAR.get(base);
  const result = regularStem(irregular ?? base);
  if (stemCache.size < 50_000) stemCache.set(word, result);
  return result;
}

/** Lower-cased, stemmed words of length >= 3 that are not stopwords. */
export function contentStems(text: string): Set<string> {
  const out = new Set<string>();
  for (const token of tokenize(normalizeText(text))) {
    if (token.length < 3 || STOPWORDS.has(token)) continue;
    out.add(stem(token));
  }
  return out;
}

export function jaccard(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let shared = 0;
  for (const w of small) if (large.has(w)) shared++;
  return shared / (a.size + b.size - shared);
}

/** Sentences and contrastive halves ("…, but …") of a text. */
export function splitClauses(text: string): string[] {
  return normalizeText(text)
    .split(/[.!?;:\n]+|,?\s+\b(?:but|however|although|though|whereas)\b\s*/i)
    .map((c) => c.trim())
    .filter((c) => c.length > 0);
}

const NUMBER_WORDS = new Map<string, number>(
  Object.entries({
    zero: 0,
    one: 1,
    two: 2,
    three: 3,
    four: 4,
    five: 5,
    six: 6,
    seven: 7,
    eight: 8,
    nine: 9,
    ten: 10,
    eleven: 11,
    twelve: 12,
  }),
);

/** "two" → 2, "3" → 3 (small counts only); null for anything else. */
export function parseCount(token: string | undefined): number | null {
  if (token === undefined) return null;
  const word = NUMBER_WORDS.get(token);
  if (word !== undefined) return word;
  if (/^\d{1,2}$/.test(token)) {
    const n = Number(token);
    return n <= 20 ? n : null;
  }
  return null;
}

/** Four-digit years 1900-2099 mentioned in a text. */
export function yearsIn(text: string): number[] {
  return (text.match(/\b(?:19|20)\d{2}\b/g) ?? []).map(Number);
}

/** People other than the persona: a clause whose subject is one of these is not about the persona. */
export const THIRD_PARTY = new Set(
  (
    "mom mother mum mommy dad father daddy parent parents sister sisters brother brothers son sons daughter " +
    "daughters husband wife partner boyfriend girlfriend fiance fiancee friend friends cousin cousins aunt uncle " +
    "grandma grandpa grandmother grandfather grandparents granny neighbor neighbour neighbors neighbours boss " +
    "colleague colleagues coworker coworkers roommate teacher he she they who kids children kid child baby " +
    "everyone everybody nobody someone somebody"
  ).split(" "),
);

const CONTRACTION_S = new Set(["let's", "it's", "that's", "there's", "what's", "here's", "he's", "she's", "who's"]);

/** A word that marks someone else as the subject ("my sister", "he", "Tom's"). */
export function isThirdPartyToken(token: string): boolean {
  if (THIRD_PARTY.has(token)) return true;
  return token.endsWith("'s") && !CONTRACTION_S.has(token);
}

export const FIRST_PERSON = new Set(["i", "we", "i've", "we've", "i'd", "we'd", "i'm", "we're", "i'll", "we'll"]);

/** Shortened, quoted text for messages. */
export function quote(text: string, max = 80): string {
  const clean = normalizeText(text);
  const short = clean.length > max ? `${clean.slice(0, max - 1).trimEnd()}…` : clean;
  return `"${short}"`;
}

/** Whether the persona (not someone else) is the subject at position `end`. */
export function personaIsSubject(tokens: string[], end: number, firstName: string): boolean {
  let ok = true;
  for (let i = 0; i < end; i++) {
    const t = tokens[i]!;
    if (FIRST_PERSON.has(t) || (firstName !== "" && t === firstName)) ok = true;
    else if (isThirdPartyToken(t)) ok = false;
  }
  return ok;
}
