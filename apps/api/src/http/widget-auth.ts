import type { Context, MiddlewareHandler } from "hono";
import { ApiError } from "../errors.ts";
import { setLogContext } from "../log-context.ts";
import { KEY_PREFIX, PUBLISHABLE_PREFIX } from "../modules/access/index.ts";
import { sendError } from "./errors.ts";
import { presentedKey } from "./middleware.ts";
import { RATE_LIMIT_HEADERS, rateLimited, rateLimitHeaders } from "./rate-limit.ts";
import type { AppEnv } from "./types.ts";

/**
 * Authorization of the widget endpoints (`/widget/v1/…`, docs/widget.md): only a publishable key
 * (`pk_live_…`), only from one of its allowed origins (a request without `Origin` is refused: a publishable
 * key is for browsers), within its own rate limit. CORS headers are given here and only here, only to the
 * key's origins; the app's CORS middleware (CORS_ORIGINS) leaves these paths alone.
 */

export const SECRET_KEY_IN_PAGE =
  "A secret API key (pr_live_…) was sent from a web page: never put a secret key in a page, anyone can read it there (revoke this one). Create a publishable key for the widget (POST /keys with type: publishable, personaIds and allowedOrigins) and use its pk_live_… secret instead.";
export const ONLY_PUBLISHABLE =
  "The widget endpoints take only a publishable key (pk_live_…): create one with POST /keys and type: publishable.";

const ALLOW_HEADERS = "content-type, x-api-key, authorization, last-event-id, x-request-id";
const EXPOSE_HEADERS = ["x-request-id", "retry-after", ...RATE_LIMIT_HEADERS].join(", ");

function allowOrigin(c: Context<AppEnv>, origin: string) {
  c.header("access-control-allow-origin", origin);
  c.header("access-control-expose-headers", EXPOSE_HEADERS);
}

export const widgetAuthorize: MiddlewareHandler<AppEnv> = async (c, next) => {
  // Answers depend on the Origin: caches must keep them apart.
  c.header("vary", "Origin", { append: true });
  const limits = c.get("rateLimits");
  const origin = c.req.header("origin");
  const secret = presentedKey((n) => c.req.header(n));
  const blocked = limits.clientBlocked(c);
  if (blocked && !(secret && c.get("ctx").access.knows(secret))) {
    return rateLimited(c, blocked, "of failed authentication from this address");
  }
  if (!secret) {
    limits.clientFailed(c);
    return sendError(c, new ApiError("unauthorized", "Missing publishable key: send it in the x-api-key header"));
  }
  if (!secret.startsWith(PUBLISHABLE_PREFIX)) {
    // A secret key sent from a page (any Origin): say so, and what to use instead. Nothing is looked up.
    const inPage = origin !== undefined && secret.startsWith(KEY_PREFIX);
    return sendError(c, new ApiError("forbidden", inPage ? SECRET_KEY_IN_PAGE : ONLY_PUBLISHABLE));
  }
  const result = await c.get("ctx").access.authenticate(secret);
  if ("refused" in result) {
    limits.clientFailed(c);
    const why = {
      unknown: "Invalid API key",
      revoked: "This API key has been revoked",
      expired: "This API key has expired",
    };
    return sendError(c, new ApiError("unauthorized", why[result.refused]));
  }
  const pk = result.publishable;
  if (!pk) return sendError(c, new ApiError("forbidden", ONLY_PUBLISHABLE));
  if (!origin) {
    return sendError(
      c,
      new ApiError(
        "forbidden",
        "A publishable key works only from a web page on one of its allowed origins: this request has no Origin header",
      ),
    );
  }
  if (!pk.allowedOrigins.includes(origin.toLowerCase())) {
    // No CORS headers: the page's browser refuses the answer too.
    return sendError(
      c,
      new ApiError(
        "forbidden",
        `Origin ${origin} is not one of this publishable key's allowedOrigins: add it to a publishable key to embed the widget there`,
      ),
    );
  }
  allowOrigin(c, origin);
  const verdict = limits.forLimit(`pk:${result.keyId}`, pk.rateLimitPerMinute);
  if (!verdict.allowed) return rateLimited(c, verdict, "for this publishable key");
  for (const [name, value] of Object.entries(rateLimitHeaders(verdict))) c.header(name, value);
  c.set("auth", result);
  setLogContext({ apiKeyId: result.keyId, tenantId: result.tenantIds[0] });
  await next();
};

/**
 * CORS preflight of a widget endpoint. A preflight carries no key, so it is answered for an origin that
 * some live publishable key lists; the request itself is then checked against its own key's origins.
 * Any other origin gets no CORS headers (its browser refuses).
 */
export const widgetPreflight = async (c: Context<AppEnv>) => {
  c.header("vary", "Origin", { append: true });
  const origin = c.req.header("origin");
  const method = c.req.header("access-control-request-method");
  if (origin && method && (await c.get("ctx").access.publishableOriginKnown(origin.toLowerCase()))) {
    allowOrigin(c, origin);
    c.header("access-control-allow-methods", "GET, POST");
    c.header("access-control-allow-headers", ALLOW_HEADERS);
    c.header("access-control-max-age", "600");
  }
  return c.body(null, 204);
};
