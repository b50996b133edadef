/**
 * Rules over pairs of active entries: contradictions (fact_conflict, or revision_conflict when one side is a
 * revision) and near-duplicates. Candidates come from inverted indexes (object word, count noun, label word)
 * and a date window, never from all pairs, so a thousand entries stay fast.
 */
import {
  type AffirmativeClause,
  affirms,
  analyzeClaims,
  type NegativeClaim,
  negationTimesClash,
  OBJECTLESS_VERBS,
  type TextClaims,
  type YearEvent,
  yearEventOf,
  yearEventsClash,
} from "./consistency-claims.ts";
import { type CountClaim, countsClash, nounCount, relatedCountNouns } from "./consistency-counts.ts";
import { contentStems, DAY_MS, isoDate, jaccard, quote } from "./consistency-text.ts";
import type { CheckedEntry, ConsistencyIssue } from "./consistency-types.ts";

export interface Analyzed {
  entry: CheckedEntry;
  at: number;
  claims: TextClaims;
  /** Content words of label + facts, for duplicate detection. */
  words: Set<string>;
  yearEvent: YearEvent | null;
  /** A revised memory, or any entry that supersedes another: the correction. */
  revision: boolean;
}

export interface Ranked {
  issue: ConsistencyIssue;
  /** Sort key after severity: the first entry's (or the turn's) date. */
  at: number;
}

export interface ClaimIndex {
  affirmByStem: Map<string, Array<{ item: Analyzed; clause: AffirmativeClause }>>;
  affirmByVerb: Map<string, Array<{ item: Analyzed; clause: AffirmativeClause }>>;
  counts: Map<string, Array<{ item: Analyzed; claim: CountClaim }>>;
}

/** Candidate look-ups per claim; beyond this the rarest word is too common to be a subject. */
const MAX_CANDIDATES = 400;
const MAX_COUNT_CLAIMS_PER_NOUN = 300;
const DUPLICATE_WINDOW_MS = 3 * DAY_MS;
const MAX_DUPLICATE_NEIGHBOURS = 60;
const DUPLICATE_SIMILARITY = 0.7;
/** One "never" against fifty trips is one problem: report the first few (by date), not all of them. */
export const MAX_CONFLICTS_PER_CLAIM = 3;

export function analyzeEntry(entry: CheckedEntry, firstName: string): Analyzed {
  const text = `${entry.eventLabel}. ${entry.facts}`;
  return {
    entry,
    at: entry.eventAt.getTime(),
    claims: analyzeClaims(text, firstName),
    words: contentStems(text),
    yearEvent: yearEventOf(entry.eventLabel, entry.facts),
    revision: entry.memoryType === "revised" || entry.supersedes !== null,
  };
}

const refs = new WeakMap<CheckedEntry, string>();

/** `"Label" (2020-05-01)` */
export function ref(entry: CheckedEntry): string {
  let text = refs.get(entry);
  if (text === undefined) {
    text = `${quote(entry.eventLabel)} (${isoDate(entry.eventAt)})`;
    refs.set(entry, text);
  }
  return text;
}

export function pairKey(a: string, b: string): string {
  return a < b ? `${a}\u0000${b}` : `${b}\u0000${a}`;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

export function buildIndex(items: Analyzed[]): ClaimIndex {
  const index: ClaimIndex = { affirmByStem: new Map(), affirmByVerb: new Map(), counts: new Map() };
  for (const item of items) {
    for (const clause of item.claims.affirmatives) {
      for (const s of clause.stemSet) push(index.affirmByStem, s, { item, clause });
      for (const v of clause.verbs.keys()) if (OBJECTLESS_VERBS.has(v)) push(index.affirmByVerb, v, { item, clause });
    }
    for (const claim of item.claims.counts) push(index.counts, claim.noun, { item, claim });
  }
  return index;
}

/** Affirming clauses that may contradict a negative claim (before the date check). */
export function affirmationsOf(
  index: ClaimIndex,
  claim: NegativeClaim,
): Array<{ item: Analyzed; clause: AffirmativeClause }> {
  let best: Array<{ item: Analyzed; clause: AffirmativeClause }> | undefined;
  if (claim.objects.length === 0) best = index.affirmByVerb.get(claim.verb);
  for (const o of claim.objects) {
    const list = index.affirmByStem.get(o);
    if (!list) return [];
    if (!best || list.length < best.length) best = list;
  }
  if (!best) return [];
  return best.slice(0, MAX_CANDIDATES).filter((c) => affirms(c.clause, claim));
}

interface Contradiction {
  a: Analyzed;
  b: Analyzed;
  what: string;
}

function findContradictions(items: Analyzed[], index: ClaimIndex, skip: Set<string>): Contradiction[] {
  const found = new Map<string, Contradiction>();
  /**
   * `what(x, y)` describes item x's side then item y's; it is built only for a new pair (messages are the
   * expensive part of a large, contradictory timeline) and in the pair's chronological order.
   */
  const add = (x: Analyzed, y: Analyzed, what: (first: boolean) => string) => {
    if (x === y) return;
    const key = pairKey(x.entry.id, y.entry.id);
    if (skip.has(key) || found.has(key)) return;
    found.set(key, x.at <= y.at ? { a: x, b: y, what: what(true) } : { a: y, b: x, what: what(false) });
  };
  const vs = (mine: string, theirs: string) => (first: boolean) =>
    first ? `${mine} vs ${theirs}` : `${theirs} vs ${mine}`;
  for (const item of items) {
    for (const neg of item.claims.negatives) {
      let n = 0;
      for (const { item: other, clause } of affirmationsOf(index, neg)) {
        if (n >= MAX_CONFLICTS_PER_CLAIM) break;
        if (other === item || !negationTimesClash(neg.kind, item.at, other.at)) continue;
        n++;
        add(item, other, (first) => vs(quote(neg.text), quote(clause.text))(first));
      }
    }
    for (const claim of item.claims.counts) {
      let n = 0;
      for (const noun of relatedCountNouns(claim.noun)) {
        const list = (index.counts.get(noun) ?? []).slice(0, MAX_COUNT_CLAIMS_PER_NOUN);
        for (const { item: other, claim: theirs } of list) {
          if (n >= MAX_CONFLICTS_PER_CLAIM) break;
          if (other === item || !countsClash(claim, item.at, theirs, other.at)) continue;
          n++;
          add(item, other, (first) =>
            vs(nounCount(claim.noun, claim.count), nounCount(theirs.noun, theirs.count))(first),
          );
        }
      }
    }
  }
  const byLabelWord = new Map<string, Analyzed[]>();
  for (const item of items) {
    const event = item.yearEvent;
    if (!event) continue;
    const seen = new Set<Analyzed>();
    let n = 0;
    for (const w of event.labelStems) {
      for (const other of byLabelWord.get(w) ?? []) {
        const theirs = other.yearEvent;
        if (!theirs || seen.has(other) || seen.size >= MAX_CANDIDATES || n >= MAX_CONFLICTS_PER_CLAIM) continue;
        seen.add(other);
        if (!yearEventsClash(event, theirs)) continue;
        n++;
        add(item, other, (first) => {
          const [x, y] = first ? [event, theirs] : [theirs, event];
          return `the same event is dated ${x.years.join("/")} in one and ${y.years.join("/")} in the other`;
        });
      }
      push(byLabelWord, w, item);
    }
  }
  return [...found.values()];
}

/** The weaker of two entries: lower strength, then the older record, then the smaller id. */
function weaker(a: CheckedEntry, b: CheckedEntry): CheckedEntry {
  if (a.memoryStrength !== b.memoryStrength) return a.memoryStrength < b.memoryStrength ? a : b;
  if (a.createdAt.getTime() !== b.createdAt.getTime()) return a.createdAt < b.createdAt ? a : b;
  return a.id < b.id ? a : b;
}

/** Contradicting pairs as fact_conflict or revision_conflict issues, with the pair keys reported. */
export function contradictionIssues(
  items: Analyzed[],
  index: ClaimIndex,
  skip: Set<string>,
): { issues: Ranked[]; pairs: Set<string> } {
  const issues: Ranked[] = [];
  const pairs = new Set<string>();
  for (const { a, b, what } of findContradictions(items, index, skip)) {
    pairs.add(pairKey(a.entry.id, b.entry.id));
    const entryIds = [a.entry.id, b.entry.id];
    if (a.revision || b.revision) {
      let target: CheckedEntry;
      if (a.revision && b.revision)
        target =
          a.entry.createdAt.getTime() === b.entry.createdAt.getTime()
            ? weaker(a.entry, b.entry)
            : a.entry.createdAt < b.entry.createdAt
              ? a.entry
              : b.entry;
      else target = a.revision ? b.entry : a.entry;
      const keep = target === a.entry ? b.entry : a.entry;
      issues.push({
        at: a.at,
        issue: {
          type: "revision_conflict",
          severity: "medium",
          entryIds,
          message: `The revision ${ref(keep)} is still contradicted by ${ref(target)}: ${what}.`,
          suggestion: `Supersede ${ref(target)}: the revision ${ref(keep)} is the corrected version.`,
          fix: {
            action: "supersede",
            entryId: target.id,
            reason: `Contradicts ${keep.eventLabel} (${isoDate(keep.eventAt)}): ${what}`,
          },
        },
      });
      continue;
    }
    const target = weaker(a.entry, b.entry);
    const keep = target === a.entry ? b.entry : a.entry;
    issues.push({
      at: a.at,
      issue: {
        type: "fact_conflict",
        severity: "medium",
        entryIds,
        message: `${ref(a.entry)} and ${ref(b.entry)} contradict each other: ${what}.`,
        suggestion: `Decide which memory is right; superseding the weaker one, ${ref(target)}, keeps ${ref(keep)}.`,
        fix: {
          action: "supersede",
          entryId: target.id,
          reason: `Contradicts ${keep.eventLabel} (${isoDate(keep.eventAt)}): ${what}`,
        },
      },
    });
  }
  return { issues, pairs };
}

/** Near-identical entries within three days of each other, grouped transitively. */
export function duplicateIssues(items: Analyzed[], skip: Set<string>): Ranked[] {
  const sorted = [...items].sort((x, y) => x.at - y.at || (x.entry.id < y.entry.id ? -1 : 1));
  const parent = sorted.map((_, i) => i);
  const find = (i: number): number => {
    let r = i;
    while (parent[r] !== r) r = parent[r]!;
    while (parent[i] !== r) [i, parent[i]] = [parent[i]!, r];
    return r;
  };
  for (let i = 0; i < sorted.length; i++) {
    const a = sorted[i]!;
    if (a.words.size === 0) continue;
    for (let j = i + 1; j < sorted.length && j - i <= MAX_DUPLICATE_NEIGHBOURS; j++) {
      const b = sorted[j]!;
      if (b.at - a.at > DUPLICATE_WINDOW_MS) break;
      if (skip.has(pairKey(a.entry.id, b.entry.id))) continue;
      if (jaccard(a.words, b.words) >= DUPLICATE_SIMILARITY) parent[find(j)] = find(i);
    }
  }
  const groups = new Map<number, Analyzed[]>();
  for (let i = 0; i < sorted.length; i++) push(groups, find(i), sorted[i]!);
  const issues: Ranked[] = [];
  for (const group of groups.values()) {
    if (group.length < 2) continue;
    const keep = group.reduce((best, x) => {
      const e = x.entry;
      const b = best.entry;
      if (e.memoryStrength !== b.memoryStrength) return e.memoryStrength > b.memoryStrength ? x : best;
      if (e.createdAt.getTime() !== b.createdAt.getTime()) return e.createdAt < b.createdAt ? x : best;
      return e.id < b.id ? x : best;
    }).entry;
    const others = group.filter((x) => x.entry !== keep).map((x) => x.entry);
    const refs = group.map((x) => ref(x.entry)).join(", ");
    issues.push({
      at: group[0]!.at,
      issue: {
        type: "duplicate",
        severity: "low",
        entryIds: group.map((x) => x.entry.id),
        message: `${refs} look like the same memory recorded ${group.length} times.`,
        suggestion: `Merge them: keep ${ref(keep)} (the strongest) and supersede the other${others.length > 1 ? "s" : ""}.`,
        fix: {
          action: "merge_duplicates",
          keepId: keep.id,
          supersedeIds: others.map((e) => e.id),
          reason: `Duplicate of ${keep.eventLabel} (${isoDate(keep.eventAt)}), merged by consistency check`,
        },
      },
    });
  }
  return issues;
}
