/**
 * The contract of the guardrail detectors (`detect.ts`): pure functions, no I/O. The safety service
 * compiles a tenant's policy once (cached) and checks prompts, answers and stream windows with it.
 */
export interface PolicyInput {
  /** Words or phrases that must never pass, in or out. */
  blockedTerms: string[];
  /** Prompt-injection / jailbreak guards: phrases, or `/regex/flags` entries. Checked on input only. */
  promptGuards: string[];
  /** Phrases that hand the session to a human (not blocking). */
  escalationKeywords: string[];
  /** Topics the persona may talk about (empty = any). */
  allowedTopics: string[];
  /** Topics that are refused. */
  blockedTopics: string[];
}

export type PiiKind = "email" | "phone" | "card" | "national_id" | "ip" | "iban";

export interface PiiMatch {
  kind: PiiKind;
  start: number;
  end: number;
}

export interface TextVerdict {
  /** Reasons that block, e.g. `blocked_term: "foo"`, `prompt_guard: "ignore previous"`, `blocked_topic: "weapons"`. */
  blocked: string[];
  /** Escalation keywords found. */
  escalations: string[];
}

export interface CompiledPolicy {
  readonly input: PolicyInput;
}
