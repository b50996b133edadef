import type { OpenAPIHono } from "@hono/zod-openapi";
import type { Context } from "hono";
import { apiRoute, jsonBody, jsonResponse } from "../../http/openapi.ts";
import type { AppEnv } from "../../http/types.ts";
import { TenantQuery, UuidSchema, z } from "../../shared/schemas.ts";
import { resolveTenant } from "../access/index.ts";
import type { Caller } from "../prompting/index.ts";
import {
  ControlBody,
  CreateTaskBody,
  DeletedTaskEnvelope,
  ExecuteBody,
  ListTasksQuery,
  ResultsEnvelope,
  ResultsQuery,
  ScoresEnvelope,
  TaskEnvelope,
  TaskListEnvelope,
  TurnsEnvelope,
} from "./schemas.ts";

const tags = ["Tasks"];
const TaskParams = z.object({ taskId: UuidSchema.openapi({ param: { name: "taskId", in: "path" } }) });

export const createTaskRoute = apiRoute("tasks:write", {
  method: "post",
  operationId: "createTask",
  path: "/tasks",
  tags,
  summary: "Create a task",
  description:
    "One skill version × one persona (+ variables, model). Pins the skill's current version unless `skillVersion` is given. Variables the skill uses that are neither supplied nor persona fields are a 400 naming each (`details[].path` = `variables.<name>`). With `execute: true` its first attempt is queued at once.",
  request: { body: jsonBody(CreateTaskBody, "The task") },
  responses: {
    201: jsonResponse(TaskEnvelope, "The task (`pending`, or `queued` with `execute: true`)"),
  },
});

export const listTasksRoute = apiRoute("tasks:read", {
  method: "get",
  operationId: "listTasks",
  path: "/tasks",
  tags,
  summary: "List task executions",
  description:
    "Newest first. Filters: `status` (the current attempt's state, or `pending`), `skillId`, `personaId`, `scheduleId`.",
  request: { query: ListTasksQuery },
  responses: { 200: jsonResponse(TaskListEnvelope, "Tasks, newest first") },
});

export const getTaskRoute = apiRoute("tasks:read", {
  method: "get",
  operationId: "getTask",
  path: "/tasks/{taskId}",
  tags,
  summary: "Task detail",
  request: { params: TaskParams, query: TenantQuery },
  responses: { 200: jsonResponse(TaskEnvelope, "The task") },
});

export const controlTaskRoute = apiRoute("tasks:write", {
  method: "post",
  operationId: "controlTask",
  path: "/tasks/{taskId}/control",
  tags,
  summary: "Pause, resume or cancel a task",
  description:
    "Acts on the current attempt's run. Pause stops between turns (the turn in flight is dropped and asked again on resume). 409 when the action does not apply to the task's status.",
  request: { params: TaskParams, body: jsonBody(ControlBody) },
  responses: { 200: jsonResponse(TaskEnvelope, "The task after the action") },
});

export const executeTaskRoute = apiRoute("tasks:write", {
  method: "post",
  operationId: "executeTask",
  path: "/tasks/{taskId}/execute",
  tags,
  summary: "Queue the task for execution",
  description:
    "A pending, failed, cancelled or succeeded task starts attempt n+1 with a new run; earlier attempts' turns and results are kept. 409 while an attempt is queued, running or paused.",
  request: { params: TaskParams, body: jsonBody(ExecuteBody) },
  responses: { 202: jsonResponse(TaskEnvelope, "The task, queued") },
});

export const taskResultsRoute = apiRoute("tasks:read", {
  method: "get",
  operationId: "getTaskResults",
  path: "/tasks/{taskId}/results",
  tags,
  summary: "Task outputs (parsed answers)",
  request: { params: TaskParams, query: ResultsQuery },
  responses: { 200: jsonResponse(ResultsEnvelope, "One result per answered question, in the skill's order") },
});

export const taskTurnsRoute = apiRoute("tasks:read", {
  method: "get",
  operationId: "getTaskTurns",
  path: "/tasks/{taskId}/turns",
  tags,
  summary: "Task transcript",
  description: "The task's prompt session: every attempt's turns, each with its attempt, question and ask.",
  request: { params: TaskParams, query: TenantQuery },
  responses: { 200: jsonResponse(TurnsEnvelope, "The turns, oldest first") },
});

export const taskScoresRoute = apiRoute("tasks:read", {
  method: "get",
  operationId: "getTaskScores",
  path: "/tasks/{taskId}/scores",
  tags,
  summary: "Task evaluation scores",
  request: { params: TaskParams, query: ResultsQuery },
  responses: { 200: jsonResponse(ScoresEnvelope, "The attempt's scores (null before evaluation or without a rubric)") },
});

export const deleteTaskRoute = apiRoute("tasks:write", {
  method: "delete",
  operationId: "deleteTask",
  path: "/tasks/{taskId}",
  tags,
  summary: "Delete a task",
  description:
    "Cancels an active attempt, then deletes the task, its results and scores. Its turns stay in the persona's prompt session.",
  request: { params: TaskParams, query: TenantQuery },
  responses: { 200: jsonResponse(DeletedTaskEnvelope, "Deleted") },
});

export function registerTaskRoutes(app: OpenAPIHono<AppEnv>) {
  const caller = (c: Context<AppEnv>, tenantId: string): Caller => ({
    tenantId,
    apiKeyId: c.get("auth").keyId,
    requestId: c.get("requestId"),
  });

  app.openapi(createTaskRoute, async (c) => {
    const body = c.req.valid("json");
    const tenantId = resolveTenant(c.get("auth"), body.tenantId);
    return c.json({ task: await c.get("ctx").tasks.create(caller(c, tenantId), body) }, 201);
  });

  app.openapi(listTasksRoute, async (c) => {
    const { tenantId: requested, ...q } = c.req.valid("query");
    const tenantId = resolveTenant(c.get("auth"), requested);
    const page = await c.get("ctx").tasks.list(tenantId, q);
    return c.json({ tasks: page.items, nextCursor: page.nextCursor }, 200);
  });

  app.openapi(getTaskRoute, async (c) => {
    const tenantId = resolveTenant(c.get("auth"), c.req.valid("query").tenantId);
    return c.json({ task: await c.get("ctx").tasks.get(tenantId, c.req.valid("param").taskId) }, 200);
  });

  app.openapi(controlTaskRoute, async (c) => {
    const body = c.req.valid("json");
    const tenantId = resolveTenant(c.get("auth"), body.tenantId);
    const task = await c.get("ctx").tasks.control(caller(c, tenantId), c.req.valid("param").taskId, body.action);
    return c.json({ task }, 200);
  });

  app.openapi(executeTaskRoute, async (c) => {
    const tenantId = resolveTenant(c.get("auth"), c.req.valid("json").tenantId);
    const task = await c.get("ctx").tasks.execute(caller(c, tenantId), c.req.valid("param").taskId);
    return c.json({ task }, 202);
  });

  app.openapi(taskResultsRoute, async (c) => {
    const { tenantId: requested, attempt } = c.req.valid("query");
    const tenantId = resolveTenant(c.get("auth"), requested);
    return c.json(await c.get("ctx").tasks.results(tenantId, c.req.valid("param").taskId, attempt), 200);
  });

  app.openapi(taskTurnsRoute, async (c) => {
    const tenantId = resolveTenant(c.get("auth"), c.req.valid("query").tenantId);
    return c.json({ turns: await c.get("ctx").tasks.turns(tenantId, c.req.valid("param").taskId) }, 200);
  });

  app.openapi(taskScoresRoute, async (c) => {
    const { tenantId: requested, attempt } = c.req.valid("query");
    const tenantId = resolveTenant(c.get("auth"), requested);
    return c.json(await c.get("ctx").tasks.scores(tenantId, c.req.valid("param").taskId, attempt), 200);
  });

  app.openapi(deleteTaskRoute, async (c) => {
    const tenantId = resolveTenant(c.get("auth"), c.req.valid("query").tenantId);
    await c.get("ctx").tasks.delete(caller(c, tenantId), c.req.valid("param").taskId);
    return c.json({ deleted: true as const, id: c.req.valid("param").taskId }, 200);
  });
}
