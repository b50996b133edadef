import { index, integer, jsonb, pgTable, text, uuid } from "drizzle-orm/pg-core";
import { createdAt, ts } from "../../db/columns.ts";
// A foreign key to another module's table: a schema file may import another schema file (docs/modules.md).
import { tenants } from "../access/schema.ts";

/**
 * Studies (docs/studies.md): one skill asked across one population. No foreign keys to the population or
 * the skill: the populations and skills modules refuse (409) or archive while a study names them, through
 * their usage ports.
 */
export const studies = pgTable(
  "studies",
  {
    id: uuid("id").primaryKey(),
    tenantId: text("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    description: text("description"),
    /** What the study informs (free text). */
    decision: text("decision"),
    populationId: uuid("population_id").notNull(),
    /** Pinned population version; null = the population's latest version at run time. */
    populationVersion: integer("population_version"),
    skillId: uuid("skill_id").notNull(),
    /** Pinned skill version; null = the skill's latest version at run time. */
    skillVersion: integer("skill_version"),
    /** Answers per member (1-20). */
    replicates: integer("replicates").notNull().default(1),
    /** Model slug; null = the skill's model, else the server default. */
    model: text("model"),
    /** Defaults of a scheduled run: tasks in flight, and a budget `{ maxCredits? , maxUsd? }` or null. */
    maxConcurrency: integer("max_concurrency").notNull().default(10),
    budget: jsonb("budget"),
    /** Incremented by every update (optimistic concurrency with PATCH's `version`). */
    version: integer("version").notNull().default(1),
    createdAt: createdAt(),
    updatedAt: ts("updated_at").notNull(),
  },
  (t) => [
    index("studies_tenant_created_idx").on(t.tenantId, t.createdAt, t.id),
    index("studies_population_idx").on(t.tenantId, t.populationId),
    index("studies_skill_idx").on(t.tenantId, t.skillId),
  ],
);

/**
 * A study's runs (docs/studies.md). The row's id is its run's id (`studies.run` on the run engine, which owns
 * state, counts and cost). It keeps everything its results need — the pinned versions, the model, the
 * seed — so a finished run's data outlives its study (deleted with `?purge=true`). No foreign key to the
 * study for that reason.
 */
export const studyRuns = pgTable(
  "study_runs",
  {
    id: uuid("id").primaryKey(),
    tenantId: text("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    studyId: uuid("study_id").notNull(),
    populationId: uuid("population_id").notNull(),
    /** Pinned at start, or (a scheduled fire) when the run first executes: the versions then current. */
    populationVersion: integer("population_version"),
    skillId: uuid("skill_id").notNull(),
    skillVersion: integer("skill_version"),
    model: text("model"),
    replicates: integer("replicates").notNull(),
    maxConcurrency: integer("max_concurrency").notNull(),
    /** Pilot size (members asked), null for every member. */
    sample: integer("sample"),
    seed: integer("seed").notNull(),
    /** `{ maxCredits? , maxUsd? }` */
    budget: jsonb("budget"),
    /** `{ converged: { epsilon, window } }` */
    stopWhen: jsonb("stop_when"),
    /** The plan (the dry run's figures), made when the versions are pinned. */
    plan: jsonb("plan"),
    /** `{ questionId: outputFormat.type }` of the pinned skill version (for tallies). */
    questionTypes: jsonb("question_types"),
    /** Members asked and tasks created (filled when the run creates its tasks). */
    members: integer("members"),
    tasks: integer("tasks"),
    /** Tasks ended (succeeded or failed), counted as each ends. */
    completed: integer("completed").notNull().default(0),
    /** Valid answers so far, per question and answer (`{ questionId: { answer: n } }`): live aggregates, convergence. */
    tallies: jsonb("tallies").notNull().default({}),
    /** The convergence check's last checkpoint `{ at, distributions, divergence? }`. */
    checkpoint: jsonb("checkpoint"),
    /** Why the run stopped early `{ code: "budget" | "converged", error }`, else null. */
    stopped: jsonb("stopped"),
    /** The schedule whose fire started it, else null. */
    scheduleId: uuid("schedule_id"),
    apiKeyId: uuid("api_key_id"),
    createdAt: createdAt(),
  },
  (t) => [index("study_runs_study_idx").on(t.tenantId, t.studyId, t.createdAt)],
);
