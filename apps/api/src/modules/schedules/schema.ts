import { sql } from "drizzle-orm";
import { boolean, index, integer, jsonb, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { createdAt, ts } from "../../db/columns.ts";

/** Tables of the schedules module (docs/schedules.md): schedules and what each fire did. */

export const schedules = pgTable(
  "schedules",
  {
    id: uuid("id").primaryKey(),
    tenantId: text("tenant_id").notNull(),
    name: text("name"),
    /** `task` | `study`: which registered target starts the work (a port, see index.ts). */
    targetType: text("target_type").notNull(),
    targetId: uuid("target_id").notNull(),
    /** One-time: fires once at runAt. Otherwise recurring: cron (5 fields) in timezone. */
    runAt: ts("run_at"),
    cron: text("cron"),
    timezone: text("timezone"),
    startAt: ts("start_at"),
    endAt: ts("end_at"),
    maxRuns: integer("max_runs"),
    enabled: boolean("enabled").notNull(),
    /** `skip` | `run_once`: what a fire missed by more than the grace period (downtime) does. */
    missedRunPolicy: text("missed_run_policy").notNull(),
    /** The next fire; null when nothing is left to fire (done) or the schedule is disabled. */
    nextRunAt: ts("next_run_at"),
    /** Scheduled fires that started their target (manual triggers and skipped fires do not count). */
    runCount: integer("run_count").notNull().default(0),
    lastRunAt: ts("last_run_at"),
    /**
     * The deployment (JOB_QUEUE_SCHEMA) whose schedulers fire it, as for runs: deployments sharing one
     * database never fire each other's schedules.
     */
    queue: text("queue").notNull(),
    /** The key that created it: its fires' runs are attributed to it. */
    apiKeyId: uuid("api_key_id"),
    createdAt: createdAt(),
    updatedAt: ts("updated_at").notNull(),
  },
  (t) => [
    index("schedules_tenant_idx").on(t.tenantId, t.createdAt),
    index("schedules_target_idx").on(t.tenantId, t.targetType, t.targetId),
    // The scheduler's claim: enabled schedules of one deployment by due time.
    index("schedules_due_idx").on(t.queue, t.nextRunAt).where(sql`${t.enabled} and ${t.nextRunAt} is not null`),
  ],
);

export const scheduleExecutions = pgTable(
  "schedule_executions",
  {
    id: uuid("id").primaryKey(),
    tenantId: text("tenant_id").notNull(),
    scheduleId: uuid("schedule_id")
      .notNull()
      .references(() => schedules.id, { onDelete: "cascade" }),
    /** The occurrence it stands for (a manual trigger: the moment it was asked). */
    scheduledFor: ts("scheduled_for").notNull(),
    firedAt: ts("fired_at").notNull(),
    /** `started` | `skipped` | `failed` */
    status: text("status").notNull(),
    reason: text("reason"),
    /** Occurrences a skipped summary stands for (downtime). */
    missed: integer("missed"),
    runId: uuid("run_id"),
    targetType: text("target_type").notNull(),
    targetId: uuid("target_id").notNull(),
    manual: boolean("manual").notNull(),
    /** What the target said about the work it started. */
    detail: jsonb("detail"),
  },
  (t) => [
    index("schedule_executions_schedule_idx").on(t.tenantId, t.scheduleId, t.firedAt),
    // The backstop of exactly-once: one execution per occurrence, whatever a scheduler does.
    uniqueIndex("schedule_executions_occurrence_idx").on(t.scheduleId, t.scheduledFor).where(sql`not ${t.manual}`),
  ],
);
