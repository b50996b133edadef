import { boolean, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: "date", precision: 3 });

/**
 * Tasks (docs/tasks.md): one pinned skill version × one persona. A task has no status column: its status
 * is its current run's state (`pending` while it has none), read through the run engine's SQL fragment.
 * No foreign key to personas: a task outlives its persona and then fails clearly (`persona_deleted`).
 */
export const tasks = pgTable(
  "tasks",
  {
    id: uuid("id").primaryKey(),
    tenantId: text("tenant_id").notNull(),
    skillId: uuid("skill_id").notNull(),
    skillVersion: integer("skill_version").notNull(),
    personaId: uuid("persona_id").notNull(),
    /** Variables supplied at creation (strings, numbers, booleans). */
    variables: jsonb("variables").notNull(),
    /** The resolved model slug, pinned at creation. */
    model: text("model").notNull(),
    /** Executions so far (0 while pending); each execute starts attempt n+1 with a new run. */
    attempt: integer("attempt").notNull().default(0),
    /** The current attempt's run (null while pending). */
    runId: uuid("run_id"),
    /** The prompt session of every attempt (created by the first turn). */
    sessionId: uuid("session_id"),
    /** The schedule that executed it last (for the `scheduleId` filter). */
    scheduleId: uuid("schedule_id"),
    apiKeyId: uuid("api_key_id"),
    /** The run that created it (a study's or a calibration's run), whose child runs execute it; else null. */
    parentRunId: uuid("parent_run_id"),
    /** Its replicate within that run (1..n: the same persona asked again), else null. */
    replicate: integer("replicate"),
    createdAt: ts("created_at").notNull(),
    updatedAt: ts("updated_at").notNull(),
  },
  (t) => [
    index("tasks_tenant_idx").on(t.tenantId, t.createdAt),
    index("tasks_skill_idx").on(t.tenantId, t.skillId),
    index("tasks_persona_idx").on(t.tenantId, t.personaId),
    index("tasks_schedule_idx").on(t.tenantId, t.scheduleId),
    index("tasks_run_idx").on(t.runId),
    index("tasks_parent_run_idx").on(t.tenantId, t.parentRunId),
  ],
);

/** One row per question answered in an attempt: written as soon as the question (and its follow-ups) is done. */
export const taskResults = pgTable(
  "task_results",
  {
    taskId: uuid("task_id")
      .notNull()
      .references(() => tasks.id, { onDelete: "cascade" }),
    tenantId: text("tenant_id").notNull(),
    attempt: integer("attempt").notNull(),
    questionId: text("question_id").notNull(),
    /** The question's place in the skill (results are listed in this order). */
    position: integer("position").notNull(),
    raw: text("raw").notNull(),
    parsed: jsonb("parsed"),
    valid: boolean("valid").notNull(),
    error: text("error"),
    /** Times the question was asked (1 + repairs). */
    asks: integer("asks").notNull(),
    /** `[{ question, answer }]` of the follow-up probes. */
    followUps: jsonb("follow_ups").notNull(),
    createdAt: ts("created_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.taskId, t.attempt, t.questionId] })],
);

/** The evaluation of an attempt (skills with a rubric): written once, with the run's completion. */
export const taskScores = pgTable(
  "task_scores",
  {
    taskId: uuid("task_id")
      .notNull()
      .references(() => tasks.id, { onDelete: "cascade" }),
    tenantId: text("tenant_id").notNull(),
    attempt: integer("attempt").notNull(),
    /** `{ criteria: [{ name, score, passed }], total, passed }` */
    scores: jsonb("scores").notNull(),
    createdAt: ts("created_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.taskId, t.attempt] })],
);
