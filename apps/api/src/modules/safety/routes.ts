import type { OpenAPIHono } from "@hono/zod-openapi";
import { apiRoute, jsonBody, jsonResponse } from "../../http/openapi.ts";
import type { AppEnv } from "../../http/types.ts";
import { recordUsage } from "../../http/usage.ts";
import { TenantIdSchema, TenantQuery, z } from "../../shared/schemas.ts";
import { can, resolveTenant } from "../access/index.ts";
import { PolicyBody, PolicyEnvelope, type PolicyPack } from "./schemas.ts";

const tags = ["Guardrails"];

/**
 * The policy as a key without `policy:write` sees it: the lists a caller could use to word around
 * the guardrails (or around escalation to a human) and the webhook's URL and signing secret are
 * withheld, and `redacted` names them so an empty list is not mistaken for "none".
 */
function redactPolicy(pack: PolicyPack): PolicyPack {
  return {
    ...pack,
    blockedTerms: [],
    promptGuards: [],
    escalationKeywords: [],
    escalationWebhookUrl: null,
    escalationWebhookSecret: null,
    redacted: ["blockedTerms", "promptGuards", "escalationKeywords", "escalationWebhookUrl", "escalationWebhookSecret"],
  };
}

export const getPolicyRoute = apiRoute("policy:read", {
  method: "get",
  operationId: "getSafetyPolicy",
  path: "/personas/safety-policy",
  tags,
  summary: "Get the tenant's safety policy (defaults if none)",
  description:
    "Owner keys (`policy:write`) see the whole policy. Editor and read-only keys see it without the blocked terms, prompt guards, escalation keywords, webhook URL and signing secret (listed in `redacted`). Prompt-only keys may not read it.",
  request: { query: TenantQuery },
  responses: { 200: jsonResponse(PolicyEnvelope, "The policy (`isDefault` when none was set)") },
});

export const putPolicyRoute = apiRoute("policy:write", {
  method: "put",
  operationId: "setSafetyPolicy",
  path: "/personas/safety-policy",
  tags,
  summary: "Upsert the safety policy (full replace)",
  description:
    "Owner/admin keys only. Omitted fields mean no restriction, except `allowPii` (default false) and `toxicityThreshold` (default 0.7). Checked on every prompt before generation (422 when blocked) and on every answer after it (and on streams as they are produced).",
  request: { body: jsonBody(PolicyBody) },
  responses: { 200: jsonResponse(PolicyEnvelope, "The stored policy") },
});

export const deletePolicyRoute = apiRoute("policy:write", {
  method: "delete",
  operationId: "deleteSafetyPolicy",
  path: "/personas/safety-policy/{tenantId}",
  tags,
  summary: "Remove the safety policy",
  request: { params: z.object({ tenantId: TenantIdSchema.openapi({ param: { name: "tenantId", in: "path" } }) }) },
  responses: {
    200: jsonResponse(
      z.object({ deleted: z.literal(true), tenantId: z.string() }).openapi("DeletedSafetyPolicy"),
      "Removed: the defaults apply again",
    ),
  },
});

export function registerSafetyRoutes(app: OpenAPIHono<AppEnv>) {
  app.openapi(getPolicyRoute, async (c) => {
    const tenantId = resolveTenant(c.get("auth"), c.req.valid("query").tenantId);
    const pack = await c.get("ctx").safety.get(tenantId);
    return c.json({ policyPack: can(c.get("auth"), "policy:write") ? pack : redactPolicy(pack) }, 200);
  });
  app.openapi(putPolicyRoute, async (c) => {
    const body = c.req.valid("json");
    const tenantId = resolveTenant(c.get("auth"), body.tenantId);
    const pack = await c.get("ctx").safety.put(tenantId, body);
    recordUsage(c, tenantId, "safety_policy_update", {
      blockedTerms: pack.blockedTerms.length,
      promptGuards: pack.promptGuards.length,
    });
    return c.json({ policyPack: pack }, 200);
  });
  app.openapi(deletePolicyRoute, async (c) => {
    const tenantId = resolveTenant(c.get("auth"), c.req.valid("param").tenantId);
    await c.get("ctx").safety.delete(tenantId);
    recordUsage(c, tenantId, "safety_policy_delete", {});
    return c.json({ deleted: true as const, tenantId }, 200);
  });
}
