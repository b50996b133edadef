import { sql } from "drizzle-orm";
import { bigint, boolean, index, integer, jsonb, numeric, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { createdAt, ts } from "../../db/columns.ts";

/** Tables of the access module: the installation, tenants and their API keys. */

/** Facts about this installation (bootstrap done, schema notes). */
export const instanceMeta = pgTable("instance_meta", {
  key: text("key").primaryKey(),
  value: jsonb("value").notNull(),
  updatedAt: ts("updated_at").notNull(),
});

export const tenants = pgTable("tenants", {
  id: text("id").primaryKey(),
  name: text("name").notNull(),
  /** Prepaid credits; null = unlimited (the self-hosted default). */
  creditBalance: numeric("credit_balance", { precision: 18, scale: 4, mode: "number" }),
  /** Plan limits, e.g. { monthlyPrompts, monthlyTokens }; {} = none. */
  limits: jsonb("limits").notNull().default(sql`'{}'::jsonb`),
  /**
   * The plan-limit counters of the current calendar month (UTC), updated in the same statement that
   * reserves a prompt, so concurrent prompts can never pass a limit together. `usageTokens` holds
   * in-flight prompts at their estimate until they settle.
   */
  usagePeriodStart: ts("usage_period_start"),
  usagePrompts: integer("usage_prompts").notNull().default(0),
  usageTokens: bigint("usage_tokens", { mode: "number" }).notNull().default(0),
  createdAt: createdAt(),
});

export const apiKeys = pgTable(
  "api_keys",
  {
    id: uuid("id").primaryKey(),
    tenantId: text("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    /** Readable start of the secret, e.g. `pr_live_AbC1`; never enough to authenticate. */
    prefix: text("prefix").notNull(),
    /** SHA-256 of the whole secret, hex. */
    hash: text("hash").notNull(),
    profile: text("profile").notNull(),
    /** The bootstrap key: may create and list tenants. */
    instanceAdmin: boolean("instance_admin").notNull().default(false),
    createdByKeyId: uuid("created_by_key_id"),
    createdAt: createdAt(),
    expiresAt: ts("expires_at"),
    revokedAt: ts("revoked_at"),
    lastUsedAt: ts("last_used_at"),
    /** `secret` (pr_live_…, server side) or `publishable` (pk_live_…, the embed widget in a browser). */
    kind: text("kind").notNull().default("secret"),
    /** Publishable keys only: the personas the widget may talk to (ids of this tenant). */
    personaIds: jsonb("persona_ids").$type<string[]>(),
    /** Publishable keys only: the exact origins (scheme://host[:port]) a widget may call from. */
    allowedOrigins: jsonb("allowed_origins").$type<string[]>(),
    /** Publishable keys only: requests a minute for this key (all visitors together). */
    rateLimitPerMinute: integer("rate_limit_per_minute"),
  },
  (t) => [uniqueIndex("api_keys_hash_idx").on(t.hash), index("api_keys_tenant_idx").on(t.tenantId, t.createdAt)],
);
