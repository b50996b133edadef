import type { Evaluation, ParsedValue, Question, Rule } from "../../shared/output-formats.ts";
import { countWords } from "./parse-text.ts";
import type { LengthValue, MentionTerms, RangeValue } from "./rule-values.ts";
import type { Skill } from "./schemas.ts";

/**
 * Rule criteria of a skill's evaluation (docs/skills.md, Evaluation). Each rule scores 0..1 over the
 * questions it targets (its `questionId`, else every question it applies to); judge criteria are scored
 * by the tasks module and only combined here.
 */

/** One question's answer as a task stores it. */
export interface AnswerResult {
  questionId: string;
  raw: string;
  parsed: ParsedValue | null;
  valid: boolean;
  error?: string;
}

export interface TaskScores {
  criteria: { name: string; score: number; passed: boolean }[];
  total: number;
  passed: boolean;
}

/** A criterion passes at half marks or more. */
export const CRITERION_PASS = 0.5;

const round4 = (n: number) => Math.round(n * 10_000) / 10_000;
const share = (hits: number, of: number) => (of === 0 ? 0 : hits / of);

function targets(rule: Rule, skill: Pick<Skill, "questions">): Question[] {
  const questions = rule.questionId ? skill.questions.filter((q) => q.id === rule.questionId) : skill.questions;
  if (rule.type !== "range") return questions;
  return questions.filter((q) => q.outputFormat.type === "numeric" || q.outputFormat.type === "likert");
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** Case-insensitive, on word boundaries (letters and digits of any script), so "price" is not found in "priceless". */
export function mentions(text: string, term: string): boolean {
  const words = escapeRegExp(term.trim()).replace(/\s+/g, "\\s+");
  return new RegExp(`(?<![\\p{L}\\p{N}_])${words}(?![\\p{L}\\p{N}_])`, "iu").test(text);
}

/** The value a range rule reads: numeric as parsed, likert as scored (reverse-keyed items flipped). */
function scoredValue(q: Question, parsed: ParsedValue | null): number | null {
  if (typeof parsed !== "number") return null;
  const f = q.outputFormat;
  return f.type === "likert" && f.reverse ? f.scale + 1 - parsed : parsed;
}

/** One rule's score (0..1) for a task's answers; an unanswered question counts as failing the rule. */
export function scoreRule(rule: Rule, skill: Pick<Skill, "questions">, results: AnswerResult[]): number {
  const questions = targets(rule, skill);
  const answer = (q: Question) => results.find((r) => r.questionId === q.id);
  switch (rule.type) {
    case "format_valid":
      return round4(share(questions.filter((q) => answer(q)?.valid === true).length, questions.length));
    case "must_mention":
    case "must_not_mention": {
      const terms = ([] as string[]).concat(rule.value as MentionTerms);
      const text = questions.map((q) => answer(q)?.raw ?? "").join("\n");
      const found = share(terms.filter((t) => mentions(text, t)).length, terms.length);
      return round4(rule.type === "must_mention" ? found : 1 - found);
    }
    case "length": {
      const { minWords = 0, maxWords = Number.POSITIVE_INFINITY } = rule.value as LengthValue;
      const within = questions.filter((q) => {
        const n = countWords(answer(q)?.raw ?? "");
        return n >= minWords && n <= maxWords;
      });
      return round4(share(within.length, questions.length));
    }
    case "range": {
      const { min = Number.NEGATIVE_INFINITY, max = Number.POSITIVE_INFINITY } = rule.value as RangeValue;
      const within = questions.filter((q) => {
        const a = answer(q);
        const v = a?.valid ? scoredValue(q, a.parsed) : null;
        return v !== null && v >= min && v <= max;
      });
      return round4(share(within.length, questions.length));
    }
  }
}

/** Weighted mean of the criteria's scores (one per criterion, in order) → total 0..1, passed at `passThreshold`. */
export function combineScores(evaluation: Evaluation, scores: number[]): TaskScores {
  if (scores.length !== evaluation.criteria.length) {
    throw new Error(`combineScores: ${scores.length} scores for ${evaluation.criteria.length} criteria`);
  }
  let weighted = 0;
  let weights = 0;
  const criteria = evaluation.criteria.map((c, i) => {
    const score = round4(Math.min(1, Math.max(0, scores[i] as number)));
    weighted += c.weight * score;
    weights += c.weight;
    return { name: c.name, score, passed: score >= CRITERION_PASS };
  });
  const total = round4(weighted / weights);
  return { criteria, total, passed: total >= evaluation.passThreshold };
}
