import type { Schemas } from "@person-run/sdk";
import { describe, expect, it } from "vitest";
import { formToBody, isDirty, policyToForm, toLines } from "../src/lib/safety.ts";

const policy: Schemas["SafetyPolicy"] = {
  tenantId: "t1",
  blockedTerms: ["acme corp", "project falcon"],
  allowPii: false,
  toxicityThreshold: 0.7,
  promptGuards: ["ignore previous instructions"],
  escalationKeywords: [],
  topicBoundaries: { allowedTopics: [], blockedTopics: ["politics"] },
  refusalMessage: "I can't help with that.",
  escalationWebhookUrl: null,
  escalationWebhookSecret: null,
  isDefault: false,
  updatedAt: "2026-01-01T00:00:00.000Z",
};

describe("safety policy form", () => {
  it("round-trips a policy through the form", () => {
    const form = policyToForm(policy);
    expect(form.blockedTerms).toBe("acme corp\nproject falcon");
    expect(form.escalationWebhookUrl).toBe("");
    expect(formToBody(form)).toEqual({
      blockedTerms: ["acme corp", "project falcon"],
      allowPii: false,
      toxicityThreshold: 0.7,
      promptGuards: ["ignore previous instructions"],
      escalationKeywords: [],
      topicBoundaries: { allowedTopics: [], blockedTopics: ["politics"] },
      refusalMessage: "I can't help with that.",
    });
  });

  it("sends a webhook URL when given, and drops an empty refusal message (the default applies)", () => {
    const body = formToBody({
      ...policyToForm(policy),
      escalationWebhookUrl: " https://x.test/h ",
      refusalMessage: " ",
    });
    expect(body.escalationWebhookUrl).toBe("https://x.test/h");
    expect("refusalMessage" in body).toBe(false);
  });

  it("a blank threshold is sent as invalid (the API says why) rather than silently defaulted", () => {
    expect(Number.isNaN(formToBody({ ...policyToForm(policy), toxicityThreshold: "" }).toxicityThreshold)).toBe(true);
  });

  it("isDirty ignores blank lines and whitespace, sees real changes", () => {
    const form = policyToForm(policy);
    expect(isDirty(form, policy)).toBe(false);
    expect(isDirty({ ...form, blockedTerms: "acme corp\n\n project falcon \n" }, policy)).toBe(false);
    expect(isDirty({ ...form, toxicityThreshold: "0.70" }, policy)).toBe(false);
    expect(isDirty({ ...form, blockedTerms: "acme corp" }, policy)).toBe(true);
    expect(isDirty({ ...form, allowPii: true }, policy)).toBe(true);
  });

  it("toLines trims and drops blanks", () => {
    expect(toLines(" a \n\nb\n")).toEqual(["a", "b"]);
  });
});
