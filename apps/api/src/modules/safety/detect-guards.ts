/**
 * Phrase prompt guards, matched word by word so that one extra word, a synonym or a typo does not beat them:
 * the phrase's words in order, with a few filler words between them, each word matching itself, a built-in
 * synonym, or a misspelling within an edit distance scaled to its length. (The letter automaton still
 * catches the exact phrase squashed, spaced or disguised; this catches the reworded ones.)
 */

/** Common injection verbs and nouns: a phrase word in a group matches every word of the group. */
const SYNONYM_GROUPS: string[][] = [
  ["ignore", "disregard", "forget", "skip", "override", "bypass", "neglect", "abandon", "discard", "drop", "ditch"],
  ["previous", "prior", "earlier", "above", "preceding", "former", "past", "foregoing", "old", "existing"],
  [
    "instructions",
    "instruction",
    "rules",
    "rule",
    "directions",
    "directives",
    "prompt",
    "prompts",
    "guidelines",
    "orders",
    "commands",
    "guidance",
    "constraints",
    "restrictions",
  ],
  ["reveal", "show", "print", "display", "expose", "leak", "output", "repeat", "disclose", "tell", "share", "dump"],
  ["your", "the", "ur", "yours"],
  ["system", "hidden", "initial", "internal", "original"],
  ["developer", "dev", "developers"],
];

const GROUP_OF = new Map<string, string[]>();
for (const g of SYNONYM_GROUPS) for (const w of g) if (!GROUP_OF.has(w)) GROUP_OF.set(w, g);

/**
 * Misspellings tolerated: none up to 3 letters; 1 edit for 4-letter words but not a substituted letter (`yor`,
 * `mdoe` match `your`, `mode`; `code` does not); 1 edit for 5–7 letters, 2 for 8 or more (a transposition
 * counts 1).
 */
export function allowedEdits(word: string): number {
  return word.length <= 3 ? 0 : word.length <= 7 ? 1 : 2;
}

/** Same length, one letter different: the only 1-edit change a 4-letter word does not tolerate. */
function substitutedOnly(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) diff++;
  return diff === 1;
}

/** Filler words allowed between two consecutive phrase words: 1 in a two-word phrase, 3 in longer ones. */
export function fillerWords(phraseWords: number): number {
  return phraseWords <= 2 ? 1 : 3;
}

/** Optimal string alignment distance, stopping early once it exceeds `max`. */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const n = b.length;
  let prev2 = new Array<number>(n + 1).fill(0);
  let prev = Array.from({ length: n + 1 }, (_, j) => j);
  let cur = new Array<number>(n + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    let rowMin = i;
    for (let j = 1; j <= n; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, prev2[j - 2]! + 1);
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    [prev2, prev, cur] = [prev, cur, prev2];
  }
  return prev[n]!;
}

function deletes(word: string, depth: number, out: Set<string>): void {
  if (depth === 0 || word.length <= 1) return;
  for (let i = 0; i < word.length; i++) {
    const d = word.slice(0, i) + word.slice(i + 1);
    if (!out.has(d)) {
      out.add(d);
      deletes(d, depth - 1, out);
    }
  }
}

/** The ids of a sentence end: matches nothing, and filler words stop there. */
const SENTENCE: number[] = [];

interface Phrase {
  label: string;
  /** Per phrase word: the alternative word ids it accepts. */
  words: Set<number>[];
  fill: number;
}

export class GuardMatcher {
  private readonly alts: string[] = [];
  private readonly altId = new Map<string, number>();
  /** Deletion variants (SymSpell) of alternatives that tolerate typos → alternative ids. */
  private readonly dels = new Map<string, number[]>();
  private readonly phrases: Phrase[] = [];
  /** Alternative id → phrases whose first word accepts it. */
  private readonly starts = new Map<number, number[]>();

  get size(): number {
    return this.phrases.length;
  }

  private idOf(word: string): number {
    let id = this.altId.get(word);
    if (id !== undefined) return id;
    id = this.alts.length;
    this.alts.push(word);
    this.altId.set(word, id);
    const d = allowedEdits(word);
    if (d > 0) {
      const vs = new Set<string>([word]);
      deletes(word, d, vs);
      for (const v of vs) {
        const list = this.dels.get(v);
        if (list === undefined) this.dels.set(v, [id]);
        else list.push(id);
      }
    }
    return id;
  }

  /** Adds a phrase given as its canonical words (see `normalizeText`); returns false when it has none. */
  add(label: string, canonical: string): boolean {
    const words = canonical.split(" ").filter(Boolean);
    if (words.length === 0) return false;
    const index = this.phrases.length;
    const sets = words.map((w) => new Set((GROUP_OF.get(w) ?? [w]).concat(w).map((x) => this.idOf(x))));
    this.phrases.push({ label, words: sets, fill: fillerWords(words.length) });
    for (const id of sets[0]!) {
      const list = this.starts.get(id);
      if (list === undefined) this.starts.set(id, [index]);
      else if (!list.includes(index)) list.push(index);
    }
    return true;
  }

  /** Alternative ids a text word matches (exactly, or within the alternative's edit allowance). */
  private matches(word: string, cache: Map<string, number[]>): number[] {
    let hit = cache.get(word);
    if (hit !== undefined) return hit;
    const out = new Set<number>();
    const exact = this.altId.get(word);
    if (exact !== undefined) out.add(exact);
    if (word.length >= 3) {
      const vs = new Set<string>([word]);
      deletes(word, word.length >= 7 ? 2 : 1, vs);
      for (const v of vs) {
        for (const id of this.dels.get(v) ?? []) {
          if (out.has(id)) continue;
          const alt = this.alts[id]!;
          if (alt.length === 4 && substitutedOnly(word, alt)) continue;
          if (editDistance(word, alt, allowedEdits(alt)) <= allowedEdits(alt)) out.add(id);
        }
      }
    }
    hit = [...out];
    cache.set(word, hit);
    return hit;
  }

  /** Labels of the phrases found in `text` (canonical words separated by single spaces; `.` ends a sentence). */
  find(text: string, found: Set<string>, cache: Map<string, number[]> = new Map()): void {
    if (this.phrases.length === 0) return;
    const words = text.split(" ").filter(Boolean);
    const ids = words.map((w) => (w === "." ? SENTENCE : this.matches(w, cache)));
    for (let i = 0; i < words.length; i++) {
      for (const id of ids[i]!) {
        for (const pi of this.starts.get(id) ?? []) {
          const p = this.phrases[pi]!;
          if (found.has(p.label)) continue;
          if (this.matchFrom(p, ids, i)) found.add(p.label);
        }
      }
    }
  }

  private matchFrom(p: Phrase, ids: number[][], i: number): boolean {
    let at = i;
    for (let k = 1; k < p.words.length; k++) {
      let next = -1;
      for (let j = at + 1; j <= at + 1 + p.fill && j < ids.length; j++) {
        if (ids[j] === SENTENCE) break;
        if (ids[j]!.some((id) => p.words[k]!.has(id))) {
          next = j;
          break;
        }
      }
      if (next < 0) return false;
      at = next;
    }
    return true;
  }
}
