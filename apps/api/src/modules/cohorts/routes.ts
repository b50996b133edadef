import type { OpenAPIHono } from "@hono/zod-openapi";
import { apiRoute, jsonBody, jsonResponse } from "../../http/openapi.ts";
import type { AppEnv } from "../../http/types.ts";
import { countUsage, recordUsage } from "../../http/usage.ts";
import { TenantQuery } from "../../shared/schemas.ts";
import { resolveTenant } from "../access/index.ts";
import {
  CohortEnvelope,
  CohortIdParams,
  CohortListEnvelope,
  CohortMembersEnvelope,
  CreateCohortBody,
  DeletedCohortEnvelope,
  ListCohortsQuery,
  UpdateCohortBody,
} from "./schemas.ts";

const tags = ["Cohorts"];

export const listCohortsRoute = apiRoute("cohorts:read", {
  method: "get",
  operationId: "listCohorts",
  path: "/cohorts",
  tags,
  summary: "List cohorts",
  description: "The tenant's cohorts, newest first, each with its `memberCount` now.",
  request: { query: ListCohortsQuery },
  responses: { 200: jsonResponse(CohortListEnvelope, "A page of cohorts") },
});

export const createCohortRoute = apiRoute("cohorts:write", {
  method: "post",
  operationId: "createCohort",
  path: "/cohorts",
  tags,
  summary: "Create a cohort",
  description:
    "A segment of the tenant's personas: `criteria` (all must hold; a list matches any of its values) and/or an explicit `include` list, minus `exclude`. Membership is evaluated live, so personas created or changed later join or leave it. `include`/`exclude` ids must be the tenant's personas (400 with the path otherwise).",
  request: { body: jsonBody(CreateCohortBody) },
  responses: { 201: jsonResponse(CohortEnvelope, "The new cohort") },
});

export const getCohortRoute = apiRoute("cohorts:read", {
  method: "get",
  operationId: "getCohort",
  path: "/cohorts/{cohortId}",
  tags,
  summary: "Get a cohort",
  request: { params: CohortIdParams, query: TenantQuery },
  responses: { 200: jsonResponse(CohortEnvelope, "The cohort") },
});

export const updateCohortRoute = apiRoute("cohorts:write", {
  method: "patch",
  operationId: "updateCohort",
  path: "/cohorts/{cohortId}",
  tags,
  summary: "Update a cohort",
  description:
    "Replaces the given fields (`criteria`, `include` and `exclude` each as a whole) and increments `version`. Pass `version` for an optimistic-concurrency check (409 `version_conflict`).",
  request: { params: CohortIdParams, body: jsonBody(UpdateCohortBody) },
  responses: { 200: jsonResponse(CohortEnvelope, "The updated cohort") },
});

export const deleteCohortRoute = apiRoute("cohorts:write", {
  method: "delete",
  operationId: "deleteCohort",
  path: "/cohorts/{cohortId}",
  tags,
  summary: "Delete a cohort",
  description: "Personas are not touched. A cohort a population uses cannot be deleted (409 `cohort_in_use`).",
  request: { params: CohortIdParams, query: TenantQuery },
  responses: { 200: jsonResponse(DeletedCohortEnvelope, "Deleted") },
});

export const cohortMembersRoute = apiRoute("cohorts:read", {
  method: "get",
  operationId: "listCohortMembers",
  path: "/cohorts/{cohortId}/members",
  tags,
  summary: "List a cohort's members",
  description:
    "The personas that are members now, newest first (the order of `GET /personas`), with the total `count`. The same list as `GET /personas?cohortId=`.",
  request: { params: CohortIdParams, query: ListCohortsQuery },
  responses: { 200: jsonResponse(CohortMembersEnvelope, "A page of members and their count") },
});

export function registerCohortRoutes(app: OpenAPIHono<AppEnv>) {
  app.openapi(listCohortsRoute, async (c) => {
    const query = c.req.valid("query");
    const tenantId = resolveTenant(c.get("auth"), query.tenantId);
    const page = await c.get("ctx").cohorts.list(tenantId, query);
    countUsage(c, tenantId, "cohort_list");
    return c.json({ cohorts: page.items, nextCursor: page.nextCursor }, 200);
  });

  app.openapi(createCohortRoute, async (c) => {
    const body = c.req.valid("json");
    const tenantId = resolveTenant(c.get("auth"), body.tenantId);
    const cohort = await c.get("ctx").cohorts.create(tenantId, body);
    recordUsage(c, tenantId, "cohort_create", {
      cohortId: cohort.id,
      criteria: Object.keys(cohort.criteria),
      include: cohort.include.length,
      exclude: cohort.exclude.length,
      memberCount: cohort.memberCount,
    });
    return c.json({ cohort }, 201);
  });

  app.openapi(getCohortRoute, async (c) => {
    const tenantId = resolveTenant(c.get("auth"), c.req.valid("query").tenantId);
    const { cohortId } = c.req.valid("param");
    const cohort = await c.get("ctx").cohorts.get(tenantId, cohortId);
    countUsage(c, tenantId, "cohort_get", { cohortId });
    return c.json({ cohort }, 200);
  });

  app.openapi(updateCohortRoute, async (c) => {
    const body = c.req.valid("json");
    const tenantId = resolveTenant(c.get("auth"), body.tenantId);
    const { cohortId } = c.req.valid("param");
    const cohort = await c.get("ctx").cohorts.update(tenantId, cohortId, body);
    const fields = Object.keys(body).filter((k) => k !== "tenantId" && k !== "version");
    recordUsage(c, tenantId, "cohort_update", { cohortId, fields, version: cohort.version });
    return c.json({ cohort }, 200);
  });

  app.openapi(deleteCohortRoute, async (c) => {
    const tenantId = resolveTenant(c.get("auth"), c.req.valid("query").tenantId);
    const { cohortId } = c.req.valid("param");
    await c.get("ctx").cohorts.delete(tenantId, cohortId);
    recordUsage(c, tenantId, "cohort_delete", { cohortId });
    return c.json({ deleted: true as const, id: cohortId }, 200);
  });

  app.openapi(cohortMembersRoute, async (c) => {
    const query = c.req.valid("query");
    const tenantId = resolveTenant(c.get("auth"), query.tenantId);
    const { cohortId } = c.req.valid("param");
    const page = await c.get("ctx").cohorts.members(tenantId, cohortId, query);
    countUsage(c, tenantId, "cohort_members", { cohortId });
    return c.json(page, 200);
  });
}
