import type { MiddlewareHandler } from "hono";
import { cors } from "hono/cors";
import type { Config } from "../config.ts";
import { RATE_LIMIT_HEADERS } from "./rate-limit.ts";
import type { AppEnv } from "./types.ts";

/**
 * CORS, for dashboards and other browser pages calling the API with a key (CORS_ORIGINS; off when
 * unset). Keys travel in headers, never in cookies, so no credentials mode and `*` is safe to offer.
 * Only an allowed origin gets CORS headers: a disallowed one gets none, so its browser refuses.
 * Preflights are answered here, before any route: they carry no key and must not count as failed
 * authentication or end in 404.
 */

const ALLOW_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"];
/** Request headers a page may send: auth, JSON, idempotency, SSE resumption, its own request id. */
const ALLOW_HEADERS = [
  "content-type",
  "x-api-key",
  "authorization",
  "idempotency-key",
  "last-event-id",
  "x-request-id",
];
/** Response headers a page may read (besides the CORS-safelisted ones such as content-type). */
const EXPOSE_HEADERS = ["x-request-id", "idempotent-replayed", "retry-after", ...RATE_LIMIT_HEADERS];
/** Seconds a browser may reuse a preflight answer (Chromium caps it at 7200). */
const MAX_AGE_SECONDS = 7200;

export function corsMiddleware(origins: NonNullable<Config["corsOrigins"]>): MiddlewareHandler<AppEnv> {
  const anyOrigin = origins === "*";
  const allowed = new Set(anyOrigin ? [] : origins);
  const isAllowed = (origin: string) => anyOrigin || allowed.has(origin);
  const handler = cors({
    origin: anyOrigin ? "*" : (origin) => (allowed.has(origin) ? origin : null),
    allowMethods: ALLOW_METHODS,
    allowHeaders: ALLOW_HEADERS,
    exposeHeaders: EXPOSE_HEADERS,
    maxAge: MAX_AGE_SECONDS,
  });
  return async (c, next) => {
    // The widget endpoints answer CORS themselves, only for their publishable key's origins (widget-auth.ts).
    if (c.req.path.startsWith("/widget/")) return next();
    const origin = c.req.header("origin");
    if (origin && isAllowed(origin)) return handler(c, next);
    // Answers differ by Origin when only some origins are allowed: caches must keep them apart.
    if (!anyOrigin) c.header("vary", "Origin", { append: true });
    const preflight = c.req.method === "OPTIONS" && origin && c.req.header("access-control-request-method");
    if (preflight) return c.body(null, 204);
    await next();
  };
}
