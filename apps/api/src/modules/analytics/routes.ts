import type { OpenAPIHono } from "@hono/zod-openapi";
import { apiRoute, jsonResponse } from "../../http/openapi.ts";
import type { AppEnv } from "../../http/types.ts";
import { recordUsage } from "../../http/usage.ts";
import { z } from "../../shared/schemas.ts";
import { resolveTenant } from "../access/index.ts";
import { csvHeader, csvRow, ndjsonRow } from "./export.ts";
import { EventListEnvelope, EventListQuery, ExportQuery, UsageEnvelope, UsageQuerySchema } from "./schemas.ts";

const tags = ["Analytics"];

export const listEventsRoute = apiRoute("analytics:read", {
  method: "get",
  path: "/analytics/events",
  operationId: "listUsageEvents",
  tags,
  summary: "List usage events",
  description:
    "The tenant's usage events (SPEC §10 event names), newest first, with keyset pagination. Filters: `event`, `from` (inclusive), `to` (exclusive), `personaId` and `model` (read from the payload), `keyId`.",
  request: { query: EventListQuery },
  responses: { 200: jsonResponse(EventListEnvelope, "A page of events") },
});

export const usageRoute = apiRoute("analytics:read", {
  method: "get",
  path: "/analytics/usage",
  operationId: "getUsage",
  tags,
  summary: "Usage rollups and dashboard metrics",
  description:
    "Counts, tokens, cost and credits per `day`, `week` (from Monday) or `month` of the IANA `timezone` (default UTC), optionally per event, model, persona or key, over [`from`, `to`) (default: the last 30 days). `totals` sums the range; `dashboard` carries the dashboard metrics: prompt events and token usage in the range, persona count and timeline entries now. An unknown time zone is a 400.",
  request: { query: UsageQuerySchema },
  responses: { 200: jsonResponse(UsageEnvelope, "The usage report") },
});

export const exportRoute = apiRoute("analytics:read", {
  method: "get",
  path: "/analytics/export",
  operationId: "exportUsageEvents",
  tags,
  summary: "Export usage events (CSV or NDJSON)",
  description:
    "Every event of [`from`, `to`) (default: the last 30 days), oldest first, optionally one `event` only, streamed from the database a page at a time (memory stays flat whatever the size). CSV columns: `id, created_at, event, key_id, request_id, persona_id, model, tokens_in, tokens_out, cached_tokens_in, cost_usd, credits, payload` (the payload as JSON). NDJSON: one event object (as in `/analytics/events`) per line.",
  request: { query: ExportQuery },
  responses: {
    200: {
      description: "The events",
      content: {
        "text/csv": {
          schema: z.string().openapi({
            example:
              "id,created_at,event,key_id,request_id,persona_id,model,tokens_in,tokens_out,cached_tokens_in,cost_usd,credits,payload\r\n",
          }),
        },
        "application/x-ndjson": { schema: z.string() },
      },
    },
  },
});

export function registerAnalyticsRoutes(app: OpenAPIHono<AppEnv>) {
  app.openapi(listEventsRoute, async (c) => {
    const q = c.req.valid("query");
    const tenantId = resolveTenant(c.get("auth"), q.tenantId);
    const page = await c.get("ctx").analytics.events(tenantId, q);
    const filters = Object.keys(q).filter((k) => k !== "tenantId" && k !== "limit" && k !== "cursor");
    recordUsage(c, tenantId, "analytics_events", { count: page.items.length, limit: q.limit, filters });
    return c.json({ events: page.items, nextCursor: page.nextCursor }, 200);
  });

  app.openapi(usageRoute, async (c) => {
    const q = c.req.valid("query");
    const tenantId = resolveTenant(c.get("auth"), q.tenantId);
    const report = await c.get("ctx").analytics.usage(tenantId, q);
    recordUsage(c, tenantId, "analytics_usage", {
      granularity: q.granularity,
      timezone: q.timezone,
      groupBy: q.groupBy ?? null,
    });
    return c.json(report, 200);
  });

  app.openapi(exportRoute, async (c) => {
    const q = c.req.valid("query");
    const tenantId = resolveTenant(c.get("auth"), q.tenantId);
    const analytics = c.get("ctx").analytics;
    analytics.checkExport(q); // a bad range or event is a 400 before the stream starts
    const pages = analytics.exportPages(tenantId, q);
    const row = q.format === "csv" ? csvRow : ndjsonRow;
    const encoder = new TextEncoder();
    let started = false;
    // Pulled as the client reads: one page of events per chunk, never the whole export in memory.
    const body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        if (!started && q.format === "csv") controller.enqueue(encoder.encode(csvHeader()));
        started = true;
        const next = await pages.next();
        if (next.done) {
          controller.close();
          return;
        }
        let chunk = "";
        for (const e of next.value) chunk += row(e);
        controller.enqueue(encoder.encode(chunk));
      },
      async cancel() {
        await pages.return(undefined);
      },
    });
    recordUsage(c, tenantId, "analytics_export", { format: q.format, event: q.event ?? null });
    return c.body(body, 200, {
      "content-type": q.format === "csv" ? "text/csv; charset=utf-8" : "application/x-ndjson; charset=utf-8",
      "content-disposition": `attachment; filename="usage-events.${q.format}"`,
    }) as never;
  });
}
