import {
  bigint,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  smallint,
  text,
  uuid,
} from "drizzle-orm/pg-core";
import { createdAt, ts } from "../../db/columns.ts";
// A foreign key to another module's table: a schema file may import another schema file (docs/modules.md).
import { tenants } from "../access/schema.ts";

/** Tables of the populations module: a population, its immutable versions, and each version's members. */

export const populations = pgTable(
  "populations",
  {
    id: uuid("id").primaryKey(),
    tenantId: text("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    description: text("description"),
    /** `composed` (cohorts with weights) or `generated` (drawn to target marginals). */
    kind: text("kind").notNull(),
    /** `generating | ready | failed` (composed populations are `ready` from the start). */
    status: text("status").notNull(),
    /** Requested size (quota, generation); for `all` sampling the current version's member count. */
    size: integer("size").notNull(),
    /** Personas a generation has created so far. */
    generated: integer("generated").notNull().default(0),
    /** `[{ cohortId, weight }]`, weights normalised (composed). */
    cohorts: jsonb("cohorts"),
    /** `{ rule: "all" | "quota", seed }` (composed). */
    sampling: jsonb("sampling"),
    /** `"us-adults"` or custom marginals (generated). */
    targets: jsonb("targets"),
    seed: bigint("seed", { mode: "number" }),
    model: text("model"),
    /** The generation run. */
    runId: uuid("run_id"),
    /** `{ error, code }` when a generation failed. */
    error: jsonb("error"),
    /** The current version (0 while a generation has not written its first). */
    version: integer("version").notNull(),
    createdAt: createdAt(),
    updatedAt: ts("updated_at").notNull(),
  },
  (t) => [index("populations_tenant_created_idx").on(t.tenantId, t.createdAt, t.id)],
);

export const populationVersions = pgTable(
  "population_versions",
  {
    populationId: uuid("population_id")
      .notNull()
      .references(() => populations.id, { onDelete: "cascade" }),
    tenantId: text("tenant_id").notNull(),
    version: integer("version").notNull(),
    size: integer("size").notNull(),
    /** Generated: the fit report (unweighted and raked against the targets). */
    fit: jsonb("fit"),
    diversity: jsonb("diversity"),
    /** What the version was made from: cohorts with weights and counts, sampling, or the targets and seed. */
    composition: jsonb("composition").notNull(),
    warnings: jsonb("warnings").notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.populationId, t.version] })],
);

/**
 * No foreign key to personas: deleting a persona never rewrites an old version; its rows keep the
 * snapshot of who it was, and reads mark it `deleted`.
 */
export const populationMembers = pgTable(
  "population_members",
  {
    populationId: uuid("population_id")
      .notNull()
      .references(() => populations.id, { onDelete: "cascade" }),
    tenantId: text("tenant_id").notNull(),
    version: integer("version").notNull(),
    personaId: uuid("persona_id").notNull(),
    weight: doublePrecision("weight").notNull(),
    cohortId: uuid("cohort_id"),
    firstName: text("first_name").notNull(),
    lastName: text("last_name").notNull(),
    age: smallint("age").notNull(),
    location: text("location").notNull(),
    baseOccupation: text("base_occupation").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.populationId, t.version, t.personaId] }),
    index("population_members_persona_idx").on(t.tenantId, t.personaId),
  ],
);
