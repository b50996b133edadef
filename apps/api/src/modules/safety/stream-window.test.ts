import { describe, expect, it } from "vitest";
import { createCacheProvider } from "../../cache.ts";
import { compilePolicy, holdBack } from "./detect.ts";
import type { PolicyPack } from "./schemas.ts";
import { type ActivePolicy, DEFAULT_REFUSAL, SafetyService } from "./service.ts";
import { StreamGuard } from "./stream-window.ts";

function active(blockedTerms: string[], allowPii = false): ActivePolicy {
  const compiled = compilePolicy({
    blockedTerms,
    promptGuards: [],
    escalationKeywords: [],
    allowedTopics: [],
    blockedTopics: [],
  });
  const pack = { blockedTerms, allowPii, toxicityThreshold: 0.7, refusalMessage: DEFAULT_REFUSAL } as PolicyPack;
  return { pack, compiled, holdBack: Math.max(64, holdBack(compiled)) };
}

// The window checks use no dependency of the service (its cache scope is made in the constructor).
const safety = new SafetyService({ cache: createCacheProvider("off") } as never);

function run(policy: ActivePolicy, deltas: string[]) {
  const guard = new StreamGuard(safety, policy);
  let sent = "";
  for (const d of deltas) {
    const step = guard.push(d);
    if ("blocked" in step) return { sent, blocked: step.blocked };
    sent += step.send;
  }
  const last = guard.end();
  if ("blocked" in last) return { sent, blocked: last.blocked };
  return { sent: sent + last.send, final: last.final };
}

const prose = (n: number) =>
  Array.from({ length: n }, (_, i) => `Sentence number ${i} is about trying a new app at work. `).join("");
const chunks = (text: string, size: number) => text.match(new RegExp(`[\\s\\S]{1,${size}}`, "g")) ?? [];

describe("the stream's sliding-window guardrails", () => {
  it("sends everything of a clean answer, in order, and the final text is exactly what was sent", () => {
    const text = prose(80);
    for (const size of [1, 3, 17, 200]) {
      const out = run(active(["zorblax"]), chunks(text, size));
      expect(out.blocked).toBeUndefined();
      expect(out.sent).toBe(text);
      expect(out.final?.text).toBe(text);
    }
  });

  it("releases the first text as soon as a few words are past the hold-back", () => {
    const policy = active(["zorblax"]);
    const guard = new StreamGuard(safety, policy);
    const text = prose(10);
    let first = -1;
    for (let i = 0; i < text.length && first < 0; i++) {
      const step = guard.push(text[i] as string);
      if ("send" in step && step.send.length > 0) first = i + 1;
    }
    // A few words past the hold-back (not the three hold-backs of later steps).
    expect(first).toBeGreaterThan(policy.holdBack);
    expect(first).toBeLessThan(2 * policy.holdBack);
  });

  it("never sends a blocked term, wherever it falls and however it is split", () => {
    const text = prose(60);
    for (const at of [0, 70, 500, 1234, text.length - 10]) {
      for (const variant of ["zorblax", "z o r b l a x", "ZORB-LAX", "zor\u200bblax"]) {
        const answer = `${text.slice(0, at)} ${variant} ${text.slice(at)}`;
        for (const size of [1, 2, 5, 64]) {
          const out = run(active(["zorblax"]), chunks(answer, size));
          expect(out.blocked, `${variant} at ${at}, chunks of ${size}`).toBeDefined();
          expect(out.sent.toLowerCase().replace(/[^a-z]/g, "")).not.toContain("zorblax");
        }
      }
    }
  });

  it("redacts PII before it leaves, even when it crosses a window's edge", () => {
    const text = prose(30);
    for (const at of [60, 130, 200, 333, 900]) {
      const answer = `${text.slice(0, at)} write to jane.doe@example.com or call 415-555-0134 ${text.slice(at)}`;
      for (const size of [1, 4, 30]) {
        const out = run(active([]), chunks(answer, size));
        expect(out.blocked).toBeUndefined();
        expect(out.sent).not.toContain("jane.doe@example.com");
        expect(out.sent).not.toContain("555-0134");
        expect(out.sent).toContain("[redacted email]");
        expect(out.final?.text).toBe(out.sent);
      }
    }
    const allowed = run(active([], true), chunks(`${text} jane.doe@example.com`, 7));
    expect(allowed.sent).toContain("jane.doe@example.com");
  });
});
