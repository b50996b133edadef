import { createHash } from "node:crypto";
import type { JSONObject, SharedV3ProviderOptions } from "@ai-sdk/provider";
import { generateText, type ModelMessage, Output, streamText } from "ai";
import type { z } from "zod";
import type { Config } from "../config.ts";
import type { Logger } from "../logger.ts";
import type { Metrics } from "../metrics.ts";
import { jitteredBackoffMs } from "../shared/backoff.ts";
import { classifyLlmError, LlmError, providerErrorClass } from "./errors.ts";
import type { ModelRegistry, ResolvedModel } from "./registry.ts";
import type { SimContext } from "./simulator/types.ts";

export interface LlmRequest {
  /** Model slug; the registry's default when omitted. */
  model?: string;
  /**
   * The system prompt: one string, or blocks ordered from the most widely shared to the least (the
   * generic rules every persona shares, then the persona card). Providers with explicit cache
   * breakpoints (Anthropic, directly or through the gateway) get one per block; the others get the
   * blocks joined by a blank line, one system message, so the bytes are the same prefix either way.
   */
  system: string | string[];
  /** The conversation; the last message carries this turn, everything before it is replayed history. */
  messages: ModelMessage[];
  temperature?: number;
  maxTokens?: number;
  /** Structured context for the simulator (ignored by real providers). */
  simulator?: SimContext;
  abortSignal?: AbortSignal;
  /** Routes requests to the provider's prompt cache (OpenAI `prompt_cache_key`); default: a hash of the system prompt. */
  cacheKey?: string;
}

export interface LlmUsage {
  /** Every input token, whether read from the prompt cache, written to it or neither. */
  inputTokens: number;
  outputTokens: number;
  /** Input tokens read from the provider's prompt cache (billed at the cached price). */
  cachedTokens: number;
  /** Input tokens written to the prompt cache (Anthropic bills them above the input price); 0 elsewhere. */
  cacheWriteTokens: number;
}

export interface LlmResult {
  text: string;
  usage: LlmUsage;
  model: ResolvedModel;
  finishReason: string;
  /** Attempts made, fallback included (1 = first try succeeded). */
  attempts: number;
  /** Milliseconds of the attempt that answered (the provider's latency; earlier failed attempts excluded). */
  providerMs: number;
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

interface SdkUsage {
  inputTokens?: number;
  outputTokens?: number;
  /** Deprecated in ai 6 in favour of `inputTokenDetails.cacheReadTokens`; read as a fallback. */
  cachedInputTokens?: number;
  inputTokenDetails?: { cacheReadTokens?: number; cacheWriteTokens?: number };
}

/**
 * The AI SDK's usage as we bill it. `inputTokens` is the total input (for Anthropic the SDK already adds
 * cache reads and writes to it); `inputTokenDetails.cacheReadTokens` is OpenAI's
 * `prompt_tokens_details.cached_tokens` or Anthropic's `cache_read_input_tokens`.
 */
export const usageOf = (u: SdkUsage | undefined): LlmUsage => ({
  inputTokens: u?.inputTokens ?? 0,
  outputTokens: u?.outputTokens ?? 0,
  cachedTokens: u?.inputTokenDetails?.cacheReadTokens ?? u?.cachedInputTokens ?? 0,
  cacheWriteTokens: u?.inputTokenDetails?.cacheWriteTokens ?? 0,
});

/** An Anthropic cache breakpoint (`cache_control: { type: "ephemeral" }`, the 5-minute cache). */
const CACHE_BREAKPOINT: SharedV3ProviderOptions = { anthropic: { cacheControl: { type: "ephemeral" } } };
/** Anthropic allows at most 4 breakpoints per request. */
const MAX_BREAKPOINTS = 4;

const systemBlocks = (system: string | string[]) => (Array.isArray(system) ? system : [system]).filter(Boolean);

/** The default prompt-cache key: requests with the same system prompt share it (a persona, or all profile writes). */
export function cacheKeyOf(system: string | string[]): string {
  return `pr-${createHash("sha256").update(systemBlocks(system).join("\u0000")).digest("hex").slice(0, 32)}`;
}

/**
 * The prompt as a provider gets it, laid out for its prompt cache. Anthropic (and the gateway, which may
 * route to it) gets the system blocks as separate system messages, each ending a cache breakpoint, plus
 * breakpoints on the last history message and on the last message (so the next turn, which extends this
 * request byte for byte, reads everything up to here from the cache). Everyone else gets one system
 * string: OpenAI and OpenAI-compatible servers cache the longest previously seen prefix by themselves.
 */
export function cacheLayout(
  provider: ResolvedModel["provider"],
  req: Pick<LlmRequest, "system" | "messages">,
): { system?: string; messages: ModelMessage[] } {
  const blocks = systemBlocks(req.system);
  if (provider !== "anthropic" && provider !== "gateway")
    return { system: blocks.join("\n\n"), messages: req.messages };
  const marked = new Set<number>();
  const last = req.messages.length - 1;
  if (last >= 0) marked.add(last);
  if (last >= 1) marked.add(last - 1);
  const systemMarks = MAX_BREAKPOINTS - marked.size;
  const system: ModelMessage[] = blocks.map((content, i) => ({
    role: "system",
    content,
    ...(i >= blocks.length - systemMarks ? { providerOptions: CACHE_BREAKPOINT } : {}),
  }));
  const messages = req.messages.map((m, i) =>
    marked.has(i) ? ({ ...m, providerOptions: { ...m.providerOptions, ...CACHE_BREAKPOINT } } as ModelMessage) : m,
  );
  return { messages: [...system, ...messages] };
}

/**
 * Every model call goes through here: a deadline per call, retries with jittered backoff on
 * retryable errors only (honouring Retry-After), then the fallback model once, and errors classified
 * (`LlmError`). Streams retry only until their first delta. Each answered call's duration and tokens,
 * and each failed attempt's class, are counted in `metrics` (docs/operations.md).
 */
export class LlmClient {
  constructor(
    readonly registry: ModelRegistry,
    private readonly config: Config["llm"],
    private readonly logger: Logger,
    private readonly metrics: Metrics,
  ) {}

  private async withRetries<T extends { usage: LlmUsage }>(
    req: LlmRequest,
    call: (model: ResolvedModel, signal: AbortSignal) => Promise<T>,
    canRetry: () => boolean = () => true,
  ): Promise<{ value: T; model: ResolvedModel; attempts: number; providerMs: number }> {
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
        const start = performance.now();
        try {
          const value = await call(model, signal);
          const providerMs = performance.now() - start;
          this.metrics.providerCall(model.provider, model.slug, providerMs / 1000, value.usage);
          return { value, model, attempts, providerMs: Math.round(providerMs) };
        } catch (err) {
          last = classifyLlmError(err, { timedOut: timeout.aborted, aborted: Boolean(req.abortSignal?.aborted) });
          const errorClass = providerErrorClass(last);
          if (errorClass) this.metrics.providerError(model.provider, errorClass);
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
    const cacheKey = req.cacheKey ?? cacheKeyOf(req.system);
    return {
      model: model.model,
      ...cacheLayout(model.provider, req),
      temperature: req.temperature,
      maxOutputTokens: req.maxTokens,
      maxRetries: 0,
      abortSignal: signal,
      providerOptions: {
        // OpenAI (directly or through the gateway): route to the machine holding this prefix.
        openai: { promptCacheKey: cacheKey },
        // OpenAI-compatible servers get the same field in the body (the provider passes unknown options
        // through); servers that do not know it ignore it.
        compatible: { prompt_cache_key: cacheKey },
        ...(req.simulator ? { simulator: req.simulator as unknown as JSONObject } : {}),
      },
    };
  }

  async generate(req: LlmRequest): Promise<LlmResult> {
    const { value, model, attempts, providerMs } = await this.withRetries(req, async (m, signal) => {
      const res = await generateText(this.callOptions(req, m, signal));
      return { res, usage: usageOf(res.usage) };
    });
    return {
      text: value.res.text,
      usage: value.usage,
      model,
      finishReason: value.res.finishReason,
      attempts,
      providerMs,
    };
  }

  /** A zod-validated structured answer; invalid output counts as a retryable failure. */
  async generateObject<T>(req: LlmRequest, schema: z.ZodType<T>): Promise<{ object: T; result: LlmResult }> {
    const { value, model, attempts, providerMs } = await this.withRetries(req, async (m, signal) => {
      const res = await generateText({ ...this.callOptions(req, m, signal), output: Output.object({ schema }) });
      return { res, usage: usageOf(res.usage), object: schema.parse(res.output) };
    });
    return {
      object: value.object,
      result: {
        text: value.res.text,
        usage: value.usage,
        model,
        finishReason: value.res.finishReason,
        attempts,
        providerMs,
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
    ).then(({ value, model, attempts, providerMs }) => ({ ...value, model, attempts, providerMs }));
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
