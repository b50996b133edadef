/**
 * response_contradiction: a recent answer against the memories and the profile. An answer speaks at its
 * own date: "I've never been to Paris" clashes with a Paris trip remembered before it, "I don't have kids"
 * with "I have two children". Affirmations in answers are not checked against "never" memories (the answer
 * may describe something that happened since).
 */
import { analyzeClaims } from "./consistency-claims.ts";
import { countsClash, nounCount, relatedCountNouns } from "./consistency-counts.ts";
import { type Analyzed, affirmationsOf, type ClaimIndex, type Ranked, ref } from "./consistency-pairs.ts";
import { profileStatements, statementMatches } from "./consistency-profile.ts";
import { isoDate, quote } from "./consistency-text.ts";
import type { CheckedTurn, ConsistencyInput } from "./consistency-types.ts";

/** One answer contradicting many memories is one slip: report the first few memories (by date). */
const MAX_MEMORIES_PER_TURN = 3;

const SUGGESTION =
  "Answers are history and stay as they are; check whether the memory is right, and keep later answers consistent with it.";

function turnRef(turn: CheckedTurn): string {
  return `The answer to ${quote(turn.prompt, 60)} (${isoDate(turn.createdAt)})`;
}

export function responseIssues(input: ConsistencyInput, index: ClaimIndex): Ranked[] {
  const issues: Ranked[] = [];
  const { persona } = input;
  for (const turn of input.recentTurns) {
    const turnAt = turn.createdAt.getTime();
    const claims = analyzeClaims(turn.response, persona.firstName);
    const hits = new Map<Analyzed, string>();
    for (const neg of claims.negatives) {
      if (neg.kind !== "lifetime") continue;
      for (const { item, clause } of affirmationsOf(index, neg)) {
        if (item.at < turnAt && !hits.has(item))
          hits.set(item, `it says ${quote(neg.text)}, but the memory says ${quote(clause.text)}`);
      }
    }
    for (const claim of claims.counts) {
      for (const noun of relatedCountNouns(claim.noun)) {
        for (const { item, claim: memoryClaim } of index.counts.get(noun) ?? []) {
          if (!hits.has(item) && countsClash(claim, turnAt, memoryClaim, item.at))
            hits.set(
              item,
              `it says ${nounCount(claim.noun, claim.count)} (${quote(claim.text)}), the memory ${nounCount(memoryClaim.noun, memoryClaim.count)}`,
            );
        }
      }
    }
    for (const [item, what] of [...hits].sort(([a], [b]) => a.at - b.at).slice(0, MAX_MEMORIES_PER_TURN)) {
      issues.push({
        at: item.at,
        issue: {
          type: "response_contradiction",
          severity: item.entry.memoryStrength >= 50 ? "high" : "medium",
          entryIds: [item.entry.id],
          turnIds: [turn.turnId],
          message: `${turnRef(turn)} contradicts the memory ${ref(item.entry)}: ${what}.`,
          suggestion: SUGGESTION,
        },
      });
    }
    const reported = new Set<string>();
    for (const statement of profileStatements(turn.response, persona.firstName, "answer")) {
      const profile = statement.kind === "job" ? persona.baseOccupation : persona.location;
      if (reported.has(statement.kind) || statementMatches(statement, profile)) continue;
      reported.add(statement.kind);
      const says = statement.kind === "job" ? `works as "${statement.value}"` : `lives in "${statement.value}"`;
      const field = statement.kind === "job" ? "occupation" : "location";
      issues.push({
        at: turnAt,
        issue: {
          type: "response_contradiction",
          severity: "medium",
          entryIds: [],
          turnIds: [turn.turnId],
          message: `${turnRef(turn)} says the persona ${says} (${quote(statement.text)}), but the profile's ${field} is "${profile}".`,
          suggestion: `Answers are history and stay as they are; check the persona's ${field} and keep later answers consistent with it.`,
        },
      });
    }
  }
  return issues;
}
