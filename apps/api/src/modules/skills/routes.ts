import type { OpenAPIHono } from "@hono/zod-openapi";
import { apiRoute, jsonBody, jsonResponse } from "../../http/openapi.ts";
import type { AppEnv } from "../../http/types.ts";
import { recordUsage } from "../../http/usage.ts";
import { TenantQuery } from "../../shared/schemas.ts";
import { resolveTenant } from "../access/index.ts";
import {
  CreateSkillBody,
  DeletedSkillEnvelope,
  GetSkillQuery,
  ListSkillsQuery,
  SkillEnvelope,
  SkillIdParams,
  SkillListEnvelope,
  SkillVersionsEnvelope,
  UpdateSkillBody,
} from "./schemas.ts";

const tags = ["Skills"];

export const listSkillsRoute = apiRoute("skills:read", {
  method: "get",
  operationId: "listSkills",
  path: "/skills",
  tags,
  summary: "List skill definitions",
  description:
    "The tenant's skills at their latest version, newest first. Archived skills only with `includeArchived=true`.",
  request: { query: ListSkillsQuery },
  responses: { 200: jsonResponse(SkillListEnvelope, "A page of skills") },
});

export const createSkillRoute = apiRoute("skills:write", {
  method: "post",
  operationId: "createSkill",
  path: "/skills",
  tags,
  summary: "Create a skill definition",
  description:
    "Instructions, 1-50 questions each with an output format, an optional evaluation rubric, model and temperature. `{{variables}}` in the instructions and questions are filled per task (persona fields, `attributes.key`, or task variables). Saved as version 1.",
  request: { body: jsonBody(CreateSkillBody) },
  responses: { 201: jsonResponse(SkillEnvelope, "The new skill (version 1)") },
});

export const getSkillRoute = apiRoute("skills:read", {
  method: "get",
  operationId: "getSkill",
  path: "/skills/{skillId}",
  tags,
  summary: "Get a skill",
  description: "The latest version, or `?version=N`. Archived skills stay readable here.",
  request: { params: SkillIdParams, query: GetSkillQuery },
  responses: { 200: jsonResponse(SkillEnvelope, "The skill") },
});

export const updateSkillRoute = apiRoute("skills:write", {
  method: "patch",
  operationId: "updateSkill",
  path: "/skills/{skillId}",
  tags,
  summary: "Update a skill (new version)",
  description:
    "Merges the given fields into the latest definition and saves it as version n+1; earlier versions never change, so tasks and studies that pinned one keep it. An update that changes nothing makes no version. Archived skills cannot be updated (409).",
  request: { params: SkillIdParams, body: jsonBody(UpdateSkillBody) },
  responses: { 200: jsonResponse(SkillEnvelope, "The skill at its new version") },
});

export const deleteSkillRoute = apiRoute("skills:write", {
  method: "delete",
  operationId: "deleteSkill",
  path: "/skills/{skillId}",
  tags,
  summary: "Delete (or archive) a skill",
  description:
    "Deletes the skill with its versions, unless a task or study uses it: then it is archived (`archived: true`), hidden from lists and still readable by id, so no result loses its instrument.",
  request: { params: SkillIdParams, query: TenantQuery },
  responses: { 200: jsonResponse(DeletedSkillEnvelope, "Deleted or archived") },
});

export const skillVersionsRoute = apiRoute("skills:read", {
  method: "get",
  operationId: "listSkillVersions",
  path: "/skills/{skillId}/versions",
  tags,
  summary: "List a skill's versions",
  request: { params: SkillIdParams, query: TenantQuery },
  responses: { 200: jsonResponse(SkillVersionsEnvelope, "Every version, oldest first") },
});

export function registerSkillRoutes(app: OpenAPIHono<AppEnv>) {
  app.openapi(listSkillsRoute, async (c) => {
    const query = c.req.valid("query");
    const tenantId = resolveTenant(c.get("auth"), query.tenantId);
    const page = await c.get("ctx").skills.list(tenantId, query);
    return c.json({ skills: page.items, nextCursor: page.nextCursor }, 200);
  });

  app.openapi(createSkillRoute, async (c) => {
    const { tenantId: requested, ...definition } = c.req.valid("json");
    const tenantId = resolveTenant(c.get("auth"), requested);
    const skill = await c.get("ctx").skills.create(tenantId, definition, { apiKeyId: c.get("auth").keyId });
    recordUsage(c, tenantId, "skill_create", { skillId: skill.id, questions: skill.questions.length });
    return c.json({ skill }, 201);
  });

  app.openapi(getSkillRoute, async (c) => {
    const { tenantId: requested, version } = c.req.valid("query");
    const tenantId = resolveTenant(c.get("auth"), requested);
    return c.json({ skill: await c.get("ctx").skills.get(tenantId, c.req.valid("param").skillId, version) }, 200);
  });

  app.openapi(updateSkillRoute, async (c) => {
    const body = c.req.valid("json");
    const tenantId = resolveTenant(c.get("auth"), body.tenantId);
    const { skillId } = c.req.valid("param");
    const skill = await c.get("ctx").skills.update(tenantId, skillId, body, { apiKeyId: c.get("auth").keyId });
    const fields = Object.keys(body).filter((k) => k !== "tenantId");
    recordUsage(c, tenantId, "skill_update", { skillId, fields, version: skill.version });
    return c.json({ skill }, 200);
  });

  app.openapi(deleteSkillRoute, async (c) => {
    const tenantId = resolveTenant(c.get("auth"), c.req.valid("query").tenantId);
    const { skillId } = c.req.valid("param");
    const { archived } = await c.get("ctx").skills.delete(tenantId, skillId);
    recordUsage(c, tenantId, archived ? "skill_archive" : "skill_delete", { skillId });
    return c.json({ deleted: true as const, archived }, 200);
  });

  app.openapi(skillVersionsRoute, async (c) => {
    const tenantId = resolveTenant(c.get("auth"), c.req.valid("query").tenantId);
    return c.json({ versions: await c.get("ctx").skills.versions(tenantId, c.req.valid("param").skillId) }, 200);
  });
}
