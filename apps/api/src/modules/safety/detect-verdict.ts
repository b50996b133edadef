/**
 * The verdicts of the safety service, as pure functions: what blocks a prompt, and what becomes of an answer
 * (refused, redacted, or delivered). `SafetyService.checkPrompt` / `filterAnswer` and the evaluator
 * (`eval/run.ts`) share them, so the figures measured are the service's behaviour.
 */
import { checkInput, checkOutput, findPii, redactPii, toxicityScore } from "./detect.ts";
import type { CompiledPolicy } from "./detect-types.ts";

export interface VerdictPolicy {
  compiled: CompiledPolicy;
  allowPii: boolean;
  toxicityThreshold: number;
  refusalMessage: string;
}

export interface ToxicityReading {
  score: number;
  /** `local` or `moderation`; shown in the reason when given. */
  source?: string;
}

const toxicityReason = (t: ToxicityReading): string =>
  `toxicity: ${t.score.toFixed(2)}${t.source !== undefined ? ` (${t.source})` : ""}`;

/** Input checks: the reasons a prompt is blocked (none = allowed) and the escalation keywords it contains. */
export function promptVerdict(
  policy: VerdictPolicy,
  text: string,
  toxicity: ToxicityReading = { score: toxicityScore(text) },
): { reasons: string[]; escalations: string[] } {
  const verdict = checkInput(policy.compiled, text);
  const reasons = [...verdict.blocked];
  if (!policy.allowPii) for (const kind of new Set(findPii(text).map((m) => m.kind))) reasons.push(`pii: ${kind}`);
  if (toxicity.score >= policy.toxicityThreshold) reasons.push(toxicityReason(toxicity));
  return { reasons, escalations: verdict.escalations };
}

export interface AnswerVerdict {
  text: string;
  blocked: boolean;
  reasons: string[];
  escalations: string[];
}

/** Output checks: a violating answer becomes the refusal message; PII is redacted unless allowed. */
export function answerVerdict(policy: VerdictPolicy, text: string): AnswerVerdict {
  const verdict = checkOutput(policy.compiled, text);
  const reasons = [...verdict.blocked];
  const toxicity = toxicityScore(text);
  if (toxicity >= policy.toxicityThreshold) reasons.push(toxicityReason({ score: toxicity }));
  if (reasons.length > 0)
    return { text: policy.refusalMessage, blocked: true, reasons, escalations: verdict.escalations };
  if (!policy.allowPii) {
    const redacted = redactPii(text);
    if (redacted.kinds.length > 0) {
      return {
        text: redacted.text,
        blocked: false,
        reasons: redacted.kinds.map((k) => `pii_redacted: ${k}`),
        escalations: verdict.escalations,
      };
    }
  }
  return { text, blocked: false, reasons: [], escalations: verdict.escalations };
}
