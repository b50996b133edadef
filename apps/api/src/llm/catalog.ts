/**
 * The model catalog snapshot: stable URL-safe slugs (`provider/model`), provider, context window and
 * prices in USD per million tokens. A model not listed here can still be used (any `openai/…`,
 * `compatible/…` name); its price is then unknown and counted as 0 (only the flat per-prompt credits
 * apply), which the catalog says with `priceKnown: false`.
 */
export interface ModelPrice {
  inputPerMTok: number;
  outputPerMTok: number;
  /** Input tokens read from the provider's prompt cache. */
  cachedInputPerMTok: number;
  /** Input tokens written to the prompt cache (Anthropic: 1.25 × input for the 5-minute cache); absent: the input price. */
  cacheWriteInputPerMTok?: number;
  /**
   * USD per input image, for models whose provider bills images by the unit. Absent: images are billed as
   * the input tokens the provider counts for them (OpenAI, Anthropic), so they are in `inputPerMTok` already.
   */
  imagePerUnit?: number;
  /** USD per tool invocation the provider bills on top of tokens (e.g. a web search). Absent: 0. */
  toolCallFee?: number;
}

export interface CatalogEntry {
  /** `provider/model`: stable, URL-safe (it may hold further slashes: `gateway/openai/gpt-4.1-mini`). */
  slug: string;
  provider: "person-run" | "openai" | "anthropic" | "gateway" | "compatible";
  /** The plain model name shown as `modelName` (e.g. `gpt-4.1-mini`). */
  name: string;
  contextWindow: number | null;
  price: ModelPrice;
  capabilities: string[];
}

const p = (
  inputPerMTok: number,
  outputPerMTok: number,
  cachedInputPerMTok: number,
  cacheWriteInputPerMTok?: number,
): ModelPrice => ({
  inputPerMTok,
  outputPerMTok,
  cachedInputPerMTok,
  ...(cacheWriteInputPerMTok !== undefined ? { cacheWriteInputPerMTok } : {}),
});

export const SIMULATOR_SLUG = "person-run/simulator";

export const CATALOG: CatalogEntry[] = [
  {
    slug: SIMULATOR_SLUG,
    provider: "person-run",
    name: "person-run-simulator",
    contextWindow: null,
    price: p(0, 0, 0),
    capabilities: ["text", "streaming", "structured-output", "offline"],
  },
  {
    slug: "openai/gpt-4.1",
    provider: "openai",
    name: "gpt-4.1",
    contextWindow: 1_047_576,
    price: p(2, 8, 0.5),
    capabilities: ["text", "streaming", "structured-output", "image-input"],
  },
  {
    slug: "openai/gpt-4.1-mini",
    provider: "openai",
    name: "gpt-4.1-mini",
    contextWindow: 1_047_576,
    price: p(0.4, 1.6, 0.1),
    capabilities: ["text", "streaming", "structured-output", "image-input"],
  },
  {
    slug: "openai/gpt-4.1-nano",
    provider: "openai",
    name: "gpt-4.1-nano",
    contextWindow: 1_047_576,
    price: p(0.1, 0.4, 0.025),
    capabilities: ["text", "streaming", "structured-output", "image-input"],
  },
  {
    slug: "openai/gpt-4o",
    provider: "openai",
    name: "gpt-4o",
    contextWindow: 128_000,
    price: p(2.5, 10, 1.25),
    capabilities: ["text", "streaming", "structured-output", "image-input"],
  },
  {
    slug: "openai/gpt-4o-mini",
    provider: "openai",
    name: "gpt-4o-mini",
    contextWindow: 128_000,
    price: p(0.15, 0.6, 0.075),
    capabilities: ["text", "streaming", "structured-output", "image-input"],
  },
  {
    slug: "anthropic/claude-sonnet-4-5",
    provider: "anthropic",
    name: "claude-sonnet-4-5",
    contextWindow: 200_000,
    price: p(3, 15, 0.3, 3.75),
    capabilities: ["text", "streaming", "structured-output", "image-input"],
  },
  {
    slug: "anthropic/claude-haiku-4-5",
    provider: "anthropic",
    name: "claude-haiku-4-5",
    contextWindow: 200_000,
    price: p(1, 5, 0.1, 1.25),
    capabilities: ["text", "streaming", "structured-output", "image-input"],
  },
];

/**
 * The gateway resells the providers' models at their list prices (its own fee is billed to the account,
 * not per token), so the snapshot lists each of them under `gateway/…` too, until a sync says otherwise.
 */
for (const e of [...CATALOG]) {
  if (e.provider === "openai" || e.provider === "anthropic")
    CATALOG.push({ ...e, slug: `gateway/${e.slug}`, provider: "gateway" });
}

/** What a model can do, as the catalog says it (the `capability` filter of `GET /models`). */
export const CAPABILITIES = [
  "text",
  "streaming",
  "structured-output",
  "image-input",
  "tools",
  "reasoning",
  "offline",
] as const;
export type Capability = (typeof CAPABILITIES)[number];

/** What one call used, as it is billed. */
export interface BilledUsage {
  /** Every input token, whether read from the prompt cache, written to it or neither. */
  inputTokens: number;
  outputTokens: number;
  /** Of the input tokens, those read from the prompt cache. */
  cachedTokens: number;
  /** Of the input tokens, those written to the prompt cache (Anthropic). */
  cacheWriteTokens?: number;
  /** Input images billed by the unit (only where the price has `imagePerUnit`). */
  images?: number;
  /** Tool invocations billed by the unit (only where the price has `toolCallFee`). */
  toolCalls?: number;
}

/**
 * Cost of one call in USD from its usage: the money half of the settlement rule (billing's `settlement`
 * turns it into credits; docs/pricing.md). `inputTokens` counts every input token, cached or not: those
 * read from the prompt cache (`cachedTokens`) cost the cached price, those written to it
 * (`cacheWriteTokens`, Anthropic) the cache-write price, the rest the input price. Images and tool calls
 * add their unit prices. Rounded to 8 decimals (a millionth of a cent).
 */
export function costUsd(price: ModelPrice, usage: BilledUsage): number {
  const cached = Math.min(usage.cachedTokens, usage.inputTokens);
  const writes = Math.min(usage.cacheWriteTokens ?? 0, usage.inputTokens - cached);
  const uncached = Math.max(0, usage.inputTokens - cached - writes);
  const usd =
    (uncached * price.inputPerMTok +
      cached * price.cachedInputPerMTok +
      writes * (price.cacheWriteInputPerMTok ?? price.inputPerMTok) +
      usage.outputTokens * price.outputPerMTok) /
      1_000_000 +
    (usage.images ?? 0) * (price.imagePerUnit ?? 0) +
    (usage.toolCalls ?? 0) * (price.toolCallFee ?? 0);
  return Math.round(usd * 1e8) / 1e8;
}
