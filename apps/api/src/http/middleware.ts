import type { MiddlewareHandler } from "hono";
import type { AppContext } from "../context.ts";
import { ApiError } from "../errors.ts";
import { newRequestId } from "../ids.ts";
import { setLogContext, startLogContext } from "../log-context.ts";
import { loggablePath } from "../logger.ts";
import { can } from "../modules/access/index.ts";
import type { Permission } from "../shared/permissions.ts";
import { sendError } from "./errors.ts";
import { routeTemplate } from "./metrics.ts";
import { type RateLimits, rateLimited, rateLimitHeaders } from "./rate-limit.ts";
import type { AppEnv } from "./types.ts";

/**
 * First middleware: request id (header + every log line), the context, one access-log line, and the
 * request counted in the metrics under its route template. The request runs in its own log context
 * (log-context.ts), so every line written while serving it, from any logger and across awaits (a streamed
 * answer included), carries its requestId; auth adds the key and tenant.
 */
export function requestContext(ctx: AppContext, rateLimits: RateLimits): MiddlewareHandler<AppEnv> {
  return (c, next) => {
    const requestId = newRequestId();
    c.set("ctx", ctx);
    c.set("rateLimits", rateLimits);
    c.set("requestId", requestId);
    c.header("x-request-id", requestId);
    return startLogContext({ requestId }, async () => {
      const start = performance.now();
      await next();
      const elapsed = performance.now() - start;
      ctx.metrics.httpRequest(c.req.method, routeTemplate(c), c.res.status, elapsed / 1000);
      if (ctx.logger.isLevelEnabled("info")) {
        const ms = Math.round(elapsed * 10) / 10;
        ctx.logger.info({ method: c.req.method, path: loggablePath(c.req.url), status: c.res.status, ms }, "request");
      }
    });
  };
}

const REFUSALS = {
  unknown: "Invalid API key",
  revoked: "This API key has been revoked",
  expired: "This API key has expired",
} as const;

export function presentedKey(header: (name: string) => string | undefined): string | undefined {
  const direct = header("x-api-key")?.trim();
  if (direct) return direct;
  const authz = header("authorization")?.trim();
  const m = authz?.match(/^Bearer\s+(\S+)$/i);
  return m?.[1];
}

/**
 * Authenticates the key, counts it against its rate limit and checks that its profile grants
 * `permission`. A client address that keeps failing authentication is answered 429 before any database
 * lookup of a key it has not used before, so a flood of bad keys costs a hash and a Map lookup each.
 */
export function authorize(permission: Permission): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const limits = c.get("rateLimits");
    const secret = presentedKey((n) => c.req.header(n));
    // An address over its budget of failed authentications is answered 429 without a lookup, except for
    // keys this process already knows: behind a shared proxy or NAT, someone else's flood of bad keys
    // must not lock out the valid keys of everyone else at that address.
    const blocked = limits.clientBlocked(c);
    if (blocked && !(secret && c.get("ctx").access.knows(secret))) {
      return rateLimited(c, blocked, "of failed authentication from this address");
    }
    if (!secret) {
      limits.clientFailed(c);
      return sendError(c, new ApiError("unauthorized", "Missing API key: send it in the x-api-key header"), {
        "www-authenticate": 'Bearer realm="person.run"',
      });
    }
    const result = await c.get("ctx").access.authenticate(secret);
    if ("refused" in result) {
      limits.clientFailed(c);
      return sendError(c, new ApiError("unauthorized", REFUSALS[result.refused]), {
        "www-authenticate": 'Bearer realm="person.run", error="invalid_token"',
      });
    }
    if (result.publishable) {
      return sendError(
        c,
        new ApiError(
          "forbidden",
          "This is a publishable key (pk_live_…): it may only call the widget endpoints (/widget/v1/…). Use a secret key on a server for everything else.",
        ),
      );
    }
    const verdict = limits.forKey(result.keyId, result.profile);
    if (verdict) {
      if (!verdict.allowed) return rateLimited(c, verdict, "for this API key");
      for (const [name, value] of Object.entries(rateLimitHeaders(verdict))) c.header(name, value);
    }
    if (!can(result, permission)) {
      const what =
        permission === "tenants:admin" ? "the instance admin key" : `a key whose profile grants ${permission}`;
      return sendError(
        c,
        new ApiError("forbidden", `This API key (profile '${result.profile}') may not do this: it needs ${what}`),
      );
    }
    c.set("auth", result);
    // A key of one tenant names the request's tenant already (resolveTenant confirms it per route).
    const [only, ...others] = result.tenantIds;
    setLogContext({ apiKeyId: result.keyId, ...(others.length === 0 ? { tenantId: only } : {}) });
    await next();
  };
}
