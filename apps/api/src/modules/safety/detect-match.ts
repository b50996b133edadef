/**
 * Multi-pattern matching over letter streams (Aho–Corasick on the folded alphabet), with per-match
 * verification of the i/l/1 ambiguity, word boundaries and the "squashed only where separated" rule.
 */
import { buildStream, collapseRuns, GAP_NONE, GAP_PUNCT, type LetterStream } from "./detect-normalize.ts";

/** `evasive`: words form + squashed form where the text had separators inside; `words`: word-bounded only. */
export type MatchMode = "evasive" | "words";

export interface Pattern {
  folded: string;
  exact: string;
  /** Relative indices where a new word starts in the pattern (its own word breaks). */
  breaks: number[];
  multiword: boolean;
  mode: MatchMode;
  /** Opaque payload index for the caller. */
  tag: number;
}

/** Parses a phrase into a pattern; null when nothing matchable remains after normalisation. */
export function makePattern(phrase: string, mode: MatchMode, tag: number): Pattern | null {
  const s = buildStream(phrase);
  if (s.folded.length === 0) return null;
  const breaks: number[] = [];
  for (let k = 1; k < s.folded.length; k++) if (s.gap[k] !== GAP_NONE) breaks.push(k);
  return { folded: s.folded, exact: s.exact, breaks, multiword: breaks.length > 0, mode, tag };
}

export class Automaton {
  private readonly next: Map<number, number>[] = [new Map()];
  private fail: Int32Array = new Int32Array(1);
  private readonly out: number[][] = [[]];
  readonly patterns: Pattern[] = [];
  maxLen = 0;

  constructor(patterns: Pattern[]) {
    for (const p of patterns) this.add(p);
    this.build();
  }

  private add(p: Pattern): void {
    const id = this.patterns.length;
    this.patterns.push(p);
    if (p.folded.length > this.maxLen) this.maxLen = p.folded.length;
    let node = 0;
    for (let i = 0; i < p.folded.length; i++) {
      const c = p.folded.charCodeAt(i);
      let n = this.next[node]!.get(c);
      if (n === undefined) {
        n = this.next.length;
        this.next.push(new Map());
        this.out.push([]);
        this.next[node]!.set(c, n);
      }
      node = n;
    }
    this.out[node]!.push(id);
  }

  private build(): void {
    const fail = new Int32Array(this.next.length);
    const queue: number[] = [];
    for (const n of this.next[0]!.values()) queue.push(n);
    for (let qi = 0; qi < queue.length; qi++) {
      const node = queue[qi]!;
      for (const [c, child] of this.next[node]!) {
        queue.push(child);
        let f = fail[node]!;
        while (f > 0 && !this.next[f]!.has(c)) f = fail[f]!;
        const target = this.next[f]!.get(c);
        fail[child] = target !== undefined && target !== child ? target : 0;
        const inherited = this.out[fail[child]!]!;
        if (inherited.length > 0) this.out[child] = this.out[child]!.concat(inherited);
      }
    }
    this.fail = fail;
  }

  /** Calls `onMatch(patternId, endExclusive)` for every raw occurrence in `folded`. */
  scan(folded: string, onMatch: (id: number, end: number) => void): void {
    let node = 0;
    const next = this.next;
    const fail = this.fail;
    for (let i = 0; i < folded.length; i++) {
      const c = folded.charCodeAt(i);
      let n = next[node]!.get(c);
      while (n === undefined && node > 0) {
        node = fail[node]!;
        n = next[node]!.get(c);
      }
      node = n ?? 0;
      const o = this.out[node]!;
      for (let k = 0; k < o.length; k++) onMatch(o[k]!, i + 1);
    }
  }
}

function charsCompatible(t: string, c: string): boolean {
  // Folded equal already; only i vs l must not cross (a literal `1` stands for either).
  return !((t === "l" && c === "i") || (t === "i" && c === "l"));
}

/** Verifies a raw automaton hit against the rules; returns true when it counts as a match. */
export function verify(p: Pattern, s: LetterStream, end: number): boolean {
  const len = p.folded.length;
  const start = end - len;
  const n = s.folded.length;
  for (let j = 0; j < len; j++) if (!charsCompatible(p.exact[j]!, s.exact[start + j]!)) return false;
  if (start > 0 && s.gap[start] === GAP_NONE) return false;
  if (end < n && s.gap[end] === GAP_NONE) {
    // Allow a plural `s` / `es` directly after the term.
    const okS = s.exact[end] === "s" && (end + 1 === n || s.gap[end + 1] !== GAP_NONE);
    const okEs =
      s.exact[end] === "e" &&
      s.exact[end + 1] === "s" &&
      end + 1 < n &&
      s.gap[end + 1] === GAP_NONE &&
      (end + 2 === n || s.gap[end + 2] !== GAP_NONE);
    if (!okS && !okEs) return false;
  }
  // Internal gaps vs the pattern's own word breaks.
  let same = true;
  let bi = 0;
  let gaps = 0;
  let punct = false;
  let singles = 0;
  let fragStart = 0;
  for (let j = 1; j <= len; j++) {
    const isGap = j < len && s.gap[start + j] !== GAP_NONE;
    if (j < len) {
      const isBreak = p.breaks[bi] === j;
      if (isBreak) bi++;
      if (isGap !== isBreak) same = false;
      if (isGap) {
        gaps++;
        if (s.gap[start + j] === GAP_PUNCT) punct = true;
      }
    }
    if (j === len || isGap) {
      if (j - fragStart === 1) singles++;
      fragStart = j;
    }
  }
  if (same) return true;
  if (p.mode === "words") return false;
  if (p.multiword) return true;
  if (gaps === 0) return true;
  return punct || singles >= 2 || gaps + 1 >= 3;
}

/** All pattern ids matching `s` (deduplicated), including against the collapsed-repeat variants. */
export function matchStream(a: Automaton, s: LetterStream): Set<number> {
  const found = new Set<number>();
  const run = (st: LetterStream): void => {
    a.scan(st.folded, (id, end) => {
      if (!found.has(id) && verify(a.patterns[id]!, st, end)) found.add(id);
    });
  };
  run(s);
  const c1 = collapseRuns(s, 1);
  if (c1 !== null) {
    run(c1);
    const c2 = collapseRuns(s, 2);
    if (c2 !== null) run(c2);
  }
  return found;
}
