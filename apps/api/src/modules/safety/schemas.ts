import { TenantIdSchema, z } from "../../shared/schemas.ts";

const phrase = z.string().trim().min(1).max(200);

export const PolicyBody = z
  .strictObject({
    tenantId: TenantIdSchema.optional(),
    blockedTerms: z
      .array(phrase)
      .max(5000)
      .optional()
      .openapi({ description: "Words or phrases that never pass, in or out" }),
    allowPii: z
      .boolean()
      .optional()
      .openapi({ description: "Default false: PII in prompts is refused and redacted from answers" }),
    toxicityThreshold: z.number().min(0).max(1).optional().openapi({ description: "0-1, default 0.7" }),
    promptGuards: z
      .array(z.string().trim().min(1).max(300))
      .max(500)
      .optional()
      .openapi({ description: "Phrases (or `/regex/flags`) that block a prompt: injection and jailbreak attempts" }),
    escalationKeywords: z.array(phrase).max(500).optional().openapi({ description: "Hand the session to a human" }),
    topicBoundaries: z
      .strictObject({
        allowedTopics: z.array(phrase).max(100).default([]),
        blockedTopics: z.array(phrase).max(100).default([]),
      })
      .optional(),
    refusalMessage: z.string().trim().min(1).max(1000).optional(),
    escalationWebhookUrl: z
      .url({ protocol: /^https?$/ })
      .max(2000)
      .optional(),
  })
  .openapi("SafetyPolicyRequest");

export const PolicyPackSchema = z
  .object({
    tenantId: z.string(),
    blockedTerms: z.array(z.string()),
    allowPii: z.boolean(),
    toxicityThreshold: z.number(),
    promptGuards: z.array(z.string()),
    escalationKeywords: z.array(z.string()),
    topicBoundaries: z.object({ allowedTopics: z.array(z.string()), blockedTopics: z.array(z.string()) }),
    refusalMessage: z.string(),
    escalationWebhookUrl: z.string().nullable(),
    escalationWebhookSecret: z.string().nullable().openapi({
      description:
        "Key of the webhook's HMAC-SHA256 signature (header `x-person-run-signature: t=<unix>,v1=<hex>` over `<t>.<body>`)",
    }),
    isDefault: z.boolean().openapi({ description: "true when the tenant has not set a policy" }),
    redacted: z.array(z.string()).optional().openapi({
      description:
        "Fields withheld from this key (shown empty or null): only keys that may change the policy (`policy:write`) see the terms, guards and escalation keywords a caller could use to evade it, and the webhook URL and secret.",
    }),
    updatedAt: z.string().nullable(),
  })
  .openapi("SafetyPolicy");

export const PolicyEnvelope = z.object({ policyPack: PolicyPackSchema }).openapi("SafetyPolicyResponse");

export type PolicyBodyInput = z.infer<typeof PolicyBody>;
export type PolicyPack = z.infer<typeof PolicyPackSchema>;
