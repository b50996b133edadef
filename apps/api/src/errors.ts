/**
 * The one error shape of the API: `{ error, code, requestId, details? }` (SPEC §2). Services throw
 * `ApiError`s with a code; only the HTTP edge turns them into responses, with the status from this table.
 */
export const ERROR_STATUS = {
  bad_request: 400,
  invalid_json: 400,
  validation_error: 400,
  invalid_cursor: 400,
  unauthorized: 401,
  insufficient_credits: 402,
  forbidden: 403,
  usage_limit_exceeded: 403,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  idempotency_conflict: 409,
  version_conflict: 409,
  /** The persona's profile is still being written (or its generation failed): see `profileStatus`. */
  persona_not_ready: 409,
  /** The cohort is used by a population: it cannot be deleted. */
  cohort_in_use: 409,
  /** The population is used by a study: it cannot be deleted. */
  population_in_use: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  blocked_by_policy: 422,
  rate_limited: 429,
  internal_error: 500,
  /** The model provider rejected the call (credentials, bad request). */
  upstream_error: 502,
  service_unavailable: 503,
  /** The model provider is down or unreachable after retries. */
  upstream_unavailable: 503,
  upstream_timeout: 504,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;
export type ErrorStatus = (typeof ERROR_STATUS)[ErrorCode];

export interface ErrorDetail {
  /** Dotted path of the offending field, e.g. `seed.age`. */
  path: string;
  message: string;
}

export class ApiError extends Error {
  readonly status: ErrorStatus;
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: ErrorDetail[] | Record<string, unknown>,
    /** Extra top-level fields of the body (e.g. the 402 body's `requiredCredits`). */
    readonly extra?: Record<string, unknown>,
  ) {
    // Expected outcomes (404, 409, ...) need no stack trace, and capturing one is most of their cost.
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    super(message);
    Error.stackTraceLimit = limit;
    this.status = ERROR_STATUS[code];
  }
}

export const notFound = (what: string) => new ApiError("not_found", `${what} not found`);
export const forbidden = (message: string) => new ApiError("forbidden", message);
export const conflict = (message: string) => new ApiError("conflict", message);

export interface ErrorBody {
  error: string;
  code: ErrorCode;
  requestId: string;
  details?: ErrorDetail[] | Record<string, unknown>;
  [extra: string]: unknown;
}

export function errorBody(err: ApiError, requestId: string): ErrorBody {
  return {
    ...err.extra,
    error: err.message,
    code: err.code,
    requestId,
    ...(err.details ? { details: err.details } : {}),
  };
}
