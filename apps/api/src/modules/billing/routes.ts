import type { OpenAPIHono } from "@hono/zod-openapi";
import { apiRoute, jsonBody, jsonResponse } from "../../http/openapi.ts";
import type { AppEnv } from "../../http/types.ts";
import { TenantIdSchema, TenantQuery, z } from "../../shared/schemas.ts";
import { resolveTenant } from "../access/index.ts";

const LimitsSchema = z
  .strictObject({
    monthlyPrompts: z.number().int().min(0).optional().openapi({ description: "Prompts per calendar month (UTC)" }),
    monthlyTokens: z
      .number()
      .int()
      .min(0)
      .optional()
      .openapi({ description: "Input + output tokens per calendar month (UTC)" }),
  })
  .openapi("PlanLimits");

export const BillingSchema = z
  .object({
    tenantId: z.string(),
    creditBalance: z.number().nullable().openapi({ description: "Prepaid credits; null = unlimited (the default)" }),
    limits: LimitsSchema,
    usage: z.object({
      periodStart: z.string(),
      prompts: z.number().int(),
      tokens: z.number().int(),
      credits: z.number(),
      costUsd: z.number(),
    }),
  })
  .openapi("Billing");
const BillingEnvelope = z.object({ billing: BillingSchema }).openapi("BillingResponse");

const tags = ["Billing"];

export const getBillingRoute = apiRoute("billing:read", {
  method: "get",
  operationId: "getBilling",
  path: "/billing",
  tags,
  summary: "Credits, plan limits and this month's usage",
  request: { query: TenantQuery },
  responses: { 200: jsonResponse(BillingEnvelope, "The tenant's billing state") },
});

export const putBillingRoute = apiRoute("billing:write", {
  method: "put",
  operationId: "setBilling",
  path: "/billing",
  tags,
  summary: "Set the credit balance and plan limits (full replace)",
  description:
    "Owner keys only. `creditBalance: null` means unlimited credits. With a balance, each prompt needs its estimated credits up front (else 402) and is charged `PROMPT_BASE_CREDITS + cost in USD × CREDITS_PER_USD` after. Limits exceeded give 403 `Usage limit exceeded`.",
  request: {
    body: jsonBody(
      z
        .strictObject({
          tenantId: TenantIdSchema.optional(),
          creditBalance: z.number().min(0).max(1e12).nullable(),
          limits: LimitsSchema.default({}),
        })
        .openapi("PutBillingRequest"),
    ),
  },
  responses: { 200: jsonResponse(BillingEnvelope, "The new billing state") },
});

export const topUpRoute = apiRoute("billing:write", {
  method: "post",
  operationId: "topUpCredits",
  path: "/billing/topup",
  tags,
  summary: "Add credits to the balance",
  request: {
    body: jsonBody(
      z
        .strictObject({ tenantId: TenantIdSchema.optional(), credits: z.number().positive().max(1e12) })
        .openapi("TopUpRequest"),
    ),
  },
  responses: { 200: jsonResponse(BillingEnvelope, "The new billing state") },
});

export function registerBillingRoutes(app: OpenAPIHono<AppEnv>) {
  app.openapi(getBillingRoute, async (c) => {
    const tenantId = resolveTenant(c.get("auth"), c.req.valid("query").tenantId);
    return c.json({ billing: await c.get("ctx").billing.get(tenantId) }, 200);
  });
  app.openapi(putBillingRoute, async (c) => {
    const body = c.req.valid("json");
    const tenantId = resolveTenant(c.get("auth"), body.tenantId);
    return c.json(
      { billing: await c.get("ctx").billing.set(tenantId, { creditBalance: body.creditBalance, limits: body.limits }) },
      200,
    );
  });
  app.openapi(topUpRoute, async (c) => {
    const body = c.req.valid("json");
    const tenantId = resolveTenant(c.get("auth"), body.tenantId);
    return c.json({ billing: await c.get("ctx").billing.topUp(tenantId, body.credits) }, 200);
  });
}
