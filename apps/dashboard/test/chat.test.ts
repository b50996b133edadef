import type { PromptDone } from "@person-run/sdk";
import { describe, expect, it } from "vitest";
import { APIError, APIUserAbortError, errorFor } from "../../../packages/sdk-ts/src/errors.ts";
import {
  blockedBy,
  type ChatMessage,
  chatReducer,
  currentSession,
  describeReason,
  failure,
  isSendKey,
  stageLabel,
} from "../src/lib/chat.ts";

const done = (over: Partial<PromptDone> = {}): PromptDone => ({
  prompt: "hi",
  response: "Hello there",
  sessionId: "s1",
  modelName: "sim",
  tokensIn: 10,
  cachedTokensIn: 0,
  tokensOut: 3,
  latencyMs: 5,
  turnId: "t1",
  model: "person-run/simulator",
  costUsd: 0.001,
  credits: 1,
  memoriesUsed: [],
  guardrail: { checked: true, blocked: false, escalated: false, reasons: [] },
  ...over,
});

describe("chat reducer", () => {
  it("appends deltas as they arrive, then the done event completes the answer", () => {
    let s: ChatMessage[] = [];
    s = chatReducer(s, { type: "send", id: "a", prompt: "hi" });
    expect(s[0]?.status).toBe("streaming");
    s = chatReducer(s, { type: "delta", id: "a", delta: "Hel" });
    s = chatReducer(s, { type: "delta", id: "a", delta: "lo" });
    expect(s[0]?.text).toBe("Hello");
    s = chatReducer(s, { type: "done", id: "a", done: done() });
    expect(s[0]).toMatchObject({ status: "done", text: "Hello there" });
    expect(s[0]?.done?.sessionId).toBe("s1");
    expect(chatReducer(s, { type: "reset" })).toEqual([]);
  });

  it("a refused answer (guardrail.blocked in done) is shown as blocked at the output stage", () => {
    let s = chatReducer([], { type: "send", id: "a", prompt: "x" });
    s = chatReducer(s, {
      type: "done",
      id: "a",
      done: done({
        response: "I can't discuss that.",
        guardrail: { checked: true, blocked: true, escalated: false, reasons: ["blocked_term"] },
      }),
    });
    expect(s[0]).toMatchObject({ status: "blocked", blocked: { stage: "output", reasons: ["blocked_term"] } });
  });

  it("only the failed message changes on fail", () => {
    let s = chatReducer([], { type: "send", id: "a", prompt: "1" });
    s = chatReducer(s, { type: "send", id: "b", prompt: "2" });
    s = chatReducer(s, { type: "fail", id: "b", error: new Error("boom") });
    expect(s.map((m) => m.status)).toEqual(["streaming", "error"]);
    expect(s[1]?.error).toBe("boom");
  });
});

describe("failures", () => {
  it("a user abort is 'stopped'", () => {
    expect(failure(new APIUserAbortError())).toEqual({ status: "stopped" });
    expect(failure(Object.assign(new Error("aborted"), { name: "AbortError" }))).toEqual({ status: "stopped" });
  });

  it("a 422 blocked_by_policy carries the stage and the reasons", () => {
    const err = errorFor(422, {
      error: "Blocked by the safety policy",
      code: "blocked_by_policy",
      guardrail: { stage: "input", reasons: ["blocked_term"] },
    });
    expect(blockedBy(err)).toEqual({
      stage: "input",
      reasons: ["blocked_term"],
      message: "Blocked by the safety policy",
    });
    expect(failure(err)).toMatchObject({ status: "blocked", blocked: { stage: "input" } });
  });

  it("a stream error event with that code (no guardrail body) is still a block", () => {
    const err = new APIError(200, { error: "Refused", code: "blocked_by_policy" }, "Refused");
    expect(blockedBy(err)).toEqual({ stage: null, reasons: [], message: "Refused" });
  });

  it("other errors are errors", () => {
    expect(blockedBy(errorFor(404, { error: "Persona not found", code: "not_found" }))).toBeNull();
    expect(failure(errorFor(404, { error: "Persona not found", code: "not_found" }))).toEqual({
      status: "error",
      error: "Persona not found",
    });
    expect(failure("weird")).toEqual({ status: "error", error: "weird" });
  });
});

describe("chat helpers", () => {
  it("continues the session of the last completed answer", () => {
    expect(currentSession([])).toBeUndefined();
    const s: ChatMessage[] = [
      { id: "a", prompt: "", text: "", status: "done", done: done({ sessionId: "s1" }) },
      { id: "b", prompt: "", text: "", status: "error" },
    ];
    expect(currentSession(s)).toBe("s1");
  });

  it("Enter sends, Shift+Enter and IME composition do not", () => {
    expect(isSendKey({ key: "Enter", shiftKey: false })).toBe(true);
    expect(isSendKey({ key: "Enter", shiftKey: true })).toBe(false);
    expect(isSendKey({ key: "Enter", shiftKey: false, isComposing: true })).toBe(false);
    expect(isSendKey({ key: "a", shiftKey: false })).toBe(false);
  });

  it("describes reasons and stages in words", () => {
    expect(describeReason("blocked_term")).toBe("a blocked term");
    expect(describeReason("pii: email")).toBe("personal data (email)");
    expect(describeReason("toxicity")).toBe("toxicity");
    expect(describeReason("something_new")).toBe("something new");
    expect(stageLabel("input")).toBe("The prompt was blocked");
    expect(stageLabel("output")).toBe("The answer was blocked");
    expect(stageLabel(null)).toBe("Blocked");
  });
});
