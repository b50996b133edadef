import { type SQL, sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  customType,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";

/** Full-text search vector (PostgreSQL `tsvector`), the same on PGlite and server. */
const tsvector = customType<{ data: string }>({ dataType: () => "tsvector" });

/**
 * The one drizzle schema for both drivers (PGlite and PostgreSQL ≥ 15). Ids are made in app code
 * (UUID v7 for resources) so the SQL stays plain PG 15. Every tenant-owned table leads with tenant_id
 * in its indexes: every query is scoped by tenant.
 */

const createdAt = () => timestamp("created_at", { withTimezone: true, mode: "date", precision: 3 }).notNull();
const ts = (name: string) => timestamp(name, { withTimezone: true, mode: "date", precision: 3 });

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
  },
  (t) => [uniqueIndex("api_keys_hash_idx").on(t.hash), index("api_keys_tenant_idx").on(t.tenantId, t.createdAt)],
);

export const personas = pgTable(
  "personas",
  {
    id: uuid("id").primaryKey(),
    tenantId: text("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    firstName: text("first_name").notNull(),
    lastName: text("last_name").notNull(),
    age: smallint("age").notNull(),
    location: text("location").notNull(),
    baseOccupation: text("base_occupation").notNull(),
    summary: text("summary").notNull(),
    /** Optional seed fields (gender, education, incomeBracket, household, languages, interests, personality). */
    seedExtras: jsonb("seed_extras").notNull().default(sql`'{}'::jsonb`),
    /** Free key/values for segmentation. */
    attributes: jsonb("attributes").notNull().default(sql`'{}'::jsonb`),
    /** The generated profile (personality, values, voice, backstory, ...). */
    profile: jsonb("profile"),
    /** Model slug that wrote the profile. */
    profileModel: text("profile_model"),
    version: integer("version").notNull().default(1),
    createdAt: createdAt(),
    updatedAt: ts("updated_at").notNull(),
  },
  (t) => [index("personas_tenant_created_idx").on(t.tenantId, t.createdAt, t.id)],
);

export const timelineEntries = pgTable(
  "timeline_entries",
  {
    id: uuid("id").primaryKey(),
    tenantId: text("tenant_id").notNull(),
    personaId: uuid("persona_id")
      .notNull()
      .references(() => personas.id, { onDelete: "cascade" }),
    eventAt: ts("event_at").notNull(),
    eventLabel: text("event_label").notNull(),
    facts: text("facts").notNull(),
    feelings: text("feelings").notNull(),
    interpretation: text("interpretation").notNull(),
    emotionTags: jsonb("emotion_tags").notNull().default(sql`'[]'::jsonb`),
    memoryType: text("memory_type").notNull(),
    memoryStrength: smallint("memory_strength").notNull(),
    metadata: jsonb("metadata"),
    status: text("status").notNull().default("active"),
    supersedes: uuid("supersedes"),
    supersededBy: uuid("superseded_by"),
    supersededAt: ts("superseded_at"),
    supersedeReason: text("supersede_reason"),
    recallCount: integer("recall_count").notNull().default(0),
    lastRecalledAt: ts("last_recalled_at"),
    createdAt: createdAt(),
    /** What retrieval matches prompts against: label, facts, interpretation and tags. */
    search: tsvector("search").generatedAlwaysAs(
      (): SQL =>
        sql`to_tsvector('english'::regconfig, ${timelineEntries.eventLabel} || ' ' || ${timelineEntries.facts} || ' ' || ${timelineEntries.interpretation} || ' ' || (${timelineEntries.emotionTags})::text)`,
    ),
  },
  (t) => [
    index("timeline_persona_event_idx").on(t.tenantId, t.personaId, t.eventAt),
    index("timeline_search_idx").using("gin", t.search),
    index("timeline_persona_type_idx").on(t.tenantId, t.personaId, t.memoryType, t.memoryStrength),
  ],
);

export const consistencyReports = pgTable(
  "consistency_reports",
  {
    id: uuid("id").primaryKey(),
    tenantId: text("tenant_id").notNull(),
    personaId: uuid("persona_id")
      .notNull()
      .references(() => personas.id, { onDelete: "cascade" }),
    checkedAt: ts("checked_at").notNull(),
    score: smallint("score").notNull(),
    issueCount: integer("issue_count").notNull(),
    issues: jsonb("issues").notNull(),
    /** `rules`, or `rules+llm` when a real model judged too. */
    method: text("method").notNull(),
    apiKeyId: uuid("api_key_id"),
  },
  (t) => [index("consistency_reports_persona_idx").on(t.tenantId, t.personaId, t.checkedAt)],
);

/** A reconcile job's subject and what it applied; its state and error are its run's (the job id is the run id). */
export const reconcileJobs = pgTable(
  "reconcile_jobs",
  {
    id: uuid("id").primaryKey(),
    tenantId: text("tenant_id").notNull(),
    personaId: uuid("persona_id")
      .notNull()
      .references(() => personas.id, { onDelete: "cascade" }),
    reportId: uuid("report_id"),
    /** What was applied: one item per fix, with the entries it touched. */
    applied: jsonb("applied").notNull().default(sql`'[]'::jsonb`),
    apiKeyId: uuid("api_key_id"),
    createdAt: createdAt(),
  },
  (t) => [index("reconcile_jobs_persona_idx").on(t.tenantId, t.personaId, t.createdAt)],
);

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

export const idempotencyKeys = pgTable(
  "idempotency_keys",
  {
    apiKeyId: uuid("api_key_id").notNull(),
    key: text("key").notNull(),
    method: text("method").notNull(),
    path: text("path").notNull(),
    /** SHA-256 of method, path and body: the same key with another request is a conflict. */
    requestHash: text("request_hash").notNull(),
    /** null while the first request is still running. */
    statusCode: smallint("status_code"),
    responseBody: text("response_body"),
    responseContentType: text("response_content_type"),
    createdAt: createdAt(),
    completedAt: ts("completed_at"),
  },
  (t) => [primaryKey({ columns: [t.apiKeyId, t.key] }), index("idempotency_created_idx").on(t.createdAt)],
);

export const promptSessions = pgTable(
  "prompt_sessions",
  {
    id: uuid("id").primaryKey(),
    tenantId: text("tenant_id").notNull(),
    personaId: uuid("persona_id")
      .notNull()
      .references(() => personas.id, { onDelete: "cascade" }),
    /** `active`, or `escalated` when handed to a human. */
    status: text("status").notNull().default("active"),
    turnCount: integer("turn_count").notNull().default(0),
    metadata: jsonb("metadata"),
    createdAt: createdAt(),
    lastActivityAt: ts("last_activity_at").notNull(),
  },
  (t) => [
    index("prompt_sessions_tenant_activity_idx").on(t.tenantId, t.lastActivityAt, t.id),
    index("prompt_sessions_persona_idx").on(t.tenantId, t.personaId, t.lastActivityAt),
  ],
);

export const promptTurns = pgTable(
  "prompt_turns",
  {
    id: uuid("id").primaryKey(),
    tenantId: text("tenant_id").notNull(),
    sessionId: uuid("session_id")
      .notNull()
      .references(() => promptSessions.id, { onDelete: "cascade" }),
    personaId: uuid("persona_id").notNull(),
    /** 1, 2, 3... within the session. */
    seq: integer("seq").notNull(),
    prompt: text("prompt").notNull(),
    response: text("response").notNull(),
    /** `completed`, `partial` (stream stopped early) or `failed`. */
    status: text("status").notNull(),
    mode: text("mode").notNull(),
    modelId: text("model_id").notNull(),
    modelName: text("model_name").notNull(),
    tokensIn: integer("tokens_in").notNull().default(0),
    tokensOut: integer("tokens_out").notNull().default(0),
    cachedTokens: integer("cached_tokens").notNull().default(0),
    costUsd: numeric("cost_usd", { precision: 14, scale: 8, mode: "number" }).notNull().default(0),
    credits: numeric("credits", { precision: 18, scale: 4, mode: "number" }).notNull().default(0),
    latencyMs: integer("latency_ms").notNull(),
    memoriesUsed: jsonb("memories_used").notNull().default(sql`'[]'::jsonb`),
    metadata: jsonb("metadata"),
    apiKeyId: uuid("api_key_id"),
    jobId: uuid("job_id"),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("prompt_turns_session_seq_idx").on(t.sessionId, t.seq),
    index("prompt_turns_tenant_time_idx").on(t.tenantId, t.createdAt),
  ],
);

/**
 * An async prompt's request. Its state, attempts, result and error are its run's (modules/runs): the job
 * id is the run id.
 */
export const promptJobs = pgTable(
  "prompt_jobs",
  {
    id: uuid("id").primaryKey(),
    tenantId: text("tenant_id").notNull(),
    personaId: uuid("persona_id")
      .notNull()
      .references(() => personas.id, { onDelete: "cascade" }),
    sessionId: uuid("session_id").notNull(),
    apiKeyId: uuid("api_key_id"),
    /** The validated prompt request. */
    request: jsonb("request").notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("prompt_jobs_tenant_idx").on(t.tenantId, t.createdAt)],
);

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
export * from "../modules/runs/schema.ts";
