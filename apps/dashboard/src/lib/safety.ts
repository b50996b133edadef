/** The safety policy editor's form ↔ API conversion (pure, unit-tested in test/safety.test.ts). */
import type { BodyOf, Schemas } from "@person-run/sdk";

type Policy = Schemas["SafetyPolicy"];

export interface PolicyForm {
  /** One a line */
  blockedTerms: string;
  allowPii: boolean;
  toxicityThreshold: string;
  promptGuards: string;
  escalationKeywords: string;
  allowedTopics: string;
  blockedTopics: string;
  refusalMessage: string;
  escalationWebhookUrl: string;
}

const lines = (xs: readonly string[]) => xs.join("\n");
export const toLines = (s: string): string[] =>
  s
    .split("\n")
    .map((x) => x.trim())
    .filter(Boolean);

export function policyToForm(p: Policy): PolicyForm {
  return {
    blockedTerms: lines(p.blockedTerms),
    allowPii: p.allowPii,
    toxicityThreshold: String(p.toxicityThreshold),
    promptGuards: lines(p.promptGuards),
    escalationKeywords: lines(p.escalationKeywords),
    allowedTopics: lines(p.topicBoundaries.allowedTopics),
    blockedTopics: lines(p.topicBoundaries.blockedTopics),
    refusalMessage: p.refusalMessage,
    escalationWebhookUrl: p.escalationWebhookUrl ?? "",
  };
}

/** The whole policy (setSafetyPolicy replaces it) from the form; an empty webhook URL is left out. */
export function formToBody(f: PolicyForm): BodyOf<"setSafetyPolicy"> {
  const body: BodyOf<"setSafetyPolicy"> = {
    blockedTerms: toLines(f.blockedTerms),
    allowPii: f.allowPii,
    toxicityThreshold: f.toxicityThreshold.trim() === "" ? Number.NaN : Number(f.toxicityThreshold),
    promptGuards: toLines(f.promptGuards),
    escalationKeywords: toLines(f.escalationKeywords),
    topicBoundaries: { allowedTopics: toLines(f.allowedTopics), blockedTopics: toLines(f.blockedTopics) },
    refusalMessage: f.refusalMessage.trim(),
  };
  if (f.escalationWebhookUrl.trim()) body.escalationWebhookUrl = f.escalationWebhookUrl.trim();
  if (!body.refusalMessage) delete body.refusalMessage;
  return body;
}

/** Whether the form differs from the saved policy (the Save button says so). */
export function isDirty(f: PolicyForm, p: Policy): boolean {
  return JSON.stringify(normalise(f)) !== JSON.stringify(normalise(policyToForm(p)));
}

function normalise(f: PolicyForm) {
  return {
    ...f,
    blockedTerms: toLines(f.blockedTerms),
    promptGuards: toLines(f.promptGuards),
    escalationKeywords: toLines(f.escalationKeywords),
    allowedTopics: toLines(f.allowedTopics),
    blockedTopics: toLines(f.blockedTopics),
    toxicityThreshold: Number(f.toxicityThreshold),
    refusalMessage: f.refusalMessage.trim(),
    escalationWebhookUrl: f.escalationWebhookUrl.trim(),
  };
}
