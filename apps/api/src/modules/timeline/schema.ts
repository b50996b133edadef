import { type SQL, sql } from "drizzle-orm";
import { customType, index, integer, jsonb, pgTable, smallint, text, uuid } from "drizzle-orm/pg-core";
import { createdAt, ts } from "../../db/columns.ts";
// A foreign key to another module's table: a schema file may import another schema file (docs/modules.md).
import { personas } from "../personas/schema.ts";

/** Tables of the timeline module: a persona's memories. */

/** Full-text search vector (PostgreSQL `tsvector`), the same on PGlite and server. */
const tsvector = customType<{ data: string }>({ dataType: () => "tsvector" });

export const timelineEntries = pgTable(
  "timeline_entries",
  {
    id: uuid("id").primaryKey(),
    tenantId: text("tenant_id").notNull(),
    personaId: uuid("persona_id")
      .notNull()
      .references(() => personas.id, { onDelete: "cascade" }),
    eventAt: ts("event_at").notNull(),
    eventLabel: text("event_label").notNull(),
    facts: text("facts").notNull(),
    feelings: text("feelings").notNull(),
    interpretation: text("interpretation").notNull(),
    emotionTags: jsonb("emotion_tags").notNull().default(sql`'[]'::jsonb`),
    memoryType: text("memory_type").notNull(),
    memoryStrength: smallint("memory_strength").notNull(),
    metadata: jsonb("metadata"),
    status: text("status").notNull().default("active"),
    supersedes: uuid("supersedes"),
    supersededBy: uuid("superseded_by"),
    supersededAt: ts("superseded_at"),
    supersedeReason: text("supersede_reason"),
    recallCount: integer("recall_count").notNull().default(0),
    lastRecalledAt: ts("last_recalled_at"),
    createdAt: createdAt(),
    /** What retrieval matches prompts against: label, facts, interpretation and tags. */
    search: tsvector("search").generatedAlwaysAs(
      (): SQL =>
        sql`to_tsvector('english'::regconfig, ${timelineEntries.eventLabel} || ' ' || ${timelineEntries.facts} || ' ' || ${timelineEntries.interpretation} || ' ' || (${timelineEntries.emotionTags})::text)`,
    ),
  },
  (t) => [
    index("timeline_persona_event_idx").on(t.tenantId, t.personaId, t.eventAt),
    index("timeline_search_idx").using("gin", t.search),
    index("timeline_persona_type_idx").on(t.tenantId, t.personaId, t.memoryType, t.memoryStrength),
  ],
);
