import { index, integer, jsonb, pgTable, primaryKey, text, uuid } from "drizzle-orm/pg-core";
import { createdAt, ts } from "../../db/columns.ts";
// A foreign key to another module's table: a schema file may import another schema file (docs/modules.md).
import { tenants } from "../access/schema.ts";

/** Tables of the skills module: a skill and its immutable versions. */

export const skills = pgTable(
  "skills",
  {
    id: uuid("id").primaryKey(),
    tenantId: text("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    /** The latest version (every version is a row of skill_versions). */
    version: integer("version").notNull(),
    /** Name of the latest version, for the list's search and order without a join. */
    name: text("name").notNull(),
    /** Set when deleted while a task or study uses it: hidden from lists, still readable by id. */
    archivedAt: ts("archived_at"),
    createdAt: createdAt(),
    updatedAt: ts("updated_at").notNull(),
  },
  (t) => [index("skills_tenant_created_idx").on(t.tenantId, t.createdAt, t.id)],
);

export const skillVersions = pgTable(
  "skill_versions",
  {
    skillId: uuid("skill_id")
      .notNull()
      .references(() => skills.id, { onDelete: "cascade" }),
    version: integer("version").notNull(),
    name: text("name").notNull(),
    /** The whole definition (SkillDefinition): name, description, instructions, questions, evaluation, model, temperature. */
    definition: jsonb("definition").notNull(),
    /** The API key that made this version (null when the server made it). */
    createdBy: text("created_by"),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.skillId, t.version] })],
);
