import { sql } from "drizzle-orm";
import { index, integer, jsonb, pgTable, text, uuid } from "drizzle-orm/pg-core";
import { createdAt, ts } from "../../db/columns.ts";
// A foreign key to another module's table: a schema file may import another schema file (docs/modules.md).
import { tenants } from "../access/schema.ts";

/** Tables of the cohorts module: a cohort is a stored membership spec; its members are evaluated live. */

export const cohorts = pgTable(
  "cohorts",
  {
    id: uuid("id").primaryKey(),
    tenantId: text("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    description: text("description"),
    /** The criteria as given (CohortCriteria); `{}` for an explicit list. */
    criteria: jsonb("criteria").notNull().default(sql`'{}'::jsonb`),
    /** Personas that are members whatever the criteria (no foreign key: a deleted persona simply stops matching). */
    include: uuid("include").array().notNull().default(sql`'{}'::uuid[]`),
    /** Personas that are never members (wins over criteria and include). */
    exclude: uuid("exclude").array().notNull().default(sql`'{}'::uuid[]`),
    /** Incremented by every update (optimistic concurrency with PATCH's `version`). */
    version: integer("version").notNull().default(1),
    createdAt: createdAt(),
    updatedAt: ts("updated_at").notNull(),
  },
  (t) => [index("cohorts_tenant_created_idx").on(t.tenantId, t.createdAt, t.id)],
);
