import { and, asc, count, eq, gte, lte, type SQL } from "drizzle-orm";
import type { Database } from "../../db/client.ts";
import { ApiError, notFound } from "../../errors.ts";
import { newId } from "../../ids.ts";
import { afterCursor, type Page, pageOf } from "../../pagination.ts";
import { type EntryRow, entriesOf, entryColumns, entryValues, entryView } from "./entries.ts";
import { timelineEntries } from "./schema.ts";
import type { Replacement, TimelineEntry, TimelineEntryInput } from "./schemas.ts";

/**
 * How the timeline learns that a persona exists (404 otherwise): the personas module's service fits it.
 * A port, not an import: personas depends on the timeline (initial memory, import, export), so the
 * timeline must not depend on personas (docs/modules.md).
 */
export interface PersonaLookup {
  row(tenantId: string, personaId: string): Promise<unknown>;
}

export interface TimelineFilters {
  memoryType?: TimelineEntry["memoryType"];
  from?: string;
  to?: string;
  includeSuperseded: boolean;
  limit: number;
  cursor?: string;
}

/**
 * A persona's timeline: an auditable memory. Entries are appended and revised, never overwritten:
 * a revision supersedes the original (kept, linked both ways, with the reason).
 */
export class TimelineService {
  constructor(
    private readonly database: Database,
    private readonly personas: PersonaLookup,
    private readonly now: () => Date = () => new Date(),
  ) {}

  private get db() {
    return this.database.db;
  }

  /** How many active entries the tenant's personas hold (the analytics dashboard). */
  async countEntries(tenantId: string): Promise<number> {
    const [row] = await this.db
      .select({ n: count() })
      .from(timelineEntries)
      .where(and(eq(timelineEntries.tenantId, tenantId), eq(timelineEntries.status, "active")));
    return row?.n ?? 0;
  }

  /** Ordered by eventAt (then id), oldest first. */
  async list(tenantId: string, personaId: string, f: TimelineFilters): Promise<Page<TimelineEntry>> {
    await this.personas.row(tenantId, personaId);
    const conditions: (SQL | undefined)[] = [
      eq(timelineEntries.tenantId, tenantId),
      eq(timelineEntries.personaId, personaId),
    ];
    if (!f.includeSuperseded) conditions.push(eq(timelineEntries.status, "active"));
    if (f.memoryType) conditions.push(eq(timelineEntries.memoryType, f.memoryType));
    if (f.from) conditions.push(gte(timelineEntries.eventAt, new Date(f.from)));
    if (f.to) conditions.push(lte(timelineEntries.eventAt, new Date(f.to)));
    conditions.push(afterCursor(timelineEntries.eventAt, timelineEntries.id, f.cursor, "asc"));
    const rows = (await this.db
      .select(entryColumns)
      .from(timelineEntries)
      .where(and(...conditions))
      .orderBy(asc(timelineEntries.eventAt), asc(timelineEntries.id))
      .limit(f.limit + 1)) as EntryRow[];
    const now = this.now();
    return pageOf(
      rows,
      f.limit,
      (r) => ({ t: r.eventAt, id: r.id }),
      (r) => entryView(r, now),
    );
  }

  /** Every entry, superseded ones included (consistency check, export). */
  async all(tenantId: string, personaId: string): Promise<EntryRow[]> {
    return entriesOf(this.db, tenantId, personaId);
  }

  async append(tenantId: string, personaId: string, input: TimelineEntryInput): Promise<TimelineEntry> {
    await this.personas.row(tenantId, personaId);
    const [row] = await this.db
      .insert(timelineEntries)
      .values(entryValues(tenantId, personaId, input, this.now()))
      .returning(entryColumns);
    return entryView(row as EntryRow, this.now());
  }

  /**
   * Revises a memory: the replacement (type `revised` unless given; missing fields copied from the
   * original) is stored, the original becomes `superseded` with the reason, and both are linked.
   * Superseding an entry that is already superseded is a 409: revise its replacement instead.
   */
  async supersede(
    tenantId: string,
    personaId: string,
    timelineId: string,
    reason: string,
    replacement: Replacement,
  ): Promise<{ superseded: TimelineEntry; entry: TimelineEntry }> {
    await this.personas.row(tenantId, personaId);
    const now = this.now();
    return this.db.transaction(async (tx) => {
      const [original] = (await tx
        .select(entryColumns)
        .from(timelineEntries)
        .where(
          and(
            eq(timelineEntries.tenantId, tenantId),
            eq(timelineEntries.personaId, personaId),
            eq(timelineEntries.id, timelineId),
          ),
        )
        .for("update")) as EntryRow[];
      if (!original) throw notFound("Timeline entry");
      if (original.status === "superseded") {
        throw new ApiError(
          "conflict",
          `This entry was already superseded by ${original.supersededBy}: supersede that one instead`,
          { supersededBy: original.supersededBy },
        );
      }
      const input: TimelineEntryInput = {
        eventAt: replacement.eventAt ?? original.eventAt.toISOString(),
        eventLabel: replacement.eventLabel ?? original.eventLabel,
        facts: replacement.facts ?? original.facts,
        feelings: replacement.feelings ?? original.feelings,
        interpretation: replacement.interpretation ?? original.interpretation,
        emotionTags: replacement.emotionTags ?? (original.emotionTags as string[]),
        memoryType: replacement.memoryType ?? "revised",
        memoryStrength: replacement.memoryStrength ?? original.memoryStrength,
        metadata: replacement.metadata ?? (original.metadata as Record<string, unknown> | null) ?? undefined,
      };
      const id = newId(now.getTime());
      const [entry] = await tx
        .insert(timelineEntries)
        .values({ ...entryValues(tenantId, personaId, input, now), id, supersedes: original.id })
        .returning(entryColumns);
      const [old] = await tx
        .update(timelineEntries)
        .set({ status: "superseded", supersededBy: id, supersededAt: now, supersedeReason: reason })
        .where(and(eq(timelineEntries.tenantId, tenantId), eq(timelineEntries.id, original.id)))
        .returning(entryColumns);
      return { superseded: entryView(old as EntryRow, now), entry: entryView(entry as EntryRow, now) };
    });
  }

  /**
   * Supersedes entries without a replacement (the reconcile job): each is marked superseded by the
   * entry kept in its place, with the reason. Entries no longer active are skipped. Returns the ids done.
   */
  async supersedeInFavourOf(tenantId: string, ids: string[], keptId: string | null, reason: string): Promise<string[]> {
    const done: string[] = [];
    const now = this.now();
    for (const id of ids) {
      const rows = await this.db
        .update(timelineEntries)
        .set({ status: "superseded", supersededBy: keptId, supersededAt: now, supersedeReason: reason })
        .where(
          and(eq(timelineEntries.tenantId, tenantId), eq(timelineEntries.id, id), eq(timelineEntries.status, "active")),
        )
        .returning({ id: timelineEntries.id });
      if (rows.length > 0) done.push(id);
    }
    return done;
  }
}
