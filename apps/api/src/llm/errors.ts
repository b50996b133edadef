import { APICallError } from "@ai-sdk/provider";
import { ApiError } from "../errors.ts";

export type LlmErrorKind = "rate_limited" | "auth" | "bad_request" | "unavailable" | "timeout" | "aborted";

/** A model call that failed, classified so callers know whether to retry and what to tell the user. */
export class LlmError extends Error {
  constructor(
    readonly kind: LlmErrorKind,
    message: string,
    readonly retryable: boolean,
    readonly status?: number,
    /** From the provider's Retry-After, when it sent one. */
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
}

function retryAfterMs(headers: Record<string, string> | undefined): number | undefined {
  const value = headers?.["retry-after"] ?? headers?.["Retry-After"];
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

export function classifyLlmError(err: unknown, signals: { timedOut: boolean; aborted: boolean }): LlmError {
  if (err instanceof LlmError) return err;
  if (signals.aborted) return new LlmError("aborted", "The request was cancelled", false);
  if (signals.timedOut) return new LlmError("timeout", "The model did not answer in time", true);
  const cause = (err as { lastError?: unknown })?.lastError ?? err;
  if (APICallError.isInstance(cause)) {
    const status = cause.statusCode;
    const after = retryAfterMs(cause.responseHeaders);
    if (status === 429)
      return new LlmError("rate_limited", "The model provider is rate limiting us", true, status, after);
    if (status === 401 || status === 403)
      return new LlmError("auth", "The model provider refused this server's credentials", false, status);
    if (status === 408) return new LlmError("timeout", "The model provider timed out", true, status);
    if (status !== undefined && status >= 500)
      return new LlmError("unavailable", `The model provider failed (HTTP ${status})`, true, status, after);
    if (status !== undefined && status >= 400)
      return new LlmError(
        "bad_request",
        `The model provider rejected the request (HTTP ${status}): ${cause.message}`,
        false,
        status,
      );
    return new LlmError("unavailable", `The model provider could not be reached: ${cause.message}`, true);
  }
  const name = (cause as Error)?.name ?? "";
  const message = (cause as Error)?.message ?? String(cause);
  if (name === "TimeoutError") return new LlmError("timeout", "The model did not answer in time", true);
  if (name === "AbortError") return new LlmError("aborted", "The request was cancelled", false);
  // Network failures and unparsable answers: the provider may do better on a second try.
  return new LlmError("unavailable", `The model call failed: ${message}`, true);
}

/** How a model failure reaches an API caller. */
export function llmErrorToApi(err: LlmError): ApiError {
  switch (err.kind) {
    case "rate_limited":
      return new ApiError("rate_limited", `${err.message}; retry later`, undefined, {
        retryAfterSeconds: Math.ceil((err.retryAfterMs ?? 5000) / 1000),
      });
    case "timeout":
      return new ApiError("upstream_timeout", err.message);
    case "unavailable":
      return new ApiError("upstream_unavailable", err.message);
    default:
      return new ApiError("upstream_error", err.message);
  }
}

/**
 * The class of a failed attempt in `person_run_provider_errors_total` (docs/operations.md): the error's kind,
 * with a provider's HTTP 5xx (`server_error`) told apart from a provider that could not be reached or sent
 * an unusable answer (`unavailable`). A call the caller cancelled is not the provider's failure: null.
 */
export function providerErrorClass(err: LlmError): string | null {
  if (err.kind === "aborted") return null;
  if (err.kind === "unavailable" && err.status !== undefined && err.status >= 500) return "server_error";
  return err.kind;
}
