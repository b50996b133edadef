import type { Question } from "../../shared/output-formats.ts";
import type { Caller, TurnEngine } from "../prompting/index.ts";
import { type AnswerResult, combineScores, type Skill, scoreRule } from "../skills/index.ts";
import type { TaskScoresView } from "./schemas.ts";

export interface EvaluatedAnswer extends AnswerResult {
  followUps: { question: string; answer: string }[];
}

/**
 * The evaluation of an attempt (docs/tasks.md, "Evaluation"): rule criteria with the skills module's
 * `scoreRule`, judge criteria through the turn engine's judge (credits, usage and cost as for any call),
 * combined by `combineScores`. No rubric: no scores (null). A judge criterion keeps the judge's reason.
 */
export async function evaluate(
  turns: TurnEngine,
  caller: Caller,
  input: {
    skill: Skill;
    model: string;
    personaId: string;
    results: EvaluatedAnswer[];
    questionText: (q: Question) => string;
    signal: AbortSignal;
  },
): Promise<{ scores: TaskScoresView | null; cost: { usd: number; credits: number } }> {
  const { skill, results } = input;
  const cost = { usd: 0, credits: 0 };
  if (!skill.evaluation) return { scores: null, cost };
  const transcript = skill.questions.flatMap((q, i) => {
    const r = results[i] as EvaluatedAnswer;
    return [{ question: input.questionText(q), answer: r.raw }, ...r.followUps];
  });
  const scores: number[] = [];
  const reasons = new Map<number, string>();
  for (const [i, criterion] of skill.evaluation.criteria.entries()) {
    if (criterion.rule) {
      scores.push(scoreRule(criterion.rule, skill, results));
      continue;
    }
    if (input.signal.aborted) throw new Error("stopped");
    const verdict = await turns.judge(
      caller,
      {
        model: input.model,
        instruction: criterion.judge as string,
        transcript,
        personaId: input.personaId,
        skillId: skill.id,
      },
      { abortSignal: input.signal },
    );
    cost.usd += verdict.costUsd;
    cost.credits += verdict.credits;
    scores.push(verdict.score);
    reasons.set(i, verdict.reason);
  }
  const combined = combineScores(skill.evaluation, scores);
  return {
    scores: {
      ...combined,
      criteria: combined.criteria.map((c, i) => (reasons.has(i) ? { ...c, reason: reasons.get(i) } : c)),
    },
    cost,
  };
}
