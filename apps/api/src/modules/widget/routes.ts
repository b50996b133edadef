import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { OpenAPIHono } from "@hono/zod-openapi";
import { streamSSE } from "hono/streaming";
import { ApiError, errorBody } from "../../errors.ts";
import { jsonBody, jsonResponse, widgetPreflight, widgetRoute } from "../../http/openapi.ts";
import type { AppEnv } from "../../http/types.ts";
import { assertOwnConversation } from "../access/index.ts";
import { WidgetConfigQuery, WidgetConfigSchema, WidgetPromptBody, WidgetStreamEvents } from "./schemas.ts";

const tags = ["Widget"];

export const widgetConfigRoute = widgetRoute("widget:use", {
  method: "get",
  operationId: "getWidgetConfig",
  path: "/widget/v1/config",
  tags,
  summary: "The widget's persona and theme defaults (publishable key)",
  description:
    "For the embed widget (`/widget.js`) in a browser: a publishable key (`pk_live_…`) from one of its `allowedOrigins` (a request without `Origin`, or from another origin: 403; a secret key: 403 saying to use a publishable one). `personaId` must be one of the key's `personaIds` (else 403). Answers the persona's display name (no profile, no memories) and the theme defaults. CORS headers only for the key's origins.",
  request: { query: WidgetConfigQuery },
  responses: { 200: jsonResponse(WidgetConfigSchema, "The persona's public face and the theme defaults") },
});

export const widgetPromptRoute = widgetRoute("widget:use", {
  method: "post",
  operationId: "streamWidgetPrompt",
  path: "/widget/v1/prompt",
  tags,
  summary: "Chat with a persona from the widget, streamed (publishable key)",
  description:
    "The widget's chat turn, with the key, origin and persona rules of `GET /widget/v1/config` and the key's own rate limit (429 with Retry-After). Answers `text/event-stream`: `ready`, `token` `{ delta }` events, then `done` `{ sessionId, response }` (the deltas joined), or `blocked` `{ message }` when the tenant's safety policy refuses the prompt or the answer, or `error` `{ error, code }`. Send `sessionId` back to continue the conversation (only sessions this key started). Charged, limited and recorded as a prompt (`persona_prompt` usage events).",
  request: { body: jsonBody(WidgetPromptBody) },
  responses: {
    200: {
      description: "The event stream: one `{ event, data }` per SSE event (`data` is JSON)",
      content: { "text/event-stream": { schema: WidgetStreamEvents } },
    },
  },
});

const SCRIPT_PATH = fileURLToPath(new URL("../../../../widget/dist/widget.js", import.meta.url));
let script: { body: string; etag: string } | null | undefined;
function widgetScript() {
  if (script === undefined) {
    try {
      const body = readFileSync(SCRIPT_PATH, "utf8");
      script = { body, etag: `"${createHash("sha256").update(body).digest("base64url").slice(0, 22)}"` };
    } catch {
      script = null;
    }
  }
  return script;
}

export function registerWidgetRoutes(app: OpenAPIHono<AppEnv>) {
  app.options("/widget/v1/config", widgetPreflight);
  app.options("/widget/v1/prompt", widgetPreflight);

  // The embed script: public, loaded by other sites (no CORP header is set, see security-headers.ts).
  app.get("/widget.js", (c) => {
    const s = widgetScript();
    if (!s) throw new ApiError("not_found", "The widget script is not built (apps/widget/dist/widget.js)");
    c.header("etag", s.etag);
    // Revalidated cheaply after a day (an ETag), so a server upgrade reaches pages within a day.
    c.header("cache-control", "public, max-age=86400, stale-while-revalidate=604800");
    if (c.req.header("if-none-match") === s.etag) return c.body(null, 304);
    return c.body(s.body, 200, { "content-type": "text/javascript; charset=utf-8" });
  });

  app.openapi(widgetConfigRoute, async (c) => {
    const auth = c.get("auth");
    const { personaId } = c.req.valid("query");
    const tenantId = auth.tenantIds[0] as string;
    return c.json(await c.get("ctx").widget.config(tenantId, auth.publishable!, personaId), 200);
  });

  app.openapi(widgetPromptRoute, async (c) => {
    const auth = c.get("auth");
    const body = c.req.valid("json");
    const tenantId = auth.tenantIds[0] as string;
    const ctx = c.get("ctx");
    ctx.widget.assertPersona(auth.publishable!, body.personaId);
    if (body.sessionId) {
      const startedBy = await ctx.sessions.startedBy(tenantId, body.sessionId);
      if (startedBy !== undefined) assertOwnConversation(auth, startedBy, "session");
    }
    const caller = { tenantId, apiKeyId: auth.keyId, requestId: c.get("requestId") };
    const input = { personaId: body.personaId, userPrompt: body.message, sessionId: body.sessionId };
    let refusal: string | null = null;
    let prepared: Awaited<ReturnType<typeof ctx.turns.prepare>> | null = null;
    try {
      prepared = await ctx.turns.prepare(caller, input, "stream");
    } catch (err) {
      // The input guardrails refused it: the widget shows the tenant's refusal message.
      if (!(err instanceof ApiError && err.code === "blocked_by_policy")) throw err;
      refusal = err.message;
    }
    const abort = new AbortController();
    return streamSSE(c, async (stream) => {
      stream.onAbort(() => abort.abort());
      const heartbeat = setInterval(() => void stream.write(": ping\n\n"), ctx.config.sseHeartbeatMs);
      try {
        await stream.writeSSE({ event: "ready", data: JSON.stringify({ startedAt: new Date().toISOString() }) });
        if (!prepared) {
          await stream.writeSSE({ event: "blocked", data: JSON.stringify({ message: refusal }) });
          return;
        }
        const live = ctx.turns.stream(prepared, abort.signal);
        const finished = live.finish();
        finished.catch(() => {});
        for await (const delta of live.deltas) {
          if (abort.signal.aborted) break;
          await stream.writeSSE({ event: "token", data: JSON.stringify({ delta }) });
        }
        const result = await finished;
        if (result.guardrail.blocked) {
          await stream.writeSSE({ event: "blocked", data: JSON.stringify({ message: result.response }) });
        } else {
          const done = { sessionId: result.sessionId, response: result.response };
          await stream.writeSSE({ event: "done", data: JSON.stringify(done) });
        }
      } catch (err) {
        if (abort.signal.aborted) return;
        if (err instanceof ApiError && err.code === "blocked_by_policy") {
          await stream.writeSSE({ event: "blocked", data: JSON.stringify({ message: err.message }) });
          return;
        }
        const apiErr = err instanceof ApiError ? err : new ApiError("internal_error", "Internal server error");
        if (!(err instanceof ApiError)) ctx.logger.error({ err }, "widget stream failed");
        await stream.writeSSE({ event: "error", data: JSON.stringify(errorBody(apiErr, c.get("requestId"))) });
      } finally {
        clearInterval(heartbeat);
      }
    });
  });
}
