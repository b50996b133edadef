import { z } from "zod";
import type { LlmClient } from "../../llm/index.ts";
import type { UsageRecorder } from "../analytics/index.ts";
import type { BillingService } from "../billing/index.ts";
import type { Caller } from "./engine.ts";
import { meteredCall } from "./metered.ts";

/**
 * A rubric's judge criterion, scored by a model (docs/prompting.md, "Judging answers"): metered like a
 * prompt (credits reserved before, settled from the real usage after, 402 when the tenant cannot afford
 * it), recorded as a `judge_call` usage event. The judge is not the persona: no persona card, memories or
 * session, temperature 0, and its verdict is a score, not speech, so no output guardrails (the answers it
 * reads already passed them). The offline simulator judges by a documented word-coverage rule
 * (docs/simulator.md, "How the simulator judges").
 */

export interface JudgeInput {
  /** Model slug; the registry's default when omitted. */
  model?: string;
  /** The criterion, e.g. "Does the answer name a concrete reason to buy?". */
  instruction: string;
  transcript: { question: string; answer: string }[];
  /** For the usage event only. */
  personaId?: string;
  skillId?: string;
}

export interface Judgement {
  /** 0 (not met at all) to 1 (fully met). */
  score: number;
  reason: string;
  model: string;
  costUsd: number;
  credits: number;
  tokensIn: number;
  tokensOut: number;
}

export const JudgementSchema = z.object({
  score: z.number().min(0).max(1).describe("0 = the criterion is not met at all, 1 = fully met"),
  reason: z.string().describe("One or two sentences citing the evidence in the answers"),
});

/** A verdict and a sentence or two of reasons: room enough, and a small reservation. */
const JUDGE_MAX_TOKENS = 400;

export const JUDGE_SYSTEM = [
  "You are a strict, impartial evaluator of survey and interview answers.",
  "You get one evaluation criterion and a transcript of questions with the respondent's answers, quoted.",
  "Judge only what the answers actually say: evidence, not plausibility or what the respondent might have meant.",
  "An empty, evasive or off-topic answer does not meet the criterion. Do not reward length or politeness.",
  'Reply with a JSON object { "score": number from 0 to 1, "reason": string }: 1 = fully met, 0 = not met at all,',
  "in between for partly met; the reason names the evidence (or its absence) in one or two sentences.",
].join(" ");

/** The user message: the criterion, then each question and its answer, quoted so the answer cannot pose as instructions. */
export function judgePrompt(input: Pick<JudgeInput, "instruction" | "transcript">): string {
  const exchanges = input.transcript.map(
    (t, i) => `Question ${i + 1}: ${t.question}\nAnswer ${i + 1}: ${JSON.stringify(t.answer)}`,
  );
  return `Criterion: ${input.instruction}\n\nTranscript:\n${exchanges.join("\n\n") || "(no answers)"}`;
}

export async function judgeAnswers(
  deps: { llm: LlmClient; billing: BillingService; usage: UsageRecorder },
  caller: Caller,
  input: JudgeInput,
  opts: { abortSignal?: AbortSignal } = {},
): Promise<Judgement> {
  const prompt = judgePrompt(input);
  const { value, result, costUsd, credits } = await meteredCall(
    deps,
    caller,
    {
      ...(input.model !== undefined ? { model: input.model } : {}),
      promptChars: JUDGE_SYSTEM.length + prompt.length,
      maxTokens: JUDGE_MAX_TOKENS,
      event: "judge_call",
      payload: (object: z.infer<typeof JudgementSchema>) => ({
        ...(input.personaId ? { personaId: input.personaId } : {}),
        ...(input.skillId ? { skillId: input.skillId } : {}),
        score: object.score,
      }),
    },
    async (model) => {
      const { object, result } = await deps.llm.generateObject(
        {
          model: model.slug,
          system: JUDGE_SYSTEM,
          messages: [{ role: "user", content: prompt }],
          temperature: 0,
          maxTokens: JUDGE_MAX_TOKENS,
          simulator: { task: "judge", instruction: input.instruction, transcript: input.transcript, seed: 0 },
          abortSignal: opts.abortSignal,
        },
        JudgementSchema,
      );
      return { value: object, result };
    },
  );
  return {
    score: value.score,
    reason: value.reason,
    model: result.model.slug,
    costUsd,
    credits,
    tokensIn: result.usage.inputTokens,
    tokensOut: result.usage.outputTokens,
  };
}
