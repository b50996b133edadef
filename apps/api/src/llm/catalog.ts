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
}

export interface CatalogEntry {
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
    capabilities: ["text", "streaming", "structured-output"],
  },
  {
    slug: "openai/gpt-4.1-mini",
    provider: "openai",
    name: "gpt-4.1-mini",
    contextWindow: 1_047_576,
    price: p(0.4, 1.6, 0.1),
    capabilities: ["text", "streaming", "structured-output"],
  },
  {
    slug: "openai/gpt-4.1-nano",
    provider: "openai",
    name: "gpt-4.1-nano",
    contextWindow: 1_047_576,
    price: p(0.1, 0.4, 0.025),
    capabilities: ["text", "streaming", "structured-output"],
  },
  {
    slug: "openai/gpt-4o",
    provider: "openai",
    name: "gpt-4o",
    contextWindow: 128_000,
    price: p(2.5, 10, 1.25),
    capabilities: ["text", "streaming", "structured-output"],
  },
  {
    slug: "openai/gpt-4o-mini",
    provider: "openai",
    name: "gpt-4o-mini",
    contextWindow: 128_000,
    price: p(0.15, 0.6, 0.075),
    capabilities: ["text", "streaming", "structured-output"],
  },
  {
    slug: "anthropic/claude-sonnet-4-5",
    provider: "anthropic",
    name: "claude-sonnet-4-5",
    contextWindow: 200_000,
    price: p(3, 15, 0.3, 3.75),
    capabilities: ["text", "streaming", "structured-output"],
  },
  {
    slug: "anthropic/claude-haiku-4-5",
    provider: "anthropic",
    name: "claude-haiku-4-5",
    contextWindow: 200_000,
    price: p(1, 5, 0.1, 1.25),
    capabilities: ["text", "streaming", "structured-output"],
  },
];

const BY_SLUG = new Map(CATALOG.map((e) => [e.slug, e]));

export function catalogEntry(slug: string): CatalogEntry | undefined {
  return BY_SLUG.get(slug);
}

/**
 * Cost of one call in USD from its token usage. `inputTokens` counts every input token, cached or not:
 * those read from the prompt cache (`cachedTokens`) cost the cached price, those written to it
 * (`cacheWriteTokens`, Anthropic) the cache-write price, the rest the input price.
 */
export function costUsd(
  price: ModelPrice,
  usage: { inputTokens: number; outputTokens: number; cachedTokens: number; cacheWriteTokens?: number },
): number {
  const cached = Math.min(usage.cachedTokens, usage.inputTokens);
  const writes = Math.min(usage.cacheWriteTokens ?? 0, usage.inputTokens - cached);
  const uncached = Math.max(0, usage.inputTokens - cached - writes);
  const usd =
    (uncached * price.inputPerMTok +
      cached * price.cachedInputPerMTok +
      writes * (price.cacheWriteInputPerMTok ?? price.inputPerMTok) +
      usage.outputTokens * price.outputPerMTok) /
    1_000_000;
  return Math.round(usd * 1e8) / 1e8;
}
