/**
 * Errors the client throws. Every response error of the API is `{ error, code, requestId, details? }`
 * (plus extra fields on some codes); it becomes an `APIError` subclass chosen by status (and code), so
 * callers can `catch (e) { if (e instanceof NotFoundError) ... }` and always read `e.requestId`.
 */

/** What the API says in an error body. */
export interface ErrorBody {
  error?: string;
  code?: string;
  requestId?: string;
  details?: unknown;
  [extra: string]: unknown;
}

export class PersonRunError extends Error {
  override name = "PersonRunError";
}

export class APIError extends PersonRunError {
  override name = "APIError";
  /** HTTP status, or undefined when no response arrived. */
  readonly status: number | undefined;
  /** The API's stable machine code (`not_found`, `validation_error`, ...). */
  readonly code: string | undefined;
  /** Per-field problems for validation errors, or other structured context. */
  readonly details: unknown;
  /** The request id (`x-request-id`): quote it when reporting a problem. */
  readonly requestId: string | undefined;
  readonly headers: Headers | undefined;
  /** The whole error body as sent. */
  readonly body: ErrorBody | undefined;

  constructor(status: number | undefined, body: ErrorBody | undefined, message: string, headers?: Headers) {
    super(message);
    this.status = status;
    this.body = body;
    this.code = body?.code;
    this.details = body?.details;
    this.requestId = body?.requestId ?? headers?.get("x-request-id") ?? undefined;
    this.headers = headers;
  }
}

/** 400 (and 422 other than a policy block): invalid input; `details` lists the fields. */
export class ValidationError extends APIError {
  override name = "ValidationError";
}
/** 401: missing, invalid, revoked or expired key. */
export class AuthenticationError extends APIError {
  override name = "AuthenticationError";
}
/** 402: the tenant cannot afford the operation. */
export class InsufficientCreditsError extends APIError {
  override name = "InsufficientCreditsError";
  get requiredCredits(): number | undefined {
    return this.body?.requiredCredits as number | undefined;
  }
  get availableCredits(): number | undefined {
    return this.body?.availableCredits as number | undefined;
  }
  /** `upgrade_or_topup` */
  get action(): string | undefined {
    return this.body?.action as string | undefined;
  }
  /** Where a person can top up: `/dashboard/billing`. */
  get billingPath(): string | undefined {
    return this.body?.billingPath as string | undefined;
  }
}
/** 403: the key may not do this (tenant, role, profile), or a plan usage limit is exceeded. */
export class PermissionDeniedError extends APIError {
  override name = "PermissionDeniedError";
}
/** 404: unknown resource (or one of another tenant). */
export class NotFoundError extends APIError {
  override name = "NotFoundError";
}
/** 409: conflicting state (version, in use, not ready, idempotency key reused). */
export class ConflictError extends APIError {
  override name = "ConflictError";
}
/** 413: the request body is too large. */
export class PayloadTooLargeError extends APIError {
  override name = "PayloadTooLargeError";
}
/** 422 `blocked_by_policy`: the tenant's safety policy refused the prompt or the answer. */
export class BlockedByPolicyError extends APIError {
  override name = "BlockedByPolicyError";
  /** `input` (the prompt was refused) or `output` (the answer was). */
  get stage(): string | undefined {
    return (this.body?.guardrail as { stage?: string } | undefined)?.stage;
  }
  /** Why: which guardrail fired (`blocked_term`, `pii`, `toxicity`, ...). */
  get reasons(): unknown[] {
    return ((this.body?.guardrail as { reasons?: unknown[] } | undefined)?.reasons ?? []) as unknown[];
  }
}
/** 429: rate limited; the client already retried, honouring Retry-After. */
export class RateLimitError extends APIError {
  override name = "RateLimitError";
  /** Seconds the server asked to wait. */
  get retryAfter(): number | undefined {
    const v = Number(this.headers?.get("retry-after"));
    return Number.isFinite(v) ? v : undefined;
  }
}
/** 5xx: a server or upstream model fault. */
export class InternalServerError extends APIError {
  override name = "InternalServerError";
}
/** No response: the connection failed (after retries). */
export class APIConnectionError extends APIError {
  override name = "APIConnectionError";
  constructor(message = "Connection error", options?: { cause?: unknown }) {
    super(undefined, undefined, message);
    if (options?.cause !== undefined) (this as { cause?: unknown }).cause = options.cause;
  }
}
/** No response within the timeout (after retries). */
export class APITimeoutError extends APIConnectionError {
  override name = "APITimeoutError";
  constructor(message = "Request timed out") {
    super(message);
  }
}
/** The caller's AbortSignal fired. */
export class APIUserAbortError extends PersonRunError {
  override name = "APIUserAbortError";
  constructor(message = "Request was aborted") {
    super(message);
  }
}

/** The error for an error response. */
export function errorFor(status: number, body: ErrorBody | undefined, headers?: Headers): APIError {
  const message = typeof body?.error === "string" ? body.error : `HTTP ${status}`;
  const args = [status, body, message, headers] as const;
  if (status === 400) return new ValidationError(...args);
  if (status === 401) return new AuthenticationError(...args);
  if (status === 402) return new InsufficientCreditsError(...args);
  if (status === 403) return new PermissionDeniedError(...args);
  if (status === 404) return new NotFoundError(...args);
  if (status === 409) return new ConflictError(...args);
  if (status === 413) return new PayloadTooLargeError(...args);
  if (status === 422) {
    return body?.code === "blocked_by_policy" ? new BlockedByPolicyError(...args) : new ValidationError(...args);
  }
  if (status === 429) return new RateLimitError(...args);
  if (status >= 500) return new InternalServerError(...args);
  return new APIError(...args);
}
