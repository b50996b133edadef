import type { OpenAPIHono } from "@hono/zod-openapi";
import { apiRoute, jsonBody, jsonResponse } from "../../http/openapi.ts";
import type { AppEnv } from "../../http/types.ts";
import { recordUsage } from "../../http/usage.ts";
import { TenantQuery } from "../../shared/schemas.ts";
import { resolveTenant } from "../access/index.ts";
import {
  CreateScheduleBody,
  DeletedScheduleEnvelope,
  ExecutionListEnvelope,
  ExecutionListQuery,
  PreviewEnvelope,
  PreviewQuery,
  ScheduleEnvelope,
  ScheduleListEnvelope,
  ScheduleListQuery,
  ScheduleParams,
  TriggerBody,
  TriggerEnvelope,
  UpdateScheduleBody,
} from "./schemas.ts";

const tags = ["Schedules"];

export const listSchedulesRoute = apiRoute("schedules:read", {
  method: "get",
  path: "/schedules",
  operationId: "listSchedules",
  tags,
  summary: "List schedules",
  description: "The tenant's schedules, newest first; filters `enabled`, `targetType`, `targetId`.",
  request: { query: ScheduleListQuery },
  responses: { 200: jsonResponse(ScheduleListEnvelope, "A page of schedules") },
});

export const createScheduleRoute = apiRoute("schedules:write", {
  method: "post",
  path: "/schedules",
  operationId: "createSchedule",
  tags,
  summary: "Create a schedule",
  description:
    "One-time (`runAt`, in the future) or recurring (`cron`, five fields, read in the IANA `timezone`, default UTC; optional `startAt`, `endAt`, `maxRuns`). Each fire starts the target — re-executes a task, or starts a study run — and is recorded as an execution. A bad cron or an unknown time zone is a 400 naming the field; a target of another tenant is a 404; a target type this server has no target for is a 400 naming `target.type`.",
  request: { body: jsonBody(CreateScheduleBody) },
  responses: { 201: jsonResponse(ScheduleEnvelope, "The schedule, with its first `nextRunAt`") },
});

export const getScheduleRoute = apiRoute("schedules:read", {
  method: "get",
  path: "/schedules/{scheduleId}",
  operationId: "getSchedule",
  tags,
  summary: "Get a schedule",
  request: { params: ScheduleParams, query: TenantQuery },
  responses: { 200: jsonResponse(ScheduleEnvelope, "The schedule") },
});

export const updateScheduleRoute = apiRoute("schedules:write", {
  method: "patch",
  path: "/schedules/{scheduleId}",
  operationId: "updateSchedule",
  tags,
  summary: "Update a schedule",
  description:
    'Changes the given fields (`null` clears an optional one). A new timing, or enabling a disabled schedule, recomputes `nextRunAt` from now: the time it was disabled is not "missed". `cron` makes a one-time schedule recurring and `runAt` a recurring one one-time (it may then fire again).',
  request: { params: ScheduleParams, body: jsonBody(UpdateScheduleBody) },
  responses: { 200: jsonResponse(ScheduleEnvelope, "The schedule after the change") },
});

export const deleteScheduleRoute = apiRoute("schedules:write", {
  method: "delete",
  path: "/schedules/{scheduleId}",
  operationId: "deleteSchedule",
  tags,
  summary: "Delete a schedule",
  description: "The schedule and its executions go; the runs its fires started stay with their targets.",
  request: { params: ScheduleParams, query: TenantQuery },
  responses: { 200: jsonResponse(DeletedScheduleEnvelope, "Deleted") },
});

export const triggerScheduleRoute = apiRoute("schedules:write", {
  method: "post",
  path: "/schedules/{scheduleId}/trigger-now",
  operationId: "triggerSchedule",
  tags,
  summary: "Run a schedule now",
  description:
    "Fires at once through the same path as a scheduled fire (`manual: true`), enabled or not. `nextRunAt` does not move and the fire does not count toward `maxRuns`. When the target cannot start now (e.g. the task is still running) the execution is `skipped` with the reason.",
  request: { params: ScheduleParams, body: jsonBody(TriggerBody) },
  responses: { 202: jsonResponse(TriggerEnvelope, "The fire's execution (and its run id when it started)") },
});

export const listExecutionsRoute = apiRoute("schedules:read", {
  method: "get",
  path: "/schedules/{scheduleId}/executions",
  operationId: "listScheduleExecutions",
  tags,
  summary: "List a schedule's executions",
  description:
    "What each fire did, newest first: `started` (with the `runId` of the target's run), `skipped` (with the reason: missed during downtime — one execution per outage, `missed` occurrences — or the target could not start), or `failed`.",
  request: { params: ScheduleParams, query: ExecutionListQuery },
  responses: { 200: jsonResponse(ExecutionListEnvelope, "A page of executions") },
});

export const previewScheduleRoute = apiRoute("schedules:read", {
  method: "get",
  path: "/schedules/{scheduleId}/preview",
  operationId: "previewSchedule",
  tags,
  summary: "Preview the next fire times",
  description:
    "The next `count` (1-100, default 10) fire times from now, as UTC instants, within `startAt`/`endAt` and the runs left of `maxRuns` — as if the schedule were enabled.",
  request: { params: ScheduleParams, query: PreviewQuery },
  responses: { 200: jsonResponse(PreviewEnvelope, "The next fire times") },
});

export function registerScheduleRoutes(app: OpenAPIHono<AppEnv>) {
  app.openapi(listSchedulesRoute, async (c) => {
    const query = c.req.valid("query");
    const tenantId = resolveTenant(c.get("auth"), query.tenantId);
    const page = await c.get("ctx").schedules.list(tenantId, query);
    return c.json({ schedules: page.items, nextCursor: page.nextCursor }, 200);
  });

  app.openapi(createScheduleRoute, async (c) => {
    const body = c.req.valid("json");
    const tenantId = resolveTenant(c.get("auth"), body.tenantId);
    const schedule = await c.get("ctx").schedules.create(tenantId, c.get("auth").keyId, body);
    recordUsage(c, tenantId, "schedule_create", {
      scheduleId: schedule.id,
      targetType: schedule.target.type,
      recurring: schedule.cron !== null,
    });
    return c.json({ schedule }, 201);
  });

  app.openapi(getScheduleRoute, async (c) => {
    const tenantId = resolveTenant(c.get("auth"), c.req.valid("query").tenantId);
    return c.json({ schedule: await c.get("ctx").schedules.get(tenantId, c.req.valid("param").scheduleId) }, 200);
  });

  app.openapi(updateScheduleRoute, async (c) => {
    const body = c.req.valid("json");
    const tenantId = resolveTenant(c.get("auth"), body.tenantId);
    const { scheduleId } = c.req.valid("param");
    const schedule = await c.get("ctx").schedules.update(tenantId, scheduleId, body);
    const fields = Object.keys(body).filter((k) => k !== "tenantId");
    recordUsage(c, tenantId, "schedule_update", { scheduleId, fields });
    return c.json({ schedule }, 200);
  });

  app.openapi(deleteScheduleRoute, async (c) => {
    const tenantId = resolveTenant(c.get("auth"), c.req.valid("query").tenantId);
    const { scheduleId } = c.req.valid("param");
    await c.get("ctx").schedules.delete(tenantId, scheduleId);
    recordUsage(c, tenantId, "schedule_delete", { scheduleId });
    return c.json({ deleted: true as const, id: scheduleId }, 200);
  });

  app.openapi(triggerScheduleRoute, async (c) => {
    const tenantId = resolveTenant(c.get("auth"), c.req.valid("json").tenantId);
    const { scheduleId } = c.req.valid("param");
    const fired = await c.get("ctx").schedules.triggerNow(tenantId, scheduleId);
    recordUsage(c, tenantId, "schedule_trigger", {
      scheduleId,
      executionId: fired.execution.id,
      status: fired.execution.status,
      runId: fired.execution.runId,
    });
    return c.json(fired, 202);
  });

  app.openapi(listExecutionsRoute, async (c) => {
    const query = c.req.valid("query");
    const tenantId = resolveTenant(c.get("auth"), query.tenantId);
    const page = await c.get("ctx").schedules.executions(tenantId, c.req.valid("param").scheduleId, query);
    return c.json({ executions: page.items, nextCursor: page.nextCursor }, 200);
  });

  app.openapi(previewScheduleRoute, async (c) => {
    const query = c.req.valid("query");
    const tenantId = resolveTenant(c.get("auth"), query.tenantId);
    const runs = await c.get("ctx").schedules.preview(tenantId, c.req.valid("param").scheduleId, query.count);
    return c.json({ runs }, 200);
  });
}
