/**
 * Multi-pattern matching over letter streams (Aho–Corasick on the folded alphabet), with per-match
 * verification of the i/l/1 ambiguity, word boundaries and the "squashed only where separated" rule.
 * Each pattern is also matched run-collapsed (`kiiiilll` → `kil`, checked against `kill` with every run at
 * least as long as the pattern's), which covers stretched letters of any mix of lengths.
 */
import { buildStream, GAP_NONE, GAP_PUNCT, type LetterStream } from "./detect-normalize.ts";
import { COMMON_WORDS } from "./detect-words.ts";

/** Single-word terms at least this long (canonical letters) also match inside a longer word (`superzorblaxian`). */
export const INSIDE_WORD_MIN = 6;

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
  /** Run lengths when this is the run-collapsed form of a pattern (absent: every run is 1). */
  runs?: Uint16Array;
}

/** A letter stream with runs of the same letter inside a word collapsed to one entry (`runs` = run lengths). */
export interface CollapsedStream extends LetterStream {
  runs: Uint16Array;
}

/** Collapses runs of the same exact letter not separated by a gap; null when there is no run to collapse. */
export function collapseStream(s: LetterStream): CollapsedStream | null {
  const n = s.exact.length;
  let has = false;
  for (let k = 1; k < n && !has; k++) if (s.exact[k] === s.exact[k - 1] && s.gap[k] === GAP_NONE) has = true;
  if (!has) return null;
  let folded = "";
  let exact = "";
  const start: number[] = [];
  const end: number[] = [];
  const gap: number[] = [];
  const runs: number[] = [];
  let k = 0;
  while (k < n) {
    let r = k + 1;
    while (r < n && s.exact[r] === s.exact[k] && s.gap[r] === GAP_NONE) r++;
    folded += s.folded[k];
    exact += s.exact[k];
    start.push(s.start[k]!);
    end.push(s.end[r - 1]!);
    gap.push(s.gap[k]!);
    runs.push(Math.min(r - k, 65535));
    k = r;
  }
  return {
    folded,
    exact,
    start: Int32Array.from(start),
    end: Int32Array.from(end),
    gap: Uint8Array.from(gap),
    runs: Uint16Array.from(runs),
  };
}

/** The run-collapsed form of a pattern, for the collapsed automaton (same tag). */
export function collapsePattern(p: Pattern): Pattern {
  const s = buildStream(p.exact.length === 0 ? "" : patternText(p));
  const c = collapseStream(s);
  if (c === null) return { ...p, runs: new Uint16Array(p.folded.length).fill(1) };
  const breaks: number[] = [];
  for (let k = 1; k < c.folded.length; k++) if (c.gap[k] !== GAP_NONE) breaks.push(k);
  return { folded: c.folded, exact: c.exact, breaks, multiword: p.multiword, mode: p.mode, tag: p.tag, runs: c.runs };
}

/** The pattern's exact letters with its word breaks as spaces (re-parsed to collapse it). */
function patternText(p: Pattern): string {
  let out = "";
  let bi = 0;
  for (let j = 0; j < p.exact.length; j++) {
    if (p.breaks[bi] === j) {
      out += " ";
      bi++;
    }
    out += p.exact[j];
  }
  return out;
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
export function verify(p: Pattern, s: LetterStream | CollapsedStream, end: number): boolean {
  const len = p.folded.length;
  const start = end - len;
  const n = s.folded.length;
  for (let j = 0; j < len; j++) if (!charsCompatible(p.exact[j]!, s.exact[start + j]!)) return false;
  const runs = "runs" in s ? s.runs : undefined;
  if (runs !== undefined && p.runs !== undefined) {
    for (let j = 0; j < len; j++) if (runs[start + j]! < p.runs[j]!) return false;
  }
  const insideWord = p.mode === "evasive" && patternLetters(p) >= INSIDE_WORD_MIN;
  if (!insideWord && start > 0 && s.gap[start] === GAP_NONE) return false;
  if (!insideWord && end < n && s.gap[end] === GAP_NONE) {
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
  let split = -1;
  for (let j = 1; j <= len; j++) {
    const isGap = j < len && s.gap[start + j] !== GAP_NONE;
    if (j < len) {
      const isBreak = p.breaks[bi] === j;
      if (isBreak) bi++;
      if (isGap !== isBreak) same = false;
      if (isGap) {
        gaps++;
        split = j;
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
  if (punct || singles >= 2 || gaps + 1 >= 3) return true;
  // One space or line break inside a single word (`zorb lax`): deliberate unless both halves are words.
  const word = (from: number, to: number): string => {
    let w = "";
    for (let j = from; j < to; j++) w += p.exact[j]!.repeat(p.runs?.[j] ?? 1);
    return w;
  };
  return !(COMMON_WORDS.has(word(0, split)) && COMMON_WORDS.has(word(split, len)));
}

/** Letters of the pattern before collapsing (a collapsed pattern counts its runs). */
function patternLetters(p: Pattern): number {
  if (p.runs === undefined) return p.folded.length;
  let n = 0;
  for (const r of p.runs) n += r;
  return n;
}

/** The plain automaton and the run-collapsed one; pattern ids are the same in both. */
export interface Matcher {
  plain: Automaton;
  collapsed: Automaton;
}

export function makeMatcher(patterns: Pattern[]): Matcher {
  return { plain: new Automaton(patterns), collapsed: new Automaton(patterns.map(collapsePattern)) };
}

/** All pattern ids matching `s` (deduplicated), on the stream as written and run-collapsed. */
export function matchStream(m: Matcher, s: LetterStream, found: Set<number> = new Set()): Set<number> {
  const run = (a: Automaton, st: LetterStream): void => {
    a.scan(st.folded, (id, end) => {
      if (!found.has(id) && verify(a.patterns[id]!, st, end)) found.add(id);
    });
  };
  run(m.plain, s);
  const c = collapseStream(s);
  if (c !== null) run(m.collapsed, c);
  return found;
}
