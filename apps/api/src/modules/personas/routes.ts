import type { OpenAPIHono } from "@hono/zod-openapi";
import { apiRoute, jsonBody, jsonResponse } from "../../http/openapi.ts";
import type { AppEnv } from "../../http/types.ts";
import { countUsage, recordUsage } from "../../http/usage.ts";
import { TenantQuery } from "../../shared/schemas.ts";
import { resolveTenant } from "../access/index.ts";
import {
  CreatedPersonaEnvelope,
  CreatePersonaBody,
  DeletedPersonaEnvelope,
  ImportPersonaBody,
  ListPersonasQuery,
  PersonaEnvelope,
  PersonaExportSchema,
  PersonaIdParams,
  PersonaListEnvelope,
  UpdatePersonaBody,
} from "./schemas.ts";

const tags = ["Personas"];

export const createPersonaRoute = apiRoute("personas:write", {
  method: "post",
  operationId: "createPersona",
  path: "/personas",
  tags,
  summary: "Create a persona from a seed",
  description:
    "Creates a durable persona from its seed. The five seed fields are required; the response flattens them onto the persona, adds the `summary` and returns the persona's initial timeline memory as `timeline`. When the model provider is unavailable (network, 5xx, 429, timeout, after retries and the fallback model) the persona is still created (201) with `profileStatus: pending`, an empty `timeline` and `profileRunId`: a background run writes the profile and the initial memory, and prompts answer 409 `persona_not_ready` until then. A provider that refuses the request (credentials, unknown model) fails the creation with 502.",
  request: { body: jsonBody(CreatePersonaBody) },
  responses: { 201: jsonResponse(CreatedPersonaEnvelope, "The new persona and its initial memory") },
});

export const listPersonasRoute = apiRoute("personas:list", {
  method: "get",
  operationId: "listPersonas",
  path: "/personas",
  tags,
  summary: "List personas by tenant",
  description: "Newest first, with cursor pagination and filters.",
  request: { query: ListPersonasQuery },
  responses: { 200: jsonResponse(PersonaListEnvelope, "A page of personas") },
});

export const getPersonaRoute = apiRoute("personas:read", {
  method: "get",
  operationId: "getPersona",
  path: "/personas/{personaId}",
  tags,
  summary: "Get one persona",
  request: { params: PersonaIdParams, query: TenantQuery },
  responses: { 200: jsonResponse(PersonaEnvelope, "The persona") },
});

export const updatePersonaRoute = apiRoute("personas:write", {
  method: "patch",
  operationId: "updatePersona",
  path: "/personas/{personaId}",
  tags,
  summary: "Update persona fields",
  description:
    "Changes the given fields (others stay), recomputes the summary and increments `version`. Optional seed fields may be set to null to clear them. Pass `version` for an optimistic-concurrency check.",
  request: { params: PersonaIdParams, body: jsonBody(UpdatePersonaBody) },
  responses: { 200: jsonResponse(PersonaEnvelope, "The updated persona") },
});

export const deletePersonaRoute = apiRoute("personas:write", {
  method: "delete",
  operationId: "deletePersona",
  path: "/personas/{personaId}",
  tags,
  summary: "Delete a persona and everything that belongs to it",
  request: { params: PersonaIdParams, query: TenantQuery },
  responses: { 200: jsonResponse(DeletedPersonaEnvelope, "Deleted") },
});

export const exportPersonaRoute = apiRoute("exports:read", {
  method: "get",
  operationId: "exportPersona",
  path: "/personas/{personaId}/export",
  tags,
  summary: "Export persona data as one JSON document",
  description:
    "The persona and its whole timeline (superseded entries and their links included), versioned by `formatVersion`. `POST /personas/import` reads it back.",
  request: { params: PersonaIdParams, query: TenantQuery },
  responses: { 200: jsonResponse(PersonaExportSchema, "The export document") },
});

export const importPersonaRoute = apiRoute("personas:write", {
  method: "post",
  operationId: "importPersona",
  path: "/personas/import",
  tags,
  summary: "Import a persona from an export document",
  description: "Creates a new persona (new ids) with the document's seed, attributes and timeline.",
  request: { body: jsonBody(ImportPersonaBody) },
  responses: { 201: jsonResponse(CreatedPersonaEnvelope, "The imported persona and its timeline") },
});

export function registerPersonaRoutes(app: OpenAPIHono<AppEnv>) {
  app.openapi(createPersonaRoute, async (c) => {
    const body = c.req.valid("json");
    const tenantId = resolveTenant(c.get("auth"), body.tenantId);
    const { generation, ...created } = await c.get("ctx").personas.create(tenantId, body.seed, {
      model: body.model,
      apiKeyId: c.get("auth").keyId,
    });
    recordUsage(c, tenantId, "persona_create", { personaId: created.persona.id, ...generation });
    return c.json(created, 201);
  });

  app.openapi(listPersonasRoute, async (c) => {
    const query = c.req.valid("query");
    const tenantId = resolveTenant(c.get("auth"), query.tenantId);
    const page = await c.get("ctx").personas.list(tenantId, query);
    const { tenantId: _t, cursor: _c, limit, ...filters } = query;
    recordUsage(c, tenantId, "persona_list", { count: page.items.length, limit, filters });
    return c.json({ personas: page.items, nextCursor: page.nextCursor }, 200);
  });

  app.openapi(getPersonaRoute, async (c) => {
    const tenantId = resolveTenant(c.get("auth"), c.req.valid("query").tenantId);
    const { personaId } = c.req.valid("param");
    const json = await c.get("ctx").personas.getEnvelopeJson(tenantId, personaId);
    countUsage(c, tenantId, "persona_get", { personaId });
    return c.body(json, 200, { "content-type": "application/json" }) as never;
  });

  app.openapi(updatePersonaRoute, async (c) => {
    const body = c.req.valid("json");
    const tenantId = resolveTenant(c.get("auth"), body.tenantId);
    const { personaId } = c.req.valid("param");
    const persona = await c.get("ctx").personas.update(tenantId, personaId, body);
    const fields = Object.keys(body).filter((k) => k !== "tenantId" && k !== "version");
    recordUsage(c, tenantId, "persona_update", { personaId, fields, version: persona.version });
    return c.json({ persona }, 200);
  });

  app.openapi(deletePersonaRoute, async (c) => {
    const tenantId = resolveTenant(c.get("auth"), c.req.valid("query").tenantId);
    const { personaId } = c.req.valid("param");
    // Its generations running here stop too (the prompting module listens: PersonaService.onDeleted).
    await c.get("ctx").personas.delete(tenantId, personaId);
    recordUsage(c, tenantId, "persona_delete", { personaId });
    return c.json({ deleted: true as const, id: personaId }, 200);
  });

  app.openapi(exportPersonaRoute, async (c) => {
    const tenantId = resolveTenant(c.get("auth"), c.req.valid("query").tenantId);
    const { personaId } = c.req.valid("param");
    const doc = await c.get("ctx").personas.export(tenantId, personaId);
    recordUsage(c, tenantId, "persona_export", { personaId, timelineEntries: doc.timeline.length });
    return c.json(doc, 200, { "content-disposition": `attachment; filename="persona-${personaId}.json"` });
  });

  app.openapi(importPersonaRoute, async (c) => {
    const body = c.req.valid("json");
    const tenantId = resolveTenant(c.get("auth"), body.tenantId);
    const created = await c.get("ctx").personas.import(tenantId, body.document);
    recordUsage(c, tenantId, "persona_import", {
      personaId: created.persona.id,
      sourcePersonaId: body.document.persona.id,
      timelineEntries: created.timeline.length,
    });
    return c.json(created, 201);
  });
}
