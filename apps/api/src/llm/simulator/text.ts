/** Small text helpers shared by the answer, memory and profile code. */

const STOPWORDS = new Set(
  (
    "a about above after again against all also am an and any are as at be because been before being below between " +
    "both but by can could did do does doing down during each even ever every few for from further get gets got had " +
    "has have having he her here hers herself him himself his how i if in into is it its itself just let like many " +
    "me more most much my myself no nor not now of off on once one only or other our ours ourselves out over own " +
    "really same she should so some such than that the their theirs them themselves then there these they this " +
    "those through to too under until up upon us very was we were what when where which while who whom why will " +
    "with would you your yours yourself yourselves tell told say said think thought know feel felt want thing " +
    "things something anything way lot still maybe please yes yeah okay ok well who's what's i'm you're it's " +
    "don't can't didn't isn't that's there's name named called remember earlier said mention mentioned"
  ).split(" "),
);

const WORD_RE = /[a-z0-9][a-z0-9'-]*/g;

/** Lower-cased word tokens. */
export function words(text: string): string[] {
  return text.toLowerCase().match(WORD_RE) ?? [];
}

/** Folds plurals and possessives so "dog's" and "dogs" match "dog". */
function stem(word: string): string {
  let w = word.replace(/'s$|'$/, "");
  if (w.length > 4 && w.endsWith("ies")) w = `${w.slice(0, -3)}y`;
  else if (w.length > 3 && w.endsWith("s") && !w.endsWith("ss") && !w.endsWith("us")) w = w.slice(0, -1);
  return w;
}

export function isStopword(word: string): boolean {
  return STOPWORDS.has(word);
}

/** Distinctive words of a text (no stopwords, no short words), stemmed. */
export function contentWords(text: string): string[] {
  return words(text)
    .filter((w) => w.length >= 3 && !STOPWORDS.has(w))
    .map(stem);
}

export function capitalize(text: string): string {
  return text.length === 0 ? text : text[0]!.toUpperCase() + text.slice(1);
}

/** Words that may be lower-cased when a phrase moves to mid-sentence; names and acronyms may not. */
const LOWERABLE_LEADS = new Set(
  (
    "a an the my our we it there on in at after before when during while that this his her their i'd " +
    "some one two three first last every each most all back once being getting finally"
  ).split(" "),
);

/** Lower-cases the first letter only when the first word is a function word or a verb ending in -ed/-ing. */
export function lowerLead(text: string): string {
  const first = text.split(/\s/, 1)[0] ?? "";
  const lower = first.toLowerCase();
  if (LOWERABLE_LEADS.has(lower) || /^[A-Z][a-z]+(ed|ing)$/.test(first)) return lower + text.slice(first.length);
  return text;
}

/** Title Case occupation words become lower case ("Product Designer" → "product designer"); acronyms stay. */
export function lowerCommonWords(text: string): string {
  return text.replace(/\b[A-Z][a-z]+\b/g, (w) => w.toLowerCase());
}

export function withArticle(noun: string): string {
  if (/^(a|an|the)\s/i.test(noun)) return noun;
  // Acronyms go by the letter's name ("an MRI tech", "a UX designer"); words by a rough vowel-sound rule.
  const vowelSound = /^[A-Z]{2}/.test(noun)
    ? /^[AEFHILMNORSX]/.test(noun)
    : /^(?:[aeio]|u(?!ni|se|sa|su|ro|ti|k)|hour|honest|heir)/i.test(noun);
  return `${vowelSound ? "an" : "a"} ${noun}`;
}

export function joinList(items: readonly string[]): string {
  if (items.length <= 1) return items[0] ?? "";
  return `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
}

/** Cuts at a word boundary so the result is at most `max` characters. */
export function clip(text: string, max: number): string {
  const trimmed = text.trim();
  if (trimmed.length <= max) return trimmed;
  const cut = trimmed.slice(0, max);
  const lastSpace = cut.lastIndexOf(" ");
  return (lastSpace > max / 2 ? cut.slice(0, lastSpace) : cut).replace(/[\s,;:-]+$/, "");
}

export function stripEndPunctuation(text: string): string {
  return text.trim().replace(/[\s.!?;:,]+$/, "");
}

/** Splits into sentences, keeping their end punctuation. */
export function sentences(text: string): string[] {
  return text.match(/[^.!?]+[.!?]+["')\]]*|[^.!?]+$/g)?.map((s) => s.trim()) ?? [];
}

export function firstSentence(text: string): string {
  return sentences(text)[0] ?? text.trim();
}

/** The first `count` words of a text. */
export function firstWords(text: string, count: number): string {
  const parts = text.trim().split(/\s+/);
  return parts.length <= count ? text.trim() : parts.slice(0, count).join(" ");
}

/** ceil(chars / 4): the usual rough token estimate for English. */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

/** Word-sized pieces (a word plus its trailing punctuation and whitespace) that join back to `text`. */
export function wordDeltas(text: string): string[] {
  const pieces = text.match(/\S+\s*/g) ?? [];
  const leading = text.match(/^\s+/)?.[0] ?? "";
  if (pieces.length === 0) return leading ? [leading] : [];
  pieces[0] = leading + pieces[0];
  return pieces;
}

/** Truncates at a word boundary to at most `maxChars` characters (keeps at least one word). */
export function truncateAtWord(text: string, maxChars: number): string {
  if (text.length <= maxChars) return text;
  const cut = text.slice(0, maxChars + 1);
  const lastSpace = cut.search(/\s\S*$/);
  return lastSpace > 0 ? cut.slice(0, lastSpace).trimEnd() : (text.match(/^\s*\S+/)?.[0] ?? "");
}

const USER_TO_LISTENER: Record<string, string> = {
  i: "you",
  me: "you",
  my: "your",
  mine: "yours",
  myself: "yourself",
  "i'm": "you're",
  "i've": "you've",
  "i'd": "you'd",
  "i'll": "you'll",
  am: "are",
  we: "you",
  our: "your",
  us: "you",
};

/** Turns a user's words about themselves into words addressed back to them ("my dog" → "your dog"). */
export function flipPronouns(text: string): string {
  return text.replace(/\b(I'm|I've|I'd|I'll|I|me|my|mine|myself|am|we|our|us)\b/gi, (w) => {
    return USER_TO_LISTENER[w.toLowerCase()] ?? w;
  });
}

const LISTENER_TO_PERSONA: Record<string, string> = {
  your: "my",
  yours: "mine",
  yourself: "myself",
  "you're": "I'm",
  "you've": "I've",
};

/**
 * Turns a question's words about the persona into the persona's own words ("your city" → "my city",
 * "a time you failed" → "a time I failed"). A closing "you" is an object ("for you" → "for me").
 */
export function flipToPersona(text: string): string {
  return text
    .replace(/\b(your|yours|yourself|you're|you've)\b/gi, (w) => LISTENER_TO_PERSONA[w.toLowerCase()] ?? w)
    .replace(/\byou\b(?=\s+[a-z])/g, "I")
    .replace(/\byou\b/g, "me");
}

const GOAL_VERBS = new Set(
  (
    "become buy launch start get save travel learn build find write finish open run grow move retire own pay spend " +
    "make lead create earn visit keep stay be have raise help publish improve land reach take switch go see live " +
    "work teach play read hit pass"
  ).split(" "),
);
const DOUBLED_FINAL = new Set([
  "get",
  "run",
  "stop",
  "plan",
  "set",
  "put",
  "shop",
  "win",
  "begin",
  "sit",
  "swim",
  "hit",
  "ban",
]);

/** Base verb → -ing form ("make" → "making", "run" → "running"). */
export function gerund(verb: string): string {
  if (verb.endsWith("ing")) return verb;
  if (verb === "be") return "being";
  if (verb.endsWith("ie")) return `${verb.slice(0, -2)}ying`;
  if (DOUBLED_FINAL.has(verb)) return `${verb}${verb.at(-1)}ing`;
  if (verb.endsWith("e") && !verb.endsWith("ee")) return `${verb.slice(0, -1)}ing`;
  return `${verb}ing`;
}

/**
 * A goal as a phrase that fits after "focused on": "To launch her own studio." → "launching my own
 * studio"; noun phrases ("financial independence") pass through.
 */
export function goalPhrase(goal: string): string {
  let text = stripEndPunctuation(goal)
    .replace(/^(i |she |he |they )?(wants?|would like|hopes?|plans?|aims?) to /i, "")
    .replace(/^to /i, "")
    .replace(/\b(her|his|their)\b/gi, "my")
    .replace(/\b(herself|himself|themselves)\b/gi, "myself");
  const first = text.split(" ", 1)[0]!.toLowerCase();
  if (GOAL_VERBS.has(first)) text = gerund(first) + text.slice(first.length);
  return softLower(text);
}

/** Lower-cases a leading capital unless it starts a multi-word name ("Hiking" → "hiking", "New York" stays). */
export function softLower(text: string): string {
  const trimmed = stripEndPunctuation(text);
  if (/^[A-Z][a-z'-]*\s+[A-Z]/.test(trimmed) || /^[A-Z]{2}/.test(trimmed)) return trimmed;
  return trimmed.replace(/^[A-Z](?=[a-z])/, (c) => c.toLowerCase());
}
