import type { OpenAPIHono } from "@hono/zod-openapi";
import type { Context } from "hono";
import { streamSSE } from "hono/streaming";
import { ApiError, errorBody } from "../../errors.ts";
import { apiRoute, jsonBody, jsonResponse, PROMPT_ERRORS } from "../../http/openapi.ts";
import { sseResponse } from "../../http/sse-schemas.ts";
import type { AppEnv } from "../../http/types.ts";
import { TenantIdSchema, TenantQuery, UuidSchema, z } from "../../shared/schemas.ts";
import { assertOwnConversation, can, resolveTenant } from "../access/index.ts";
import type { Caller } from "./engine.ts";
import {
  AsyncAcceptedSchema,
  PromptBody,
  PromptJobEnvelope,
  PromptResultSchema,
  PromptStreamEvents,
  SessionEnvelope,
  SessionListEnvelope,
  SessionListQuery,
  StreamPromptBody,
} from "./schemas.ts";

const tags = ["Prompting"];
const JobParams = z.object({ jobId: UuidSchema.openapi({ param: { name: "jobId", in: "path" } }) });
const SessionParams = z.object({ sessionId: UuidSchema.openapi({ param: { name: "sessionId", in: "path" } }) });

export const promptRoute = apiRoute("prompts:write", {
  method: "post",
  operationId: "promptPersona",
  path: "/personas/prompt",
  tags,
  summary: "Prompt a persona (sync or async)",
  description:
    "`mode: sync` (default) answers in the response. `mode: async` answers 202 with a `jobId` to poll at `GET /personas/prompt/jobs/{jobId}`. Pass `sessionId` to continue a conversation: a key without `transcripts:read` (prompt-only) may continue only the sessions it started (else 403).",
  request: { body: jsonBody(PromptBody) },
  responses: {
    200: jsonResponse(PromptResultSchema, "The persona's answer"),
    202: jsonResponse(AsyncAcceptedSchema, "Queued"),
    ...PROMPT_ERRORS,
  },
});

export const streamRoute = apiRoute("prompts:write", {
  method: "post",
  operationId: "streamPersonaPrompt",
  path: "/personas/prompt/stream",
  tags,
  summary: "Stream the response (SSE)",
  description:
    "Takes the body of `POST /personas/prompt` (`mode: stream` is accepted and ignored). Answers `text/event-stream`: `ready` `{ startedAt }`, then `token` `{ delta }` events (whole words; joined they are the response), then `done` `{ sessionId, prompt, response, modelName, tokensIn, cachedTokensIn, tokensOut, latencyMs, costUsd, ... }` (the recorded turn, as the sync endpoint answers it), or `error` `{ error }` after which the stream closes. Comment lines (`: ping`) are heartbeats. Errors before generation (auth, validation, credits) are ordinary JSON responses. Closing the connection stops generation; the partial answer is kept as a `partial` turn.",
  request: { body: jsonBody(StreamPromptBody) },
  responses: {
    200: sseResponse(PromptStreamEvents, "The event stream: one `{ event, data }` per SSE event (`data` is JSON)"),
    ...PROMPT_ERRORS,
  },
});

export const getJobRoute = apiRoute("prompts:read", {
  method: "get",
  operationId: "getPromptJob",
  path: "/personas/prompt/jobs/{jobId}",
  tags,
  summary: "Poll an async prompt job",
  description: "A key without `transcripts:read` (prompt-only) may poll only the jobs it queued itself (else 403).",
  request: { params: JobParams, query: TenantQuery },
  responses: { 200: jsonResponse(PromptJobEnvelope, "The job; `result` once it succeeded, `error` when it failed") },
});

export const cancelJobRoute = apiRoute("prompts:write", {
  method: "post",
  operationId: "cancelPromptJob",
  path: "/personas/prompt/jobs/{jobId}/cancel",
  tags,
  summary: "Cancel an async prompt job",
  description:
    "A queued or running job becomes `cancelled` and its answer, if any arrives, is discarded. 409 when it already finished.",
  request: { params: JobParams, body: jsonBody(z.strictObject({ tenantId: TenantIdSchema.optional() })) },
  responses: { 200: jsonResponse(PromptJobEnvelope, "The cancelled job") },
});

export const listSessionsRoute = apiRoute("transcripts:read", {
  method: "get",
  operationId: "listPromptSessions",
  path: "/personas/prompt/sessions",
  tags,
  summary: "List recent prompt sessions",
  request: { query: SessionListQuery },
  responses: { 200: jsonResponse(SessionListEnvelope, "Sessions, most recently active first") },
});

export const getSessionRoute = apiRoute("transcripts:read", {
  method: "get",
  operationId: "getPromptSession",
  path: "/personas/prompt/sessions/{sessionId}",
  tags,
  summary: "Get a session with all its turns",
  request: { params: SessionParams, query: TenantQuery },
  responses: { 200: jsonResponse(SessionEnvelope, "The session and its turns, oldest first") },
});

export function registerPromptRoutes(app: OpenAPIHono<AppEnv>) {
  const callerOf = (c: Context<AppEnv>, tenantId: string): Caller => ({
    tenantId,
    apiKeyId: c.get("auth").keyId,
    requestId: c.get("requestId"),
  });
  // Keys without transcripts:read touch only the sessions and jobs they started (see assertOwnConversation).
  const checkSession = async (c: Context<AppEnv>, tenantId: string, sessionId: string | undefined) => {
    if (!sessionId || can(c.get("auth"), "transcripts:read")) return;
    const startedBy = await c.get("ctx").sessions.startedBy(tenantId, sessionId);
    if (startedBy !== undefined) assertOwnConversation(c.get("auth"), startedBy, "session");
  };
  const checkJob = async (c: Context<AppEnv>, tenantId: string, jobId: string) => {
    if (can(c.get("auth"), "transcripts:read")) return;
    const startedBy = await c.get("ctx").sessions.jobStartedBy(tenantId, jobId);
    if (startedBy !== undefined) assertOwnConversation(c.get("auth"), startedBy, "job");
  };

  app.openapi(promptRoute, async (c) => {
    const { mode, ...input } = c.req.valid("json");
    const tenantId = resolveTenant(c.get("auth"), input.tenantId);
    await checkSession(c, tenantId, input.sessionId);
    const { turns, prompts } = c.get("ctx");
    // An async prompt is checked against credits and limits now, and reserved when a worker runs it.
    const prepared = await turns.prepare(callerOf(c, tenantId), input, mode, { reserve: mode !== "async" });
    if (mode === "async") {
      const { jobId, sessionId } = await prompts.enqueue(prepared);
      return c.json({ jobId, status: "queued" as const, sessionId }, 202);
    }
    return c.json(await turns.generate(prepared, { abortSignal: c.req.raw.signal }), 200);
  });

  app.openapi(streamRoute, async (c) => {
    const { mode: _stream, ...input } = c.req.valid("json");
    const tenantId = resolveTenant(c.get("auth"), input.tenantId);
    await checkSession(c, tenantId, input.sessionId);
    const prepared = await c.get("ctx").turns.prepare(callerOf(c, tenantId), input, "stream");
    const abort = new AbortController();
    return streamSSE(c, async (stream) => {
      stream.onAbort(() => abort.abort());
      // Heartbeat comments keep idle proxies from closing the stream.
      const heartbeat = setInterval(() => void stream.write(": ping\n\n"), c.get("ctx").config.sseHeartbeatMs);
      try {
        await stream.writeSSE({ event: "ready", data: JSON.stringify({ startedAt: new Date().toISOString() }) });
        const live = c.get("ctx").turns.stream(prepared, abort.signal);
        const finished = live.finish();
        finished.catch(() => {}); // awaited below; never an unhandled rejection
        for await (const delta of live.deltas) {
          if (abort.signal.aborted) break;
          await stream.writeSSE({ event: "token", data: JSON.stringify({ delta }) });
        }
        const result = await finished;
        await stream.writeSSE({ event: "done", data: JSON.stringify(result) });
      } catch (err) {
        if (!abort.signal.aborted) {
          const apiErr = err instanceof ApiError ? err : new ApiError("internal_error", "Internal server error");
          if (!(err instanceof ApiError)) c.get("ctx").logger.error({ err }, "stream failed");
          await stream.writeSSE({ event: "error", data: JSON.stringify(errorBody(apiErr, c.get("requestId"))) });
        }
      } finally {
        clearInterval(heartbeat);
      }
    });
  });

  app.openapi(getJobRoute, async (c) => {
    const tenantId = resolveTenant(c.get("auth"), c.req.valid("query").tenantId);
    await checkJob(c, tenantId, c.req.valid("param").jobId);
    return c.json({ job: await c.get("ctx").prompts.getJob(tenantId, c.req.valid("param").jobId) }, 200);
  });

  app.openapi(cancelJobRoute, async (c) => {
    const tenantId = resolveTenant(c.get("auth"), c.req.valid("json").tenantId);
    await checkJob(c, tenantId, c.req.valid("param").jobId);
    return c.json({ job: await c.get("ctx").prompts.cancelJob(tenantId, c.req.valid("param").jobId) }, 200);
  });

  app.openapi(listSessionsRoute, async (c) => {
    const query = c.req.valid("query");
    const tenantId = resolveTenant(c.get("auth"), query.tenantId);
    const page = await c.get("ctx").sessions.list(tenantId, query);
    return c.json({ sessions: page.items, nextCursor: page.nextCursor }, 200);
  });

  app.openapi(getSessionRoute, async (c) => {
    const tenantId = resolveTenant(c.get("auth"), c.req.valid("query").tenantId);
    return c.json(await c.get("ctx").sessions.get(tenantId, c.req.valid("param").sessionId), 200);
  });
}
