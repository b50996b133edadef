import { jsonb, pgTable, text } from "drizzle-orm/pg-core";
import { ts } from "../../db/columns.ts";

/**
 * Tables of the models module. The catalog is the server's, not a tenant's: one row per sync source
 * (`gateway`, `local`) with the models it listed at its last successful read, so every server process
 * prices with the same list (each reloads it; see ModelService.refresh).
 */
export const modelSources = pgTable("model_sources", {
  /** `gateway` (the AI Gateway's model list) or `local` (the OpenAI-compatible server's `/v1/models`). */
  source: text("source").primaryKey(),
  /** The models of the last successful read (SyncedModel[]); kept as they were when a later read fails. */
  models: jsonb("models").notNull(),
  /** The last successful read. */
  syncedAt: ts("synced_at"),
  /** The last attempt, successful or not, and why it failed (null: it did not). */
  attemptedAt: ts("attempted_at").notNull(),
  lastError: text("last_error"),
});
