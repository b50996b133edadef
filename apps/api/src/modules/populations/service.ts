import { randomInt } from "node:crypto";
import type { Database, SqlRunner } from "../../db/client.ts";
import { ApiError, conflict, notFound } from "../../errors.ts";
import { newId } from "../../ids.ts";
import { decodeCursor, encodeCursor, type Page, pageOf } from "../../pagination.ts";
import type { Persona, PersonaService } from "../personas/index.ts";
import type { RunService } from "../runs/index.ts";
import { type DiversityMember, diversityOf, usAdultsJointShares } from "./diversity.ts";
import { US_ADULTS } from "./presets/us-adults.ts";
import { normaliseWeights, type SamplingRule, sample } from "./sampling.ts";
import type { CreatePopulationInput, Member, Population, PopulationVersion, UpdatePopulationInput } from "./schemas.ts";
import {
  insertVersion,
  type MemberRecord,
  membersOf,
  type PopulationRow,
  populationRow,
  populationView,
  SELECT_POPULATION,
  type VersionRecord,
  versionRow,
} from "./store.ts";
import { marginalsOf } from "./targets.ts";
import { valuesOf } from "./values.ts";

/**
 * A port: the cohorts module (downstream: it will depend on populations for `usesCohort`) provides its
 * cohorts. `get` throws a 404 for an unknown or foreign cohort; `memberIds` lists the live members, ordered
 * by persona id.
 */
export interface CohortSource {
  get(tenantId: string, cohortId: string): Promise<{ id: string; name: string }>;
  memberIds(tenantId: string, cohortId: string): Promise<string[]>;
  /** Holds the cohorts until `tx` ends (none is deleted meanwhile); 404 when one is gone. */
  lockIn(tx: SqlRunner, tenantId: string, cohortIds: readonly string[]): Promise<void>;
}

/**
 * A port: modules that name a population (studies) say whether it is in use; such a population cannot be
 * deleted (409 `population_in_use`). Several may be registered; without one nothing is in use.
 */
export interface PopulationUsage {
  inUse(tenantId: string, populationId: string): Promise<boolean>;
  /** What the 409 says when this port finds it in use (default: a study uses it). */
  message?: string;
}

export interface PopulationServiceDeps {
  database: Database;
  personas: PersonaService;
  runs: RunService;
  now: () => Date;
}

/** What a composed population is made from (its cohorts, normalised weights, sampling, size). */
interface Definition {
  cohorts: { cohortId: string; weight: number }[];
  rule: "all" | "quota";
  seed: number | null;
  size: number | null;
}

/** How often a composition change is retried when another one made a version first. */
const MAX_ATTEMPTS = 25;

/** A random seed when none is given (returned, so the draw can be repeated). */
export const randomSeed = () => randomInt(0, 2 ** 47);

class VersionMoved extends Error {}

const sameMembers = (
  a: readonly MemberRecord[],
  b: readonly { persona_id: string; weight: number; cohort_id: string | null }[],
) =>
  a.length === b.length &&
  a.every((m, i) => {
    const o = b[i] as { persona_id: string; weight: number; cohort_id: string | null };
    return (
      m.personaId === o.persona_id &&
      m.cohortId === o.cohort_id &&
      Math.abs(m.weight - o.weight) <= 1e-9 * Math.max(1, m.weight)
    );
  });

/** The Big Five of a persona's profile, for the diversity report (null when it has none). */
export function traitsOf(p: Persona | undefined): DiversityMember["traits"] {
  const t = p?.profile?.personality;
  if (!t) return null;
  const { openness, conscientiousness, extraversion, agreeableness, neuroticism } = t;
  return { openness, conscientiousness, extraversion, agreeableness, neuroticism };
}

/**
 * Populations (docs/cohorts-and-populations.md): cohorts with weights and a sampling rule (composed), or
 * personas generated to target marginals (generate.ts). Every change of composition is a new immutable
 * version; members keep a snapshot of who they were.
 */
/** A version's member as a study's run reads it (`roster`). */
export interface RosterMember {
  personaId: string;
  weight: number;
  cohortId: string | null;
  snapshot: { firstName: string; lastName: string; age: number; location: string; baseOccupation: string };
}

export class PopulationService {
  private cohortSource: CohortSource | null = null;
  private readonly usages: PopulationUsage[] = [];

  constructor(private readonly deps: PopulationServiceDeps) {}

  private get db() {
    return this.deps.database;
  }

  /** The cohorts module plugs in here (a population names cohorts; cohorts depend on populations). */
  setCohorts(source: CohortSource): void {
    this.cohortSource = source;
  }

  /** Registers a port that says whether a population is in use (studies). */
  setUsage(port: PopulationUsage): void {
    this.usages.push(port);
  }

  /**
   * Holds the definition's cohorts until the version commits: a cohort deleted at the same moment either
   * sees this population (409 for the delete) or is gone before it (404 here), never both succeeding.
   */
  private async lockCohorts(tx: SqlRunner, tenantId: string, def: Definition): Promise<void> {
    if (!this.cohortSource) throw notFound("Cohort");
    await this.cohortSource.lockIn(
      tx,
      tenantId,
      def.cohorts.map((c) => c.cohortId),
    );
  }

  private async cohort(tenantId: string, cohortId: string) {
    if (!this.cohortSource) throw notFound("Cohort");
    return this.cohortSource.get(tenantId, cohortId);
  }

  async create(tenantId: string, input: CreatePopulationInput): Promise<Population> {
    const weights = normaliseWeights(input.cohorts.map((c) => c.weight));
    const def: Definition = {
      cohorts: input.cohorts.map((c, i) => ({ cohortId: c.cohortId, weight: weights[i] as number })),
      rule: input.sampling.rule,
      seed: input.sampling.rule === "quota" ? (input.sampling.seed ?? randomSeed()) : null,
      size: input.sampling.rule === "quota" ? (input.size as number) : null,
    };
    for (const c of def.cohorts) await this.cohort(tenantId, c.cohortId);
    const snap = await this.snapshot(tenantId, def);
    const id = newId(this.deps.now().getTime());
    const now = this.deps.now();
    await this.db.transaction(async (tx) => {
      await this.lockCohorts(tx, tenantId, def);
      await tx.query(
        `insert into populations (id, tenant_id, name, description, kind, status, size, generated, cohorts, sampling,
           version, created_at, updated_at)
         values ($1, $2, $3, $4, 'composed', 'ready', $5, 0, $6::jsonb, $7::jsonb, 1, $8, $8)`,
        [
          id,
          tenantId,
          input.name,
          input.description ?? null,
          def.size ?? snap.members.length,
          JSON.stringify(def.cohorts),
          JSON.stringify({ rule: def.rule, seed: def.seed }),
          now,
        ],
      );
      await insertVersion(tx, tenantId, id, 1, snap.record, snap.members, now);
    });
    return this.get(tenantId, id);
  }

  /**
   * The members a definition gives now: the cohorts' live members, sampled (sampling.ts), each with a
   * snapshot of the persona (a persona deleted in between is left out).
   */
  private async snapshot(
    tenantId: string,
    def: Definition,
  ): Promise<{ members: MemberRecord[]; record: VersionRecord }> {
    const source = this.cohortSource;
    if (!source) throw notFound("Cohort");
    const cohorts = [];
    for (const c of def.cohorts) cohorts.push({ ...c, memberIds: await source.memberIds(tenantId, c.cohortId) });
    const rule: SamplingRule =
      def.rule === "quota" ? { rule: "quota", size: def.size as number, seed: def.seed as number } : { rule: "all" };
    const drawn = sample(cohorts, rule);
    const personas = new Map(
      (
        await this.deps.personas.getMany(
          tenantId,
          drawn.members.map((m) => m.personaId),
        )
      ).map((p) => [p.id, p]),
    );
    const members: MemberRecord[] = [];
    const diversityMembers: DiversityMember[] = [];
    for (const m of drawn.members) {
      const p = personas.get(m.personaId);
      if (!p) continue;
      members.push({
        personaId: p.id,
        weight: m.weight,
        cohortId: m.cohortId,
        firstName: p.firstName,
        lastName: p.lastName,
        age: p.age,
        location: p.location,
        baseOccupation: p.baseOccupation,
      });
      diversityMembers.push({
        personaId: p.id,
        firstName: p.firstName,
        lastName: p.lastName,
        age: p.age,
        location: p.location,
        values: valuesOf(p),
        traits: traitsOf(p),
        weight: m.weight,
      });
    }
    return {
      members,
      record: {
        size: members.length,
        fit: null,
        // Composed panels are measured against the US adults preset's categories: coverage then shows which
        // census cells a hand-built panel misses (its own observed shares would always cover themselves).
        diversity: diversityOf(diversityMembers, marginalsOf(US_ADULTS), usAdultsJointShares()),
        composition: {
          cohorts: drawn.cohorts,
          sampling: { rule: def.rule, seed: def.seed },
          size: def.size,
          members: members.length,
        },
        warnings: drawn.warnings as unknown as Record<string, unknown>[],
      },
    };
  }

  async get(tenantId: string, id: string): Promise<Population> {
    return populationView(await populationRow(this.db, tenantId, id));
  }

  async list(tenantId: string, q: { limit: number; cursor?: string; kind?: string }): Promise<Page<Population>> {
    const params: unknown[] = [tenantId];
    const where = ["p.tenant_id = $1"];
    if (q.kind) {
      params.push(q.kind);
      where.push(`p.kind = $${params.length}`);
    }
    if (q.cursor) {
      const after = decodeCursor(q.cursor);
      params.push(after.t, after.id);
      where.push(`(p.created_at, p.id) < ($${params.length - 1}::timestamptz, $${params.length}::uuid)`);
    }
    params.push(q.limit + 1);
    const rows = await this.db.query<PopulationRow>(
      `${SELECT_POPULATION} where ${where.join(" and ")} order by p.created_at desc, p.id desc limit $${params.length}`,
      params,
    );
    return pageOf(rows, q.limit, (r) => ({ t: r.created_at, id: r.id }), populationView);
  }

  private definitionOf(row: PopulationRow): Definition {
    return {
      // jsonb reorders keys: rebuilt in one order, so definitions compare as JSON.
      cohorts: (row.cohorts ?? []).map((c) => ({ cohortId: c.cohortId, weight: c.weight })),
      rule: row.sampling?.rule ?? "all",
      seed: row.sampling?.seed ?? null,
      size: row.sampling?.rule === "quota" ? row.size : null,
    };
  }

  /** The definition after a patch (400 with the field's path when the result is not a valid population). */
  private merged(current: Definition, patch: UpdatePopulationInput): Definition {
    const rule = patch.sampling?.rule ?? current.rule;
    const cohorts = patch.cohorts
      ? (() => {
          const weights = normaliseWeights(patch.cohorts.map((c) => c.weight));
          return patch.cohorts.map((c, i) => ({ cohortId: c.cohortId, weight: weights[i] as number }));
        })()
      : current.cohorts;
    if (rule === "all") {
      if (patch.size !== undefined && patch.size !== null) {
        throw new ApiError("validation_error", "`all` sampling takes every member: omit size", [
          { path: "size", message: "`all` sampling takes every member: omit size" },
        ]);
      }
      return { cohorts, rule, seed: null, size: null };
    }
    const size = patch.size === undefined ? current.size : patch.size;
    if (size === null) {
      throw new ApiError("validation_error", "Quota sampling needs a size", [
        { path: "size", message: "quota sampling needs a size" },
      ]);
    }
    // The seed is kept unless a new one is given: changing a weight does not reshuffle who is drawn.
    const seed = patch.sampling?.seed ?? current.seed ?? randomSeed();
    return { cohorts, rule, seed, size };
  }

  /**
   * Name and description change in place. A change of cohorts, weights, size or sampling writes version
   * n+1 from the cohorts' members now (a patch that leaves the definition as it was writes none). Composition changes are computed outside the transaction (the
   * cohorts are read through their module), then written only if no other change made a version in
   * between (the row is locked by a statement of its own, then compared); otherwise computed again.
   */
  async update(tenantId: string, id: string, patch: UpdatePopulationInput): Promise<Population> {
    const composes = patch.cohorts !== undefined || patch.size !== undefined || patch.sampling !== undefined;
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const row = await populationRow(this.db, tenantId, id);
      let next: { def: Definition; snap: Awaited<ReturnType<PopulationService["snapshot"]>> } | null = null;
      if (composes) {
        if (row.kind !== "composed") {
          throw conflict("A generated population's members come from its generation: only name and description change");
        }
        const def = this.merged(this.definitionOf(row), patch);
        for (const c of def.cohorts) await this.cohort(tenantId, c.cohortId);
        // Fields sent with the values they already have change nothing: no version.
        if (JSON.stringify(def) !== JSON.stringify(this.definitionOf(row))) {
          next = { def, snap: await this.snapshot(tenantId, def) };
        }
      }
      try {
        await this.db.transaction(async (tx) => {
          const [locked] = await tx.query<{ version: number }>(
            "select version from populations where tenant_id = $1 and id = $2 for update",
            [tenantId, id],
          );
          if (!locked) throw notFound("Population");
          if (next && locked.version !== row.version) throw new VersionMoved();
          if (next) await this.lockCohorts(tx, tenantId, next.def);
          const now = this.deps.now();
          const named = await this.rename(tx, tenantId, id, patch, now);
          if (!next) return named;
          const version = locked.version + 1;
          await insertVersion(tx, tenantId, id, version, next.snap.record, next.snap.members, now);
          await tx.query(
            `update populations set cohorts = $3::jsonb, sampling = $4::jsonb, size = $5, version = $6, updated_at = $7
             where tenant_id = $1 and id = $2`,
            [
              tenantId,
              id,
              JSON.stringify(next.def.cohorts),
              JSON.stringify({ rule: next.def.rule, seed: next.def.seed }),
              next.def.size ?? next.snap.members.length,
              version,
              now,
            ],
          );
        });
        return this.get(tenantId, id);
      } catch (err) {
        if (!(err instanceof VersionMoved)) throw err;
      }
    }
    throw conflict("The population kept changing while this change was made: try again");
  }

  private async rename(tx: SqlRunner, tenantId: string, id: string, patch: UpdatePopulationInput, now: Date) {
    if (patch.name === undefined && patch.description === undefined) return;
    await tx.query(
      `update populations set name = coalesce($3, name),
         description = case when $4::boolean then $5 else description end, updated_at = $6
       where tenant_id = $1 and id = $2`,
      [tenantId, id, patch.name ?? null, patch.description !== undefined, patch.description ?? null, now],
    );
  }

  /**
   * POST /populations/{id}/versions: the cohorts' members now, as version n+1 when the member list or a
   * weight differs from the current version; otherwise the current version, unchanged (`created: false`).
   * A generated population's members never change this way: its current version is returned.
   */
  async resnapshot(tenantId: string, id: string): Promise<{ version: PopulationVersion; created: boolean }> {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const row = await populationRow(this.db, tenantId, id);
      if (row.version === 0) throw conflict("The population is still being generated: it has no version yet");
      if (row.kind !== "composed")
        return { version: await versionRow(this.db, tenantId, id, row.version), created: false };
      const def = this.definitionOf(row);
      const snap = await this.snapshot(tenantId, def);
      const current = await membersOf(this.db, id, row.version);
      if (sameMembers(snap.members, current)) {
        return { version: await versionRow(this.db, tenantId, id, row.version), created: false };
      }
      try {
        const version = await this.db.transaction(async (tx) => {
          const [locked] = await tx.query<{ version: number }>(
            "select version from populations where tenant_id = $1 and id = $2 for update",
            [tenantId, id],
          );
          if (!locked) throw notFound("Population");
          if (locked.version !== row.version) throw new VersionMoved();
          await this.lockCohorts(tx, tenantId, def);
          const now = this.deps.now();
          const next = locked.version + 1;
          await insertVersion(tx, tenantId, id, next, snap.record, snap.members, now);
          await tx.query(
            `update populations set version = $3, size = case when sampling->>'rule' = 'all' then $4 else size end,
               updated_at = $5 where tenant_id = $1 and id = $2`,
            [tenantId, id, next, snap.members.length, now],
          );
          return next;
        });
        return { version: await versionRow(this.db, tenantId, id, version), created: true };
      } catch (err) {
        if (!(err instanceof VersionMoved)) throw err;
      }
    }
    throw conflict("The population kept changing while this version was made: try again");
  }

  /**
   * Deletes the population with its versions and members; a generation in flight is cancelled first.
   * 409 `population_in_use` while a registered port (studies) names it.
   */
  async delete(tenantId: string, id: string): Promise<void> {
    const row = await populationRow(this.db, tenantId, id);
    for (const port of this.usages) {
      if (await port.inUse(tenantId, id)) {
        throw new ApiError("population_in_use", port.message ?? "A study uses this population: delete the study first");
      }
    }
    if (row.status === "generating" && row.run_id) {
      await this.deps.runs.cancel(tenantId, row.run_id).catch((err: unknown) => {
        if (!(err instanceof ApiError)) throw err; // it finished in between
      });
    }
    const deleted = await this.db.query("delete from populations where tenant_id = $1 and id = $2 returning id", [
      tenantId,
      id,
    ]);
    if (deleted.length === 0) throw notFound("Population");
  }

  async versions(tenantId: string, id: string): Promise<{ version: number; createdAt: string; size: number }[]> {
    await populationRow(this.db, tenantId, id);
    const rows = await this.db.query<{ version: number; created_at: Date; size: number }>(
      `select version, created_at, size from population_versions where tenant_id = $1 and population_id = $2
       order by version`,
      [tenantId, id],
    );
    return rows.map((r) => ({ version: r.version, createdAt: r.created_at.toISOString(), size: r.size }));
  }

  async version(tenantId: string, id: string, version: number): Promise<PopulationVersion> {
    await populationRow(this.db, tenantId, id);
    return versionRow(this.db, tenantId, id, version);
  }

  /**
   * A page of a version's members by persona id, each with the live persona (null and `deleted: true` once
   * it is gone) and the snapshot the version kept.
   */
  async members(
    tenantId: string,
    id: string,
    version: number,
    q: { limit: number; cursor?: string },
  ): Promise<Page<Member>> {
    await versionRow(this.db, tenantId, id, version);
    const rows = await this.memberRows(tenantId, id, version, {
      limit: q.limit + 1,
      ...(q.cursor ? { afterId: decodeCursor(q.cursor).id } : {}),
    });
    const page = rows.slice(0, q.limit);
    const live = new Map(
      (
        await this.deps.personas.getMany(
          tenantId,
          page.map((r) => r.personaId),
        )
      ).map((p) => [p.id, p]),
    );
    const last = page.at(-1);
    return {
      items: page.map((r) => {
        const persona = live.get(r.personaId) ?? null;
        return { ...r, persona, deleted: persona === null };
      }),
      nextCursor: rows.length > q.limit && last ? encodeCursor({ t: new Date(0), id: last.personaId }) : null,
    };
  }

  /**
   * Every member of a version (a study's run asks each): persona id, weight, cohort and the snapshot the
   * version kept (for a member deleted since), by persona id.
   */
  async roster(tenantId: string, id: string, version: number): Promise<RosterMember[]> {
    await versionRow(this.db, tenantId, id, version);
    return this.memberRows(tenantId, id, version);
  }

  /** A version's members by persona id: all of them, or a page after a persona id. */
  private async memberRows(
    tenantId: string,
    id: string,
    version: number,
    page?: { limit: number; afterId?: string },
  ): Promise<RosterMember[]> {
    const params: unknown[] = [tenantId, id, version];
    let after = "";
    if (page?.afterId) {
      params.push(page.afterId);
      after = `and persona_id > $${params.length}::uuid`;
    }
    let limit = "";
    if (page) {
      params.push(page.limit);
      limit = `limit $${params.length}`;
    }
    const rows = await this.db.query<{
      persona_id: string;
      weight: number;
      cohort_id: string | null;
      first_name: string;
      last_name: string;
      age: number;
      location: string;
      base_occupation: string;
    }>(
      `select persona_id, weight, cohort_id, first_name, last_name, age, location, base_occupation
       from population_members where tenant_id = $1 and population_id = $2 and version = $3 ${after}
       order by persona_id ${limit}`,
      params,
    );
    return rows.map((r) => ({
      personaId: r.persona_id,
      weight: Number(r.weight),
      cohortId: r.cohort_id,
      snapshot: {
        firstName: r.first_name,
        lastName: r.last_name,
        age: r.age,
        location: r.location,
        baseOccupation: r.base_occupation,
      },
    }));
  }

  /** The cohorts module's port: a cohort is in use while a population's current composition names it. */
  async usesCohort(tx: SqlRunner, tenantId: string, cohortId: string): Promise<boolean> {
    const rows = await tx.query("select 1 from populations where tenant_id = $1 and cohorts @> $2::jsonb limit 1", [
      tenantId,
      JSON.stringify([{ cohortId }]),
    ]);
    return rows.length > 0;
  }
}
