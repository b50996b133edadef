import { createHash, timingSafeEqual } from "node:crypto";
import type { Context, Handler } from "hono";
import { matchedRoutes } from "hono/route";
import { ApiError } from "../errors.ts";
import { sendError } from "./errors.ts";
import { rateLimited } from "./rate-limit.ts";
import type { AppEnv } from "./types.ts";

/** The `route` label of a request that no route answers (an unknown path or method, a CORS preflight). */
export const UNMATCHED_ROUTE = "unmatched";

/**
 * The route template that answered a request (`/personas/:personaId`), for metric labels: never the raw
 * path, which holds ids. Read after the handlers ran. When a middleware of every path answered (the body
 * limit) it is the endpoint that middleware guarded; when no endpoint matched, `unmatched`.
 */
export function routeTemplate(c: Context<AppEnv>): string {
  const routes = matchedRoutes(c);
  const answered = routes[c.req.routeIndex];
  if (answered && answered.method !== "ALL") return answered.path;
  return routes.find((r) => r.method !== "ALL")?.path ?? UNMATCHED_ROUTE;
}

const digest = (s: string) => createHash("sha256").update(s).digest();

/**
 * `GET /metrics`: this server's metrics in the Prometheus text format (docs/operations.md). Not in the
 * OpenAPI document, and not an API key's business: with METRICS_TOKEN set a scraper must send
 * `Authorization: Bearer <METRICS_TOKEN>` (else 401, counted like any failed authentication against the
 * client address's budget); without it the endpoint is open, for a private network.
 */
export function metricsHandler(token: string | undefined): Handler<AppEnv> {
  const expected = token === undefined ? undefined : digest(token);
  return async (c) => {
    if (expected) {
      const limits = c.get("rateLimits");
      const blocked = limits.clientBlocked(c);
      if (blocked) return rateLimited(c, blocked, "of failed authentication from this address");
      const presented = /^Bearer\s+(\S+)$/i.exec(c.req.header("authorization")?.trim() ?? "")?.[1];
      // Hashes of equal length, so the comparison takes the same time whatever was sent.
      if (!presented || !timingSafeEqual(digest(presented), expected)) {
        limits.clientFailed(c);
        return sendError(
          c,
          new ApiError(
            "unauthorized",
            presented ? "Invalid metrics token" : "Missing metrics token: send Authorization: Bearer <METRICS_TOKEN>",
          ),
          { "www-authenticate": `Bearer realm="person.run metrics"${presented ? ', error="invalid_token"' : ""}` },
        );
      }
    }
    const { metrics } = c.get("ctx");
    return c.body(await metrics.text(), 200, { "content-type": metrics.contentType, "cache-control": "no-store" });
  };
}
