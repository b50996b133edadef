import { sql } from "drizzle-orm";
import { index, integer, jsonb, pgTable, real, smallint, text, uuid } from "drizzle-orm/pg-core";
import { createdAt, ts } from "../../db/columns.ts";
// A foreign key to another module's table: a schema file may import another schema file (docs/modules.md).
import { tenants } from "../access/schema.ts";

/** Tables of the personas module. */

/**
 * An effective Big Five trait: the seed's override, else the generated profile's value; null while the
 * persona has no profile (pending, failed, imported without one). Cohort trait criteria read these.
 */
const trait = (name: string) =>
  real(name).generatedAlwaysAs(
    sql.raw(
      `case when profile is null then null else coalesce((seed_extras->'personality'->>'${name}')::real, (profile->'personality'->>'${name}')::real) end`,
    ),
  );

export const personas = pgTable(
  "personas",
  {
    id: uuid("id").primaryKey(),
    tenantId: text("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    firstName: text("first_name").notNull(),
    lastName: text("last_name").notNull(),
    age: smallint("age").notNull(),
    location: text("location").notNull(),
    baseOccupation: text("base_occupation").notNull(),
    summary: text("summary").notNull(),
    /** Optional seed fields (gender, education, incomeBracket, household, languages, interests, personality). */
    seedExtras: jsonb("seed_extras").notNull().default(sql`'{}'::jsonb`),
    /** Free key/values for segmentation. */
    attributes: jsonb("attributes").notNull().default(sql`'{}'::jsonb`),
    /** The generated profile (personality, values, voice, backstory, ...). */
    profile: jsonb("profile"),
    /** Model slug that wrote the profile. */
    profileModel: text("profile_model"),
    /**
     * `ready` (the profile is written, or the persona was imported without one), `pending` (the provider was
     * unavailable at creation: a `personas.profile` run is writing it) or `failed` (that run gave up).
     */
    profileStatus: text("profile_status").notNull().default("ready"),
    /** The `personas.profile` run writing (or that failed to write) the profile; null when created in-line. */
    profileRunId: uuid("profile_run_id"),
    /** `{ error, code }` of the last failed attempt while `failed`. */
    profileError: jsonb("profile_error"),
    version: integer("version").notNull().default(1),
    createdAt: createdAt(),
    updatedAt: ts("updated_at").notNull(),
    /*
     * Segmentation columns (docs/cohorts-and-populations.md): what cohort criteria filter on, computed by
     * the database from `seed_extras` and `profile` (generated columns), so every path that writes a
     * persona fills them, and the views keep reading `seed_extras`. Text lower-cased and trimmed (plain
     * columns with statistics, compared as they are); languages likewise, for `&&`.
     */
    gender: text("gender").generatedAlwaysAs(sql.raw(`lower(btrim(seed_extras->>'gender'))`)),
    education: text("education").generatedAlwaysAs(sql.raw(`lower(btrim(seed_extras->>'education'))`)),
    incomeBracket: text("income_bracket").generatedAlwaysAs(sql.raw(`lower(btrim(seed_extras->>'incomeBracket'))`)),
    languages: text("languages").array().generatedAlwaysAs(sql.raw(`person_run_lower_texts(seed_extras->'languages')`)),
    openness: trait("openness"),
    conscientiousness: trait("conscientiousness"),
    extraversion: trait("extraversion"),
    agreeableness: trait("agreeableness"),
    neuroticism: trait("neuroticism"),
  },
  (t) => [
    index("personas_tenant_created_idx").on(t.tenantId, t.createdAt, t.id),
    // Cohort criteria on attributes (`attributes @> {"key": value}`).
    index("personas_attributes_idx").using("gin", t.attributes.op("jsonb_path_ops")),
  ],
);
