import { and, asc, eq, getTableColumns } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import { newId } from "../../ids.ts";
import { timelineEntries } from "./schema.ts";
import type { TimelineEntry, TimelineEntryInput } from "./schemas.ts";
import { effectiveStrength } from "./strength.ts";

/**
 * The timeline's model: an entry as stored, as shown, and as written. Other modules store and read
 * entries only through these functions (persona creation, import, deletion and export run them on their
 * own transaction, so a persona and its memories still commit together).
 */
export type EntryRow = Omit<typeof timelineEntries.$inferSelect, "search">;
type EntryInsert = typeof timelineEntries.$inferInsert;

/** Every column but the search vector (retrieval's business only). */
const { search: _search, ...entryColumns } = getTableColumns(timelineEntries);

export { entryColumns };

export function entryView(row: EntryRow, now = new Date()): TimelineEntry {
  return {
    id: row.id,
    personaId: row.personaId,
    eventAt: row.eventAt.toISOString(),
    eventLabel: row.eventLabel,
    facts: row.facts,
    feelings: row.feelings,
    interpretation: row.interpretation,
    emotionTags: row.emotionTags as string[],
    memoryType: row.memoryType as TimelineEntry["memoryType"],
    memoryStrength: row.memoryStrength,
    effectiveStrength: effectiveStrength(
      {
        memoryType: row.memoryType as TimelineEntry["memoryType"],
        memoryStrength: row.memoryStrength,
        eventAt: row.eventAt,
        recallCount: row.recallCount,
        lastRecalledAt: row.lastRecalledAt,
      },
      now,
    ),
    metadata: (row.metadata as Record<string, unknown> | null) ?? null,
    status: row.status as TimelineEntry["status"],
    supersedes: row.supersedes,
    supersededBy: row.supersededBy,
    supersededAt: row.supersededAt?.toISOString() ?? null,
    supersedeReason: row.supersedeReason,
    recallCount: row.recallCount,
    lastRecalledAt: row.lastRecalledAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
  };
}

export function entryValues(
  tenantId: string,
  personaId: string,
  input: TimelineEntryInput,
  createdAt: Date,
): EntryInsert {
  return {
    id: newId(createdAt.getTime()),
    tenantId,
    personaId,
    eventAt: new Date(input.eventAt),
    eventLabel: input.eventLabel,
    facts: input.facts,
    feelings: input.feelings,
    interpretation: input.interpretation,
    emotionTags: input.emotionTags,
    memoryType: input.memoryType,
    memoryStrength: input.memoryStrength,
    metadata: input.metadata ?? null,
    status: "active",
    createdAt,
  };
}

/** An imported entry: its fields, its place in the audit trail (links already mapped to new ids) and recalls. */
export interface ImportedEntry {
  id: string;
  createdAt: Date;
  input: TimelineEntryInput;
  status: string;
  supersedes: string | null;
  supersededBy: string | null;
  supersededAt: Date | null;
  supersedeReason: string | null;
  recallCount: number;
  lastRecalledAt: Date | null;
}

/** Stores new entries on `tx` (the caller's transaction): returns them in insertion order. */
export async function insertEntries(
  tx: Db,
  tenantId: string,
  personaId: string,
  entries: readonly (ImportedEntry | { input: TimelineEntryInput; createdAt: Date })[],
): Promise<EntryRow[]> {
  const values = entries.map((e) => ({
    ...entryValues(tenantId, personaId, e.input, e.createdAt),
    ...("id" in e
      ? {
          id: e.id,
          status: e.status,
          supersedes: e.supersedes,
          supersededBy: e.supersededBy,
          supersededAt: e.supersededAt,
          supersedeReason: e.supersedeReason,
          recallCount: e.recallCount,
          lastRecalledAt: e.lastRecalledAt,
        }
      : {}),
  }));
  // In chunks: PostgreSQL takes at most 65,535 parameters per statement.
  const rows: EntryRow[] = [];
  for (let i = 0; i < values.length; i += 1000) {
    rows.push(
      ...((await tx
        .insert(timelineEntries)
        .values(values.slice(i, i + 1000))
        .returning(entryColumns)) as EntryRow[]),
    );
  }
  return rows;
}

/**
 * Stores new entries of many personas on `tx` in as few statements as the parameter limit allows (a batch
 * of generated personas and their initial memories commit together). Returns nothing: the caller knows them.
 */
export async function insertEntriesOfMany(
  tx: Db,
  tenantId: string,
  entries: readonly { personaId: string; input: TimelineEntryInput; createdAt: Date }[],
): Promise<void> {
  const values = entries.map((e) => entryValues(tenantId, e.personaId, e.input, e.createdAt));
  for (let i = 0; i < values.length; i += 1000) {
    await tx.insert(timelineEntries).values(values.slice(i, i + 1000));
  }
}

/** Deletes a persona's entries on `tx` (the persona's deletion). */
export async function deleteEntriesOf(tx: Db, tenantId: string, personaId: string): Promise<void> {
  await tx
    .delete(timelineEntries)
    .where(and(eq(timelineEntries.tenantId, tenantId), eq(timelineEntries.personaId, personaId)));
}

/** Every entry of a persona, superseded ones included, by eventAt (then id). */
export async function entriesOf(db: Db, tenantId: string, personaId: string): Promise<EntryRow[]> {
  return (await db
    .select(entryColumns)
    .from(timelineEntries)
    .where(and(eq(timelineEntries.tenantId, tenantId), eq(timelineEntries.personaId, personaId)))
    .orderBy(asc(timelineEntries.eventAt), asc(timelineEntries.id))) as EntryRow[];
}

/**
 * SQL of a statement that reinforces recalled memories (recall count + 1, last recalled now), for a
 * caller that records a turn in ONE statement (a CTE of it): the timeline keeps its table to itself and
 * the turn stays one atomic round trip. Arguments are SQL expressions, typically `$n` placeholders.
 */
export function reinforceSql(p: { tenantId: string; ids: string; at: string; when: string }): string {
  return `update timeline_entries set recall_count = recall_count + 1, last_recalled_at = ${p.at}
           where tenant_id = ${p.tenantId} and id = any(${p.ids}) and ${p.when}`;
}
