import { and, desc, eq } from "drizzle-orm";
import type { Database, Db, SqlRunner } from "../../db/client.ts";
import { ApiError, type ErrorDetail, notFound } from "../../errors.ts";
import { newId } from "../../ids.ts";
import { afterCursor, type Page, pageOf } from "../../pagination.ts";
import type { MembershipSpec, Persona, PersonaService } from "../personas/index.ts";
import { cohorts } from "./schema.ts";
import type { Cohort, CohortCriteria, CreateCohortInput, PageInput, UpdateCohortInput } from "./schemas.ts";

/**
 * A port: modules that pin a cohort (populations) say whether it is in use; such a cohort cannot be
 * deleted (409 `cohort_in_use`). Several may be registered; without one nothing is in use.
 */
export interface CohortUsage {
  /** Run on the deleting transaction, after the cohort row is locked (see `lockIn`). */
  inUse(tx: SqlRunner, tenantId: string, cohortId: string): Promise<boolean>;
}

export interface CohortServiceDeps {
  database: Database;
  personas: PersonaService;
  now?: () => Date;
}

export interface CohortMembers {
  members: Persona[];
  /** Members in all, across every page. */
  count: number;
  nextCursor: string | null;
}

type CohortRow = typeof cohorts.$inferSelect;

const specOfRow = (row: CohortRow): MembershipSpec => ({
  criteria: row.criteria as CohortCriteria,
  include: row.include,
  exclude: row.exclude,
});

function view(row: CohortRow, memberCount: number): Cohort {
  return {
    id: row.id,
    tenantId: row.tenantId,
    name: row.name,
    description: row.description,
    criteria: row.criteria as CohortCriteria,
    include: row.include,
    exclude: row.exclude,
    memberCount,
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

const unique = (ids: string[]) => [...new Set(ids)];

/** Cohorts (docs/cohorts-and-populations.md): named segments whose membership is evaluated live. */
export class CohortService {
  private readonly usages: CohortUsage[] = [];
  private readonly now: () => Date;

  constructor(private readonly deps: CohortServiceDeps) {
    this.now = deps.now ?? (() => new Date());
  }

  private get db(): Db {
    return this.deps.database.db;
  }

  /** Registers a port that says whether a cohort is in use (populations). */
  setUsage(port: CohortUsage): void {
    this.usages.push(port);
  }

  async create(tenantId: string, input: CreateCohortInput): Promise<Cohort> {
    await this.checkPersonas(tenantId, input);
    const include = unique(input.include ?? []);
    const exclude = unique(input.exclude ?? []);
    const now = this.now();
    const [row] = await this.db
      .insert(cohorts)
      .values({
        id: newId(now.getTime()),
        tenantId,
        name: input.name,
        description: input.description ?? null,
        criteria: input.criteria ?? {},
        include,
        exclude,
        version: 1,
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    return this.withCount(row as CohortRow);
  }

  /** The cohort with its member count now (404 when it is not the tenant's). */
  async get(tenantId: string, cohortId: string): Promise<Cohort> {
    return this.withCount(await this.row(tenantId, cohortId));
  }

  /** The tenant's cohorts, newest first, each with its member count now. */
  async list(tenantId: string, f: PageInput): Promise<Page<Cohort>> {
    const rows = await this.db
      .select()
      .from(cohorts)
      .where(and(eq(cohorts.tenantId, tenantId), afterCursor(cohorts.createdAt, cohorts.id, f.cursor)))
      .orderBy(desc(cohorts.createdAt), desc(cohorts.id))
      .limit(f.limit + 1);
    const page = pageOf(
      rows,
      f.limit,
      (r) => ({ t: r.createdAt, id: r.id }),
      (r) => r,
    );
    const items: Cohort[] = [];
    for (const row of page.items) items.push(await this.withCount(row));
    return { items, nextCursor: page.nextCursor };
  }

  /**
   * Replaces the given fields (criteria, include and exclude as wholes) and increments the version. The
   * row is locked for the check and the write, so concurrent updates apply one after the other (or 409 on
   * a stale `version`). Ids newly added to `include`/`exclude` must be the tenant's personas; ids already
   * listed stay even when their persona is gone (they simply match nothing).
   */
  async update(tenantId: string, cohortId: string, patch: UpdateCohortInput): Promise<Cohort> {
    // Checked before the transaction (on the embedded database a query outside it would wait for it): an
    // id a concurrent update listed meanwhile was checked by that update.
    const before = await this.row(tenantId, cohortId);
    await this.checkPersonas(tenantId, patch, { include: before.include, exclude: before.exclude });
    const row = await this.db.transaction(async (tx) => {
      const [current] = await tx
        .select()
        .from(cohorts)
        .where(and(eq(cohorts.tenantId, tenantId), eq(cohorts.id, cohortId)))
        .for("update");
      if (!current) throw notFound("Cohort");
      if (patch.version !== undefined && patch.version !== current.version) {
        throw new ApiError(
          "version_conflict",
          `Cohort is at version ${current.version}, not ${patch.version}: reload it and apply your change again`,
          { currentVersion: current.version },
        );
      }
      const include = patch.include ? unique(patch.include) : current.include;
      const exclude = patch.exclude ? unique(patch.exclude) : current.exclude;
      const criteria = patch.criteria ?? (current.criteria as CohortCriteria);
      if (Object.keys(criteria).length === 0 && include.length === 0) {
        throw new ApiError("validation_error", "A cohort needs at least one criterion or one `include` id", [
          {
            path: patch.criteria ? "criteria" : "include",
            message: "a cohort needs at least one criterion or one `include` id",
          },
        ]);
      }
      const [updated] = await tx
        .update(cohorts)
        .set({
          ...(patch.name !== undefined ? { name: patch.name } : {}),
          ...(patch.description !== undefined ? { description: patch.description } : {}),
          criteria,
          include,
          exclude,
          version: current.version + 1,
          updatedAt: this.now(),
        })
        .where(and(eq(cohorts.tenantId, tenantId), eq(cohorts.id, cohortId)))
        .returning();
      return updated as CohortRow;
    });
    return this.withCount(row);
  }

  /** Deletes the cohort, unless a registered port says it is in use (409 `cohort_in_use`). */
  /**
   * Deletes the cohort unless a population uses it (409). The cohort row is locked first, so a population
   * being composed from it at the same moment (which holds the row `for share` until it commits, `lockIn`)
   * either commits first and is seen by the check, or waits and then finds the cohort gone (404).
   */
  async delete(tenantId: string, cohortId: string): Promise<void> {
    await this.deps.database.transaction(async (tx) => {
      const locked = await tx.query("select id from cohorts where tenant_id = $1 and id = $2 for update", [
        tenantId,
        cohortId,
      ]);
      if (locked.length === 0) throw notFound("Cohort");
      for (const port of this.usages) {
        if (await port.inUse(tx, tenantId, cohortId)) {
          throw new ApiError(
            "cohort_in_use",
            "This cohort is used by a population: remove it from the population first",
            { cohortId },
          );
        }
      }
      await tx.query("delete from cohorts where tenant_id = $1 and id = $2", [tenantId, cohortId]);
    });
  }

  /**
   * Holds the cohorts (`for share`) until `tx` ends, so none of them is deleted while the caller records that
   * it uses them; 404 when one is not (or no longer) the tenant's.
   */
  async lockIn(tx: SqlRunner, tenantId: string, cohortIds: readonly string[]): Promise<void> {
    const ids = [...new Set(cohortIds)].sort();
    const rows = await tx.query<{ id: string }>(
      "select id from cohorts where tenant_id = $1 and id = any($2::uuid[]) order by id for share",
      [tenantId, ids],
    );
    if (rows.length !== ids.length) throw notFound("Cohort");
  }

  /** A page of the cohort's members (newest first) and how many there are in all. */
  async members(tenantId: string, cohortId: string, page: PageInput): Promise<CohortMembers> {
    const spec = await this.specOf(tenantId, cohortId);
    const { items, nextCursor } = await this.deps.personas.listMembers(tenantId, spec, page);
    const count =
      nextCursor === null && page.cursor === undefined
        ? items.length
        : await this.deps.personas.countMembers(tenantId, spec);
    return { members: items, count, nextCursor };
  }

  /** The cohort's membership spec (404 when it is not the tenant's). */
  async specOf(tenantId: string, cohortId: string): Promise<MembershipSpec> {
    return specOfRow(await this.row(tenantId, cohortId));
  }

  /** The ids of the cohort's members now, ordered by persona id (for seeded sampling). */
  async memberIds(tenantId: string, cohortId: string): Promise<string[]> {
    return this.deps.personas.memberIds(tenantId, await this.specOf(tenantId, cohortId));
  }

  private async row(tenantId: string, cohortId: string): Promise<CohortRow> {
    const [row] = await this.db
      .select()
      .from(cohorts)
      .where(and(eq(cohorts.tenantId, tenantId), eq(cohorts.id, cohortId)));
    if (!row) throw notFound("Cohort");
    return row;
  }

  private async withCount(row: CohortRow): Promise<Cohort> {
    return view(row, await this.deps.personas.countMembers(row.tenantId, specOfRow(row)));
  }

  /**
   * Every id of the request's `include`/`exclude` must be one of the tenant's personas: 400 naming each
   * offender's path (`include.3`). An unknown id and another tenant's read the same, so nothing is
   * revealed. Ids the cohort already lists (`listed`) are not checked again: a persona deleted since
   * does not make the cohort unsavable.
   */
  private async checkPersonas(
    tenantId: string,
    lists: { include?: string[]; exclude?: string[] },
    listed: { include: string[]; exclude: string[] } = { include: [], exclude: [] },
  ): Promise<void> {
    const fresh = (field: "include" | "exclude") => {
      const known = new Set(listed[field]);
      return (lists[field] ?? []).map((id, i) => ({ id, path: `${field}.${i}` })).filter((x) => !known.has(x.id));
    };
    const toCheck = [...fresh("include"), ...fresh("exclude")];
    const existing = await this.deps.personas.existingIds(tenantId, unique(toCheck.map((x) => x.id)));
    const details: ErrorDetail[] = toCheck
      .filter((x) => !existing.has(x.id))
      .map((x) => ({ path: x.path, message: `${x.id} is not a persona of this tenant` }));
    if (details.length > 0) {
      const more = details.length > 1 ? ` (and ${details.length - 1} more)` : "";
      throw new ApiError(
        "validation_error",
        `Invalid cohort: ${details[0]?.path}: ${details[0]?.message}${more}`,
        details,
      );
    }
  }
}
