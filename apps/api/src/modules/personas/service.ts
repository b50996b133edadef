import { and, asc, count, desc, eq, gte, ilike, inArray, lte, or, type SQL, sql } from "drizzle-orm";
import type { CacheProvider, CacheScope } from "../../cache.ts";
import type { Database, Db } from "../../db/client.ts";
import { ApiError, notFound } from "../../errors.ts";
import { newId } from "../../ids.ts";
import type { JobQueue } from "../../jobs/queue.ts";
import { costUsd, type LlmClient, LlmError, llmErrorToApi } from "../../llm/index.ts";
import { afterCursor, type Page, pageOf } from "../../pagination.ts";
import { EXPORT_FORMAT, EXPORT_FORMAT_VERSION, SEED_EXTRA_FIELDS } from "../../shared/vocabulary.ts";
import type { RunService } from "../runs/index.ts";
import {
  deleteEntriesOf,
  entriesOf,
  entryView,
  type ImportedEntry,
  insertEntries,
  insertEntriesOfMany,
  type TimelineEntry,
  TimelineEntryInputSchema,
} from "../timeline/index.ts";
import { containsPattern, type MembershipSpec, membershipSql } from "./membership.ts";
import { type NewPersonaRow, notReady, PendingProfiles, profileParts, providerUnavailable } from "./pending.ts";
import { type WrittenProfile, writeProfile } from "./profile.ts";
import { personas } from "./schema.ts";
import {
  type ListPersonasFilters,
  type Persona,
  type PersonaExport,
  type Profile,
  ProfileSchema,
  type ProfileStatus,
  type Seed,
  SeedSchema,
  type UpdatePersonaInput,
} from "./schemas.ts";

type PersonaRow = typeof personas.$inferSelect;

/**
 * The parts of the export document other modules own: they depend on personas, so they plug their part
 * in (their manifest's `create`) instead of personas reading their tables. A part no module provides is
 * exported empty.
 */
export interface ExportSources {
  sessions(tenantId: string, personaId: string): Promise<Record<string, unknown>[]>;
  consistencyReports(tenantId: string, personaId: string): Promise<Record<string, unknown>[]>;
}

/**
 * A port: the cohorts module (which depends on personas) says what a cohort's membership is, for
 * `GET /personas?cohortId=`. It throws a 404 for a cohort that is not the tenant's.
 */
export interface CohortSpecs {
  specOf(tenantId: string, cohortId: string): Promise<MembershipSpec>;
}

/** A page of a membership list (`limit` 1-200, `cursor` from the previous page). */
export interface MemberPageQuery {
  limit: number;
  cursor?: string;
}

interface SeedExtras {
  gender?: string | null;
  education?: string | null;
  incomeBracket?: string | null;
  household?: string | null;
  languages?: string[];
  interests?: string[];
  personality?: Seed["personality"] | null;
}

/**
 * SQL selecting one row when the persona exists, for a caller that must check it inside its own single
 * statement (prompting records a turn only while the persona exists). Arguments are SQL expressions.
 */
export const personaExistsSql = (p: { tenantId: string; personaId: string }) =>
  `select 1 from personas where tenant_id = ${p.tenantId} and id = ${p.personaId}`;

/** SPEC §4 [compat]: "{firstName} {lastName}, {age}, based in {location}, works as {baseOccupation}." */
export const summaryOf = (p: Pick<Seed, "firstName" | "lastName" | "age" | "location" | "baseOccupation">) =>
  `${p.firstName} ${p.lastName}, ${p.age}, based in ${p.location}, works as ${p.baseOccupation}.`;

export function personaView(row: PersonaRow): Persona {
  const extras = row.seedExtras as SeedExtras;
  return {
    id: row.id,
    tenantId: row.tenantId,
    firstName: row.firstName,
    lastName: row.lastName,
    age: row.age,
    location: row.location,
    baseOccupation: row.baseOccupation,
    summary: row.summary,
    gender: extras.gender ?? null,
    education: extras.education ?? null,
    incomeBracket: extras.incomeBracket ?? null,
    household: extras.household ?? null,
    languages: extras.languages ?? [],
    interests: extras.interests ?? [],
    personality: extras.personality ?? null,
    attributes: row.attributes as Record<string, unknown>,
    profile: (row.profile as Profile | null) ?? null,
    profileModel: row.profileModel,
    profileStatus: row.profileStatus as ProfileStatus,
    profileRunId: row.profileRunId,
    profileError: (row.profileError as Persona["profileError"]) ?? null,
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/**
 * Views of cached rows and their `{ "persona": … }` JSON, made once per row (rows are never mutated:
 * an update stores a new one). Reads of a hot persona then cost no mapping and no serialisation.
 */
const views = new WeakMap<PersonaRow, { view: Persona; json?: string }>();
function memo(row: PersonaRow) {
  let entry = views.get(row);
  if (!entry) {
    entry = { view: personaView(row) };
    views.set(row, entry);
  }
  return entry;
}
const viewOf = (row: PersonaRow): Persona => memo(row).view;

const extrasOf = (seed: Partial<Seed> | UpdatePersonaInput): SeedExtras => {
  const out: SeedExtras = {};
  for (const k of SEED_EXTRA_FIELDS) {
    if (seed[k] !== undefined) (out as Record<string, unknown>)[k] = seed[k];
  }
  return out;
};

export interface CreatedPersona {
  persona: Persona;
  timeline: TimelineEntry[];
  /** The profile-writing call: model, usage and cost, for the usage event (zeros when it was deferred). */
  generation: {
    model: string;
    tokensIn: number;
    tokensOut: number;
    costUsd: number;
    latencyMs: number;
    profileStatus: ProfileStatus;
    /** Why the profile is being written in the background. */
    deferredBecause?: string;
  };
}

export interface PersonaServiceDeps {
  database: Database;
  llm: LlmClient;
  cache: CacheProvider;
  jobs: JobQueue;
  runs: RunService;
  now?: () => Date;
}

const rowKey = (tenantId: string, id: string) => `${tenantId}\u0001${id}`;

export class PersonaService {
  /**
   * Persona rows by tenant and id. Every prompt reads its persona, so this takes a query off the hottest
   * path; kept only while this process owns the database (every write passes through this service and
   * drops the entry), read each time when other servers write too (ttl 0).
   */
  private readonly cache: CacheScope<PersonaRow>;
  private readonly exportSources: Partial<ExportSources> = {};
  private readonly deletedListeners: ((tenantId: string, personaId: string) => void | Promise<void>)[] = [];
  private cohorts: CohortSpecs | undefined;

  private readonly database: Database;
  private readonly llm: LlmClient;
  private readonly now: () => Date;

  constructor(private readonly deps: PersonaServiceDeps) {
    this.database = deps.database;
    this.llm = deps.llm;
    this.now = deps.now ?? (() => new Date());
    this.cache = deps.cache.scope("personas.rows", { maxEntries: 10_000, ttlMs: 0 });
    this.pending = new PendingProfiles({ ...deps, now: this.now, forget: (t, id) => this.forget(t, id) });
  }

  /** Profiles written in the background (the provider was unavailable at creation): the run kind's side. */
  readonly pending: PendingProfiles;

  private get db(): Db {
    return this.database.db;
  }

  /** Drops a cached row (after a write outside `update`/`delete`, such as the profile run's). */
  forget(tenantId: string, personaId: string): void {
    this.cache.delete(rowKey(tenantId, personaId));
  }

  /** Plugs in a part of the export document (see `ExportSources`). */
  provideExport<K extends keyof ExportSources>(part: K, source: ExportSources[K]): void {
    this.exportSources[part] = source;
  }

  /** Plugs in the cohorts module's membership specs (see `CohortSpecs`). */
  setCohorts(port: CohortSpecs): void {
    this.cohorts = port;
  }

  /** Called after a persona is deleted (modules with work in flight for it stop that work). */
  onDeleted(listener: (tenantId: string, personaId: string) => void | Promise<void>): void {
    this.deletedListeners.push(listener);
  }

  /**
   * Writes the profile with the chosen model (outside any transaction), then stores persona and memory.
   * When the provider is unavailable (network, 5xx, 429, timeout: after the client's retries and the
   * fallback model) the persona is stored anyway with its profile `pending`, and a `personas.profile` run
   * writes it in the background (docs/personas.md). A provider that refuses the request (bad key, bad
   * model) fails the creation as before: waiting would not fix it.
   */
  async create(tenantId: string, seed: Seed, opts: { model?: string; apiKeyId?: string | null } = {}) {
    const now = this.now();
    const started = performance.now();
    let written: WrittenProfile;
    try {
      written = await writeProfile(this.llm, seed, { model: opts.model, now });
    } catch (err) {
      if (providerUnavailable(err)) {
        const id = await this.pending.create(tenantId, this.newRow(tenantId, seed, now), opts);
        return {
          persona: await this.get(tenantId, id),
          timeline: [],
          generation: {
            model: opts.model ?? this.llm.registry.defaultSlug,
            tokensIn: 0,
            tokensOut: 0,
            costUsd: 0,
            latencyMs: Math.round(performance.now() - started),
            profileStatus: "pending",
            deferredBecause: err.message,
          },
        };
      }
      throw err instanceof LlmError ? llmErrorToApi(err) : err;
    }
    const model = written.result.model;
    const generation = {
      model: model.slug,
      tokensIn: written.result.usage.inputTokens,
      tokensOut: written.result.usage.outputTokens,
      costUsd: costUsd(model.price, written.result.usage),
      latencyMs: Math.round(performance.now() - started),
      profileStatus: "ready" as const,
    };
    const { profile, memory } = profileParts(written);
    const stored = await this.db.transaction(async (tx) => {
      const [row] = await tx
        .insert(personas)
        .values({ ...this.newRow(tenantId, seed, now), profile, profileModel: model.slug })
        .returning();
      const persona = row as PersonaRow;
      const entries = await insertEntries(tx, tenantId, persona.id, [{ input: memory, createdAt: now }]);
      return { persona: personaView(persona), timeline: entries.map((e) => entryView(e)) };
    });
    return { ...stored, generation } satisfies CreatedPersona;
  }

  /**
   * Creates many personas with ids the caller chose (a generated population's), idempotently: profiles
   * are written first (at most `concurrency` at once), then ONE transaction inserts every persona that does
   * not exist yet (`on conflict (id) do nothing`) with its initial memory. A batch cut short and run again
   * creates each persona once. No per-persona usage event: the caller records its own.
   */
  async createBatch(
    tenantId: string,
    items: readonly { id: string; seed: Seed }[],
    opts: { model?: string; concurrency?: number; signal?: AbortSignal } = {},
  ): Promise<{ created: number; usage: { tokensIn: number; tokensOut: number; costUsd: number } }> {
    const now = this.now();
    const written = await mapWithLimit(items, Math.max(1, opts.concurrency ?? 8), async (item) => {
      if (opts.signal?.aborted) throw new Error("stopped");
      try {
        return await writeProfile(this.llm, item.seed, {
          model: opts.model,
          now,
          ...(opts.signal ? { abortSignal: opts.signal } : {}),
        });
      } catch (err) {
        throw err instanceof LlmError ? llmErrorToApi(err) : err;
      }
    });
    const usage = { tokensIn: 0, tokensOut: 0, costUsd: 0 };
    const prepared = items.map((item, i) => {
      const w = written[i] as WrittenProfile;
      usage.tokensIn += w.result.usage.inputTokens;
      usage.tokensOut += w.result.usage.outputTokens;
      usage.costUsd += costUsd(w.result.model.price, w.result.usage);
      const { profile, memory } = profileParts(w);
      const row = { ...this.newRow(tenantId, item.seed, now), id: item.id, profile, profileModel: w.result.model.slug };
      return { row, memory };
    });
    if (opts.signal?.aborted) throw new Error("stopped");
    const created = await this.db.transaction(async (tx) => {
      const inserted = new Set<string>();
      // In chunks: PostgreSQL takes at most 65,535 parameters per statement.
      for (let i = 0; i < prepared.length; i += 500) {
        const ids = await tx
          .insert(personas)
          .values(prepared.slice(i, i + 500).map((p) => p.row))
          .onConflictDoNothing({ target: personas.id })
          .returning({ id: personas.id });
        for (const { id } of ids) inserted.add(id);
      }
      const memories = prepared
        .filter((p) => inserted.has(p.row.id))
        .map((p) => ({ personaId: p.row.id, input: p.memory, createdAt: now }));
      await insertEntriesOfMany(tx, tenantId, memories);
      return inserted.size;
    });
    return { created, usage };
  }

  /**
   * After a bulk write (a generated population): refreshes the planner's statistics of the persona and
   * memory tables, so filtered lists (cohorts, `minAge`) keep walking the list index instead of sorting the
   * tenant. PGlite has no autovacuum to do it later; on PostgreSQL it only comes sooner.
   */
  async analyze(): Promise<void> {
    await this.database.query("analyze personas");
    await this.database.query("analyze timeline_entries");
  }

  /** The tenant's personas among `ids` (those that exist), in no particular order. */
  async getMany(tenantId: string, ids: readonly string[]): Promise<Persona[]> {
    const out: Persona[] = [];
    for (let i = 0; i < ids.length; i += 1000) {
      const rows = await this.db
        .select()
        .from(personas)
        .where(and(eq(personas.tenantId, tenantId), inArray(personas.id, ids.slice(i, i + 1000) as string[])));
      out.push(...rows.map(personaView));
    }
    return out;
  }

  /**
   * The persona a prompt may talk to: 409 `persona_not_ready` while its profile is `pending` (with
   * Retry-After) or `failed` — a persona without its profile would answer out of character.
   */
  async getReady(tenantId: string, personaId: string): Promise<Persona> {
    const view = await this.get(tenantId, personaId);
    if (view.profileStatus !== "ready") throw notReady(view);
    return view;
  }

  private newRow(tenantId: string, seed: Seed, now: Date): NewPersonaRow {
    return {
      id: newId(now.getTime()),
      tenantId,
      firstName: seed.firstName,
      lastName: seed.lastName,
      age: seed.age,
      location: seed.location,
      baseOccupation: seed.baseOccupation,
      summary: summaryOf(seed),
      seedExtras: extrasOf(seed),
      attributes: seed.attributes ?? {},
      version: 1,
      createdAt: now,
      updatedAt: now,
    };
  }

  /** The stored row (404 when it is not this tenant's). */
  async row(tenantId: string, personaId: string): Promise<PersonaRow> {
    const cached = this.cache.get(rowKey(tenantId, personaId));
    if (cached) return cached;
    const [row] = await this.db
      .select()
      .from(personas)
      .where(and(eq(personas.tenantId, tenantId), eq(personas.id, personaId)));
    if (!row) throw notFound("Persona");
    this.cache.set(rowKey(tenantId, personaId), row);
    return row;
  }

  async get(tenantId: string, personaId: string): Promise<Persona> {
    return viewOf(await this.row(tenantId, personaId));
  }

  /** `{ "persona": … }` serialised, as GET /personas/:id answers it. */
  async getEnvelopeJson(tenantId: string, personaId: string): Promise<string> {
    const entry = memo(await this.row(tenantId, personaId));
    entry.json ??= JSON.stringify({ persona: entry.view });
    return entry.json;
  }

  /** Newest first, with the filters of GET /personas (and, with `cohortId`, only the cohort's members). */
  async list(tenantId: string, f: ListPersonasFilters): Promise<Page<Persona>> {
    const conditions: (SQL | undefined)[] = [eq(personas.tenantId, tenantId)];
    if (f.q) {
      const like = containsPattern(f.q);
      conditions.push(
        or(
          ilike(sql`${personas.firstName} || ' ' || ${personas.lastName}`, like),
          ilike(personas.location, like),
          ilike(personas.baseOccupation, like),
          ilike(personas.summary, like),
        ),
      );
    }
    if (f.location) conditions.push(ilike(personas.location, containsPattern(f.location)));
    if (f.occupation) conditions.push(ilike(personas.baseOccupation, containsPattern(f.occupation)));
    if (f.minAge !== undefined) conditions.push(gte(personas.age, f.minAge));
    if (f.maxAge !== undefined) conditions.push(lte(personas.age, f.maxAge));
    if (f.cohortId) {
      if (!this.cohorts) throw notFound("Cohort");
      conditions.push(membershipSql(await this.cohorts.specOf(tenantId, f.cohortId)));
    }
    return this.page(conditions, f);
  }

  /** A page of the personas matching a membership spec, newest first (the order of `list`). */
  async listMembers(tenantId: string, spec: MembershipSpec, page: MemberPageQuery): Promise<Page<Persona>> {
    return this.page([eq(personas.tenantId, tenantId), membershipSql(spec)], page);
  }

  /** How many personas the tenant has (the analytics dashboard). */
  async count(tenantId: string): Promise<number> {
    const [row] = await this.db.select({ n: count() }).from(personas).where(eq(personas.tenantId, tenantId));
    return row?.n ?? 0;
  }

  /** How many of the tenant's personas match a membership spec. */
  async countMembers(tenantId: string, spec: MembershipSpec): Promise<number> {
    const [row] = await this.db
      .select({ n: count() })
      .from(personas)
      .where(and(eq(personas.tenantId, tenantId), membershipSql(spec)));
    return row?.n ?? 0;
  }

  /** The ids of every persona matching a membership spec, ordered by id (a stable input for seeded sampling). */
  async memberIds(tenantId: string, spec: MembershipSpec): Promise<string[]> {
    const rows = await this.db
      .select({ id: personas.id })
      .from(personas)
      .where(and(eq(personas.tenantId, tenantId), membershipSql(spec)))
      .orderBy(asc(personas.id));
    return rows.map((r) => r.id);
  }

  /** Which of these ids are personas of the tenant (another tenant's persona is not: never revealed). */
  async existingIds(tenantId: string, ids: readonly string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const rows = await this.db
      .select({ id: personas.id })
      .from(personas)
      .where(and(eq(personas.tenantId, tenantId), inArray(personas.id, [...ids])));
    return new Set(rows.map((r) => r.id));
  }

  private async page(conditions: (SQL | undefined)[], f: MemberPageQuery): Promise<Page<Persona>> {
    conditions.push(afterCursor(personas.createdAt, personas.id, f.cursor));
    const rows = await this.db
      .select()
      .from(personas)
      .where(and(...conditions))
      .orderBy(desc(personas.createdAt), desc(personas.id))
      .limit(f.limit + 1);
    return pageOf(rows, f.limit, (r) => ({ t: r.createdAt, id: r.id }), personaView);
  }

  async update(tenantId: string, personaId: string, input: UpdatePersonaInput): Promise<Persona> {
    // Dropped again after the commit, so a read racing the transaction cannot leave the old row behind.
    const updated = await this.db.transaction(async (tx) => {
      const [current] = await tx
        .select()
        .from(personas)
        .where(and(eq(personas.tenantId, tenantId), eq(personas.id, personaId)))
        .for("update");
      if (!current) throw notFound("Persona");
      if (input.version !== undefined && input.version !== current.version) {
        throw new ApiError(
          "version_conflict",
          `Persona is at version ${current.version}, not ${input.version}: reload it and apply your change again`,
          { currentVersion: current.version },
        );
      }
      const next = {
        firstName: input.firstName ?? current.firstName,
        lastName: input.lastName ?? current.lastName,
        age: input.age ?? current.age,
        location: input.location ?? current.location,
        baseOccupation: input.baseOccupation ?? current.baseOccupation,
      };
      const extras = { ...(current.seedExtras as SeedExtras), ...extrasOf(input) };
      for (const [k, v] of Object.entries(extras)) if (v === null) delete (extras as Record<string, unknown>)[k];
      const [row] = await tx
        .update(personas)
        .set({
          ...next,
          summary: summaryOf(next),
          seedExtras: extras,
          ...(input.attributes !== undefined ? { attributes: input.attributes } : {}),
          version: current.version + 1,
          updatedAt: this.now(),
        })
        .where(and(eq(personas.tenantId, tenantId), eq(personas.id, personaId)))
        .returning();
      this.cache.delete(rowKey(tenantId, personaId));
      return personaView(row as PersonaRow);
    });
    this.cache.delete(rowKey(tenantId, personaId));
    return updated;
  }

  /** Deletes the persona and everything that belongs to it (timeline by cascade). */
  async delete(tenantId: string, personaId: string): Promise<void> {
    // Its profile, still being written, is not wanted any more: the run is cancelled (kept, as a record)
    // BEFORE the persona goes, so no attempt can start on a persona that is gone and fail the run instead.
    const [profile] = await this.db
      .select({ status: personas.profileStatus, runId: personas.profileRunId })
      .from(personas)
      .where(and(eq(personas.tenantId, tenantId), eq(personas.id, personaId)));
    if (profile?.status === "pending" && profile.runId) {
      await this.deps.runs.cancel(tenantId, profile.runId).catch((err: unknown) => {
        if (!(err instanceof ApiError)) throw err; // already finished (a race with its last attempt)
      });
    }
    await this.db.transaction(async (tx) => {
      await deleteEntriesOf(tx, tenantId, personaId);
      const deleted = await tx
        .delete(personas)
        .where(and(eq(personas.tenantId, tenantId), eq(personas.id, personaId)))
        .returning({ id: personas.id });
      if (deleted.length === 0) throw notFound("Persona");
      this.cache.delete(rowKey(tenantId, personaId));
    });
    this.cache.delete(rowKey(tenantId, personaId));
    for (const listener of this.deletedListeners) await listener(tenantId, personaId);
  }

  async export(tenantId: string, personaId: string): Promise<PersonaExport> {
    const persona = await this.get(tenantId, personaId);
    const entries = await entriesOf(this.db, tenantId, personaId);
    const now = this.now();
    const sessions = (await this.exportSources.sessions?.(tenantId, personaId)) ?? [];
    const consistencyReports = (await this.exportSources.consistencyReports?.(tenantId, personaId)) ?? [];
    return {
      format: EXPORT_FORMAT,
      formatVersion: EXPORT_FORMAT_VERSION,
      exportedAt: now.toISOString(),
      persona,
      timeline: entries.map((e) => entryView(e, now)),
      sessions,
      consistencyReports,
    };
  }

  /**
   * Creates a new persona from an export document (of any tenant or instance): new ids, the same
   * seed, attributes and timeline, with supersede links mapped onto the new entry ids.
   */
  async import(tenantId: string, doc: PersonaExport): Promise<{ persona: Persona; timeline: TimelineEntry[] }> {
    const p = doc.persona;
    const seedCheck = SeedSchema.safeParse({
      firstName: p.firstName,
      lastName: p.lastName,
      age: p.age,
      location: p.location,
      baseOccupation: p.baseOccupation,
      ...Object.fromEntries(
        (["gender", "education", "incomeBracket", "household", "personality"] as const)
          .filter((k) => p[k] !== null)
          .map((k) => [k, p[k]]),
      ),
      languages: p.languages,
      interests: p.interests,
      attributes: p.attributes,
    });
    if (!seedCheck.success) throw importError(seedCheck.error.issues, "document.persona");
    const profileCheck = p.profile === null ? null : ProfileSchema.safeParse(p.profile);
    if (profileCheck && !profileCheck.success) throw importError(profileCheck.error.issues, "document.persona.profile");
    const profile = profileCheck?.data ?? null;
    const entryIds = new Map<string, string>();
    for (const e of doc.timeline) {
      if (entryIds.has(e.id))
        throw new ApiError("validation_error", `Duplicate timeline entry id ${e.id} in the document`);
      entryIds.set(e.id, newId());
    }
    const now = this.now();
    const seed = seedCheck.data;
    const imported = await this.db.transaction(async (tx) => {
      const [row] = await tx
        .insert(personas)
        .values({ ...this.newRow(tenantId, seed, now), profile, profileModel: p.profileModel })
        .returning();
      const persona = row as PersonaRow;
      const entries = doc.timeline.map((e, i): ImportedEntry => {
        const check = TimelineEntryInputSchema.safeParse({
          eventAt: e.eventAt,
          eventLabel: e.eventLabel,
          facts: e.facts,
          feelings: e.feelings,
          interpretation: e.interpretation,
          emotionTags: e.emotionTags,
          memoryType: e.memoryType,
          memoryStrength: e.memoryStrength,
          ...(e.metadata ? { metadata: e.metadata } : {}),
        });
        if (!check.success) throw importError(check.error.issues, `document.timeline.${i}`);
        const mapLink = (id: string | null) => (id ? (entryIds.get(id) ?? null) : null);
        return {
          input: check.data,
          createdAt: new Date(e.createdAt),
          id: entryIds.get(e.id) as string,
          status: e.status,
          supersedes: mapLink(e.supersedes),
          supersededBy: mapLink(e.supersededBy),
          supersededAt: e.supersededAt ? new Date(e.supersededAt) : null,
          supersedeReason: e.supersedeReason,
          recallCount: e.recallCount,
          lastRecalledAt: e.lastRecalledAt ? new Date(e.lastRecalledAt) : null,
        };
      });
      const rows = await insertEntries(tx, tenantId, persona.id, entries);
      rows.sort((a, b) => a.eventAt.getTime() - b.eventAt.getTime());
      return { persona: personaView(persona), timeline: rows.map((r) => entryView(r)) };
    });
    // A bulk import changes the table's shape: refresh the planner's statistics so retrieval keeps
    // using the right plan (PGlite has no autovacuum to do it later).
    if (doc.timeline.length >= 1000) await this.database.query("analyze timeline_entries");
    return imported;
  }
}

/** `fn` over `items` with at most `limit` calls in flight; results in the items' order. */
async function mapWithLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i] as T);
      // The simulator resolves without I/O: let the event loop serve requests between profiles.
      await new Promise((resolve) => setImmediate(resolve));
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

function importError(issues: { path: PropertyKey[]; message: string }[], base: string): ApiError {
  const details = issues.map((i) => ({ path: [base, ...i.path.map(String)].join("."), message: i.message }));
  return new ApiError(
    "validation_error",
    `Invalid export document: ${details[0]?.path}: ${details[0]?.message}`,
    details,
  );
}
