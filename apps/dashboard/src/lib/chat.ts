/** Chat state and guardrail wording (pure, unit-tested in test/chat.test.ts). */
import type { PromptDone } from "@person-run/sdk";

/** The fields of the SDK's APIError this module reads (read structurally: no runtime import of the SDK). */
interface ErrorLike {
  name?: string;
  message?: string;
  code?: string;
  body?: { guardrail?: unknown } | undefined;
}

export interface ChatMessage {
  id: string;
  prompt: string;
  /** The answer so far (deltas joined) */
  text: string;
  status: "streaming" | "done" | "blocked" | "stopped" | "error";
  done?: PromptDone;
  /** Blocked: the stage (input: the prompt; output: the answer) and the kinds of rule that fired */
  blocked?: { stage: string | null; reasons: string[]; message: string };
  error?: string;
}

export type ChatAction =
  | { type: "send"; id: string; prompt: string }
  | { type: "delta"; id: string; delta: string }
  | { type: "done"; id: string; done: PromptDone }
  | { type: "fail"; id: string; error: unknown }
  | { type: "reset" };

export function chatReducer(state: ChatMessage[], action: ChatAction): ChatMessage[] {
  switch (action.type) {
    case "reset":
      return [];
    case "send":
      return [...state, { id: action.id, prompt: action.prompt, text: "", status: "streaming" }];
    case "delta":
      return state.map((m) => (m.id === action.id ? { ...m, text: m.text + action.delta } : m));
    case "done":
      return state.map((m) =>
        m.id === action.id
          ? {
              ...m,
              text: action.done.response,
              status: action.done.guardrail.blocked ? "blocked" : "done",
              done: action.done,
              blocked: action.done.guardrail.blocked
                ? { stage: "output", reasons: action.done.guardrail.reasons, message: action.done.response }
                : undefined,
            }
          : m,
      );
    case "fail":
      return state.map((m) => (m.id === action.id ? { ...m, ...failure(action.error) } : m));
  }
}

/** What a failed turn shows: stopped by the user, blocked by the policy (stage and reasons), or an error. */
export function failure(err: unknown): Pick<ChatMessage, "status" | "blocked" | "error"> {
  const name = (err as ErrorLike | null)?.name;
  if (name === "APIUserAbortError" || name === "AbortError") {
    return { status: "stopped" };
  }
  const b = blockedBy(err);
  if (b) return { status: "blocked", blocked: b };
  return { status: "error", error: err instanceof Error ? err.message : String(err) };
}

/**
 * The policy block an error carries: a `422 blocked_by_policy` before the stream (the prompt) or an `error`
 * event with that code during it (the answer). Null for any other error.
 */
export function blockedBy(err: unknown): { stage: string | null; reasons: string[]; message: string } | null {
  const e = err as ErrorLike | null;
  if (!e || typeof e !== "object" || e.code !== "blocked_by_policy") return null;
  const g = (e.body?.guardrail ?? {}) as { stage?: unknown; reasons?: unknown };
  const reasons = Array.isArray(g.reasons) ? g.reasons.map(String) : [];
  return {
    stage: typeof g.stage === "string" ? g.stage : null,
    reasons,
    message: e.message ?? "Blocked by the safety policy",
  };
}

/** A guardrail reason (the kind of rule) in words. */
export function describeReason(reason: string): string {
  const [kind, rest] = reason.split(":").map((s) => s.trim());
  switch (kind) {
    case "blocked_term":
      return "a blocked term";
    case "prompt_guard":
      return "a prompt guard (injection or jailbreak attempt)";
    case "blocked_topic":
      return "a blocked topic";
    case "off_topic":
      return "outside the allowed topics";
    case "toxicity":
      return `toxicity${rest ? ` (${rest})` : ""}`;
    case "pii":
      return `personal data${rest ? ` (${rest})` : ""}`;
    case "pii_redacted":
      return `personal data redacted${rest ? ` (${rest})` : ""}`;
    case "escalation":
    case "escalation_keyword":
      return "an escalation keyword";
    default:
      return reason.replaceAll("_", " ");
  }
}

export function stageLabel(stage: string | null): string {
  return stage === "input" ? "The prompt was blocked" : stage === "output" ? "The answer was blocked" : "Blocked";
}

/** The session to continue: the one the last completed answer belongs to. */
export function currentSession(messages: readonly ChatMessage[]): string | undefined {
  for (let i = messages.length - 1; i >= 0; i--) {
    const s = messages[i]?.done?.sessionId;
    if (s) return s;
  }
  return undefined;
}

/** Enter sends; Shift+Enter (or an IME composition) does not. */
export function isSendKey(e: { key: string; shiftKey: boolean; isComposing?: boolean }): boolean {
  return e.key === "Enter" && !e.shiftKey && !e.isComposing;
}
