import type { Context, ErrorHandler, NotFoundHandler } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { z } from "zod";
import { ApiError, type ErrorCode, errorBody } from "../errors.ts";
import { loggablePath } from "../logger.ts";
import type { AppEnv } from "./types.ts";

export function sendError(c: Context<AppEnv>, err: ApiError, headers?: Record<string, string>) {
  const requestId = c.get("requestId") ?? "unknown";
  const retryAfter = err.extra?.retryAfterSeconds;
  const all = typeof retryAfter === "number" ? { "retry-after": String(retryAfter), ...headers } : headers;
  return c.json(errorBody(err, requestId), err.status as ContentfulStatusCode, all);
}

/** zod issues → `details: [{ path, message }]` and a message naming the first field. */
export function validationError(error: z.ZodError, target: string): ApiError {
  const details = error.issues.map((i) => {
    const path = i.path.map(String).join(".");
    if (i.code === "unrecognized_keys") {
      return { path: path || target, message: `Unknown field(s): ${i.keys.join(", ")}` };
    }
    let message = i.message;
    if (i.code === "invalid_type" && /received undefined$/.test(message)) message = "Required";
    else if (i.code === "invalid_type" && /received (NaN|Infinity)$/.test(message)) message = "must be a finite number";
    return { path: path || target, message };
  });
  const first = details[0];
  const summary = first ? `${first.path}: ${first.message}` : "invalid";
  const more = details.length > 1 ? ` (and ${details.length - 1} more)` : "";
  return new ApiError(
    "validation_error",
    `Invalid ${target === "json" ? "request body" : target}: ${summary}${more}`,
    details,
  );
}

/** The zod-openapi defaultHook: every validation failure goes through the one error builder. */
export const validationHook = (
  result: { success: true } | { success: false; error: z.ZodError; target: string },
  c: Context<AppEnv>,
) => {
  if (!result.success) return sendError(c, validationError(result.error, result.target));
};

const HTTP_EXCEPTION_CODES: Record<number, ErrorCode> = {
  400: "bad_request",
  401: "unauthorized",
  403: "forbidden",
  404: "not_found",
  405: "method_not_allowed",
  413: "payload_too_large",
  415: "unsupported_media_type",
};

export const onError: ErrorHandler<AppEnv> = (err, c) => {
  if (err instanceof ApiError) return sendError(c, err);
  if (err instanceof HTTPException && err.status < 500) {
    const message = err.message || "Bad request";
    if (/malformed json|unexpected token|json/i.test(message) && err.status === 400) {
      return sendError(c, new ApiError("invalid_json", "Malformed JSON in request body"));
    }
    if (err.status === 415) {
      return sendError(
        c,
        new ApiError(
          "unsupported_media_type",
          "Unsupported Media Type: send the body as JSON with Content-Type: application/json",
        ),
      );
    }
    return sendError(c, new ApiError(HTTP_EXCEPTION_CODES[err.status] ?? "bad_request", message));
  }
  c.get("ctx")?.logger.error({ err, method: c.req.method, path: loggablePath(c.req.url) }, "unhandled error");
  return sendError(c, new ApiError("internal_error", "Internal server error"));
};

export const onNotFound: NotFoundHandler<AppEnv> = (c) =>
  sendError(c, new ApiError("not_found", `No route for ${c.req.method} ${c.req.path}`));
