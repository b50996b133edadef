import type { OpenAPIHono } from "@hono/zod-openapi";
import type { Context } from "hono";
import { apiRoute, jsonBody, jsonResponse } from "../../http/openapi.ts";
import type { AppEnv } from "../../http/types.ts";
import { TenantQuery, UuidSchema, z } from "../../shared/schemas.ts";
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
  StudyRunBody,
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
    "Deletes the study; its population and skill are free again. `purge=true` is accepted for the study runs to come (it will delete their finished runs' data too); studies have no runs yet.",
  request: { params: StudyParams, query: DeleteStudyQuery },
  responses: { 200: jsonResponse(DeletedStudyEnvelope, "Deleted") },
});

export const runStudyRoute = apiRoute("studies:write", {
  method: "post",
  operationId: "runStudy",
  path: "/studies/{studyId}/runs",
  tags,
  summary: "Plan a study run (dry run)",
  description:
    "With `dryRun: true`: the plan of a run without running it — versions, members × replicates tasks, turns per task, estimated tokens, cost, credits and duration (docs/studies.md). Study runs are not available yet: without `dryRun: true` this is a 400 naming `dryRun`. 409 while the population is generating or failed, or when the skill is archived.",
  request: { params: StudyParams, body: jsonBody(StudyRunBody) },
  responses: { 200: jsonResponse(StudyPlanEnvelope, "The plan") },
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
    const plan = await c.get("ctx").studies.plan(caller(c, tenantId), c.req.valid("param").studyId, body);
    return c.json({ plan }, 200);
  });
}
