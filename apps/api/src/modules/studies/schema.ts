import { index, integer, pgTable, text, uuid } from "drizzle-orm/pg-core";
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
