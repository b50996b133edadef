import { sql } from "drizzle-orm";
import { index, integer, jsonb, numeric, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { createdAt, ts } from "../../db/columns.ts";
// A foreign key to another module's table: a schema file may import another schema file (docs/modules.md).
import { personas } from "../personas/schema.ts";

/** Tables of the prompting module: sessions, turns and async prompt jobs. */

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
    /**
     * The context header sent before the prompt (date, memories, answer format): replayed verbatim in the
     * session's later requests so each extends the previous one byte for byte (prompt caching). Null for
     * turns recorded before it was stored.
     */
    context: text("context"),
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
