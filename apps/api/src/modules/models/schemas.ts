import { CAPABILITIES } from "../../llm/index.ts";
import { TenantQuery, z } from "../../shared/schemas.ts";

const PROVIDERS = ["person-run", "openai", "anthropic", "gateway", "compatible"] as const;
const SOURCES = ["snapshot", "gateway", "local", "config"] as const;

export const ModelPriceSchema = z
  .object({
    inputPerMTok: z.number().openapi({ description: "USD per million input tokens", example: 0.4 }),
    outputPerMTok: z.number().openapi({ description: "USD per million output tokens", example: 1.6 }),
    cachedInputPerMTok: z
      .number()
      .openapi({ description: "USD per million input tokens read from the provider's prompt cache", example: 0.1 }),
    cacheWriteInputPerMTok: z.number().optional().openapi({
      description: "USD per million input tokens written to the prompt cache (Anthropic); absent: the input price",
    }),
    imagePerUnit: z.number().optional().openapi({
      description:
        "USD per input image, where the provider bills images by the unit; absent: images count as input tokens",
    }),
    toolCallFee: z
      .number()
      .optional()
      .openapi({ description: "USD per tool invocation billed on top of tokens; absent: 0" }),
  })
  .openapi("ModelPrice");

export const ModelSchema = z
  .object({
    slug: z.string().openapi({
      description: "Stable, URL-safe `provider/model` (may hold more slashes: `gateway/openai/gpt-4.1-mini`)",
      example: "openai/gpt-4.1-mini",
    }),
    name: z
      .string()
      .openapi({ description: "The plain model name, as `modelName` in answers", example: "gpt-4.1-mini" }),
    provider: z.enum(PROVIDERS),
    contextWindow: z.number().int().nullable().openapi({ description: "Tokens; null when unknown", example: 1047576 }),
    price: ModelPriceSchema,
    priceKnown: z.boolean().openapi({
      description: "False when nothing prices this model (a listed local model): its token cost counts as 0",
    }),
    capabilities: z.array(z.string()).openapi({ example: ["text", "streaming", "structured-output", "image-input"] }),
    configured: z
      .boolean()
      .openapi({ description: "Whether this server has the provider's credentials (it can call it)" }),
    source: z.enum(SOURCES).openapi({
      description:
        "snapshot: shipped with this version; gateway: the AI Gateway's list; local: the OpenAI-compatible server's list; config: MODEL_PRICES",
    }),
    lastSyncedAt: z
      .string()
      .nullable()
      .openapi({ description: "When the source was last read; null for the snapshot and configuration" }),
  })
  .openapi("Model", {
    example: {
      slug: "openai/gpt-4.1-mini",
      name: "gpt-4.1-mini",
      provider: "openai",
      contextWindow: 1047576,
      price: { inputPerMTok: 0.4, outputPerMTok: 1.6, cachedInputPerMTok: 0.1 },
      priceKnown: true,
      capabilities: ["text", "streaming", "structured-output", "image-input"],
      configured: false,
      source: "snapshot",
      lastSyncedAt: null,
    },
  });

const booleanText = z
  .enum(["true", "false"])
  .transform((v) => v === "true")
  .openapi({ type: "string", enum: ["true", "false"] });

export const ModelFiltersQuery = TenantQuery.extend({
  provider: z.enum(PROVIDERS).optional().openapi({ description: "Only this provider's models" }),
  capability: z.enum(CAPABILITIES).optional().openapi({ description: "Only models with this capability" }),
  configured: booleanText.optional().openapi({ description: "true: only models this server can call now" }),
});

export const PricingQuery = ModelFiltersQuery.extend({
  format: z
    .enum(["json", "csv"])
    .optional()
    .openapi({ description: "csv: the same table as text/csv (so does `Accept: text/csv`)" }),
});

export const SlugParams = z.object({
  slug: z
    .string()
    .min(3)
    .max(256)
    .openapi({
      param: { name: "slug", in: "path" },
      description: "The model's slug, slashes and all, unencoded (`openai/gpt-4.1-mini`) or with `%2F`",
      example: "openai/gpt-4.1-mini",
    }),
});

export const ModelListEnvelope = z.object({ models: z.array(ModelSchema) }).openapi("ModelList");
export const ModelEnvelope = z.object({ model: ModelSchema }).openapi("ModelResponse");

export const PricingRowSchema = z
  .object({
    slug: z.string(),
    name: z.string(),
    provider: z.enum(PROVIDERS),
    source: z.enum(SOURCES),
    configured: z.boolean(),
    priceKnown: z.boolean(),
    inputPerMTok: z.number(),
    outputPerMTok: z.number(),
    cachedInputPerMTok: z.number(),
    cacheWriteInputPerMTok: z.number().openapi({
      description: "USD per million tokens written to the prompt cache (the input price where none extra)",
    }),
    imagePerUnit: z.number().nullable().openapi({
      description:
        "USD per input image where the model takes images and its provider bills them by the unit; else null",
    }),
    toolCallFee: z.number().openapi({ description: "USD per tool invocation (0: none)" }),
    promptCredits: z.number().openapi({ description: "Flat credits per prompt (PROMPT_BASE_CREDITS)" }),
    referenceCostUsd: z.number().openapi({ description: "USD cost of a reference prompt: 1,000 tokens in, 300 out" }),
    referenceCredits: z
      .number()
      .openapi({ description: "Credits of the reference prompt under the settlement rule (docs/pricing.md)" }),
  })
  .openapi("ModelPricing", {
    example: {
      slug: "openai/gpt-4.1-mini",
      name: "gpt-4.1-mini",
      provider: "openai",
      source: "snapshot",
      configured: false,
      priceKnown: true,
      inputPerMTok: 0.4,
      outputPerMTok: 1.6,
      cachedInputPerMTok: 0.1,
      cacheWriteInputPerMTok: 0.4,
      imagePerUnit: null,
      toolCallFee: 0,
      promptCredits: 1,
      referenceCostUsd: 0.00088,
      referenceCredits: 1.88,
    },
  });

export const PricingEnvelope = z
  .object({
    models: z.array(PricingRowSchema),
    rule: z
      .object({ creditsPerUsd: z.number(), promptBaseCredits: z.number() })
      .openapi({ description: "The settlement rule's two settings (CREDITS_PER_USD, PROMPT_BASE_CREDITS)" }),
    reference: z
      .object({ tokensIn: z.number().int(), tokensOut: z.number().int() })
      .openapi({ description: "The reference prompt of referenceCostUsd and referenceCredits" }),
  })
  .openapi("ModelPricingMatrix");
