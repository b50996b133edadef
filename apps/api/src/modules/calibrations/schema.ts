import { bigint, boolean, index, integer, jsonb, pgTable, text, uuid } from "drizzle-orm/pg-core";
import { createdAt, ts } from "../../db/columns.ts";
// A foreign key to another module's table: a schema file may import another schema file (docs/modules.md).
import { tenants } from "../access/schema.ts";

/**
 * Calibrations (docs/calibration.md): one model asked the GSS items through a generated US-adults
 * population, and the report that compares its answers with the real ones. The status is the run's state
 * (read through `currentRunSql`, never copied). No foreign keys to the population or the skill: the
 * populations and skills modules ask this module (usage ports) before they delete one.
 */
export const calibrations = pgTable(
  "calibrations",
  {
    id: uuid("id").primaryKey(),
    tenantId: text("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    /** The model asked (a resolved slug). */
    model: text("model").notNull(),
    /** `gss-2024` when every item was asked, else null (a chosen list). */
    itemSet: text("item_set"),
    /** The item ids asked, in the GSS order. */
    items: jsonb("items").$type<string[]>().notNull(),
    /** Members of the population (personas asked). */
    size: integer("size").notNull(),
    /** The population's generation seed. */
    seed: bigint("seed", { mode: "number" }).notNull(),
    maxConcurrency: integer("max_concurrency").notNull(),
    /** The skill the calibration created (one question per item). */
    skillId: uuid("skill_id").notNull(),
    /** The population asked: set when the run reuses one or spawns its generation. */
    populationId: uuid("population_id"),
    populationVersion: integer("population_version"),
    /** True when an earlier calibration's population was reused. */
    populationReused: boolean("population_reused").notNull().default(false),
    /** `population | ask | score | done`: the stage the run is in (its state is the run's). */
    stage: text("stage").notNull(),
    runId: uuid("run_id").notNull(),
    /** The report (docs/calibration.md), once done. */
    report: jsonb("report"),
    createdAt: createdAt(),
    updatedAt: ts("updated_at").notNull(),
  },
  (t) => [
    index("calibrations_tenant_created_idx").on(t.tenantId, t.createdAt, t.id),
    index("calibrations_tenant_model_idx").on(t.tenantId, t.model, t.createdAt),
    index("calibrations_tenant_size_seed_idx").on(t.tenantId, t.size, t.seed),
  ],
);
