/**
 * The rule-based consistency check of a persona's timeline: pure input in, issues out (no clock but
 * `input.now`, no randomness, no I/O). Rules look at active entries unless noted:
 *  - timeline_order (high): an event dated after now;
 *  - age_conflict: dated before birth (high) or a life event at an implausible age (medium);
 *  - profile_conflict (medium): a memory of the last two years states a job or home the profile does not have;
 *  - duplicate (low): near-identical entries within three days, merged into the strongest;
 *  - fact_conflict (medium): negation, count or year contradictions; the weaker entry is superseded;
 *  - revision_conflict (medium): the same, with a revision on one side (the other is superseded), a revised
 *    original still active, or (low) a superseded entry with no valid successor;
 *  - response_contradiction: a recent answer against a memory (high when the memory is strong) or the profile.
 * Helpers live in the consistency-*.ts siblings.
 */
import { lifeEventsIn } from "./consistency-age.ts";
import {
  type Analyzed,
  analyzeEntry,
  buildIndex,
  contradictionIssues,
  duplicateIssues,
  pairKey,
  type Ranked,
  ref,
} from "./consistency-pairs.ts";
import { profileStatements, statementMatches } from "./consistency-profile.ts";
import { responseIssues } from "./consistency-responses.ts";
import { isoDate, shiftYears, YEAR_MS } from "./consistency-text.ts";
import type {
  CheckedEntry,
  ConsistencyInput,
  ConsistencyIssue,
  ConsistencyResult,
  Severity,
} from "./consistency-types.ts";

export const SEVERITY_WEIGHT: Record<Severity, number> = { high: 25, medium: 10, low: 3 };

const SEVERITY_RANK: Record<Severity, number> = { high: 0, medium: 1, low: 2 };
/** Memories this recent describe the persona's present (job, home). */
const PRESENT_YEARS = 2;

function timelineOrder(active: CheckedEntry[], now: Date): Ranked[] {
  return active
    .filter((e) => e.eventAt.getTime() > now.getTime())
    .map(
      (e): Ranked => ({
        at: e.eventAt.getTime(),
        issue: {
          type: "timeline_order",
          severity: "high",
          entryIds: [e.id],
          message: `${ref(e)} is dated after today (${isoDate(now)}): a memory of an event that has not happened yet.`,
          suggestion: "Re-date the memory to when the event actually happened.",
        },
      }),
    );
}

function ageConflicts(active: CheckedEntry[], input: ConsistencyInput): Ranked[] {
  const { age, firstName } = input.persona;
  if (!Number.isFinite(age) || age < 0) return [];
  const now = input.now.getTime();
  const birth = shiftYears(now, -age);
  const earliest = shiftYears(now, -(age + 1));
  const name = firstName || "the persona";
  const issues: Ranked[] = [];
  for (const e of active) {
    const at = e.eventAt.getTime();
    if (at < earliest) {
      issues.push({
        at,
        issue: {
          type: "age_conflict",
          severity: "high",
          entryIds: [e.id],
          message: `${ref(e)} is dated before ${name} was born (around ${new Date(birth).getUTCFullYear()}, at age ${age}).`,
          suggestion: `Re-date the memory, or correct the persona's age (${age}) if that is what is wrong.`,
        },
      });
      continue;
    }
    const ageAt = (at - birth) / YEAR_MS;
    const event = lifeEventsIn(e.eventLabel, e.facts).find((ev) => ageAt < ev.minAge);
    if (!event) continue;
    issues.push({
      at,
      issue: {
        type: "age_conflict",
        severity: "medium",
        entryIds: [e.id],
        message: `${ref(e)} puts ${event.event} at age ${Math.max(0, Math.floor(ageAt))}, which is implausible (not usually before ${event.minAge}).`,
        suggestion: `Check the memory's date against the persona's age (${age}) and re-date whichever is wrong.`,
      },
    });
  }
  return issues;
}

function profileConflicts(active: CheckedEntry[], input: ConsistencyInput): Ranked[] {
  const now = input.now.getTime();
  const from = shiftYears(now, -PRESENT_YEARS);
  const { persona } = input;
  const recent = active
    .filter((e) => e.eventAt.getTime() >= from && e.eventAt.getTime() <= now)
    .sort((a, b) => a.eventAt.getTime() - b.eventAt.getTime() || (a.id < b.id ? -1 : 1));
  const issues: Ranked[] = [];
  for (const kind of ["job", "home"] as const) {
    const profile = kind === "job" ? persona.baseOccupation : persona.location;
    if (profile.trim() === "") continue;
    const statements = recent.flatMap((e) =>
      profileStatements(`${e.eventLabel}. ${e.facts}`, persona.firstName, "memory")
        .filter((s) => s.kind === kind)
        .map((s) => ({ e, s, matches: statementMatches(s, profile) })),
    );
    // A later statement that matches the profile makes the earlier ones history (moved twice in two years).
    let lastMatch = -1;
    statements.forEach((st, i) => {
      if (st.matches) lastMatch = i;
    });
    const flagged = new Set<string>();
    for (const { e, s, matches } of statements.slice(lastMatch + 1)) {
      if (matches || flagged.has(e.id)) continue;
      flagged.add(e.id);
      const says = kind === "job" ? `works as "${s.value}"` : `lives in "${s.value}"`;
      const field = kind === "job" ? "occupation" : "location";
      issues.push({
        at: e.eventAt.getTime(),
        issue: {
          type: "profile_conflict",
          severity: "medium",
          entryIds: [e.id],
          message: `${ref(e)} says the persona ${says}, but the profile's ${field} is "${profile}".`,
          suggestion: `Check which is right: update the persona's ${field}, or correct or supersede this memory.`,
        },
      });
    }
  }
  return issues;
}

/** A revision whose original is still active, and superseded entries without a valid successor. */
function revisionLinks(entries: CheckedEntry[], activeById: Map<string, CheckedEntry>, skip: Set<string>): Ranked[] {
  const ids = new Set(entries.map((e) => e.id));
  const issues: Ranked[] = [];
  for (const e of activeById.values()) {
    const original = e.supersedes === null ? undefined : activeById.get(e.supersedes);
    if (!original || original === e) continue;
    skip.add(pairKey(e.id, original.id));
    issues.push({
      at: original.eventAt.getTime(),
      issue: {
        type: "revision_conflict",
        severity: "medium",
        entryIds: [original.id, e.id],
        message: `${ref(e)} revises ${ref(original)}, but the original is still active.`,
        suggestion: `Supersede the original ${ref(original)}: the revision replaces it.`,
        fix: {
          action: "supersede",
          entryId: original.id,
          reason: `Revised by ${e.eventLabel} (${isoDate(e.eventAt)})`,
        },
      },
    });
  }
  for (const e of entries) {
    if (e.status !== "superseded") continue;
    const next = e.supersededBy;
    if (next !== null && ids.has(next) && next !== e.id) continue;
    issues.push({
      at: e.eventAt.getTime(),
      issue: {
        type: "revision_conflict",
        severity: "low",
        entryIds: [e.id],
        message:
          next === null
            ? `${ref(e)} is superseded but does not say which entry replaced it.`
            : `${ref(e)} is superseded by an entry (${next}) that does not exist.`,
        suggestion: "Link it to the entry that replaced it, or make it active again if nothing did.",
      },
    });
  }
  return issues;
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Severity, then the first entry's date; the rest only makes ties deterministic whatever the input order. */
function compareRanked(x: Ranked, y: Ranked): number {
  const a = x.issue;
  const b = y.issue;
  return (
    SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] ||
    (x.at || 0) - (y.at || 0) ||
    compareText(a.type, b.type) ||
    compareText(a.entryIds.join(","), b.entryIds.join(",")) ||
    compareText((a.turnIds ?? []).join(","), (b.turnIds ?? []).join(",")) ||
    compareText(a.message, b.message)
  );
}

export function checkConsistency(input: ConsistencyInput): ConsistencyResult {
  const active = input.entries.filter((e) => e.status === "active");
  const activeById = new Map(active.map((e) => [e.id, e]));
  const skip = new Set<string>();
  const ranked: Ranked[] = [
    ...timelineOrder(active, input.now),
    ...ageConflicts(active, input),
    ...profileConflicts(active, input),
    ...revisionLinks(input.entries, activeById, skip),
  ];
  // Chronological order makes every capped look-up (and so the result) independent of the input's order.
  const items: Analyzed[] = active
    .map((e) => analyzeEntry(e, input.persona.firstName))
    .sort((a, b) => a.at - b.at || (a.entry.id < b.entry.id ? -1 : a.entry.id > b.entry.id ? 1 : 0));
  const index = buildIndex(items);
  const contradictions = contradictionIssues(items, index, skip);
  ranked.push(...contradictions.issues);
  for (const key of contradictions.pairs) skip.add(key);
  ranked.push(...duplicateIssues(items, skip));
  ranked.push(...responseIssues(input, index));

  ranked.sort(compareRanked);
  const issues: ConsistencyIssue[] = ranked.map((r) => r.issue);
  const penalty = issues.reduce((sum, issue) => sum + SEVERITY_WEIGHT[issue.severity], 0);
  return { score: Math.max(0, 100 - penalty), issues };
}
