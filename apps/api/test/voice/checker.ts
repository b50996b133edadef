/**
 * The voice checker: pure functions that judge persona answers as TEXT (issue 10).
 *
 * Input: transcripts (a persona of a set, a question of the set, the answer, its session and turn).
 * Output: the figures the issue asks for — distinct-sentence ratio, opener sharing, on-topic share per
 * intent, locale violations — and the counts of the faults it names (life facts, percentages above 100,
 * repeated passages in a session, question echoes, "not scripted"/AI claims), each with its findings so a
 * failing figure can be read answer by answer.
 *
 * Deliberately independent of the simulator: nothing here imports server or simulator code, so it judges
 * any model's answers the same way. The heuristics are documented in docs/simulator.md ("How answers are
 * checked"); each is a cheap proxy, tuned to be strict on the faults the issue reports, not a judge of quality.
 */

// ---------------------------------------------------------------------------------------------------------
// Sets and transcripts.

export const INTENTS = [
  "yes_no",
  "frustration",
  "weekend",
  "price",
  "process",
  "followup",
  "story",
  "opinion",
  "open",
] as const;
export type Intent = (typeof INTENTS)[number];

export interface SetPersona {
  key: string;
  /** The seed sent to POST /personas (age is read for the life-fact checks). */
  seed: { firstName: string; lastName: string; age: number; location: string; baseOccupation: string } & Record<
    string,
    unknown
  >;
  /** ISO 3166 alpha-2 of the persona's country. */
  country: string;
  /** Currency markers the persona may use (symbols, names, codes), beside the checker's own table. */
  currency: string[];
  /** Regular expressions (case-insensitive) of life facts this persona must never state. */
  mustNotMention?: string[];
}

export interface SetQuestion {
  key: string;
  text: string;
  intent: Intent;
  /** Keywords an on-topic answer mentions (intents frustration, process, story, opinion, open). */
  about?: string[];
}

export interface Transcript {
  persona: SetPersona;
  question: SetQuestion;
  answer: string;
  /** Session id (any string that is the same for the turns of one conversation). */
  session: string;
  /** 1-based position of this question in its session. */
  turn: number;
}

export interface Finding {
  metric: Metric;
  persona: string;
  question: string;
  session: string;
  turn: number;
  detail: string;
}

export type Metric =
  | "off_topic"
  | "locale"
  | "life_fact"
  | "percent_over_100"
  | "pride_repetition"
  | "question_echo"
  | "ai_claim";

// ---------------------------------------------------------------------------------------------------------
// Text helpers (the checker's own; it shares no code with what it judges).

const ABBREVIATIONS = /\b(Mr|Mrs|Ms|Dr|St|Jr|Sr|Prof|vs|etc|approx|No|e\.g|i\.e|a\.m|p\.m|U\.S|U\.K)\./g;
const DOT = "\u2024"; // one-dot leader: stands in for an abbreviation's dot while splitting

/**
 * Sentences of a text: split after `.`, `!`, `?`, `…` or `...` followed by space, and at line breaks;
 * abbreviations (Mr., Dr., e.g., a.m.) and decimals (3.5) do not end a sentence. Empty pieces are dropped.
 */
export function splitSentences(text: string): string[] {
  const guarded = text.replace(ABBREVIATIONS, (m) => m.replaceAll(".", DOT));
  return guarded
    .split(/\n+|(?<=[.!?…]["'”’)\]]*)\s+/u)
    .map((s) => s.replaceAll(DOT, ".").trim())
    .filter((s) => normalise(s).length > 0);
}

/** Lower case, typographic quotes folded, punctuation removed, whitespace collapsed. */
export function normalise(text: string): string {
  return text
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[’‘`´]/g, "'")
    .replace(/'/g, "")
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
}

/** Word tokens of a normalised text. */
export function tokens(text: string): string[] {
  const n = normalise(text);
  return n ? n.split(" ") : [];
}

/** A light stemmer: plural, possessive, -ing and -ed folded so "banking", "banks" and "bank" meet. */
export function stem(word: string): string {
  let w = word;
  if (w.length > 4 && w.endsWith("ies")) return `${w.slice(0, -3)}y`;
  if (w.length > 5 && w.endsWith("ing")) w = w.slice(0, -3);
  else if (w.length > 4 && w.endsWith("ed")) w = w.slice(0, -2);
  else if (w.length > 4 && /(ss|x|ch|sh)es$/.test(w)) w = w.slice(0, -2);
  else if (w.length > 3 && w.endsWith("s") && !w.endsWith("ss") && !w.endsWith("us")) w = w.slice(0, -1);
  if (w.length > 3 && /([b-df-hj-np-tv-z])\1$/.test(w) && !/(ll|ss|ff|zz)$/.test(w)) w = w.slice(0, -1);
  return w;
}

const STOP = new Set(
  (
    "a about above after again against all almost also although always am among an and another any anyone " +
    "anything anyway are around as at away back be because been before being below between both but by can cannot " +
    "could couldnt did didnt do does doesnt doing done dont down during each either else enough even ever every " +
    "everyone everything few for from further get gets getting give go goes going gone good got great had has hasnt " +
    "have havent having he her here hers herself him himself his how however i id if ill im in into is isnt it its " +
    "itself ive just keep kind know least less let like little lot lots made make makes many may maybe me might " +
    "mine more most much must my myself need never new no nor not nothing now of off often oh ok okay on once one " +
    "only or other others otherwise our ours ourselves out over own part people perhaps pretty put quite rather " +
    "really right said same say says see seem seems she should shouldnt since so some someone something sometimes " +
    "somewhat sort still such sure take than that thats the their theirs them themselves then there theres these " +
    "they theyre thing things think this those though through thus time times to too toward towards truly under " +
    "until up upon us use used very want wanted was wasnt way ways we well were werent what whats when where whether " +
    "which while who whole whom whose why will with without wont would wouldnt yeah yes yet you youd youll your " +
    "youre yours yourself honestly actually basically guess mean means feel felt tell told thought bit yourselves " +
    "year years day days today week lately usually probably definitely certainly simply"
  ).split(" "),
);

/** Distinctive words (stemmed, no stopwords, at least 3 letters). */
export function contentWords(text: string): Set<string> {
  return new Set(
    tokens(text)
      .filter((w) => w.length >= 3 && !STOP.has(w) && !/^\d+$/.test(w))
      .map(stem),
  );
}

/**
 * Whether `text` mentions `keyword` (one or more words): the keyword's stemmed words appear consecutively;
 * a keyword word of 4+ letters also matches as a prefix ("pray" → "prayers", "bank" → "banking").
 */
export function mentions(text: string, keyword: string): boolean {
  const hay = tokens(text).map(stem);
  const needle = tokens(keyword).map(stem);
  if (needle.length === 0) return false;
  const match = (h: string, n: string) => h === n || (n.length >= 4 && h.startsWith(n));
  for (let i = 0; i + needle.length <= hay.length; i++) {
    if (needle.every((n, j) => match(hay[i + j]!, n))) return true;
  }
  return false;
}

/** Every run of `n` consecutive tokens, joined. */
export function ngrams(toks: string[], n: number): Set<string> {
  const out = new Set<string>();
  for (let i = 0; i + n <= toks.length; i++) out.add(toks.slice(i, i + n).join(" "));
  return out;
}

/** The first n-gram of `a` (n words) that also occurs in `b`, or undefined. */
export function sharedRun(a: string, b: string, n: number): string | undefined {
  const inB = ngrams(tokens(b), n);
  for (const g of ngrams(tokens(a), n)) if (inB.has(g)) return g;
  return undefined;
}

/** Consecutive words of a question that, repeated, make an echo. */
export const ECHO_WORDS = 8;

/** Words two answers of one session must share, consecutively, to count as the same passage told twice. */
export const REPEAT_WORDS = 8;

/** A regular expression source bounded by non-letters/digits on both sides (works for non-ASCII words). */
const bounded = (src: string) => `(?<![\\p{L}\\p{N}])(?:${src})(?![\\p{L}\\p{N}])`;

const UNITS =
  "one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen";
const TENS = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety";
/** A number in words up to 99 ("seven", "twenty-five", "forty five"). */
const NUMBER_WORD = `(?:(?:${TENS})(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?|${UNITS})`;

/** Parses digits or a number word up to 99; NaN otherwise. */
export function parseNumber(text: string): number {
  const t = text.toLowerCase().replace(/,/g, "").trim();
  if (/^\d+(\.\d+)?$/.test(t)) return Number(t);
  const units = UNITS.split("|");
  const tens = TENS.split("|");
  const [a, b] = t.split(/[- ]/);
  const ti = tens.indexOf(a ?? "");
  if (ti >= 0) {
    const ui = b ? units.indexOf(b) : -1;
    if (b && (ui < 0 || ui > 8)) return Number.NaN;
    return (ti + 2) * 10 + (ui + 1);
  }
  const ui = units.indexOf(a ?? "");
  return ui >= 0 && !b ? ui + 1 : Number.NaN;
}

// ---------------------------------------------------------------------------------------------------------
// Variety: distinct sentences and shared openers.

export interface DistinctSentences {
  sentences: number;
  distinct: number;
  ratio: number;
}

/** Distinct normalised sentences over all sentences of all answers. */
export function distinctSentenceRatio(ts: readonly Transcript[]): DistinctSentences {
  const all = ts.flatMap((t) => splitSentences(t.answer).map(normalise));
  const distinct = new Set(all).size;
  return { sentences: all.length, distinct, ratio: all.length === 0 ? 1 : distinct / all.length };
}

export interface OpenerShare {
  /** Most personas sharing one first sentence. */
  max: number;
  /** That first sentence (normalised), when shared by 2 or more. */
  opener?: string;
}

function maxSharing(ts: readonly Transcript[]): OpenerShare {
  const byOpener = new Map<string, Set<string>>();
  for (const t of ts) {
    const first = splitSentences(t.answer)[0];
    if (!first) continue;
    const key = normalise(first);
    const set = byOpener.get(key) ?? new Set<string>();
    byOpener.set(key, set);
    set.add(t.persona.key);
  }
  let best: OpenerShare = { max: 0 };
  for (const [opener, personas] of byOpener) {
    if (personas.size > best.max) best = { max: personas.size, opener: personas.size > 1 ? opener : undefined };
  }
  return best;
}

/** Max number of personas sharing the same first sentence: overall (any question) and per question key. */
export function openerSharing(ts: readonly Transcript[]): {
  overall: OpenerShare;
  perQuestion: Record<string, OpenerShare>;
} {
  const perQuestion: Record<string, OpenerShare> = {};
  for (const key of new Set(ts.map((t) => t.question.key))) {
    perQuestion[key] = maxSharing(ts.filter((t) => t.question.key === key));
  }
  return { overall: maxSharing(ts), perQuestion };
}

// ---------------------------------------------------------------------------------------------------------
// On topic.

/** Words that take a stance on their own, looked for in the first 15 words of a yes/no answer. */
const STANCE_WORDS = new RegExp(
  bounded(
    [
      "yes|yeah|yep|yup|aye|nope|nah|definitely|absolutely|certainly|probably|possibly|maybe|perhaps|of course",
      "no(?! (?:one|longer|matter|idea|doubt|different|big|more|less|longer|need)\\b)|not really|not at all|not likely",
      "no way|never|unlikely|it depends|depends on|hardly|for sure|sure(?! (?:of|that|how|what|why|if)\\b)",
      "not for me|not a chance|doubt it|i doubt|i think so|i don't think so|not sure|i'm (?:in|out|keen|tempted|torn|unsure|game)",
    ].join("|"),
  ),
  "iu",
);

/** "Would you pay…" → the auxiliary and the verb the question asks about ("would", "pay"). */
function askedVerb(question: string): { aux: string; verb: string } | undefined {
  const m = /\b(would|will|do|did|could|can|should|have|are|is)\s+you\s+(?:ever\s+|still\s+|really\s+)?([a-z]+)/i.exec(
    question,
  );
  return m ? { aux: m[1]!.toLowerCase(), verb: m[2]!.toLowerCase() } : undefined;
}

/**
 * Whether the first sentence of a yes/no answer takes a stance: a stance word in its first 15 words, or
 * "I + auxiliary" (would, wouldn't, 'd, will, won't, might, do, don't…) followed by the question's own verb
 * or by the end of a clause ("I would pay it", "I wouldn't, no", "I'd get on"). "I'm not struggling" or
 * "I wouldn't trade it" (another verb) are no answer to "Would you pay…?".
 */
export function takesStance(firstSentence: string, question: string): string | undefined {
  const head = firstSentence.replace(/[’‘]/g, "'").split(/\s+/).slice(0, 15).join(" ");
  const word = STANCE_WORDS.exec(head);
  if (word) return word[0];
  const asked = askedVerb(question);
  const aux =
    "(?:would|will|might|may|could|can|should|do|did|have|am)(?:n't| not)?|'d|'ll|'ve|wouldn't|won't|can't|cannot|don't|didn't|haven't|'m not|'m";
  const re = new RegExp(
    `\\bi ?(${aux})(?:\\s+(?:probably|definitely|certainly|really|never|still|happily|gladly|not))?(?:\\s*[,.;:!?—–-]|\\s*$|\\s+([a-z']+))`,
    "giu",
  );
  for (const m of head.matchAll(re)) {
    const next = m[2]?.toLowerCase();
    if (next === undefined) return m[0].trim();
    if (asked && stem(next) === stem(asked.verb)) return m[0].trim();
  }
  // "Do you use cash?" → "I still use it every day": the question's own verb, said of oneself.
  if (asked) {
    const plain =
      /\bi (?:(?:still|always|never|only|rarely|often|usually|sometimes|just|really|already|actually|mostly) )?([a-z']+)/giu;
    for (const m of head.matchAll(plain)) if (stem(m[1]!.toLowerCase()) === stem(asked.verb)) return m[0];
  }
  return undefined;
}

const WEEKEND_DAY = new RegExp(bounded("weekend|saturday|sunday|friday|sabbath|shabbat|jumu'?ah"), "iu");
const TIME_CUE = new RegExp(
  bounded(
    "last (?:week|night|weekend)|yesterday|the other day|this morning|(?:in|on) the (?:morning|afternoon|evening)|at night|(?:that|on the) (?:morning|afternoon|evening|night)",
  ),
  "iu",
);
const PAST_IRREGULAR =
  "went|did|spent|had|was|were|took|made|saw|met|ate|drank|slept|read|got|came|drove|ran|swam|sat|sang|wrote|bought|brought|caught|taught|left|kept|found|gave|heard|paid|sold|told|won|lost|flew|rode|wore|spoke|began|woke|fed|lay|threw|hung|sent|built|held|stood|dug|sewed|felt|knew|became|ran";
const STORY_ANCHOR = new RegExp(
  bounded(
    "once|one (?:day|time|morning|evening|night|year|summer|winter)|(?:years|months|weeks) ago|a while back|back in|there was (?:a|one) (?:time|day|week|month|year|night|morning)|the (?:day|week|year|time) (?:i|we|when)|last (?:year|month|summer|winter)|in (?:19|20)\\d\\d",
  ),
  "iu",
);
const PAST_VERB = new RegExp(bounded(`${PAST_IRREGULAR}|[a-z]{3,}ed`), "iu");

/** The first past-tense verb of `text` that `question` does not itself use ("did" in "What did you do…"). */
function pastVerb(text: string, question: string): string | undefined {
  const asked = new Set(tokens(question));
  const re = new RegExp(PAST_VERB.source, "giu");
  for (const m of text.matchAll(re)) if (!asked.has(normalise(m[0]))) return m[0];
  return undefined;
}

const CURRENCY_WORDS =
  "dollars?|bucks|euros?|pounds?|quid|pence|naira|kobo|yen|rupees?|pesos?|reais|reals?|rands?|shillings?|francs?|kronor|krona|kroner|krone|won|yuan|renminbi|rmb|dirhams?|riyals?|lira|liras|cedis?|ringgit|baht|dong|zloty|złoty|forint|lei|leva|hryvnias?|rubles?|roubles?|shekels?|taka|cents?|centavos?|piastres?|piasters?|paise|lakhs?|crores?";
const CURRENCY_CODES =
  "USD|EUR|GBP|NGN|EGP|JPY|INR|BRL|MXN|ARS|KES|ZAR|AUD|CAD|NZD|CNY|RMB|KRW|PHP|CHF|SEK|NOK|DKK|PLN|TRY|AED|SAR|GHS|MYR|THB|VND|RUB|UAH|ILS|BDT|PKR|COP|CLP";
const MONEY = [
  // a symbol (or symbol-ish prefix) before a number: $12, US$ 5, £3.50, €20, ₦5,000, E£ 200, R$ 30, KSh 500, Rs. 200
  /(?:US\$|[A-Z]{1,3}\$|\$|£|€|₦|¥|₹|₩|₱|₺|₪|₫|₴|₽|฿|৳|E£|KSh|Rs\.?|RM)\s?\d/u,
  // a number (digits or words) before a currency word or code: 12 dollars, 5,000 naira, fifty quid, 300 EGP
  new RegExp(
    bounded(
      `(?:\\d[\\d,.]*|${NUMBER_WORD}|a|a few|a couple of|hundreds? of|thousands? of)\\s?(?:k|m|hundred|thousand|million|lakh|crore)?\\s?(?:${CURRENCY_WORDS}|${CURRENCY_CODES})`,
    ),
    "iu",
  ),
  new RegExp(bounded(`(?:${CURRENCY_CODES})\\s?\\d`), "u"),
  /(?<![\p{L}\p{N}])(?:a |one )?(?:tenner|fiver|grand|man yen)(?![\p{L}\p{N}])/iu,
  /\d\s?円|\d\s?元/u,
];

/** Whether a text names an amount of money ("$12", "5,000 naira", "fifty quid", "a tenner"). */
export function hasMoneyAmount(text: string): boolean {
  return MONEY.some((re) => re.test(text));
}

const SEQUENCE = new RegExp(
  bounded(
    "first|firstly|then|next|after that|afterwards|before|usually|normally|typically|always|start|starts|started|begin|begins|check|checks|look at|compare|make a list|once|finally|by the time|step|steps|until",
  ),
  "iu",
);

/** Words of the persona's own seed: an answer naming its own job or town is no sign of topic or reference. */
function seedWords(p: SetPersona): Set<string> {
  const s = p.seed;
  return contentWords([s.firstName, s.lastName, s.location, s.baseOccupation, s.household ?? ""].join(" "));
}

/** Consecutive words copied from the question that do not count as talking about its subject. */
export const COPIED_WORDS = 4;

/**
 * The text with every run of `n` or more consecutive words found in `source` cut out (cuts leave a break,
 * so no new run forms across them): "With for groceries each week, I always…" minus the question's words.
 */
export function withoutCopies(text: string, source: string, n: number): string {
  const toks = tokens(text);
  const grams = ngrams(tokens(source), n);
  const cut = new Array<boolean>(toks.length).fill(false);
  for (let i = 0; i + n <= toks.length; i++) {
    if (grams.has(toks.slice(i, i + n).join(" "))) for (let j = i; j < i + n; j++) cut[j] = true;
  }
  return toks.map((w, i) => (cut[i] ? "\u2016" : w)).join(" ");
}

/** The first `about` keyword the answer mentions outside words copied from the question. */
function mentionsAbout(answer: string, question: SetQuestion): string | undefined {
  const own = withoutCopies(answer, question.text, COPIED_WORDS);
  return question.about?.find((k) => mentions(own, k));
}

export interface TopicVerdict {
  onTopic: boolean;
  reason: string;
}

/**
 * Whether an answer is on topic for its question's intent (heuristics in docs/simulator.md).
 * `previous` is the answer to the previous turn of the same session (for follow-ups).
 */
export function judgeTopic(t: Transcript, previous?: Transcript): TopicVerdict {
  const { answer, question } = t;
  switch (question.intent) {
    case "yes_no": {
      // "Me? Probably not." — a first sentence of one or two words is read with the next one.
      const sentences = splitSentences(answer);
      let lead = "";
      for (const s of sentences) {
        lead = lead ? `${lead} ${s}` : s;
        if (tokens(lead).length >= 3) break;
      }
      const stance = takesStance(lead, question.text);
      return stance
        ? { onTopic: true, reason: `stance "${stance}"` }
        : { onTopic: false, reason: "no stance in the first sentence" };
    }
    case "frustration": {
      const k = mentionsAbout(answer, question);
      return k
        ? { onTopic: true, reason: `mentions "${k}"` }
        : { onTopic: false, reason: "mentions none of the subject" };
    }
    case "weekend": {
      const when = WEEKEND_DAY.exec(answer) ?? TIME_CUE.exec(answer);
      const past = pastVerb(answer, question.text);
      if (when && past) return { onTopic: true, reason: `"${when[0]}" and "${past[0]}"` };
      return { onTopic: false, reason: when ? "no past-tense account" : "no weekend or time cue" };
    }
    case "price":
      return hasMoneyAmount(answer)
        ? { onTopic: true, reason: "names an amount" }
        : { onTopic: false, reason: "no money amount" };
    case "process": {
      const cue = SEQUENCE.exec(answer);
      const k = mentionsAbout(answer, question);
      if (cue && k) return { onTopic: true, reason: `"${cue[0]}" and "${k}"` };
      return { onTopic: false, reason: cue ? "mentions none of the subject" : "no sequence cue" };
    }
    case "followup": {
      if (!previous) return { onTopic: false, reason: "no earlier answer in the session" };
      const q = tokens(question.text);
      if (q.length >= 3 && ` ${tokens(answer).join(" ")} `.includes(` ${q.join(" ")} `)) {
        return { onTopic: false, reason: "repeats the question verbatim" };
      }
      const own = seedWords(t.persona);
      const asked = contentWords(question.text);
      const before = contentWords(previous.answer);
      // Pasting the previous answer again is no reference to it: its copied passages do not count.
      const fresh = withoutCopies(answer, previous.answer, REPEAT_WORDS);
      const shared = [...contentWords(fresh)].filter((w) => before.has(w) && !own.has(w) && !asked.has(w));
      return shared.length >= 2
        ? { onTopic: true, reason: `refers back: ${shared.slice(0, 4).join(", ")}` }
        : { onTopic: false, reason: `shares ${shared.length} content word(s) with the previous answer` };
    }
    case "story":
    case "opinion":
    case "open": {
      // A story is told in the past: a past-tense verb of its own (not one taken from the question).
      if (question.intent === "story" && !pastVerb(answer, question.text)) {
        return { onTopic: false, reason: "no past-tense account" };
      }
      const k = mentionsAbout(answer, question);
      if (k) return { onTopic: true, reason: `mentions "${k}"` };
      // A story told as one: anchored in a past moment ("Years ago…", "There was a week when…", "I once…").
      const anchor = question.intent === "story" ? STORY_ANCHOR.exec(answer) : null;
      if (anchor) return { onTopic: true, reason: `a story ("${anchor[0]}")` };
      const asked = contentWords(question.text);
      const fresh = withoutCopies(answer, question.text, COPIED_WORDS);
      const shared = [...contentWords(fresh)].filter((w) => asked.has(w));
      return shared.length >= 1
        ? { onTopic: true, reason: `shares "${shared[0]}" with the question` }
        : { onTopic: false, reason: "neither the subject nor the question's words" };
    }
  }
}

// ---------------------------------------------------------------------------------------------------------
// Locale: another country's currency or institutions.

interface Marker {
  label: string;
  re: RegExp;
  /** Countries (ISO alpha-2) where the marker is at home. */
  owners: readonly string[];
  /** Markers of one currency: a question naming one ("$12") allows the others ("12 dollars") in its answers. */
  group?: string;
}

const EUROZONE = [
  "IE",
  "DE",
  "FR",
  "ES",
  "IT",
  "NL",
  "BE",
  "AT",
  "PT",
  "FI",
  "GR",
  "LU",
  "SK",
  "SI",
  "EE",
  "LV",
  "LT",
  "MT",
  "CY",
  "HR",
  "ME",
  "XK",
];
const DOLLAR_NAME = [
  "US",
  "CA",
  "AU",
  "NZ",
  "SG",
  "HK",
  "TW",
  "JM",
  "LR",
  "ZW",
  "EC",
  "SV",
  "PA",
  "PR",
  "FJ",
  "BS",
  "BB",
  "TT",
  "GY",
  "BZ",
  "BN",
  "NA",
];
const DOLLAR_SIGN = [...DOLLAR_NAME, "MX", "AR", "CL", "CO", "UY", "DO", "CU"];
const PESO = ["MX", "AR", "CL", "CO", "UY", "DO", "CU", "PH"];
const RUPEE = ["IN", "PK", "LK", "NP", "MU", "SC"];
const SHILLING = ["KE", "UG", "TZ", "SO"];
const POUND = ["GB", "EG", "SD", "SS", "LB", "SY"];

const word = (src: string, flags = "iu") => new RegExp(bounded(src), flags);
const exact = (src: string) => word(src, "u");
const MONEY_VERB =
  "pay|paid|paying|spend|spent|spending|cost|costs|costing|charge|charged|charges|earn|earned|save|saved|worth|price|fee|owe|owed|budget";
const AMOUNT = `(?:\\d[\\d,.]*|${NUMBER_WORD}|a few|a couple of|hundreds of|thousands of)`;

/** The checker's own table of currency and institution markers (independent of the server's locale table). */
export const LOCALE_MARKERS: readonly Marker[] = [
  // Currencies.
  { label: "$", re: /(?<![A-Za-z])\$\s?\d/u, owners: DOLLAR_SIGN, group: "dollar" },
  {
    label: "US$/USD",
    re: /US\$|(?<![\p{L}])USD(?![\p{L}])|US dollars?/u,
    owners: ["US", "EC", "SV", "PA", "PR", "ZW"],
    group: "dollar",
  },
  { label: "dollar", re: word("dollars?|bucks"), owners: DOLLAR_NAME, group: "dollar" },
  { label: "A$/AUD", re: /A\$\s?\d|(?<!\p{L})AUD(?!\p{L})/u, owners: ["AU"] },
  { label: "C$/CAD", re: /C\$\s?\d|(?<!\p{L})CAD(?!\p{L})|\b(?:loonies?|toonies?)\b/iu, owners: ["CA"] },
  { label: "€/euro", re: /€|(?<!\p{L})(?:euros?|EUR)(?!\p{L})/iu, owners: EUROZONE },
  {
    label: "£/GBP/quid",
    re: /(?<!E)£|(?<!\p{L})(?:GBP|quid|pence|sterling)(?!\p{L})/iu,
    owners: ["GB", "GG", "JE", "IM", "GI"],
    group: "pound",
  },
  {
    label: "pounds (money)",
    re: word(
      `(?:${MONEY_VERB})\\b[^.!?]{0,25}?${AMOUNT}\\s?pounds?|${AMOUNT}\\s?pounds? (?:a|per|every|each) (?:month|week|year|day|hour)`,
    ),
    owners: POUND,
    group: "pound",
  },
  {
    label: "E£/EGP",
    re: /E£|(?<!\p{L})(?:EGP|LE\s?\d)|Egyptian pounds?|piastres?|piasters?/iu,
    owners: ["EG"],
    group: "pound",
  },
  { label: "₦/naira", re: /₦|(?<!\p{L})(?:naira|NGN|kobo)(?!\p{L})/iu, owners: ["NG"] },
  { label: "¥", re: /¥/u, owners: ["JP", "CN"] },
  { label: "yen", re: /(?<!\p{L})(?:yen|JPY)(?!\p{L})|円/iu, owners: ["JP"] },
  { label: "yuan", re: /(?<!\p{L})(?:yuan|renminbi|RMB|CNY)(?!\p{L})|元/iu, owners: ["CN"] },
  { label: "₹/INR", re: /₹|(?<!\p{L})INR(?!\p{L})/u, owners: ["IN"] },
  { label: "rupee", re: word("rupees?|Rs\\.?(?=\\s?\\d)"), owners: RUPEE },
  { label: "lakh/crore", re: word("lakhs?|crores?"), owners: ["IN", "PK", "BD", "NP"] },
  { label: "R$/reais", re: /R\$|(?<!\p{L})(?:reais|BRL)(?!\p{L})/iu, owners: ["BR"] },
  { label: "peso", re: word("pesos?"), owners: PESO },
  { label: "MXN", re: exact("MXN"), owners: ["MX"] },
  { label: "ARS", re: exact("ARS"), owners: ["AR"] },
  { label: "₱/PHP", re: /₱|PHP\s?\d/u, owners: ["PH"] },
  { label: "KSh/KES", re: /KSh|(?<!\p{L})KES(?!\p{L})/u, owners: ["KE"] },
  { label: "shilling", re: word("shillings?|bob"), owners: SHILLING },
  { label: "rand", re: word(`${AMOUNT}\\s?rands?|ZAR`), owners: ["ZA"] },
  { label: "₩/won", re: new RegExp(`₩|KRW|${bounded(`\\d[\\d,]*\\s?won`)}`, "u"), owners: ["KR"] },
  { label: "₺/lira", re: /₺|(?<!\p{L})(?:lira|liras|TRY\s?\d)(?!\p{L})/iu, owners: ["TR"] },
  { label: "CHF/Swiss franc", re: /(?<!\p{L})CHF(?!\p{L})|Swiss francs?/iu, owners: ["CH"] },
  { label: "dirham", re: word("dirhams?|AED"), owners: ["AE", "MA"] },
  { label: "riyal", re: word("riyals?|SAR\\s?\\d"), owners: ["SA", "QA", "OM", "YE"] },
  { label: "cedi", re: word("cedis?|GHS"), owners: ["GH"] },
  { label: "ringgit", re: word("ringgit|MYR|RM\\s?\\d"), owners: ["MY"] },
  { label: "baht", re: /฿|(?<!\p{L})(?:baht|THB)(?!\p{L})/iu, owners: ["TH"] },
  { label: "₫/dong", re: new RegExp(`₫|VND|${bounded("\\d[\\d,.]*\\s?dong")}`, "iu"), owners: ["VN"] },
  { label: "złoty", re: word("zlotys?|złoty|PLN"), owners: ["PL"] },
  { label: "krona/krone", re: word("kronor|krona|kroner|krone|SEK|NOK|DKK"), owners: ["SE", "NO", "DK", "IS"] },
  { label: "₽/ruble", re: /₽|(?<!\p{L})(?:rubles?|roubles?|RUB)(?!\p{L})/iu, owners: ["RU", "BY"] },
  { label: "₴/hryvnia", re: /₴|(?<!\p{L})(?:hryvnias?|UAH)(?!\p{L})/iu, owners: ["UA"] },
  { label: "₪/shekel", re: /₪|(?<!\p{L})(?:shekels?|NIS|ILS)(?!\p{L})/iu, owners: ["IL"] },
  // Institutions, brands and customs that only make sense in their country.
  {
    label: "US institution",
    re: new RegExp(
      bounded(
        "Medicaid|401\\(k\\)|401k|ZIP codes?|zip code|IRS|DMV|Venmo|Zelle|Fourth of July|July 4th|Obamacare|food stamps|SNAP benefits|Social Security|Whole Foods|Trader Joe's|Kroger|Walgreens|CVS|Wells Fargo|Bank of America|Chase Bank|GED",
      ),
      "u",
    ),
    owners: ["US"],
  },
  { label: "Medicare", re: exact("Medicare"), owners: ["US", "AU"] },
  // Walmart runs stores in Mexico, Canada and Central America too.
  { label: "Walmart", re: exact("Walmart|Wal-Mart"), owners: ["US", "MX", "CA", "CR", "GT", "HN", "SV", "NI"] },
  { label: "Thanksgiving", re: word("Thanksgiving"), owners: ["US", "CA"] },
  {
    label: "UK institution",
    re: new RegExp(
      bounded(
        "NHS|GCSEs?|A-levels?|A levels|council tax|HMRC|National Insurance|Sainsbury's|Asda|Waitrose|Morrisons|the Tube|Oyster card|Ofsted|Monzo|Barclays|NatWest|Marks and Spencer|M&S",
      ),
      "u",
    ),
    owners: ["GB"],
  },
  { label: "Tesco", re: exact("Tesco"), owners: ["GB", "IE"] },
  {
    label: "Irish institution",
    re: new RegExp(
      bounded(
        "HSE|Leaving Cert(?:ificate)?|Junior Cert|Dunnes|SuperValu|An Post|Luas|AIB|Bank of Ireland|Garda|Gardaí|medical card",
      ),
      "u",
    ),
    owners: ["IE"],
  },
  {
    label: "Nigerian institution",
    re: word("danfo|okada|WAEC|JAMB|NYSC|GTBank|GTB|Opay|Moniepoint|NEPA"),
    owners: ["NG"],
  },
  { label: "Egyptian institution", re: word("Fawry|InstaPay|Thanaweya Amma|thanaweya"), owners: ["EG"] },
  {
    label: "Japanese institution",
    re: word("Suica|Pasmo|konbini|juku|Golden Week|Obon|nenkin|shakai hoken|PayPay"),
    owners: ["JP"],
  },
  {
    label: "Indian institution",
    re: new RegExp(bounded("UPI|Paytm|PhonePe|Aadhaar|CBSE|ration card|Flipkart"), "u"),
    owners: ["IN"],
  },
  { label: "Brazilian institution", re: new RegExp(bounded("Pix|SUS|CPF|ENEM|Bolsa Família"), "u"), owners: ["BR"] },
  { label: "Mexican institution", re: new RegExp(bounded("IMSS|OXXO|Oxxo|CURP|ISSSTE"), "u"), owners: ["MX"] },
  { label: "Argentine institution", re: new RegExp(bounded("AFIP|ANSES"), "u"), owners: ["AR"] },
  { label: "M-Pesa", re: word("M-Pesa|Mpesa"), owners: ["KE", "TZ"] },
  { label: "Kenyan institution", re: word("NHIF|KCSE|matatus?"), owners: ["KE"] },
  { label: "South African institution", re: word("SASSA|matric|Pick n Pay"), owners: ["ZA"] },
  {
    label: "Australian institution",
    re: word("Centrelink|Bunnings|superannuation|HECS|ATAR|Myki|Opal card"),
    owners: ["AU"],
  },
  { label: "Coles/Woolworths", re: exact("Coles|Woolworths"), owners: ["AU", "ZA"] },
  { label: "Canadian institution", re: word("OHIP|RRSP|TFSA|Tim Hortons|Canadian Tire"), owners: ["CA"] },
  {
    label: "German institution",
    re: word("Krankenkasse|Abitur|Sparkasse|Deutsche Bahn|Rewe|Edeka|Kita|Rundfunkbeitrag"),
    owners: ["DE"],
  },
  {
    label: "French institution",
    re: word("Sécurité sociale|la Sécu|mutuelle|baccalauréat|SNCF|RER|Navigo|Monoprix"),
    owners: ["FR"],
  },
  { label: "Spanish institution", re: word("Mercadona|Seguridad Social|Renfe|selectividad"), owners: ["ES"] },
  { label: "Italian institution", re: word("INPS|Esselunga|maturità"), owners: ["IT"] },
  { label: "Chinese institution", re: word("WeChat Pay|Alipay|gaokao|hukou"), owners: ["CN"] },
  { label: "Korean institution", re: word("KakaoPay|Kakao Pay|suneung"), owners: ["KR"] },
  { label: "Philippine institution", re: word("GCash|PhilHealth|jeepneys?|sari-sari"), owners: ["PH"] },
];

/**
 * Markers of another country than the persona's in one answer. A marker is allowed when the persona's
 * country owns it, when it is one of the persona's own `currency` markers, or when the question (`asked`:
 * the question, and for a follow-up the question it follows) mentions it or another marker of the same
 * currency ("Would you pay $12/month?" allows "12 dollars").
 */
export function localeViolations(t: Transcript, asked: readonly string[] = [t.question.text]): string[] {
  const own = t.persona.currency.map((c) => c.toLowerCase());
  const found: string[] = [];
  for (const m of LOCALE_MARKERS) {
    if (m.owners.includes(t.persona.country)) continue;
    const hit = m.re.exec(t.answer);
    if (!hit) continue;
    const text = hit[0].toLowerCase();
    if (own.some((c) => text.includes(c) || (c.length > 1 && c.includes(text.trim())))) continue;
    const kin = m.group ? LOCALE_MARKERS.filter((k) => k.group === m.group) : [m];
    if (asked.some((q) => kin.some((k) => k.re.test(q)))) continue;
    found.push(`${m.label}: "${hit[0]}"`);
  }
  return found;
}

// ---------------------------------------------------------------------------------------------------------
// Life facts, percentages, echoes, AI claims.

const NUM = `(\\d+|${NUMBER_WORD})`;
const HEDGE = "(?:over |nearly |almost |about |around |more than |close to |well over |some )?";
const CAREER = [
  new RegExp(bounded(`${NUM}[- ]years?(?:[- ]long)? career`), "iu"),
  new RegExp(bounded(`career of ${HEDGE}${NUM} years`), "iu"),
  new RegExp(
    bounded(
      `${NUM} years (?:of|in|at|on|behind) (?:the |my |this |a )?(?:job|jobs|work|service|practice|teaching|nursing|trading|driving|classroom|field|trade|business|ward|wheel|road|force|company|firm|office|profession|experience)`,
    ),
    "iu",
  ),
  new RegExp(
    bounded(
      `(?:worked|working|been working|taught|teaching|nursed|nursing|driven|driving|trading|traded|served|practised|practiced|employed)\\b[^.!?]{0,60}?\\bfor ${HEDGE}${NUM} years`,
    ),
    "iu",
  ),
];
const DECADES = new RegExp(
  bounded(
    `(?:(two|three|four|five|six|seven)|a few|several)?\\s?decades (?:of|in|at|on|behind) (?:the |my |this |a )?(?:job|work|service|practice|teaching|nursing|trading|driving|classroom|field|trade|business|road|wheel|profession)`,
  ),
  "iu",
);

/** Stated life facts that contradict the persona: its `mustNotMention` patterns, and careers longer than age − 16. */
export function lifeFactViolations(t: Transcript): string[] {
  const found: string[] = [];
  for (const src of t.persona.mustNotMention ?? []) {
    const m = new RegExp(src, "iu").exec(t.answer);
    if (m) found.push(`must not mention /${src}/: "${m[0]}"`);
  }
  const age = Number(t.persona.seed.age);
  if (Number.isFinite(age)) {
    const limit = age - 16;
    for (const re of CAREER) {
      const m = re.exec(t.answer);
      if (!m) continue;
      const n = parseNumber(m[1] ?? "");
      if (n > limit) found.push(`career of ${n} years at age ${age}: "${m[0]}"`);
    }
    const d = DECADES.exec(t.answer);
    if (d) {
      const n = d[1] ? parseNumber(d[1]) * 10 : 20;
      if (n > limit) found.push(`decades of work at age ${age}: "${d[0]}"`);
    }
  }
  return found;
}

const PERCENT = new RegExp(
  `(\\d+(?:[.,]\\d+)?)\\s?(?:%|${bounded("percent|per cent|pc")})|${bounded(`(${UNITS}|a|one) hundred(?: and ${NUMBER_WORD})? (?:percent|per cent)`)}`,
  "iu",
);

/** Percentages above 100 ("280 percent", "150%", "two hundred percent"). */
export function percentsOver100(text: string): string[] {
  const found: string[] = [];
  const re = new RegExp(PERCENT.source, "giu");
  for (const m of text.matchAll(re)) {
    if (m[1] !== undefined) {
      if (Number(m[1].replace(",", ".")) > 100) found.push(m[0]);
    } else if (m[2] !== undefined && !/^(a|one) hundred (percent|per cent)$/i.test(m[0])) {
      found.push(m[0]);
    }
  }
  return found;
}

/** The first run of ECHO_WORDS consecutive words of `question` found in `answer`, if any. */
export function questionEcho(answer: string, question: string): string | undefined {
  return sharedRun(question, answer, ECHO_WORDS);
}

const AI_CLAIM = new RegExp(
  bounded(
    [
      "not scripted|unscripted|no script|not (?:reading )?(?:from )?a script|nothing scripted|not a script",
      "as an ai|i(?:'m| am) (?:just |only )?(?:an? )?(?:ai|artificial intelligence|bot|chatbot|language model|program|simulation|simulator)",
      "(?:large )?language model|phrase bank|my (?:programming|training data|system prompt)",
    ].join("|"),
  ),
  "iu",
);

/** "Not scripted" and "I am an AI" claims made in character. */
export function aiClaim(text: string): string | undefined {
  return AI_CLAIM.exec(text.replace(/[’‘]/g, "'"))?.[0];
}

/** Words of a later question that ask for a memory again (so repeating it is no fault). */
const ASKS_AGAIN = /\b(proud|pride|again|repeat|remind|remember|memor(y|ies)|tell me more|that story)\b/i;

// ---------------------------------------------------------------------------------------------------------
// The report.

export interface IntentShare {
  answers: number;
  onTopic: number;
  share: number;
}

export interface VoiceReport {
  answers: number;
  personas: number;
  questions: number;
  sentences: DistinctSentences;
  openers: { overall: OpenerShare; perQuestion: Record<string, OpenerShare> };
  onTopic: { answers: number; onTopic: number; share: number; perIntent: Partial<Record<Intent, IntentShare>> };
  counts: Record<Exclude<Metric, "off_topic">, number>;
  findings: Finding[];
}

/** Sessions of the transcripts, each in turn order. */
export function sessionsOf(ts: readonly Transcript[]): Transcript[][] {
  const by = new Map<string, Transcript[]>();
  for (const t of ts) {
    const list = by.get(t.session) ?? [];
    by.set(t.session, list);
    list.push(t);
  }
  return [...by.values()].map((l) => [...l].sort((a, b) => a.turn - b.turn));
}

/** Every metric over a set of transcripts. */
export function checkTranscripts(ts: readonly Transcript[]): VoiceReport {
  const findings: Finding[] = [];
  const add = (t: Transcript, metric: Metric, detail: string) =>
    findings.push({
      metric,
      persona: t.persona.key,
      question: t.question.key,
      session: t.session,
      turn: t.turn,
      detail,
    });

  const perIntent: Partial<Record<Intent, IntentShare>> = {};
  let onTopic = 0;
  for (const session of sessionsOf(ts)) {
    const asked: string[] = [];
    const grams: { t: Transcript; grams: Set<string> }[] = [];
    for (const [i, t] of session.entries()) {
      asked.push(t.question.text);
      const previous = i > 0 && session[i - 1]!.turn === t.turn - 1 ? session[i - 1] : undefined;

      const verdict = judgeTopic(t, previous);
      const share = perIntent[t.question.intent] ?? { answers: 0, onTopic: 0, share: 0 };
      perIntent[t.question.intent] = share;
      share.answers++;
      if (verdict.onTopic) {
        share.onTopic++;
        onTopic++;
      } else add(t, "off_topic", `${t.question.intent}: ${verdict.reason}`);

      // A follow-up ("Why?") may use the markers of the question it follows up.
      const context = [t.question.text];
      for (let j = i - 1; j >= 0 && session[j + 1]!.question.intent === "followup"; j--) {
        context.push(session[j]!.question.text);
      }
      for (const v of localeViolations(t, context)) add(t, "locale", v);
      for (const v of lifeFactViolations(t)) add(t, "life_fact", v);
      for (const p of percentsOver100(t.answer)) add(t, "percent_over_100", p);
      const claim = aiClaim(t.answer);
      if (claim) add(t, "ai_claim", claim);
      // The question itself, or an earlier question of the session pasted into this answer.
      for (const q of [...new Set(asked)].reverse()) {
        const echo = questionEcho(t.answer, q);
        if (echo) {
          add(t, "question_echo", `"${echo}"${q === t.question.text ? "" : " (an earlier question)"}`);
          break;
        }
      }
      // The same passage told again in a later turn, unless this question asks for it again.
      const mine = ngrams(tokens(t.answer), REPEAT_WORDS);
      if (!ASKS_AGAIN.test(t.question.text)) {
        for (const earlier of grams) {
          const g = [...mine].find((x) => earlier.grams.has(x));
          if (g) {
            add(t, "pride_repetition", `turn ${earlier.t.turn} told again: "${g}"`);
            break;
          }
        }
      }
      grams.push({ t, grams: mine });
    }
  }
  for (const s of Object.values(perIntent)) s.share = s.answers === 0 ? 1 : s.onTopic / s.answers;

  const count = (m: Metric) => findings.filter((f) => f.metric === m).length;
  return {
    answers: ts.length,
    personas: new Set(ts.map((t) => t.persona.key)).size,
    questions: new Set(ts.map((t) => t.question.key)).size,
    sentences: distinctSentenceRatio(ts),
    openers: openerSharing(ts),
    onTopic: { answers: ts.length, onTopic, share: ts.length === 0 ? 1 : onTopic / ts.length, perIntent },
    counts: {
      locale: count("locale"),
      life_fact: count("life_fact"),
      percent_over_100: count("percent_over_100"),
      pride_repetition: count("pride_repetition"),
      question_echo: count("question_echo"),
      ai_claim: count("ai_claim"),
    },
    findings,
  };
}
