/**
 * Count claims ("I have two children", "my three kids", "no siblings", "a mother of two") and when two of
 * them clash. Only a curated set of nouns is counted (family, pets, cars): "two weeks" or "three meetings"
 * change all the time and say nothing about the persona.
 */
import { parseCount, personaIsSubject, YEAR_MS } from "./consistency-text.ts";

export interface CountClaim {
  /** The noun lemma ("child" for child/children/kid/kids). */
  noun: string;
  count: number;
  text: string;
}

const COUNT_NOUNS = new Map<string, string>(
  Object.entries({
    child: "child",
    children: "child",
    kid: "child",
    kids: "child",
    son: "son",
    sons: "son",
    daughter: "daughter",
    daughters: "daughter",
    grandchild: "grandchild",
    grandchildren: "grandchild",
    grandkid: "grandchild",
    grandkids: "grandchild",
    sibling: "sibling",
    siblings: "sibling",
    brother: "brother",
    brothers: "brother",
    sister: "sister",
    sisters: "sister",
    dog: "dog",
    dogs: "dog",
    cat: "cat",
    cats: "cat",
    pet: "pet",
    pets: "pet",
    car: "car",
    cars: "car",
  }),
);
const NOUN_PLURAL = new Map<string, string>(
  Object.entries({
    child: "children",
    grandchild: "grandchildren",
  }),
);
export function nounCount(noun: string, count: number): string {
  return `${count} ${count === 1 ? noun : (NOUN_PLURAL.get(noun) ?? `${noun}s`)}`;
}
const COUNT_WINDOW_YEARS = 2;
/** Family never shrinks in ordinary life: a later, smaller count contradicts an earlier one at any distance. */
const PERMANENT_NOUNS = new Set(["child", "son", "daughter", "grandchild", "sibling", "brother", "sister"]);
/** "No children" also rules out a son or a daughter. */
const ZERO_COVERS = new Map<string, string[]>(
  Object.entries({
    child: ["son", "daughter"],
    sibling: ["brother", "sister"],
    grandchild: [],
    pet: ["dog", "cat"],
  }),
);
/** Adjectives that keep a count whole ("my two wonderful kids"); others ("my two older brothers") make it partial. */
const COUNT_ADJECTIVES = new Set(
  "wonderful beautiful lovely amazing sweet wild crazy adorable rescue rescued small little young grown beloved precious gorgeous furry great lively".split(
    " ",
  ),
);
const HAVE_WORDS = new Set(["have", "has", "i've", "we've", "got"]);
const PARENT_WORDS = new Set(["father", "mother", "mom", "mum", "dad", "parent"]);
const NEGATED_HAVE = new Set(["don't", "dont", "didn't", "didnt", "never", "not", "haven't", "havent", "doesn't"]);

export function countClaims(tokens: string[], text: string, firstName: string): CountClaim[] {
  const out: CountClaim[] = [];
  const add = (noun: string, count: number) => {
    if (!out.some((c) => c.noun === noun)) out.push({ noun, count, text });
  };
  for (let j = 0; j < tokens.length; j++) {
    const t = tokens[j]!;
    if (t === "childless" && personaIsSubject(tokens, j, firstName)) add("child", 0);
    if (PARENT_WORDS.has(t) && tokens[j + 1] === "of") {
      const n = parseCount(tokens[j + 2]);
      const prev = tokens[j - 1];
      const noNoun = !COUNT_NOUNS.has(tokens[j + 3] ?? "");
      if (n !== null && n > 0 && noNoun && prev !== "my" && prev !== "our" && personaIsSubject(tokens, j, firstName))
        add("child", n);
    }
    if (
      t === "only" &&
      tokens[j + 1] === "child" &&
      tokens[j - 1] === "an" &&
      personaIsSubject(tokens, j - 1, firstName)
    )
      add("sibling", 0);
    const noun = COUNT_NOUNS.get(t);
    if (noun === undefined) continue;
    const after = tokens[j + 1];
    if (after === "from" || after === "with" || after === "by") continue; // "two kids from my first marriage"
    let k = j - 1;
    while (k >= 0 && COUNT_ADJECTIVES.has(tokens[k]!)) k--;
    if (k < 0) continue;
    const before = tokens[k]!;
    const n = parseCount(before);
    const head = tokens[k - 1];
    if (n !== null) {
      const ownEnd = after === "of" && tokens[j + 2] === "my" && tokens[j + 3] === "own";
      const possessive = head === "my" || head === "our";
      const had = head !== undefined && HAVE_WORDS.has(head) && personaIsSubject(tokens, k - 1, firstName);
      const parentOf = head === "of" && PARENT_WORDS.has(tokens[k - 2] ?? "") && noun === "child";
      if (ownEnd || possessive || had || parentOf) add(noun, n);
    } else if (before === "only" && (head === "my" || head === "our")) {
      add(noun, 1);
    } else if (before === "no") {
      const ok = head === undefined || HAVE_WORDS.has(head) || head === "had" || head === "with" || head === "and";
      if (ok && personaIsSubject(tokens, k, firstName)) add(noun, 0);
    } else if (before === "any" || before === "have" || before === "had") {
      const verbAt = before === "any" ? k - 1 : k;
      const verb = tokens[verbAt];
      if ((verb === "have" || verb === "had") && NEGATED_HAVE.has(tokens[verbAt - 1] ?? "")) {
        if (personaIsSubject(tokens, verbAt - 1, firstName)) add(noun, 0);
      }
    }
  }
  return out;
}

/**
 * Two counts of the same thing clash when they differ within two years of each other, or when family shrinks
 * later on (more children years later is life; fewer is a contradiction). "No children" clashes with "my son" too.
 */
export function countsClash(a: CountClaim, aAt: number, b: CountClaim, bAt: number): boolean {
  let noun: string;
  if (a.noun === b.noun) {
    if (a.count === b.count) return false;
    noun = a.noun;
  } else if (a.count === 0 && b.count > 0 && ZERO_COVERS.get(a.noun)?.includes(b.noun)) noun = a.noun;
  else if (b.count === 0 && a.count > 0 && ZERO_COVERS.get(b.noun)?.includes(a.noun)) noun = b.noun;
  else return false;
  if (Math.abs(aAt - bAt) < COUNT_WINDOW_YEARS * YEAR_MS) return true;
  if (!PERMANENT_NOUNS.has(noun)) return false;
  const [earlier, later] = aAt <= bAt ? [a, b] : [b, a];
  return later.count < earlier.count;
}

/** Nouns whose counts can clash with a count of `noun` (itself, plus the covered or covering nouns). */
export function relatedCountNouns(noun: string): string[] {
  const related = [noun, ...(ZERO_COVERS.get(noun) ?? [])];
  for (const [cover, parts] of ZERO_COVERS) if (parts.includes(noun)) related.push(cover);
  return related;
}
