import type { OpenAPIHono } from "@hono/zod-openapi";
import type { Context } from "hono";
import { streamSSE } from "hono/streaming";
import { apiRoute, jsonBody, jsonResponse } from "../../http/openapi.ts";
import { sseResponse } from "../../http/sse-schemas.ts";
import type { AppEnv } from "../../http/types.ts";
import { pageQuery, TenantIdSchema, TenantQuery, UuidSchema, z } from "../../shared/schemas.ts";
import { resolveTenant } from "../access/index.ts";
import type { Caller } from "../prompting/index.ts";
import {
  CreateStudyBody,
  DeletedStudyEnvelope,
  DeleteStudyQuery,
  ListStudiesQuery,
  StudyEnvelope,
  StudyListEnvelope,
  StudyPlanEnvelope,
  StudyResultsEnvelope,
  StudyRunBody,
  StudyRunControlBody,
  StudyRunEnvelope,
  StudyRunEventsQuery,
  StudyRunListEnvelope,
  StudyRunParams,
  StudyRunStreamEvents,
  StudyTrendEnvelope,
  UpdateStudyBody,
} from "./schemas.ts";

const tags = ["Studies"];
const StudyParams = z.object({ studyId: UuidSchema.openapi({ param: { name: "studyId", in: "path" } }) });

export const createStudyRoute = apiRoute("studies:write", {
  method: "post",
  operationId: "createStudy",
  path: "/studies",
  tags,
  summary: "Create a study",
  description:
    "A skill asked across a population. A foreign or unknown population or skill is a 404; a pinned `populationVersion` or `skillVersion` that does not exist is a 400 naming it; an archived skill, or a population still `generating` or `failed`, is a 409. An unknown `model` is a 400.",
  request: { body: jsonBody(CreateStudyBody, "The study") },
  responses: { 201: jsonResponse(StudyEnvelope, "The study") },
});

export const listStudiesRoute = apiRoute("studies:read", {
  method: "get",
  operationId: "listStudies",
  path: "/studies",
  tags,
  summary: "List studies",
  description: "Newest first. Filters: `populationId`, `skillId`.",
  request: { query: ListStudiesQuery },
  responses: { 200: jsonResponse(StudyListEnvelope, "Studies, newest first") },
});

export const getStudyRoute = apiRoute("studies:read", {
  method: "get",
  operationId: "getStudy",
  path: "/studies/{studyId}",
  tags,
  summary: "Study detail",
  request: { params: StudyParams, query: TenantQuery },
  responses: { 200: jsonResponse(StudyEnvelope, "The study") },
});

export const updateStudyRoute = apiRoute("studies:write", {
  method: "patch",
  operationId: "updateStudy",
  path: "/studies/{studyId}",
  tags,
  summary: "Update a study",
  description:
    "Changes the given fields (null clears an optional one: a null version pin means latest at run time) and increments `version`; with `version` given, 409 `version_conflict` when the study has moved on. The population and skill cannot change: create another study.",
  request: { params: StudyParams, body: jsonBody(UpdateStudyBody) },
  responses: { 200: jsonResponse(StudyEnvelope, "The study after the change") },
});

export const deleteStudyRoute = apiRoute("studies:write", {
  method: "delete",
  operationId: "deleteStudy",
  path: "/studies/{studyId}",
  tags,
  summary: "Delete a study",
  description:
    "Deletes the study; runs still going are cancelled. Finished runs stay readable under `/studies/{id}/runs` (and keep their population from deletion) unless `purge=true`, which deletes them with their tasks, answers and events.",
  request: { params: StudyParams, query: DeleteStudyQuery },
  responses: { 200: jsonResponse(DeletedStudyEnvelope, "Deleted") },
});

export const runStudyRoute = apiRoute("studies:write", {
  method: "post",
  operationId: "runStudy",
  path: "/studies/{studyId}/runs",
  tags,
  summary: "Start a study run (or plan one)",
  description:
    "Starts a run: one task per member × replicate of the population version, executed with at most `maxConcurrency` in flight (and the model's MODEL_CONCURRENCY limit), durable across restarts → 202 `{ run }`. Options: `budget` (the run stops before exceeding it), `sample` (a pilot on that many members, seeded), `seed`, `stopWhen.converged` (stop early when the answers stop moving). With `dryRun: true`: 200 `{ plan }` — versions, tasks, turns per task, estimated tokens, cost, credits and duration — and nothing runs. 402 when the tenant's credits cannot pay for the plan (or the budget, when smaller); 409 while the population is generating or failed, or when the skill is archived; 400 for a budget smaller than one task.",
  request: { params: StudyParams, body: jsonBody(StudyRunBody) },
  responses: {
    200: jsonResponse(StudyPlanEnvelope, "The plan (`dryRun: true`)"),
    202: jsonResponse(StudyRunEnvelope, "The run, started"),
  },
});

export const listStudyRunsRoute = apiRoute("studies:read", {
  method: "get",
  operationId: "listStudyRuns",
  path: "/studies/{studyId}/runs",
  tags,
  summary: "List a study's runs",
  description: "Newest first. A deleted study's runs stay listed until it is deleted with `purge=true`.",
  request: { params: StudyParams, query: z.strictObject({ ...pageQuery }) },
  responses: { 200: jsonResponse(StudyRunListEnvelope, "Runs, newest first") },
});

export const getStudyRunRoute = apiRoute("studies:read", {
  method: "get",
  operationId: "getStudyRun",
  path: "/studies/{studyId}/runs/{runId}",
  tags,
  summary: "Study run detail",
  description:
    "Status, tasks by state, cost so far, ETA while running, and why it stopped early (`stoppedEarly`, `stopReason`).",
  request: { params: StudyRunParams, query: TenantQuery },
  responses: { 200: jsonResponse(StudyRunEnvelope, "The run") },
});

export const controlStudyRunRoute = apiRoute("studies:write", {
  method: "post",
  operationId: "controlStudyRun",
  path: "/studies/{studyId}/runs/{runId}/control",
  tags,
  summary: "Pause, resume or cancel a study run",
  description:
    "`pause`: no new task starts and the ones running stop between turns (they continue where they stopped on resume); `resume`; `cancel`: every unfinished task is cancelled. 409 when the run's state does not allow the action.",
  request: { params: StudyRunParams, body: jsonBody(StudyRunControlBody) },
  responses: { 200: jsonResponse(StudyRunEnvelope, "The run after the action") },
});

export const studyRunEventsRoute = apiRoute("studies:read", {
  method: "get",
  operationId: "followStudyRun",
  path: "/studies/{studyId}/runs/{runId}/events",
  tags,
  summary: "Follow a study run (SSE)",
  description:
    "Answers `text/event-stream`: `state` (the run changed state), `tasks` (a task ended: running totals), `aggregate` (partial distributions, cost and ETA, at most once a second), each with `id:` (reconnect with `Last-Event-ID` or `?after=`); then `end` `{ run }` and the stream closes. Comment lines (`: ping`) are heartbeats.",
  request: { params: StudyRunParams, query: StudyRunEventsQuery },
  responses: { 200: sseResponse(StudyRunStreamEvents, "The run's events, then `end`") },
});

const ResultsQuery = z.strictObject({
  tenantId: TenantIdSchema.optional(),
  groupBy: z.string().max(500).optional().openapi({
    description:
      "Comma-separated dimensions: `cohort`, `gender`, `education`, `incomeBracket`, `household`, `baseOccupation`, `location`, `ageBand`, or `attributes.<key>` (default `cohort`)",
    example: "cohort,ageBand",
  }),
  seed: z.coerce
    .number()
    .int()
    .min(0)
    .max(2_147_483_647)
    .optional()
    .openapi({ description: "Bootstrap seed (default: the run's seed): the same seed gives the same figures" }),
  weighted: z
    .enum(["true", "false"])
    .optional()
    .openapi({ description: "Use the population's weights (default: when they are not all 1)" }),
});

export const studyResultsRoute = apiRoute("studies:read", {
  method: "get",
  operationId: "getStudyRunResults",
  path: "/studies/{studyId}/runs/{runId}/results",
  tags,
  summary: "Evidence of a study run",
  description:
    "For each question, overall and per group (`groupBy`): counts, proportions (weighted when the population has weights), mean with a 95% t CI, median with 95% bootstrap CIs (percentile and BCa, seeded), between-group tests (χ² with Cramér's V; Welch's t with Hedges' g and Mann–Whitney U with rank-biserial r for two groups; Kruskal–Wallis for more) with Holm-adjusted p-values across the whole result, representative quotes (typical and extreme) with their persona, outliers and free-text themes; plus the tasks' counts, cost and failures. Readable while the run goes (partial).",
  request: { params: StudyRunParams, query: ResultsQuery },
  responses: { 200: jsonResponse(StudyResultsEnvelope, "The evidence") },
});

const exportRoute = (format: "csv" | "ndjson") =>
  apiRoute("studies:read", {
    method: "get",
    operationId: format === "csv" ? "exportStudyRunCsv" : "exportStudyRunNdjson",
    path: `/studies/{studyId}/runs/{runId}/results.${format}`,
    tags,
    summary: format === "csv" ? "Export a run's answers (CSV)" : "Export a run's answers (NDJSON)",
    description:
      format === "csv"
        ? "Streamed RFC 4180 CSV, one row per task × question: `task_id, persona_id, question_id, parsed, valid, score`, then the error, question type, raw reply, replicate, task state, the persona's fields, cohort, weight and one `attr_<key>` column per persona attribute. Text that a spreadsheet would run as a formula is prefixed with `'`."
        : "Streamed NDJSON: one JSON object per task × question with the CSV's columns as keys and `parsed` kept as JSON.",
    request: { params: StudyRunParams, query: TenantQuery },
    responses: {
      200: {
        description: "The rows",
        content: { [format === "csv" ? "text/csv" : "application/x-ndjson"]: { schema: z.string() } },
      },
    },
  });
export const studyCsvRoute = exportRoute("csv");
export const studyNdjsonRoute = exportRoute("ndjson");

export const studyTrendRoute = apiRoute("studies:read", {
  method: "get",
  operationId: "getStudyTrend",
  path: "/studies/{studyId}/trend",
  tags,
  summary: "A study's answers across its runs",
  description:
    "For a recurring (scheduled) study: each question's mean with its 95% CI and answer shares, one point per succeeded run, oldest first (the newest `limit` runs, default 20).",
  request: {
    params: StudyParams,
    query: z.strictObject({
      tenantId: TenantIdSchema.optional(),
      limit: z.coerce.number().int().min(1).max(200).default(20).openapi({ description: "Runs (1-200)" }),
    }),
  },
  responses: { 200: jsonResponse(StudyTrendEnvelope, "The trend") },
});

export function registerStudyRoutes(app: OpenAPIHono<AppEnv>) {
  const caller = (c: Context<AppEnv>, tenantId: string): Caller => ({
    tenantId,
    apiKeyId: c.get("auth").keyId,
    requestId: c.get("requestId"),
  });

  app.openapi(createStudyRoute, async (c) => {
    const body = c.req.valid("json");
    const tenantId = resolveTenant(c.get("auth"), body.tenantId);
    return c.json({ study: await c.get("ctx").studies.create(caller(c, tenantId), body) }, 201);
  });

  app.openapi(listStudiesRoute, async (c) => {
    const { tenantId: requested, ...q } = c.req.valid("query");
    const tenantId = resolveTenant(c.get("auth"), requested);
    const page = await c.get("ctx").studies.list(tenantId, q);
    return c.json({ studies: page.items, nextCursor: page.nextCursor }, 200);
  });

  app.openapi(getStudyRoute, async (c) => {
    const tenantId = resolveTenant(c.get("auth"), c.req.valid("query").tenantId);
    return c.json({ study: await c.get("ctx").studies.get(tenantId, c.req.valid("param").studyId) }, 200);
  });

  app.openapi(updateStudyRoute, async (c) => {
    const body = c.req.valid("json");
    const tenantId = resolveTenant(c.get("auth"), body.tenantId);
    const study = await c.get("ctx").studies.update(caller(c, tenantId), c.req.valid("param").studyId, body);
    return c.json({ study }, 200);
  });

  app.openapi(deleteStudyRoute, async (c) => {
    const q = c.req.valid("query");
    const tenantId = resolveTenant(c.get("auth"), q.tenantId);
    const { studyId } = c.req.valid("param");
    await c.get("ctx").studies.delete(caller(c, tenantId), studyId, q.purge === "true");
    return c.json({ deleted: true as const, id: studyId }, 200);
  });

  app.openapi(runStudyRoute, async (c) => {
    const body = c.req.valid("json");
    const tenantId = resolveTenant(c.get("auth"), body.tenantId);
    const { studyId } = c.req.valid("param");
    const studies = c.get("ctx").studies;
    if (body.dryRun === true) return c.json({ plan: await studies.plan(caller(c, tenantId), studyId, body) }, 200);
    return c.json({ run: await studies.startRun(caller(c, tenantId), studyId, body) }, 202);
  });

  app.openapi(listStudyRunsRoute, async (c) => {
    const { tenantId: requested, ...q } = c.req.valid("query");
    const tenantId = resolveTenant(c.get("auth"), requested);
    const page = await c.get("ctx").studies.listRuns(tenantId, c.req.valid("param").studyId, q);
    return c.json({ runs: page.items, nextCursor: page.nextCursor }, 200);
  });

  app.openapi(getStudyRunRoute, async (c) => {
    const tenantId = resolveTenant(c.get("auth"), c.req.valid("query").tenantId);
    const { studyId, runId } = c.req.valid("param");
    return c.json({ run: await c.get("ctx").studies.getRun(tenantId, studyId, runId) }, 200);
  });

  app.openapi(controlStudyRunRoute, async (c) => {
    const body = c.req.valid("json");
    const tenantId = resolveTenant(c.get("auth"), body.tenantId);
    const { studyId, runId } = c.req.valid("param");
    const run = await c.get("ctx").studies.control(caller(c, tenantId), studyId, runId, body.action);
    return c.json({ run }, 200);
  });

  app.openapi(studyTrendRoute, async (c) => {
    const q = c.req.valid("query");
    const tenantId = resolveTenant(c.get("auth"), q.tenantId);
    const trend = await c.get("ctx").studies.trend(tenantId, c.req.valid("param").studyId, q.limit);
    return c.json({ trend }, 200);
  });

  app.openapi(studyResultsRoute, async (c) => {
    const q = c.req.valid("query");
    const tenantId = resolveTenant(c.get("auth"), q.tenantId);
    const { studyId, runId } = c.req.valid("param");
    const groupBy = (q.groupBy ?? "cohort")
      .split(",")
      .map((g) => g.trim())
      .filter(Boolean);
    const results = await c.get("ctx").studies.results(caller(c, tenantId), studyId, runId, {
      groupBy,
      ...(q.seed !== undefined ? { seed: q.seed } : {}),
      ...(q.weighted !== undefined ? { weighted: q.weighted === "true" } : {}),
    });
    return c.json({ results }, 200);
  });

  for (const [route, format] of [
    [studyCsvRoute, "csv"],
    [studyNdjsonRoute, "ndjson"],
  ] as const) {
    app.openapi(route, async (c) => {
      const tenantId = resolveTenant(c.get("auth"), c.req.valid("query").tenantId);
      const { studyId, runId } = c.req.valid("param");
      const { rows } = await c.get("ctx").studies.export(caller(c, tenantId), studyId, runId, format);
      const iterator = rows[Symbol.iterator]();
      const encoder = new TextEncoder();
      // Pulled as the client reads: a batch of rows per chunk, never the whole file in one string.
      const body = new ReadableStream<Uint8Array>({
        pull(controller) {
          let chunk = "";
          for (let i = 0; i < 200; i++) {
            const next = iterator.next();
            if (next.done) {
              if (chunk) controller.enqueue(encoder.encode(chunk));
              controller.close();
              return;
            }
            chunk += next.value;
          }
          controller.enqueue(encoder.encode(chunk));
        },
      });
      return c.body(body, 200, {
        "content-type": format === "csv" ? "text/csv; charset=utf-8" : "application/x-ndjson; charset=utf-8",
        "content-disposition": `attachment; filename="study-run-${runId}.${format}"`,
      }) as never;
    });
  }

  app.openapi(studyRunEventsRoute, async (c) => {
    const query = c.req.valid("query");
    const tenantId = resolveTenant(c.get("auth"), query.tenantId);
    const { studyId, runId } = c.req.valid("param");
    const ctx = c.get("ctx");
    const lastEventId = Number(c.req.header("last-event-id"));
    const after = Number.isSafeInteger(lastEventId) && lastEventId > 0 ? lastEventId : (query.after ?? 0);
    await ctx.studies.getRun(tenantId, studyId, runId); // a 404 is an ordinary JSON response, before the stream
    const abort = new AbortController();
    return streamSSE(c, async (stream) => {
      stream.onAbort(() => abort.abort());
      const heartbeat = setInterval(() => void stream.write(": ping\n\n"), ctx.config.sseHeartbeatMs);
      try {
        for await (const e of ctx.studies.follow(tenantId, studyId, runId, after, abort.signal)) {
          await stream.writeSSE({
            ...(e.id ? { id: String(e.id) } : {}),
            event: e.event,
            data: JSON.stringify(e.data),
          });
        }
      } finally {
        clearInterval(heartbeat);
      }
    });
  });
}
