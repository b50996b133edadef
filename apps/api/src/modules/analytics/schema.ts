import { sql } from "drizzle-orm";
import { bigint, doublePrecision, index, jsonb, pgTable, primaryKey, text, uuid } from "drizzle-orm/pg-core";
import { createdAt, ts } from "../../db/columns.ts";

/** Tables of the analytics module. */

export const usageEvents = pgTable(
  "usage_events",
  {
    id: uuid("id").primaryKey(),
    tenantId: text("tenant_id").notNull(),
    apiKeyId: uuid("api_key_id"),
    event: text("event").notNull(),
    requestId: text("request_id"),
    payload: jsonb("payload").notNull().default(sql`'{}'::jsonb`),
    createdAt: createdAt(),
  },
  (t) => [
    index("usage_events_tenant_time_idx").on(t.tenantId, t.createdAt),
    index("usage_events_tenant_event_idx").on(t.tenantId, t.event, t.createdAt),
    // The events list's filters (newest first within the filter).
    index("usage_events_tenant_persona_idx").on(t.tenantId, sql`(${t.payload}->>'personaId')`, t.createdAt),
    index("usage_events_tenant_model_idx").on(t.tenantId, sql`(${t.payload}->>'model')`, t.createdAt),
    index("usage_events_tenant_key_idx").on(t.tenantId, t.apiKeyId, t.createdAt),
    // The retention sweep (every tenant at once).
    index("usage_events_time_idx").on(t.createdAt),
  ],
);

/**
 * Pre-aggregated usage (docs/analytics.md): one row per tenant, 15-minute bucket (UTC), event, model,
 * persona and key, kept up to date in the same statement that writes the events. Every time zone's
 * offset is a whole number of quarter hours, so any zone's day, week or month is a union of buckets.
 * A missing model, persona or key is '' (the row's key must be non-null).
 */
export const usageRollups = pgTable(
  "usage_rollups",
  {
    tenantId: text("tenant_id").notNull(),
    bucket: ts("bucket").notNull(),
    event: text("event").notNull(),
    model: text("model").notNull(),
    personaId: text("persona_id").notNull(),
    apiKeyId: text("api_key_id").notNull(),
    count: bigint("count", { mode: "number" }).notNull(),
    tokensIn: bigint("tokens_in", { mode: "number" }).notNull(),
    tokensOut: bigint("tokens_out", { mode: "number" }).notNull(),
    cachedTokensIn: bigint("cached_tokens_in", { mode: "number" }).notNull(),
    costUsd: doublePrecision("cost_usd").notNull(),
    credits: doublePrecision("credits").notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.bucket, t.event, t.model, t.personaId, t.apiKeyId] })],
);
