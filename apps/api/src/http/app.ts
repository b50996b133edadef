import { OpenAPIHono } from "@hono/zod-openapi";
import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import type { AppContext } from "../context.ts";
import { ApiError } from "../errors.ts";
import { type ModuleManifest, openApiTags } from "../modules/manifest.ts";
import { MODULES } from "../modules/registry.ts";
import { corsMiddleware } from "./cors.ts";
import { onError, onNotFound, sendError, validationHook } from "./errors.ts";
import { metricsHandler } from "./metrics.ts";
import { requestContext } from "./middleware.ts";
import { RateLimits } from "./rate-limit.ts";
import { securityHeaders } from "./security-headers.ts";
import type { AppEnv } from "./types.ts";

const OPENAPI_INFO = {
  title: "person.run API",
  description:
    "Synthetic user research with durable AI personas. Authenticate with `x-api-key: <key>` (or `Authorization: Bearer <key>`). " +
    "Writes carry `tenantId` in the JSON body, reads in the query string; it may be omitted when the key belongs to one tenant. " +
    "Every error is `{ error, code, requestId, details? }`.",
  license: { name: "Apache-2.0", identifier: "Apache-2.0" },
};

/**
 * Registers every module's routes on a fresh app, in registry order (route precedence); also used to
 * build the spec without a server.
 */
export function registerRoutes(app: OpenAPIHono<AppEnv>, modules: readonly ModuleManifest[] = MODULES) {
  app.openAPIRegistry.registerComponent("securitySchemes", "ApiKeyHeader", {
    type: "apiKey",
    in: "header",
    name: "x-api-key",
  });
  app.openAPIRegistry.registerComponent("securitySchemes", "BearerAuth", { type: "http", scheme: "bearer" });
  for (const m of modules) m.routes?.(app);
}

export function openApiDocument(
  app: OpenAPIHono<AppEnv>,
  version: string,
  modules: readonly ModuleManifest[] = MODULES,
) {
  return app.getOpenAPI31Document({
    openapi: "3.1.0",
    info: { ...OPENAPI_INFO, version },
    servers: [{ url: "http://localhost:8080", description: "Local server (default port)" }],
    tags: openApiTags(modules),
  });
}

/** `now` drives the rate limit windows (tests move it instead of sleeping). */
export function createApp(ctx: AppContext, opts: { now?: () => number } = {}): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  app.use("*", requestContext(ctx, new RateLimits(ctx.config.rateLimit, opts.now)));
  // Before everything that could refuse a request: a preflight carries no key, and errors need CORS headers too.
  if (ctx.config.corsOrigins) app.use("*", corsMiddleware(ctx.config.corsOrigins));
  app.use("*", securityHeaders);
  const limitBody = bodyLimit({
    maxSize: ctx.config.bodyLimitBytes,
    onError: (c) => {
      // The rest of the body is never read, so the connection cannot be reused. The Fetch API drops
      // hop-by-hop headers, so tell Node's response directly.
      const outgoing = (c.env as { outgoing?: { shouldKeepAlive: boolean } } | undefined)?.outgoing;
      if (outgoing) outgoing.shouldKeepAlive = false;
      const limit = ctx.config.bodyLimitBytes;
      return sendError(c, new ApiError("payload_too_large", `Request body is larger than ${limit} bytes`));
    },
  });
  // Only requests that carry a body: touching the raw request of a GET makes Node build a full
  // Fetch Request, which costs more than the rest of a cached read.
  app.use("*", (c, next) => (c.req.method === "GET" || c.req.method === "HEAD" ? next() : limitBody(c, next)));
  registerRoutes(app, ctx.modules);

  let spec: string | undefined;
  app.get("/openapi.json", (c) => {
    spec ??= JSON.stringify(openApiDocument(app, ctx.version, ctx.modules));
    return c.body(spec, 200, { "content-type": "application/json; charset=utf-8" });
  });
  app.get("/", (c) => c.redirect("/docs"));
  // Prometheus text, for operators: not part of the API, so not in its OpenAPI document.
  app.get("/metrics", metricsHandler(ctx.config.metricsToken));

  app.onError(onError);
  app.notFound(onNotFound);
  return app;
}

/**
 * What a worker process (`person-run worker`, no API) serves on METRICS_PORT: `GET /metrics` only, with the
 * same request id, access line, token check and error shape as the API's.
 */
export function createMetricsApp(ctx: AppContext): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.use("*", requestContext(ctx, new RateLimits(ctx.config.rateLimit)));
  app.use("*", securityHeaders);
  app.get("/metrics", metricsHandler(ctx.config.metricsToken));
  app.onError(onError);
  app.notFound(onNotFound);
  return app;
}
