import { and, desc, eq, isNull, type SQL, sql } from "drizzle-orm";
import type { Database, Db } from "../../db/client.ts";
import { ApiError, notFound } from "../../errors.ts";
import { newId } from "../../ids.ts";
import { afterCursor, type Page, pageOf } from "../../pagination.ts";
import { importSurvey, type SurveyFormat, type Unsupported } from "./import/index.ts";
import { skills, skillVersions } from "./schema.ts";
import {
  type ListSkillsFilters,
  type Skill,
  type SkillDefinition,
  SkillDefinitionSchema,
  type UpdateSkillInput,
} from "./schemas.ts";

/**
 * A port: modules whose records pin a skill version (tasks, studies) say whether a skill is in use, so
 * deleting it archives it instead and their results keep their instrument. Several may be registered.
 */
export interface SkillUsage {
  inUse(tenantId: string, skillId: string): Promise<boolean>;
}

/** Who makes a version: the API key of the request (null when the server itself does). */
export interface SkillCaller {
  apiKeyId: string | null;
}

export interface SkillServiceDeps {
  database: Database;
  now?: () => Date;
}

type SkillRow = typeof skills.$inferSelect;

const OPTIONAL_FIELDS = ["description", "evaluation", "model", "temperature"] as const;

function view(row: SkillRow, version: number, definition: SkillDefinition): Skill {
  return {
    id: row.id,
    tenantId: row.tenantId,
    name: definition.name,
    description: definition.description ?? null,
    instructions: definition.instructions,
    questions: definition.questions,
    evaluation: definition.evaluation ?? null,
    model: definition.model ?? null,
    temperature: definition.temperature ?? null,
    version,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    archivedAt: row.archivedAt?.toISOString() ?? null,
  };
}

/** A definition from a merge (update) that breaks a rule of the whole: 400 with each field's path. */
function invalidDefinition(issues: { path: PropertyKey[]; message: string }[]): ApiError {
  const details = issues.map((i) => ({ path: i.path.map(String).join("."), message: i.message }));
  const more = details.length > 1 ? ` (and ${details.length - 1} more)` : "";
  return new ApiError("validation_error", `Invalid skill: ${details[0]?.path}: ${details[0]?.message}${more}`, details);
}

/** Stable JSON (sorted keys) so that two equal definitions compare equal whatever their key order. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    v && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1)))
      : v,
  );
}

/** Skills: reusable research instruments whose versions are immutable (docs/skills.md). */
export class SkillService {
  private readonly usages: SkillUsage[] = [];
  private readonly now: () => Date;

  constructor(private readonly deps: SkillServiceDeps) {
    this.now = deps.now ?? (() => new Date());
  }

  private get db(): Db {
    return this.deps.database.db;
  }

  /** Registers a port that says whether a skill is in use (tasks, studies). */
  setUsage(port: SkillUsage): void {
    this.usages.push(port);
  }

  /**
   * Validates and stores a new skill as version 1. The routes validate the body already; this checks again
   * for callers that build a definition themselves (survey import).
   */
  async create(tenantId: string, definition: SkillDefinition, caller: SkillCaller): Promise<Skill> {
    const parsed = SkillDefinitionSchema.safeParse(definition);
    if (!parsed.success) throw invalidDefinition(parsed.error.issues);
    const def = parsed.data;
    const now = this.now();
    const id = newId(now.getTime());
    return this.db.transaction(async (tx) => {
      const [row] = await tx
        .insert(skills)
        .values({ id, tenantId, version: 1, name: def.name, createdAt: now, updatedAt: now })
        .returning();
      await tx.insert(skillVersions).values({
        skillId: id,
        version: 1,
        name: def.name,
        definition: def,
        createdBy: caller.apiKeyId,
        createdAt: now,
      });
      return view(row as SkillRow, 1, def);
    });
  }

  /** The skill at its latest version, or at `version`; archived skills are readable (their users pin them). */
  /**
   * A Qualtrics or Typeform survey as a new skill (version 1), with every item that did not map listed
   * (docs/skills.md, "Importing a survey").
   */
  async importSurvey(
    tenantId: string,
    format: SurveyFormat,
    document: unknown,
    caller: SkillCaller,
  ): Promise<{ skill: Skill; unsupported: Unsupported[] }> {
    const { skill, unsupported } = importSurvey(format, document);
    return { skill: await this.create(tenantId, skill, caller), unsupported };
  }

  async get(tenantId: string, skillId: string, version?: number): Promise<Skill> {
    const [found] = await this.db
      .select({ skill: skills, version: skillVersions.version, definition: skillVersions.definition })
      .from(skills)
      .innerJoin(skillVersions, eq(skillVersions.skillId, skills.id))
      .where(
        and(
          eq(skills.tenantId, tenantId),
          eq(skills.id, skillId),
          eq(skillVersions.version, version ?? skills.version),
        ),
      );
    if (!found) throw notFound(version === undefined ? "Skill" : `Skill ${skillId} version ${version}`);
    return view(found.skill, found.version, found.definition as SkillDefinition);
  }

  /** The tenant's skills at their latest version, newest first; archived ones only when asked. */
  async list(tenantId: string, f: ListSkillsFilters): Promise<Page<Skill>> {
    const conditions: (SQL | undefined)[] = [eq(skills.tenantId, tenantId)];
    if (!f.includeArchived) conditions.push(isNull(skills.archivedAt));
    // strpos, not LIKE: the search text needs no escaping.
    if (f.q) conditions.push(sql`strpos(lower(${skills.name}), lower(${f.q})) > 0`);
    conditions.push(afterCursor(skills.createdAt, skills.id, f.cursor));
    const rows = await this.db
      .select({ skill: skills, definition: skillVersions.definition })
      .from(skills)
      .innerJoin(skillVersions, and(eq(skillVersions.skillId, skills.id), eq(skillVersions.version, skills.version)))
      .where(and(...conditions))
      .orderBy(desc(skills.createdAt), desc(skills.id))
      .limit(f.limit + 1);
    return pageOf(
      rows,
      f.limit,
      (r) => ({ t: r.skill.createdAt, id: r.skill.id }),
      (r) => view(r.skill, r.skill.version, r.definition as SkillDefinition),
    );
  }

  /**
   * Saves the latest definition merged with the patch as the next version (validated as a whole). A patch
   * that changes nothing makes no version and returns the skill as it is. Archived skills are frozen.
   */
  async update(tenantId: string, skillId: string, patch: UpdateSkillInput, caller: SkillCaller): Promise<Skill> {
    return this.db.transaction(async (tx) => {
      // Locked by a statement of its own, then read: a locking read that waited for a concurrent update
      // re-checks only the locked row under READ COMMITTED, so a join to its (new) version would find nothing.
      const locked = await tx
        .select({ id: skills.id })
        .from(skills)
        .where(and(eq(skills.tenantId, tenantId), eq(skills.id, skillId)))
        .for("update");
      if (locked.length === 0) throw notFound("Skill");
      const [current] = await tx
        .select({ skill: skills, definition: skillVersions.definition })
        .from(skills)
        .innerJoin(skillVersions, and(eq(skillVersions.skillId, skills.id), eq(skillVersions.version, skills.version)))
        .where(and(eq(skills.tenantId, tenantId), eq(skills.id, skillId)));
      if (!current) throw notFound("Skill");
      if (current.skill.archivedAt)
        throw new ApiError("conflict", "This skill is archived: create a new skill instead");
      const before = current.definition as SkillDefinition;
      const { tenantId: _t, ...changes } = patch;
      const merged: Record<string, unknown> = { ...before, ...changes };
      for (const k of OPTIONAL_FIELDS) if (merged[k] === null || merged[k] === undefined) delete merged[k];
      const parsed = SkillDefinitionSchema.safeParse(merged);
      if (!parsed.success) throw invalidDefinition(parsed.error.issues);
      const def = parsed.data;
      if (canonical(def) === canonical(before)) return view(current.skill, current.skill.version, before);
      const version = current.skill.version + 1;
      const now = this.now();
      await tx
        .insert(skillVersions)
        .values({ skillId, version, name: def.name, definition: def, createdBy: caller.apiKeyId, createdAt: now });
      const [row] = await tx
        .update(skills)
        .set({ version, name: def.name, updatedAt: now })
        .where(and(eq(skills.tenantId, tenantId), eq(skills.id, skillId)))
        .returning();
      return view(row as SkillRow, version, def);
    });
  }

  /** Every version of the skill, oldest first. */
  async versions(tenantId: string, skillId: string): Promise<{ version: number; createdAt: string; name: string }[]> {
    const rows = await this.db
      .select({ version: skillVersions.version, createdAt: skillVersions.createdAt, name: skillVersions.name })
      .from(skillVersions)
      .innerJoin(skills, eq(skills.id, skillVersions.skillId))
      .where(and(eq(skills.tenantId, tenantId), eq(skills.id, skillId)))
      .orderBy(skillVersions.version);
    if (rows.length === 0) throw notFound("Skill");
    return rows.map((r) => ({ version: r.version, createdAt: r.createdAt.toISOString(), name: r.name }));
  }

  /**
   * Deletes the skill, or archives it when a registered port says a task or study uses it (their results
   * keep pointing at a readable instrument). Deleting an archived skill again is a no-op that says so.
   */
  async delete(tenantId: string, skillId: string): Promise<{ archived: boolean }> {
    const [row] = await this.db
      .select({ archivedAt: skills.archivedAt })
      .from(skills)
      .where(and(eq(skills.tenantId, tenantId), eq(skills.id, skillId)));
    if (!row) throw notFound("Skill");
    if (row.archivedAt) return { archived: true };
    let inUse = false;
    for (const port of this.usages) if (!inUse) inUse = await port.inUse(tenantId, skillId);
    const where = and(eq(skills.tenantId, tenantId), eq(skills.id, skillId));
    if (inUse) await this.db.update(skills).set({ archivedAt: this.now() }).where(where);
    else await this.db.delete(skills).where(where);
    return { archived: inUse };
  }
}
