import type { OpenAPIHono } from "@hono/zod-openapi";
import { apiRoute, jsonBody, jsonResponse } from "../../http/openapi.ts";
import type { AppEnv } from "../../http/types.ts";
import { recordUsage } from "../../http/usage.ts";
import { UuidSchema, z } from "../../shared/schemas.ts";
import { resolveTenant } from "../access/index.ts";
import {
  AppendEntryBody,
  EntryEnvelope,
  ListTimelineQuery,
  SupersedeBody,
  SupersededEnvelope,
  TimelineListEnvelope,
} from "./schemas.ts";

const tags = ["Timeline & memory"];
const param = (name: string) => UuidSchema.openapi({ param: { name, in: "path" } });
const PersonaParams = z.object({ personaId: param("personaId") });

export const listTimelineRoute = apiRoute("timeline:read", {
  method: "get",
  operationId: "listTimelineEntries",
  path: "/personas/{personaId}/timeline",
  tags,
  summary: "Get the timeline",
  description:
    "Active memories by `eventAt`, oldest first (`includeSuperseded=true` adds the superseded ones: the audit trail). Each entry has its `effectiveStrength` now.",
  request: { params: PersonaParams, query: ListTimelineQuery },
  responses: { 200: jsonResponse(TimelineListEnvelope, "A page of the timeline") },
});

export const appendTimelineRoute = apiRoute("personas:write", {
  method: "post",
  operationId: "appendTimelineEntry",
  path: "/personas/{personaId}/timeline",
  tags,
  summary: "Append a memory",
  description:
    "Field rules: `eventLabel` 1-500 characters; `facts`, `feelings`, `interpretation` 1-5000; `emotionTags` at most 50; `memoryType` normal | pride | shame | repressed | revised | exaggerated (default normal); `memoryStrength` 0-100 (default 50); `metadata` at most 50 keys (`metadata.trigger`: words that make a repressed memory surface).",
  request: { params: PersonaParams, body: jsonBody(AppendEntryBody) },
  responses: { 201: jsonResponse(EntryEnvelope, "The stored memory") },
});

export const supersedeRoute = apiRoute("personas:write", {
  method: "post",
  operationId: "supersedeTimelineEntry",
  path: "/personas/{personaId}/timeline/{timelineId}/supersede",
  tags,
  summary: "Supersede an entry (revision)",
  description:
    "Stores the replacement (type `revised` unless given; fields not given are copied from the original), marks the original `superseded` with the reason, and links both. 409 when the entry is already superseded.",
  request: { params: PersonaParams.extend({ timelineId: param("timelineId") }), body: jsonBody(SupersedeBody) },
  responses: { 200: jsonResponse(SupersededEnvelope, "The original and its replacement") },
});

export function registerTimelineRoutes(app: OpenAPIHono<AppEnv>) {
  app.openapi(listTimelineRoute, async (c) => {
    const { tenantId: requested, ...filters } = c.req.valid("query");
    const tenantId = resolveTenant(c.get("auth"), requested);
    const page = await c.get("ctx").timeline.list(tenantId, c.req.valid("param").personaId, filters);
    return c.json({ timeline: page.items, nextCursor: page.nextCursor }, 200);
  });

  app.openapi(appendTimelineRoute, async (c) => {
    const { tenantId: requested, ...input } = c.req.valid("json");
    const tenantId = resolveTenant(c.get("auth"), requested);
    const { personaId } = c.req.valid("param");
    const entry = await c.get("ctx").timeline.append(tenantId, personaId, input);
    recordUsage(c, tenantId, "persona_timeline_append", { personaId, entryId: entry.id, memoryType: entry.memoryType });
    return c.json({ entry }, 201);
  });

  app.openapi(supersedeRoute, async (c) => {
    const body = c.req.valid("json");
    const tenantId = resolveTenant(c.get("auth"), body.tenantId);
    const { personaId, timelineId } = c.req.valid("param");
    const result = await c
      .get("ctx")
      .timeline.supersede(tenantId, personaId, timelineId, body.reason, body.replacement);
    recordUsage(c, tenantId, "persona_timeline_supersede", {
      personaId,
      supersededId: timelineId,
      entryId: result.entry.id,
      reason: body.reason,
    });
    return c.json(result, 200);
  });
}
