import type { JSONObject } from "@ai-sdk/provider";
import { generateText, type ModelMessage, Output, streamText } from "ai";
import type { z } from "zod";
import type { Config } from "../config.ts";
import type { Logger } from "../logger.ts";
import { jitteredBackoffMs } from "../shared/backoff.ts";
import { classifyLlmError, LlmError } from "./errors.ts";
import type { ModelRegistry, ResolvedModel } from "./registry.ts";
import type { SimContext } from "./simulator/types.ts";

export interface LlmRequest {
  /** Model slug; the registry's default when omitted. */
  model?: string;
  system: string;
  messages: ModelMessage[];
  temperature?: number;
  maxTokens?: number;
  /** Structured context for the simulator (ignored by real providers). */
  simulator?: SimContext;
  abortSignal?: AbortSignal;
}

export interface LlmUsage {
  inputTokens: number;
  outputTokens: number;
  cachedTokens: number;
}

export interface LlmResult {
  text: string;
  usage: LlmUsage;
  model: ResolvedModel;
  finishReason: string;
  /** Attempts made, fallback included (1 = first try succeeded). */
  attempts: number;
}

export interface LlmStream {
  /** Word-sized (or provider-sized) text deltas, as produced. */
  deltas: AsyncIterable<string>;
  /** Settles when the stream ends: the full result, or the classified error. */
  result: Promise<LlmResult>;
}

// The AI SDK prints its warnings to the console; ours go through the logger (see generate()).
(globalThis as { AI_SDK_LOG_WARNINGS?: boolean }).AI_SDK_LOG_WARNINGS = false;

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    if (signal?.aborted) return reject(new LlmError("aborted", "The request was cancelled", false));
    const t = setTimeout(resolve, ms);
    signal?.addEventListener("abort", () => {
      clearTimeout(t);
      reject(new LlmError("aborted", "The request was cancelled", false));
    });
  });

/** Jittered exponential backoff (250 ms, 500 ms, 1 s, … ×0.5–1.5), or the provider's Retry-After (≤ 30 s). */
export function backoffMs(attempt: number, retryAfterMs?: number): number {
  if (retryAfterMs !== undefined) return Math.min(retryAfterMs, 30_000);
  return jitteredBackoffMs(attempt, { baseMs: 250, jitter: 0.5 });
}

const usageOf = (
  u: { inputTokens?: number; outputTokens?: number; cachedInputTokens?: number } | undefined,
): LlmUsage => ({
  inputTokens: u?.inputTokens ?? 0,
  outputTokens: u?.outputTokens ?? 0,
  cachedTokens: u?.cachedInputTokens ?? 0,
});

/**
 * Every model call goes through here: a deadline per call, retries with jittered backoff on
 * retryable errors only (honouring Retry-After), then the fallback model once, and errors classified
 * (`LlmError`). Streams retry only until their first delta.
 */
export class LlmClient {
  constructor(
    readonly registry: ModelRegistry,
    private readonly config: Config["llm"],
    private readonly logger: Logger,
  ) {}

  private async withRetries<T>(
    req: LlmRequest,
    call: (model: ResolvedModel, signal: AbortSignal) => Promise<T>,
    canRetry: () => boolean = () => true,
  ): Promise<{ value: T; model: ResolvedModel; attempts: number }> {
    const primary = this.registry.resolve(req.model);
    const chain = [primary];
    if (this.registry.fallbackSlug && this.registry.fallbackSlug !== primary.slug) {
      chain.push(this.registry.resolve(this.registry.fallbackSlug));
    }
    let attempts = 0;
    let last: LlmError | undefined;
    for (const model of chain) {
      for (let retry = 0; retry <= this.config.maxRetries; retry++) {
        attempts++;
        const timeout = AbortSignal.timeout(this.config.timeoutMs);
        const signal = req.abortSignal ? AbortSignal.any([req.abortSignal, timeout]) : timeout;
        try {
          return { value: await call(model, signal), model, attempts };
        } catch (err) {
          last = classifyLlmError(err, { timedOut: timeout.aborted, aborted: Boolean(req.abortSignal?.aborted) });
          this.logger.warn(
            { model: model.slug, attempt: attempts, kind: last.kind, status: last.status },
            "model call failed",
          );
          if (!last.retryable || !canRetry()) throw last;
          if (retry < this.config.maxRetries) await sleep(backoffMs(retry, last.retryAfterMs), req.abortSignal);
        }
      }
    }
    throw last ?? new LlmError("unavailable", "The model call failed", true);
  }

  private callOptions(req: LlmRequest, model: ResolvedModel, signal: AbortSignal) {
    return {
      model: model.model,
      system: req.system,
      messages: req.messages,
      temperature: req.temperature,
      maxOutputTokens: req.maxTokens,
      maxRetries: 0,
      abortSignal: signal,
      ...(req.simulator ? { providerOptions: { simulator: req.simulator as unknown as JSONObject } } : {}),
    };
  }

  async generate(req: LlmRequest): Promise<LlmResult> {
    const { value, model, attempts } = await this.withRetries(req, (m, signal) =>
      generateText(this.callOptions(req, m, signal)),
    );
    return { text: value.text, usage: usageOf(value.usage), model, finishReason: value.finishReason, attempts };
  }

  /** A zod-validated structured answer; invalid output counts as a retryable failure. */
  async generateObject<T>(req: LlmRequest, schema: z.ZodType<T>): Promise<{ object: T; result: LlmResult }> {
    const { value, model, attempts } = await this.withRetries(req, async (m, signal) => {
      const res = await generateText({ ...this.callOptions(req, m, signal), output: Output.object({ schema }) });
      return { res, object: schema.parse(res.output) };
    });
    return {
      object: value.object,
      result: {
        text: value.res.text,
        usage: usageOf(value.res.usage),
        model,
        finishReason: value.res.finishReason,
        attempts,
      },
    };
  }

  stream(req: LlmRequest): LlmStream {
    const queue: string[] = [];
    let wake: (() => void) | undefined;
    let done = false;
    let emitted = false;
    const notify = () => {
      wake?.();
      wake = undefined;
    };
    const result = this.withRetries(
      req,
      async (m, signal) => {
        // Errors arrive as `error` parts below (classified, logged by pino with redaction); without
        // `onError` the SDK would also print them to stderr.
        const res = streamText({ ...this.callOptions(req, m, signal), onError: () => {} });
        let text = "";
        let usage: LlmUsage | undefined;
        let finishReason = "stop";
        for await (const part of res.fullStream) {
          if (part.type === "text-delta") {
            text += part.text;
            emitted = true;
            queue.push(part.text);
            notify();
          } else if (part.type === "error") throw part.error;
          else if (part.type === "abort") throw new LlmError("aborted", "The request was cancelled", false);
          else if (part.type === "finish") {
            usage = usageOf(part.totalUsage);
            finishReason = part.finishReason;
          }
        }
        return { text, usage: usage ?? usageOf(undefined), finishReason };
      },
      () => !emitted,
    ).then(({ value, model, attempts }) => ({ ...value, model, attempts }));
    result
      .finally(() => {
        done = true;
        notify();
      })
      .catch(() => {});
    const deltas: AsyncIterable<string> = {
      async *[Symbol.asyncIterator]() {
        while (true) {
          const next = queue.shift();
          if (next !== undefined) {
            yield next;
            continue;
          }
          if (done) return;
          await new Promise<void>((resolve) => {
            wake = resolve;
          });
        }
      },
    };
    return { deltas, result };
  }
}
