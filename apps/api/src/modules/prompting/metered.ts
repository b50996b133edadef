import { type LlmClient, LlmError, type LlmResult, llmErrorToApi, type ResolvedModel } from "../../llm/index.ts";
import type { UsageRecorder } from "../analytics/index.ts";
import type { BillingService } from "../billing/index.ts";
import type { Caller } from "./engine.ts";

/**
 * A model call that is not a persona's turn (a judge's verdict, a summary), metered like a prompt: credits
 * reserved from an estimate before the call (402/403 when the tenant cannot start it), settled from the real
 * usage after it and given back in full when it fails; a usage event with the model, tokens, cost and
 * credits (plus the caller's own fields); provider failures become the API's errors.
 */
export async function meteredCall<T>(
  deps: { llm: LlmClient; billing: BillingService; usage: UsageRecorder },
  caller: Caller,
  spec: {
    model?: string;
    /** Characters of the system prompt and messages, for the estimate. */
    promptChars: number;
    maxTokens: number;
    event: "judge_call" | "summary_call";
    /** The event's own fields, from what the call returned. */
    payload: (value: T) => Record<string, unknown>;
  },
  call: (model: ResolvedModel) => Promise<{ value: T; result: LlmResult }>,
): Promise<{ value: T; result: LlmResult; costUsd: number; credits: number }> {
  const model = deps.llm.registry.resolve(spec.model);
  const reservation = await deps.billing.reserve(
    caller.tenantId,
    deps.billing.estimate(model.price, spec.promptChars, spec.maxTokens),
  );
  let settled = false;
  try {
    const { value, result } = await call(model);
    const { usage } = result;
    const { costUsd, credits } = deps.billing.credits(result.model.price, usage);
    settled = true;
    await deps.billing.settle(reservation, { credits, tokens: usage.inputTokens + usage.outputTokens });
    deps.usage.record({
      tenantId: caller.tenantId,
      apiKeyId: caller.apiKeyId,
      requestId: caller.requestId,
      event: spec.event,
      payload: {
        ...spec.payload(value),
        model: result.model.slug,
        modelName: result.model.name,
        tokensIn: usage.inputTokens,
        tokensOut: usage.outputTokens,
        cachedTokens: usage.cachedTokens,
        costUsd,
        credits,
      },
    });
    return { value, result, costUsd, credits };
  } catch (err) {
    throw err instanceof LlmError ? llmErrorToApi(err) : err;
  } finally {
    // A failed or aborted call recorded nothing billable: its reservation goes back in full.
    if (!settled) await deps.billing.settle(reservation, null);
  }
}
