/**
 * Claims read from a memory or an answer, for the contradiction rules: what the persona says never
 * happened (negative claims), what it says did happen (affirmative clauses), how many of something it has
 * (count claims) and the year of a once-in-a-life event. Deliberately conservative: a clause about someone
 * else, a hypothetical ("I wanted to …") or a change over time ("… anymore", "never went back") is no claim.
 */
import { type CountClaim, countClaims } from "./consistency-counts.ts";
import {
  contentStems,
  DAY_MS,
  FIRST_PERSON,
  isThirdPartyToken,
  jaccard,
  personaIsSubject,
  STOPWORDS,
  splitClauses,
  stem,
  tokenize,
  yearsIn,
} from "./consistency-text.ts";

export interface NegativeClaim {
  /** "never"/"have not" hold for the whole life up to the memory; "didn't"/"don't" only around its date. */
  kind: "lifetime" | "local";
  /** The verb class ("visit", "own", …) or the verb's stem. */
  verb: string;
  /** Stems of the object words ("paris"); every one must appear in the affirming clause. */
  objects: string[];
  text: string;
}

export interface AffirmativeClause {
  /** Verb classes the persona is the subject of, with the token positions they occur at. */
  verbs: Map<string, number[]>;
  tokens: string[];
  /** Stem of each token. */
  stems: string[];
  /** The distinct stems (for indexing). */
  stemSet: Set<string>;
  text: string;
}

export interface TextClaims {
  negatives: NegativeClaim[];
  affirmatives: AffirmativeClause[];
  counts: CountClaim[];
}

const VERB_GROUPS: Record<string, string> = {
  visit:
    "visit visited visiting visits go goes went gone going travel traveled travelled traveling travelling travels " +
    "trip trips fly flew flown flying tour toured touring vacation vacationed holiday holidayed",
  own: "have has had having own owned owning owns buy bought buying buys get got gotten getting gets",
  marry: "marry married marrying marries wed",
  divorce: "divorce divorced divorcing",
  smoke: "smoke smoked smoking smokes smoker",
  drink: "drink drank drunk drinking drinks",
  drive: "drive drove driven driving drives",
  learn: "learn learned learnt learning learns",
  meet: "meet met meeting meets",
  complete: "finish finished finishing complete completed completing graduate graduated graduating",
  swim: "swim swam swum swimming swims",
  ride: "ride rode ridden riding rides",
};

const VERB_CLASS = new Map<string, string>();
for (const [cls, forms] of Object.entries(VERB_GROUPS)) for (const f of forms.split(" ")) VERB_CLASS.set(stem(f), cls);

/** Verbs of thought and feeling: "I never liked Paris" says nothing about having been there. */
const EXCLUDED_VERBS = new Set(
  (
    "feel felt think thought know knew known want wanted expect expected imagine imagined believe believed understand " +
    "understood realize realized realise realised forget forgot forgotten like liked love loved hate hated care cared " +
    "mind seem seemed look looked sound sounded need needed mean meant dream dreamed dreamt wish wished hope hoped let " +
    "say said tell told ask asked be is was were am are do did does done bother bothered enjoy enjoyed trust trusted " +
    "remember remembered recall recalled notice noticed agree agreed"
  )
    .split(" ")
    .map(stem),
);

const NEGATION_WORDS = new Set(["never", "not", "no", "nobody", "nothing", "none", "neither", "nor", "without"]);
const LIFETIME_NEGATORS = new Set(["never", "haven't", "hasn't", "hadn't", "havent", "hasnt", "hadnt"]);
const LOCAL_NEGATORS = new Set(["didn't", "didnt", "don't", "dont", "doesn't", "doesnt"]);

const HYPOTHETICAL = new Set(
  (
    "want wanted wants wanting wish wished hope hoped hoping plan planned planning plans dream dreamed dreamt " +
    "dreaming would could should might may someday if maybe perhaps will i'll we'll i'd we'd almost nearly tried try " +
    "trying attempt attempted imagine imagined considering considered consider pretend pretended unless whether " +
    "supposed promise promised tempted wanna gonna hopefully"
  ).split(" "),
);
const MODALS_BEFORE_NEGATION = new Set([
  "would",
  "could",
  "should",
  "might",
  "will",
  "can",
  "may",
  "if",
  "i'd",
  "we'd",
  "i'll",
  "we'll",
]);
/** Words that turn a negation into a change over time, not a contradiction. */
const CHANGE_MARKERS = new Set(["again", "anymore", "back", "since", "longer", "until", "till"]);
const ADVERBS = new Set(
  "ever really even actually yet once truly quite always personally exactly fully properly officially seriously honestly".split(
    " ",
  ),
);
const PARTICIPLES = new Set(
  (
    "been gone done seen met had got gotten flown driven ridden swum sung won lost left taken made bought taught built " +
    "sold eaten written spoken broken fallen run drunk kept found told said heard felt thought brought held sent " +
    "spent known learnt slept sat stood"
  ).split(" "),
);
const SPAN_STOP = new Set(
  "and but or because when while until though although with who which that after before during as since than if so where whereas unless whether".split(
    " ",
  ),
);
const FILLER = new Set(
  (
    "thing things anything something everything nothing anyone someone anybody everybody time times day days year " +
    "years week weeks month months night today tonight yesterday life way lot much many enough chance one ones person " +
    "people place places kind sort bit part stuff idea point reason whole single real sure first last own"
  ).split(" "),
);
/** How far after its verb an object may stand, and the prepositions that end the verb's object. */
const OBJECT_SPAN = 7;
const AFFIRMED_SPAN_STOP = new Set(["near", "behind", "beside", "next", "across", "opposite", "outside", "past"]);
const COMPARATIVE_AFTER_VERB = new Set([
  "so",
  "such",
  "more",
  "less",
  "better",
  "worse",
  "than",
  "as",
  "enough",
  "too",
]);
/** Marry/divorce/smoke need no object: "I have never been married" contradicts "We got married in June". */
export const OBJECTLESS_VERBS = new Set(["marry", "divorce", "smoke"]);

function isNegationToken(token: string): boolean {
  return (
    NEGATION_WORDS.has(token) ||
    token.endsWith("n't") ||
    /^(?:dont|didnt|doesnt|havent|hasnt|hadnt|cant|wont)$/.test(token)
  );
}

function isParticiple(token: string | undefined): boolean {
  return token !== undefined && (PARTICIPLES.has(token) || /(?:ed|en|wn)$/.test(token));
}

/** The verb class a token stands for at position i, or null when it is not (or not here) a verb. */
function verbClassAt(tokens: string[], i: number): string | null {
  const token = tokens[i]!;
  const next = tokens[i + 1];
  if (token === "been") return next === "to" || next === "in" || next === "at" || next === "on" ? "visit" : null;
  if (token === "wedding") return tokens[i - 1] === "my" || tokens[i - 1] === "our" ? "marry" : null;
  if (STOPWORDS.has(token) && !VERB_CLASS.has(stem(token))) return null;
  const cls = VERB_CLASS.get(stem(token));
  if (cls === "own" && next === "to") return null; // "had to", "got to": a modal, not possession
  return cls ?? stem(token);
}

function isHypothetical(tokens: string[]): boolean {
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (HYPOTHETICAL.has(t)) return true;
    // "going to buy a car": an intention, not an event
    const after = tokens[i + 2];
    if (
      t === "going" &&
      tokens[i + 1] === "to" &&
      after !== undefined &&
      (VERB_CLASS.has(stem(after)) || after === "be")
    )
      return true;
  }
  return false;
}

function negativeClaim(tokens: string[], text: string, firstName: string): NegativeClaim | null {
  let neg = -1;
  let kind: NegativeClaim["kind"] = "lifetime";
  for (let i = 0; i < tokens.length && neg < 0; i++) {
    const t = tokens[i]!;
    const prev = tokens[i - 1];
    if (LIFETIME_NEGATORS.has(t)) neg = i;
    else if (LOCAL_NEGATORS.has(t)) [neg, kind] = [i, "local"];
    else if (t === "not" && (prev === "have" || prev === "has" || prev === "had")) neg = i;
    else if (t === "not" && (prev === "do" || prev === "does" || prev === "did")) [neg, kind] = [i, "local"];
  }
  if (neg < 0) return null;
  if (tokens.some((t) => CHANGE_MARKERS.has(t))) return null;
  for (let i = 0; i < neg; i++) if (MODALS_BEFORE_NEGATION.has(tokens[i]!)) return null;
  if (!personaIsSubject(tokens, neg, firstName)) return null;

  let i = neg + 1;
  let verb: string | null = null;
  while (i < tokens.length) {
    const t = tokens[i]!;
    if (ADVERBS.has(t)) {
      i++;
      continue;
    }
    if (t === "have" || t === "has" || t === "had") {
      let j = i + 1;
      while (j < tokens.length && ADVERBS.has(tokens[j]!)) j++;
      if (isParticiple(tokens[j])) {
        i = j;
        continue;
      }
    }
    if (t === "been") {
      const next = tokens[i + 1];
      if (next === "to" || next === "in" || next === "at" || next === "on") {
        verb = "visit";
        i += 2;
        break;
      }
      if (isParticiple(next)) {
        i++;
        continue;
      }
      return null; // "never been happier"
    }
    break;
  }
  if (verb === null) {
    if (i >= tokens.length) return null;
    const cls = verbClassAt(tokens, i);
    if (cls === null || EXCLUDED_VERBS.has(cls) || !/^[a-z]{2,}$/.test(tokens[i]!)) return null;
    if (COMPARATIVE_AFTER_VERB.has(tokens[i + 1] ?? "")) return null;
    verb = cls;
    i++;
  }
  const objects: string[] = [];
  for (; i < tokens.length && objects.length < 4; i++) {
    const t = tokens[i]!;
    if (SPAN_STOP.has(t) || isNegationToken(t)) break;
    if (t.length < 3 || STOPWORDS.has(t) || FILLER.has(t) || /\d/.test(t)) continue;
    const s = stem(t);
    if (!objects.includes(s)) objects.push(s);
  }
  if (objects.length === 0 && !OBJECTLESS_VERBS.has(verb)) return null;
  return { kind, verb, objects, text };
}

function affirmativeClause(tokens: string[], text: string, firstName: string): AffirmativeClause | null {
  if (tokens.some(isNegationToken) || isHypothetical(tokens)) return null;
  const verbs = new Map<string, number[]>();
  const stems = tokens.map(stem);
  let subjectOk = true;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (FIRST_PERSON.has(t) || (firstName !== "" && t === firstName)) subjectOk = true;
    else if (isThirdPartyToken(t)) subjectOk = false;
    else if (subjectOk) {
      const cls = verbClassAt(tokens, i);
      if (cls === null) continue;
      const at = tokens[i] === "been" ? i + 1 : i; // "been to Paris": the object follows "to"
      const list = verbs.get(cls);
      if (list) list.push(at);
      else verbs.set(cls, [at]);
    }
  }
  return verbs.size > 0 ? { verbs, tokens, stems, stemSet: new Set(stems), text } : null;
}

/** All claims of a text. `firstName` lets "Maria has two kids" count as the persona's. */
export function analyzeClaims(text: string, firstName: string): TextClaims {
  const name = firstName.toLowerCase();
  const claims: TextClaims = { negatives: [], affirmatives: [], counts: [] };
  for (const clause of splitClauses(text)) {
    const tokens = tokenize(clause);
    if (tokens.length === 0) continue;
    const negative = negativeClaim(tokens, clause, name);
    if (negative) claims.negatives.push(negative);
    const affirmative = affirmativeClause(tokens, clause, name);
    if (affirmative) claims.affirmatives.push(affirmative);
    claims.counts.push(...countClaims(tokens, clause, name));
  }
  return claims;
}

/** Whether the clause affirms what the negative claim denies. */
export function affirms(clause: AffirmativeClause, claim: NegativeClaim): boolean {
  const positions = clause.verbs.get(claim.verb);
  if (!positions) return false;
  if (claim.objects.length === 0) return true;
  // The objects must be the verb's own: "visited the office near the river" is no visit to the river.
  for (const at of positions) {
    const span = new Set<string>();
    for (let j = at + 1; j < clause.stems.length && j <= at + OBJECT_SPAN; j++) {
      const token = clause.tokens[j]!;
      if (SPAN_STOP.has(token) || AFFIRMED_SPAN_STOP.has(token)) break;
      span.add(clause.stems[j]!);
    }
    if (claim.objects.every((o) => span.has(o))) return true;
  }
  return false;
}

/**
 * Dates under which a negation and an affirmation clash: a lifetime negation ("I have never …") is
 * contradicted by something that happened before it (3 days' slack: "I had never flown before" and the
 * flight are the same trip); a local one ("I didn't …") only by something within a month of it.
 */
export function negationTimesClash(kind: NegativeClaim["kind"], negAt: number, affAt: number): boolean {
  if (kind === "lifetime") return affAt < negAt - 3 * DAY_MS;
  return Math.abs(affAt - negAt) <= 31 * DAY_MS;
}

const ONCE_IN_A_LIFE =
  /\b(?:graduat\w*|married|marry|wedding|divorc\w*|retire[sd]?|retirement|retiring|engaged|enlist\w*|immigrat\w*|emigrat\w*)\b|\bi was born\b|\bfinished (?:high school|school|college|university)\b/i;

export interface YearEvent {
  labelStems: Set<string>;
  years: number[];
}

/** A once-in-a-life event ("Graduated from Ohio State") with the year(s) its text gives, if any. */
export function yearEventOf(label: string, facts: string): YearEvent | null {
  if (!ONCE_IN_A_LIFE.test(label)) return null;
  const years = yearsIn(label).length > 0 ? yearsIn(label) : yearsIn(facts);
  if (years.length === 0) return null;
  const labelStems = new Set([...contentStems(label)].filter((w) => !/\d/.test(w)));
  return labelStems.size >= 2 ? { labelStems, years } : null;
}

export function yearEventsClash(a: YearEvent, b: YearEvent): boolean {
  return jaccard(a.labelStems, b.labelStems) >= 0.75 && !a.years.some((y) => b.years.includes(y));
}
