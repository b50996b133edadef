import type { OpenAPIHono } from "@hono/zod-openapi";
import { streamSSE } from "hono/streaming";
import { apiRoute, jsonBody, jsonResponse } from "../../http/openapi.ts";
import { sseResponse } from "../../http/sse-schemas.ts";
import type { AppEnv } from "../../http/types.ts";
import { TenantQuery } from "../../shared/schemas.ts";
import { resolveTenant } from "../access/index.ts";
import {
  RunActionBody,
  RunEnvelope,
  RunEventsQuery,
  RunListEnvelope,
  RunListQuery,
  RunParams,
  RunStreamEvents,
} from "./schemas.ts";

const tags = ["Runs"];

export const listRunsRoute = apiRoute("runs:read", {
  method: "get",
  path: "/runs",
  operationId: "listRuns",
  tags,
  summary: "List runs",
  description:
    "Background work of the tenant (async prompts, reconcile jobs, webhook deliveries, and later tasks and studies), newest first. `parentId` lists a run's children; `deadLetter=true` the runs that failed after their last attempt.",
  request: { query: RunListQuery },
  responses: { 200: jsonResponse(RunListEnvelope, "A page of runs") },
});

export const getRunRoute = apiRoute("runs:read", {
  method: "get",
  path: "/runs/{runId}",
  operationId: "getRun",
  tags,
  summary: "Get a run",
  request: { params: RunParams, query: TenantQuery },
  responses: { 200: jsonResponse(RunEnvelope, "The run with its progress and its children's counts") },
});

const action = (verb: "pause" | "resume" | "cancel" | "retry", summary: string, description: string) =>
  apiRoute("runs:write", {
    method: "post",
    path: `/runs/{runId}/${verb}`,
    operationId: `${verb}Run`,
    tags,
    summary,
    description,
    request: { params: RunParams, body: jsonBody(RunActionBody) },
    responses: { 200: jsonResponse(RunEnvelope, "The run after the change") },
  });

export const pauseRunRoute = action(
  "pause",
  "Pause a run",
  "A queued or running run and everything under it stop: running attempts are aborted (they do not count as attempts) and nothing new starts. 409 when it is not queued or running.",
);
export const resumeRunRoute = action(
  "resume",
  "Resume a paused run",
  "The run and its paused children go back to the queue (within their parent's concurrency limit). 409 when it is not paused.",
);
export const cancelRunRoute = action(
  "cancel",
  "Cancel a run",
  "The run and every unfinished run under it become `cancelled`; running attempts stop at once on this server, within a heartbeat elsewhere, and what they were doing is not recorded. 409 when it already finished.",
);
export const retryRunRoute = action(
  "retry",
  "Retry a dead-lettered run",
  "A run that failed on its own after its last attempt goes back to the queue with a fresh set of attempts. 409 for any other run, or when its parent has finished.",
);

export const runEventsRoute = apiRoute("runs:read", {
  method: "get",
  path: "/runs/{runId}/events",
  operationId: "followRunEvents",
  tags,
  summary: "Follow a run (SSE)",
  description:
    "Answers `text/event-stream`: the run's events in order — `state` (a state change), `progress`, `children` (its children's counts) — each with `id:` so a client can reconnect with `Last-Event-ID` (or `?after=`) and miss nothing; then `end` `{ run }` once the run has finished, and the stream closes. Comment lines (`: ping`) are heartbeats.",
  request: { params: RunParams, query: RunEventsQuery },
  responses: {
    200: sseResponse(RunStreamEvents, "The run's events, then `end`"),
  },
});

export function registerRunRoutes(app: OpenAPIHono<AppEnv>) {
  app.openapi(listRunsRoute, async (c) => {
    const query = c.req.valid("query");
    const tenantId = resolveTenant(c.get("auth"), query.tenantId);
    const page = await c.get("ctx").runs.list(tenantId, query);
    return c.json({ runs: page.items, nextCursor: page.nextCursor }, 200);
  });

  app.openapi(getRunRoute, async (c) => {
    const tenantId = resolveTenant(c.get("auth"), c.req.valid("query").tenantId);
    return c.json({ run: await c.get("ctx").runs.get(tenantId, c.req.valid("param").runId) }, 200);
  });

  for (const [route, verb] of [
    [pauseRunRoute, "pause"],
    [resumeRunRoute, "resume"],
    [cancelRunRoute, "cancel"],
    [retryRunRoute, "retry"],
  ] as const) {
    app.openapi(route, async (c) => {
      const tenantId = resolveTenant(c.get("auth"), c.req.valid("json").tenantId);
      return c.json({ run: await c.get("ctx").runs[verb](tenantId, c.req.valid("param").runId) }, 200);
    });
  }

  app.openapi(runEventsRoute, async (c) => {
    const query = c.req.valid("query");
    const tenantId = resolveTenant(c.get("auth"), query.tenantId);
    const { runId } = c.req.valid("param");
    const runs = c.get("ctx").runs;
    const lastEventId = Number(c.req.header("last-event-id"));
    const after = Number.isSafeInteger(lastEventId) && lastEventId > 0 ? lastEventId : (query.after ?? 0);
    await runs.get(tenantId, runId); // a 404 is an ordinary JSON response, before the stream starts
    const abort = new AbortController();
    return streamSSE(c, async (stream) => {
      stream.onAbort(() => abort.abort());
      const heartbeat = setInterval(() => void stream.write(": ping\n\n"), c.get("ctx").config.sseHeartbeatMs);
      try {
        for await (const e of runs.follow(tenantId, runId, after, abort.signal)) {
          await stream.writeSSE({ id: String(e.id), event: e.type, data: JSON.stringify(e.data) });
        }
        if (!abort.signal.aborted) {
          await stream.writeSSE({ event: "end", data: JSON.stringify({ run: await runs.get(tenantId, runId) }) });
        }
      } finally {
        clearInterval(heartbeat);
      }
    });
  });
}
