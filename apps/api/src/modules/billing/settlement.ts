import { type BilledUsage, costUsd, type ModelPrice } from "../../llm/index.ts";

/** The two numbers of the rule an operator sets: CREDITS_PER_USD and PROMPT_BASE_CREDITS. */
export interface SettlementRule {
  creditsPerUsd: number;
  /** Flat credits per prompt (the per-invocation fee), charged even when the tokens cost nothing. */
  promptBaseCredits: number;
}

export interface Settlement {
  /** The provider's cost of the call, USD, 8 decimals. */
  costUsd: number;
  /** What the tenant is charged: `promptBaseCredits + costUsd × creditsPerUsd`, rounded up to 4 decimals. */
  credits: number;
}

/** Up to 4 decimals, upwards; the epsilon keeps an exact value (0.0004) from becoming the next step up. */
const ceil4 = (n: number) => Math.ceil(n * 10_000 - 1e-9) / 10_000;

/**
 * The settlement rule, written once (docs/pricing.md): how one model call's usage becomes its cost in USD
 * and the credits charged for it.
 *
 *   costUsd = (input − cached − cacheWrite) × inputPerMTok / 1e6 + cached × cachedInputPerMTok / 1e6
 *           + cacheWrite × cacheWriteInputPerMTok / 1e6 + output × outputPerMTok / 1e6
 *           + images × imagePerUnit + toolCalls × toolCallFee                  (8 decimals)
 *   credits = ceil4(promptBaseCredits + costUsd × creditsPerUsd)
 *
 * Every metered call — a persona's turn, a judge's verdict, a summary, a study's estimate — and
 * `GET /models/pricing` use this function; `/billing` sums what it gave each recorded turn.
 */
export function settlement(price: ModelPrice, usage: BilledUsage, rule: SettlementRule): Settlement {
  const usd = costUsd(price, usage);
  return { costUsd: usd, credits: ceil4(rule.promptBaseCredits + usd * rule.creditsPerUsd) };
}
