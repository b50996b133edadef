import { describe, expect, it } from "vitest";
import type { ModelPrice } from "../../llm/index.ts";
import { settlement } from "./settlement.ts";

/** The settlement rule on cases computed by hand (docs/pricing.md has the same ones). */

const RULE = { creditsPerUsd: 1000, promptBaseCredits: 1 };
const MINI: ModelPrice = { inputPerMTok: 0.4, outputPerMTok: 1.6, cachedInputPerMTok: 0.1 };
const SONNET: ModelPrice = {
  inputPerMTok: 3,
  outputPerMTok: 15,
  cachedInputPerMTok: 0.3,
  cacheWriteInputPerMTok: 3.75,
};

describe("settlement", () => {
  it("charges input and output tokens at their prices, plus the flat per-prompt credits", () => {
    // 1,000 × 0.40 / 1e6 + 300 × 1.60 / 1e6 = 0.0004 + 0.00048 = $0.00088 → 1 + 0.88 = 1.88 credits
    expect(settlement(MINI, { inputTokens: 1000, outputTokens: 300, cachedTokens: 0 }, RULE)).toEqual({
      costUsd: 0.00088,
      credits: 1.88,
    });
  });

  it("charges cached input at the cached price and cache writes at the cache-write price", () => {
    // 10,000 in of which 8,000 read from the cache, 500 out:
    // 2,000 × 0.40 + 8,000 × 0.10 + 500 × 1.60 = 800 + 800 + 800 = 2,400 / 1e6 = $0.0024 → 3.4 credits
    expect(settlement(MINI, { inputTokens: 10_000, outputTokens: 500, cachedTokens: 8000 }, RULE)).toEqual({
      costUsd: 0.0024,
      credits: 3.4,
    });
    // Anthropic, 4,000 in: 1,000 read (0.30), 2,000 written (3.75), 1,000 plain (3); 100 out (15):
    // 300 + 7,500 + 3,000 + 1,500 = 12,300 / 1e6 = $0.0123 → 13.3 credits
    expect(
      settlement(SONNET, { inputTokens: 4000, outputTokens: 100, cachedTokens: 1000, cacheWriteTokens: 2000 }, RULE),
    ).toEqual({ costUsd: 0.0123, credits: 13.3 });
    // Without a cache-write price, written tokens cost the input price.
    expect(
      settlement(MINI, { inputTokens: 1000, outputTokens: 0, cachedTokens: 0, cacheWriteTokens: 1000 }, RULE).costUsd,
    ).toBe(0.0004);
  });

  it("never counts more cached or written tokens than there were input tokens", () => {
    // A provider reporting 5,000 cached of 1,000 input: all 1,000 at the cached price.
    expect(settlement(MINI, { inputTokens: 1000, outputTokens: 0, cachedTokens: 5000 }, RULE).costUsd).toBe(0.0001);
  });

  it("rounds the credits up to 4 decimals and the cost to 8", () => {
    // 1 token in at $0.40/M = $0.0000004 → 0.0004 credits: exactly 1.0004, not 1.0005.
    expect(settlement(MINI, { inputTokens: 1, outputTokens: 0, cachedTokens: 0 }, RULE)).toEqual({
      costUsd: 4e-7,
      credits: 1.0004,
    });
    // 3 tokens at $0.025/M = $0.000000075 → $0.00000008 at 8 decimals (to the nearest); its 0.00008 credits
    // are rounded up to 0.0001 (the credits are computed from the rounded cost).
    const nano: ModelPrice = { inputPerMTok: 0.025, outputPerMTok: 0, cachedInputPerMTok: 0 };
    expect(settlement(nano, { inputTokens: 3, outputTokens: 0, cachedTokens: 0 }, RULE)).toEqual({
      costUsd: 8e-8,
      credits: 1.0001,
    });
    // A third of a cent: $0.00333333… → 8 decimals; 3.33333… credits → 4.3334 (up, never down).
    const odd: ModelPrice = { inputPerMTok: 10 / 3, outputPerMTok: 0, cachedInputPerMTok: 0 };
    expect(settlement(odd, { inputTokens: 1000, outputTokens: 0, cachedTokens: 0 }, RULE)).toEqual({
      costUsd: 0.00333333,
      credits: 4.3334,
    });
  });

  it("adds per-image and per-tool-call fees where the price has them (0 by default)", () => {
    const priced: ModelPrice = { ...MINI, imagePerUnit: 0.001, toolCallFee: 0.01 };
    // $0.00088 in tokens + 2 images × $0.001 + 1 tool call × $0.01 = $0.01288 → 13.88 credits
    expect(
      settlement(priced, { inputTokens: 1000, outputTokens: 300, cachedTokens: 0, images: 2, toolCalls: 1 }, RULE),
    ).toEqual({ costUsd: 0.01288, credits: 13.88 });
    // The same usage on a price without those fields costs the tokens only.
    expect(
      settlement(MINI, { inputTokens: 1000, outputTokens: 300, cachedTokens: 0, images: 2, toolCalls: 1 }, RULE),
    ).toEqual({ costUsd: 0.00088, credits: 1.88 });
  });

  it("charges only the flat credits for a free model, and nothing at all under a zero rule", () => {
    const free: ModelPrice = { inputPerMTok: 0, outputPerMTok: 0, cachedInputPerMTok: 0 };
    expect(settlement(free, { inputTokens: 5000, outputTokens: 900, cachedTokens: 0 }, RULE)).toEqual({
      costUsd: 0,
      credits: 1,
    });
    expect(
      settlement(
        MINI,
        { inputTokens: 1000, outputTokens: 300, cachedTokens: 0 },
        { creditsPerUsd: 1, promptBaseCredits: 0 },
      ),
    ).toEqual({ costUsd: 0.00088, credits: 0.0009 });
  });
});
