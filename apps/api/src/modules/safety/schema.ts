import { sql } from "drizzle-orm";
import { boolean, index, integer, jsonb, numeric, pgTable, text, uuid } from "drizzle-orm/pg-core";
import { createdAt, ts } from "../../db/columns.ts";
// A foreign key to another module's table: a schema file may import another schema file (docs/modules.md).
import { tenants } from "../access/schema.ts";

/** Tables of the safety module: policies and the escalation webhook log. */

/** One safety policy per tenant (SPEC §7); absent = the defaults. */
export const safetyPolicies = pgTable("safety_policies", {
  tenantId: text("tenant_id")
    .primaryKey()
    .references(() => tenants.id, { onDelete: "cascade" }),
  blockedTerms: jsonb("blocked_terms").notNull().default(sql`'[]'::jsonb`),
  allowPii: boolean("allow_pii").notNull().default(false),
  toxicityThreshold: numeric("toxicity_threshold", { precision: 4, scale: 3, mode: "number" }).notNull().default(0.7),
  promptGuards: jsonb("prompt_guards").notNull().default(sql`'[]'::jsonb`),
  escalationKeywords: jsonb("escalation_keywords").notNull().default(sql`'[]'::jsonb`),
  allowedTopics: jsonb("allowed_topics").notNull().default(sql`'[]'::jsonb`),
  blockedTopics: jsonb("blocked_topics").notNull().default(sql`'[]'::jsonb`),
  refusalMessage: text("refusal_message"),
  escalationWebhookUrl: text("escalation_webhook_url"),
  /** HMAC-SHA256 key of the escalation webhook's signature. */
  webhookSecret: text("webhook_secret"),
  updatedAt: ts("updated_at").notNull(),
});

/** Every escalation webhook delivery and its attempts (the delivery log). */
export const webhookDeliveries = pgTable(
  "webhook_deliveries",
  {
    id: uuid("id").primaryKey(),
    tenantId: text("tenant_id").notNull(),
    event: text("event").notNull(),
    url: text("url").notNull(),
    payload: jsonb("payload").notNull(),
    /** pending | delivered | failed */
    status: text("status").notNull(),
    attempts: integer("attempts").notNull().default(0),
    lastStatusCode: integer("last_status_code"),
    lastError: text("last_error"),
    createdAt: createdAt(),
    deliveredAt: ts("delivered_at"),
  },
  (t) => [index("webhook_deliveries_tenant_idx").on(t.tenantId, t.createdAt)],
);
