import { sql } from "drizzle-orm";
import { index, integer, jsonb, pgTable, smallint, text, uuid } from "drizzle-orm/pg-core";
import { createdAt, ts } from "../../db/columns.ts";
// A foreign key to another module's table: a schema file may import another schema file (docs/modules.md).
import { personas } from "../personas/schema.ts";

/** Tables of the consistency module: reports and reconcile jobs. */

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
