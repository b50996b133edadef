import { sql } from "drizzle-orm";
import { bigint, doublePrecision, index, jsonb, pgTable, primaryKey, smallint, text, uuid } from "drizzle-orm/pg-core";
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
 * Pre-aggregated usage (docs/analytics.md), kept up to date in the same statement that writes the events.
 * One row per tenant, grain (`minutes`: 60 or 15), bucket (UTC), dimension (`dim`: '' for none, `model`,
 * `persona`, `key`), the dimension's value ('' when the event has none) and event. Each event counts once
 * per grain and dimension, so a report reads only the rows of its own grouping: no row explosion when
 * persona × model × key combinations are many. Hourly rows serve zones whose offsets are whole hours;
 * quarter-hour rows the others (Asia/Kolkata, Asia/Kathmandu, …: every offset in use is whole quarter hours).
 */
export const usageRollups = pgTable(
  "usage_rollups",
  {
    tenantId: text("tenant_id").notNull(),
    minutes: smallint("minutes").notNull(),
    dim: text("dim").notNull(),
    bucket: ts("bucket").notNull(),
    event: text("event").notNull(),
    value: text("value").notNull(),
    count: bigint("count", { mode: "number" }).notNull(),
    tokensIn: bigint("tokens_in", { mode: "number" }).notNull(),
    tokensOut: bigint("tokens_out", { mode: "number" }).notNull(),
    cachedTokensIn: bigint("cached_tokens_in", { mode: "number" }).notNull(),
    costUsd: doublePrecision("cost_usd").notNull(),
    credits: doublePrecision("credits").notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.minutes, t.dim, t.bucket, t.event, t.value] })],
);
