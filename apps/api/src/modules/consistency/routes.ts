import type { OpenAPIHono } from "@hono/zod-openapi";
import { apiRoute, jsonBody, jsonResponse } from "../../http/openapi.ts";
import type { AppEnv } from "../../http/types.ts";
import { pageQuery, TenantQuery, UuidSchema, z } from "../../shared/schemas.ts";
import { resolveTenant } from "../access/index.ts";
import { ReconcileBody, ReconcileEnvelope, ReportEnvelope, ReportListEnvelope } from "./schemas.ts";

/** Consistency checks and reconcile jobs: under the timeline's tag and paths, owned by this module. */
const tags = ["Timeline & memory"];
const param = (name: string) => UuidSchema.openapi({ param: { name, in: "path" } });
const PersonaParams = z.object({ personaId: param("personaId") });

export const consistencyRoute = apiRoute("personas:write", {
  method: "post",
  operationId: "checkPersonaConsistency",
  path: "/personas/{personaId}/consistency",
  tags,
  summary: "Run a consistency check",
  description:
    "Rule-based checks of the timeline against itself, the persona's age and profile, and its recent answers (plus a model as judge when a real model is the default). The report is stored.",
  request: { params: PersonaParams, body: jsonBody(z.strictObject({ tenantId: TenantQuery.shape.tenantId })) },
  responses: { 200: jsonResponse(ReportEnvelope, "The report") },
});

export const listReportsRoute = apiRoute("timeline:read", {
  method: "get",
  operationId: "listConsistencyReports",
  path: "/personas/{personaId}/consistency",
  tags,
  summary: "List consistency reports",
  request: { params: PersonaParams, query: z.strictObject(pageQuery) },
  responses: { 200: jsonResponse(ReportListEnvelope, "Reports, newest first") },
});

export const reconcileRoute = apiRoute("personas:write", {
  method: "post",
  operationId: "reconcileTimeline",
  path: "/personas/{personaId}/timeline/reconcile",
  tags,
  summary: "Reconcile the timeline (async)",
  description:
    "Queues a job that applies the safe fixes of a report (or of a fresh check): merges duplicates and supersedes contradicted entries, each with a reason. Nothing is deleted; the job lists what it applied.",
  request: { params: PersonaParams, body: jsonBody(ReconcileBody) },
  responses: { 202: jsonResponse(ReconcileEnvelope, "The queued job") },
});

export const getReconcileRoute = apiRoute("timeline:read", {
  method: "get",
  operationId: "getReconcileJob",
  path: "/personas/{personaId}/timeline/reconcile/{jobId}",
  tags,
  summary: "Get a reconcile job",
  request: { params: PersonaParams.extend({ jobId: param("jobId") }), query: TenantQuery },
  responses: { 200: jsonResponse(ReconcileEnvelope, "The job and what it applied") },
});

export function registerConsistencyRoutes(app: OpenAPIHono<AppEnv>) {
  app.openapi(consistencyRoute, async (c) => {
    const tenantId = resolveTenant(c.get("auth"), c.req.valid("json").tenantId);
    const report = await c.get("ctx").consistency.check(tenantId, c.req.valid("param").personaId, c.get("auth").keyId);
    return c.json({ report }, 200);
  });

  app.openapi(listReportsRoute, async (c) => {
    const { tenantId: requested, ...page } = c.req.valid("query");
    const tenantId = resolveTenant(c.get("auth"), requested);
    const result = await c.get("ctx").consistency.list(tenantId, c.req.valid("param").personaId, page);
    return c.json({ reports: result.items, nextCursor: result.nextCursor }, 200);
  });

  app.openapi(reconcileRoute, async (c) => {
    const body = c.req.valid("json");
    const tenantId = resolveTenant(c.get("auth"), body.tenantId);
    const job = await c
      .get("ctx")
      .consistency.enqueueReconcile(tenantId, c.req.valid("param").personaId, body.reportId, c.get("auth").keyId);
    return c.json({ job }, 202);
  });

  app.openapi(getReconcileRoute, async (c) => {
    const tenantId = resolveTenant(c.get("auth"), c.req.valid("query").tenantId);
    const { personaId, jobId } = c.req.valid("param");
    return c.json({ job: await c.get("ctx").consistency.getReconcile(tenantId, personaId, jobId) }, 200);
  });
}
