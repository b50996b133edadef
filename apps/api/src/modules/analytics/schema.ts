import { sql } from "drizzle-orm";
import { index, jsonb, pgTable, text, uuid } from "drizzle-orm/pg-core";
import { createdAt } from "../../db/columns.ts";

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
  ],
);
