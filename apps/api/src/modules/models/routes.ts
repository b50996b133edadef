import type { OpenAPIHono } from "@hono/zod-openapi";
import { apiRoute, jsonResponse } from "../../http/openapi.ts";
import type { AppEnv } from "../../http/types.ts";
import { countUsage, recordUsage } from "../../http/usage.ts";
import { csvLine } from "../../shared/csv.ts";
import { TenantQuery } from "../../shared/schemas.ts";
import { resolveTenant } from "../access/index.ts";
import {
  ModelEnvelope,
  ModelFiltersQuery,
  ModelListEnvelope,
  PricingEnvelope,
  PricingQuery,
  SlugParams,
} from "./schemas.ts";
import { PRICING_COLUMNS, REFERENCE_PROMPT } from "./service.ts";

const tags = ["Models"];

export const listModelsRoute = apiRoute("models:read", {
  method: "get",
  operationId: "listModels",
  path: "/models",
  tags,
  summary: "The model catalog: slugs, providers, context windows, prices, capabilities",
  description:
    "Every model this server knows: the shipped snapshot, the AI Gateway's list when AI_GATEWAY_API_KEY is set, " +
    "the local OpenAI-compatible server's models when OPENAI_COMPATIBLE_BASE_URL is set, and MODEL_PRICES. " +
    "`configured` says whether this server can call the model's provider now. Not paged (the catalog is small); " +
    "sorted by slug.",
  request: { query: ModelFiltersQuery },
  responses: { 200: jsonResponse(ModelListEnvelope, "The models matching the filters") },
});

export const pricingRoute = apiRoute("models:read", {
  method: "get",
  operationId: "getModelPricing",
  path: "/models/pricing",
  tags,
  summary: "The pricing matrix of every model, as JSON or CSV",
  description:
    "Input, cached-input, cache-write and output prices per million tokens, image and tool-call prices, the flat " +
    "credits per prompt, and what a reference prompt (1,000 tokens in, 300 out) costs and is charged under the " +
    "settlement rule (docs/pricing.md). CSV (RFC 4180, one row per model, the JSON's columns) with `?format=csv` " +
    "or `Accept: text/csv`. Takes the filters of `GET /models`.",
  request: { query: PricingQuery },
  responses: {
    200: {
      description: "The matrix",
      content: {
        "application/json": { schema: PricingEnvelope },
        "text/csv": {
          schema: { type: "string" },
          example:
            "slug,name,provider,source,configured,priceKnown,inputPerMTok,outputPerMTok,cachedInputPerMTok,cacheWriteInputPerMTok,imagePerUnit,toolCallFee,promptCredits,referenceCostUsd,referenceCredits\r\n" +
            "openai/gpt-4.1-mini,gpt-4.1-mini,openai,snapshot,false,true,0.4,1.6,0.1,0.4,,0,1,0.00088,1.88\r\n",
        },
      },
    },
  },
});

/**
 * `GET /models/{slug}` for the document. The slug holds slashes, which a `{slug}` parameter (one path
 * segment) cannot match, so the handler is registered on `/models/{slug{.+}}` (Hono's `:slug{.+}`: the
 * rest of the path) with this route hidden from the document, and the document gets this one.
 */
export const getModelRoute = apiRoute("models:read", {
  method: "get",
  operationId: "getModel",
  path: "/models/{slug}",
  tags,
  summary: "One model by its slug (the slug's slashes stay as they are)",
  description:
    "`GET /models/openai/gpt-4.1-mini` and `GET /models/openai%2Fgpt-4.1-mini` are the same request. " +
    "An unknown slug is a 404.",
  request: { params: SlugParams, query: TenantQuery },
  responses: { 200: jsonResponse(ModelEnvelope, "The model") },
});

const wantsCsv = (format: string | undefined, accept: string | undefined) =>
  format === "csv" || (format === undefined && /\btext\/csv\b/i.test(accept ?? ""));

export function registerModelRoutes(app: OpenAPIHono<AppEnv>) {
  app.openapi(listModelsRoute, async (c) => {
    const { tenantId: asked, ...filters } = c.req.valid("query");
    const tenantId = resolveTenant(c.get("auth"), asked);
    const models = await c.get("ctx").models.list(filters);
    recordUsage(c, tenantId, "model_list", { count: models.length, filters });
    return c.json({ models }, 200);
  });

  // Before `/models/{slug{.+}}`, which would read "pricing" as a slug.
  app.openapi(pricingRoute, async (c) => {
    const { tenantId: asked, format, ...filters } = c.req.valid("query");
    const tenantId = resolveTenant(c.get("auth"), asked);
    const ctx = c.get("ctx");
    const models = await ctx.models.pricing(filters);
    const csv = wantsCsv(format, c.req.header("accept"));
    recordUsage(c, tenantId, "model_pricing", { count: models.length, format: csv ? "csv" : "json", filters });
    if (csv) {
      const text = [PRICING_COLUMNS, ...models.map((m) => PRICING_COLUMNS.map((k) => m[k]))].map(csvLine).join("");
      return c.body(text, 200, {
        "content-type": "text/csv; charset=utf-8",
        "content-disposition": 'attachment; filename="model-pricing.csv"',
      });
    }
    const { creditsPerUsd, promptBaseCredits } = ctx.billing.rule;
    return c.json(
      {
        models,
        rule: { creditsPerUsd, promptBaseCredits },
        reference: { tokensIn: REFERENCE_PROMPT.inputTokens, tokensOut: REFERENCE_PROMPT.outputTokens },
      },
      200,
    );
  });

  // What `app.openapi` registers for a route: the route without its middleware.
  const { middleware: _middleware, ...documented } = getModelRoute as typeof getModelRoute & { middleware?: unknown };
  app.openAPIRegistry.registerPath(documented);
  app.openapi({ ...getModelRoute, path: "/models/{slug{.+}}", hide: true }, async (c) => {
    const tenantId = resolveTenant(c.get("auth"), c.req.valid("query").tenantId);
    const { slug } = c.req.valid("param");
    const model = await c.get("ctx").models.get(slug);
    countUsage(c, tenantId, "model_get", { slug });
    return c.json({ model }, 200);
  });
}
