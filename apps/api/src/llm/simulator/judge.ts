import { contentWords, joinList } from "./text.ts";
import type { SimJudgeContext } from "./types.ts";

/**
 * The simulator's judgement of answers against a judge criterion: not a reading of the answers, a
 * documented, deterministic rule (docs/simulator.md, "How the simulator judges") so that the judge path
 * of a rubric can be run and tested offline.
 *
 *   terms     = the criterion's content words, without stop words and rubric wording ("answer", "mention")
 *   coverage  = the share of terms found in the answers (after simple stemming: reasons → reason, buying → buy)
 *   substance = the share of answers that are neither empty nor a refusal ("I don't know", "I'd rather not")
 *   score     = substance × (FLOOR + (1 − FLOOR) × coverage), or substance alone when the criterion has no terms
 */

export interface SimJudgement {
  score: number;
  reason: string;
}

/** What an answer that says something, but none of the criterion's words, still gets. */
const FLOOR = 0.2;

/** Words of the way criteria are phrased, not of what they ask for. */
const RUBRIC_WORDS = new Set(
  (
    "answer answers response responses respondent persona participant does did mention mentions mentioned " +
    "name names named give gives given provide provides state states stated include includes express expresses " +
    "clear clearly concrete specific explicit explicitly least whether question questions show shows " +
    "explain explains describe describes refer refers reference such example examples e.g"
  ).split(" "),
);

/** Openings of an answer that declines to answer. */
const REFUSAL_RE =
  /^\s*(i\s+(do\s*n[o']t|don't)\s+know|not\s+sure|no\s+idea|no\s+comment|i\s+(can't|cannot|won't|would\s+rather\s+not|'d\s+rather\s+not)|n\/a\b|pass\b|-+\s*$)/i;

export function simulateJudgement(ctx: SimJudgeContext): SimJudgement {
  // Each term by its stem, shown as the criterion wrote it.
  const terms = new Map<string, string>();
  for (const word of contentWords(ctx.instruction)) {
    if (!RUBRIC_WORDS.has(word) && !terms.has(judgeStem(word))) terms.set(judgeStem(word), word);
  }
  const answers = ctx.transcript.map((t) => t.answer.trim());
  const substantive = answers.filter((a) => a.length > 0 && !REFUSAL_RE.test(a));
  const substance = answers.length === 0 ? 0 : substantive.length / answers.length;
  const said = new Set(contentWords(substantive.join(" ")).map(judgeStem));
  const found = [...terms].filter(([stem]) => said.has(stem)).map(([, word]) => word);
  const missing = [...terms].filter(([stem]) => !said.has(stem)).map(([, word]) => word);
  const coverage = terms.size === 0 ? 1 : found.length / terms.size;
  const score = round2(substance * (terms.size === 0 ? 1 : FLOOR + (1 - FLOOR) * coverage));

  const parts: string[] = [];
  if (answers.length === 0) parts.push("There are no answers to judge.");
  else if (substantive.length < answers.length) {
    parts.push(`${answers.length - substantive.length} of ${answers.length} answers are empty or refusals.`);
  }
  if (terms.size === 0) parts.push("The criterion names nothing to look for; only whether the answers say anything.");
  else {
    if (found.length > 0) parts.push(`The answers mention ${quoted(found)}.`);
    if (missing.length > 0) parts.push(`They do not mention ${quoted(missing)}.`);
  }
  return { score, reason: parts.join(" ") };
}

/**
 * A little more folding than `contentWords` does (it folds plurals): verb and adjective endings, so that
 * "pricing", "priced" and "prices" all count for "price".
 */
function judgeStem(word: string): string {
  let w = word;
  for (const suffix of ["ing", "ed", "es", "ly", "s"]) {
    if (w.length - suffix.length >= 3 && w.endsWith(suffix)) {
      w = w.slice(0, -suffix.length);
      break;
    }
  }
  return w.length > 3 && w.endsWith("e") ? w.slice(0, -1) : w;
}

function quoted(words: readonly string[]): string {
  return joinList(words.map((w) => `"${w}"`));
}

function round2(n: number): number {
  return Math.round(n * 100) / 100;
}
