import { and, desc, eq, type SQL } from "drizzle-orm";
import type { Database } from "../../db/client.ts";
import { ApiError, conflict, notFound } from "../../errors.ts";
import { newId } from "../../ids.ts";
import type { LlmClient } from "../../llm/index.ts";
import { afterCursor, type Page, pageOf } from "../../pagination.ts";
import type { UsageRecorder } from "../analytics/index.ts";
import type { BillingService } from "../billing/index.ts";
import type { PopulationService } from "../populations/index.ts";
import type { Caller } from "../prompting/index.ts";
import type { Skill, SkillService } from "../skills/index.ts";
import { studies } from "./schema.ts";
import type {
  CreateStudyInput,
  ListStudiesQuery,
  Study,
  StudyPlan,
  StudyRunInput,
  UpdateStudyInput,
} from "./schemas.ts";

/**
 * The per-turn estimate of a study plan (docs/studies.md). A turn's input is the persona prompt (rules,
 * persona card, turn context: about PERSONA_PROMPT_CHARS characters) plus the skill's text (instructions,
 * every question, every follow-up: what the session holds by the middle of a task), at 4 characters a
 * token like billing's estimate; its output is TURN_OUTPUT_TOKENS tokens.
 */
export const PERSONA_PROMPT_CHARS = 4000;
export const TURN_OUTPUT_TOKENS = 200;
/** Assumed wall time of one turn, for the duration estimate. */
export const SECONDS_PER_TURN = 3;

export interface StudyServiceDeps {
  database: Database;
  populations: PopulationService;
  skills: SkillService;
  billing: BillingService;
  llm: LlmClient;
  usage: UsageRecorder;
  /** Runs at once per model (`model:<slug>` → limit), from MODEL_CONCURRENCY. */
  modelLimits: Record<string, number>;
  now: () => Date;
}

type StudyRow = typeof studies.$inferSelect;

function view(r: StudyRow): Study {
  return {
    id: r.id,
    tenantId: r.tenantId,
    name: r.name,
    description: r.description,
    decision: r.decision,
    populationId: r.populationId,
    populationVersion: r.populationVersion,
    skillId: r.skillId,
    skillVersion: r.skillVersion,
    replicates: r.replicates,
    model: r.model,
    version: r.version,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  };
}

const round4 = (n: number) => Math.round(n * 10_000) / 10_000;

/** The characters of a skill's text a turn carries (instructions + questions + follow-ups). */
export function skillChars(skill: Pick<Skill, "instructions" | "questions">): number {
  let n = skill.instructions.length;
  for (const q of skill.questions) {
    n += q.text.length;
    for (const f of q.followUps ?? []) n += f.length;
  }
  return n;
}

/** One turn per question plus one per follow-up. */
export const turnsPerTask = (skill: Pick<Skill, "questions">) =>
  skill.questions.reduce((n, q) => n + 1 + (q.followUps?.length ?? 0), 0);

/** Studies (docs/studies.md): a skill asked across a population; this service stores them and plans runs. */
export class StudyService {
  constructor(private readonly deps: StudyServiceDeps) {}

  private get db() {
    return this.deps.database.db;
  }

  async create(caller: Caller, input: CreateStudyInput): Promise<Study> {
    const { tenantId } = caller;
    await this.checkPopulation(tenantId, input.populationId, input.populationVersion ?? null);
    await this.checkSkill(tenantId, input.skillId, input.skillVersion ?? null);
    if (input.model !== undefined) this.deps.llm.registry.resolve(input.model);
    const now = this.deps.now();
    const [row] = await this.db
      .insert(studies)
      .values({
        id: newId(now.getTime()),
        tenantId,
        name: input.name,
        description: input.description ?? null,
        decision: input.decision ?? null,
        populationId: input.populationId,
        populationVersion: input.populationVersion ?? null,
        skillId: input.skillId,
        skillVersion: input.skillVersion ?? null,
        replicates: input.replicates ?? 1,
        model: input.model ?? null,
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    const study = view(row as StudyRow);
    this.record(caller, "study_create", {
      studyId: study.id,
      populationId: study.populationId,
      skillId: study.skillId,
    });
    return study;
  }

  async get(tenantId: string, studyId: string): Promise<Study> {
    return view(await this.row(tenantId, studyId));
  }

  private async row(tenantId: string, studyId: string): Promise<StudyRow> {
    const [row] = await this.db
      .select()
      .from(studies)
      .where(and(eq(studies.tenantId, tenantId), eq(studies.id, studyId)));
    if (!row) throw notFound("Study");
    return row;
  }

  /** Newest first, keyset-paginated; filters by population and skill. */
  async list(tenantId: string, q: ListStudiesQuery & { limit: number }): Promise<Page<Study>> {
    const where: (SQL | undefined)[] = [eq(studies.tenantId, tenantId)];
    if (q.populationId) where.push(eq(studies.populationId, q.populationId));
    if (q.skillId) where.push(eq(studies.skillId, q.skillId));
    where.push(afterCursor(studies.createdAt, studies.id, q.cursor));
    const rows = await this.db
      .select()
      .from(studies)
      .where(and(...where))
      .orderBy(desc(studies.createdAt), desc(studies.id))
      .limit(q.limit + 1);
    return pageOf(rows, q.limit, (r) => ({ t: r.createdAt, id: r.id }), view);
  }

  /** Changes the given fields and increments the version (409 `version_conflict` on a stale `version`). */
  async update(caller: Caller, studyId: string, patch: UpdateStudyInput): Promise<Study> {
    const { tenantId } = caller;
    const current = await this.row(tenantId, studyId);
    if (patch.version !== undefined && patch.version !== current.version) {
      throw new ApiError(
        "version_conflict",
        `Study is at version ${current.version}, not ${patch.version}: reload it and apply your change again`,
        { currentVersion: current.version },
      );
    }
    if (patch.populationVersion !== undefined && patch.populationVersion !== null) {
      await this.checkPopulationVersion(tenantId, current.populationId, patch.populationVersion);
    }
    if (patch.skillVersion !== undefined && patch.skillVersion !== null) {
      await this.checkSkillVersion(tenantId, current.skillId, patch.skillVersion);
    }
    if (patch.model !== undefined && patch.model !== null) this.deps.llm.registry.resolve(patch.model);
    const set: Partial<StudyRow> = {};
    if (patch.name !== undefined) set.name = patch.name;
    if (patch.description !== undefined) set.description = patch.description;
    if (patch.decision !== undefined) set.decision = patch.decision;
    if (patch.replicates !== undefined) set.replicates = patch.replicates;
    if (patch.model !== undefined) set.model = patch.model;
    if (patch.populationVersion !== undefined) set.populationVersion = patch.populationVersion;
    if (patch.skillVersion !== undefined) set.skillVersion = patch.skillVersion;
    // The version guard is in the statement: of two concurrent updates from the same version, one wins.
    const [row] = await this.db
      .update(studies)
      .set({ ...set, version: current.version + 1, updatedAt: this.deps.now() })
      .where(and(eq(studies.tenantId, tenantId), eq(studies.id, studyId), eq(studies.version, current.version)))
      .returning();
    if (!row) {
      const now = await this.row(tenantId, studyId);
      throw new ApiError(
        "version_conflict",
        `Study is at version ${now.version}: reload it and apply your change again`,
        {
          currentVersion: now.version,
        },
      );
    }
    this.record(caller, "study_update", { studyId, fields: Object.keys(set) });
    return view(row);
  }

  /**
   * Deletes the study. `purge` is accepted for the runs to come (delete their data too); studies have no
   * runs yet, so it changes nothing today.
   */
  async delete(caller: Caller, studyId: string, purge: boolean): Promise<void> {
    const deleted = await this.db
      .delete(studies)
      .where(and(eq(studies.tenantId, caller.tenantId), eq(studies.id, studyId)))
      .returning({ id: studies.id });
    if (deleted.length === 0) throw notFound("Study");
    this.record(caller, "study_delete", { studyId, purge });
  }

  /**
   * The plan of a run without running it: the versions it would use, members × replicates tasks, turns
   * per task, and the estimate from the model's price and the skill's size (docs/studies.md).
   */
  async plan(caller: Caller, studyId: string, input: StudyRunInput): Promise<StudyPlan> {
    if (input.dryRun !== true) {
      throw new ApiError("validation_error", "study runs are not available yet: use dryRun", [
        { path: "dryRun", message: "must be true (study runs are not available yet)" },
      ]);
    }
    const { tenantId } = caller;
    const study = await this.row(tenantId, studyId);
    const population = await this.readyPopulation(tenantId, study.populationId);
    const populationVersion = study.populationVersion ?? population.version;
    const { size } = await this.deps.populations.version(tenantId, study.populationId, populationVersion);
    const skill = await this.deps.skills.get(tenantId, study.skillId, study.skillVersion ?? undefined);
    if (skill.archivedAt) throw conflict("The study's skill is archived: point the study at another skill");
    const model = this.deps.llm.registry.resolve(study.model ?? skill.model ?? undefined);

    const members = input.sample !== undefined ? Math.min(input.sample, size) : size;
    const replicates = input.replicates ?? study.replicates;
    const tasks = members * replicates;
    const turns = turnsPerTask(skill);
    const totalTurns = tasks * turns;
    const promptChars = PERSONA_PROMPT_CHARS + skillChars(skill);
    const perTurn = this.deps.billing.estimate(model.price, promptChars, TURN_OUTPUT_TOKENS);
    const tokensIn = Math.ceil(promptChars / 4);
    const { costUsd } = this.deps.billing.credits(model.price, {
      inputTokens: tokensIn,
      outputTokens: TURN_OUTPUT_TOKENS,
      cachedTokens: 0,
    });
    const limit = this.deps.modelLimits[`model:${model.slug}`];
    const concurrency = Math.max(1, Math.min(input.maxConcurrency, limit ?? Number.POSITIVE_INFINITY, tasks));
    const waves = tasks === 0 ? 0 : Math.ceil(tasks / concurrency);
    const plan: StudyPlan = {
      populationVersion,
      skillVersion: skill.version,
      members,
      replicates,
      tasks,
      turnsPerTask: turns,
      model: model.slug,
      estimate: {
        tokensIn: totalTurns * tokensIn,
        tokensOut: totalTurns * TURN_OUTPUT_TOKENS,
        costUsd: round4(totalTurns * costUsd),
        credits: round4(totalTurns * perTurn.credits),
      },
      durationSeconds: {
        estimate: waves * turns * SECONDS_PER_TURN,
        basis:
          `${tasks} tasks at ${concurrency} in flight` +
          (limit !== undefined && limit < input.maxConcurrency ? ` (the model's limit is ${limit})` : "") +
          ` = ${waves} waves × ${turns} turns × ${SECONDS_PER_TURN} s per turn (assumed)` +
          (model.priceKnown ? "" : "; the model's price is unknown: cost counted as 0"),
      },
    };
    this.record(caller, "study_plan", { studyId, tasks, credits: plan.estimate.credits, model: model.slug });
    return plan;
  }

  /** The populations module's usage port: a population a study names is not deleted (409). */
  async usesPopulation(tenantId: string, populationId: string): Promise<boolean> {
    const rows = await this.db
      .select({ id: studies.id })
      .from(studies)
      .where(and(eq(studies.tenantId, tenantId), eq(studies.populationId, populationId)))
      .limit(1);
    return rows.length > 0;
  }

  /** The skills module's usage port: a skill a study names is archived, not deleted. */
  async usesSkill(tenantId: string, skillId: string): Promise<boolean> {
    const rows = await this.db
      .select({ id: studies.id })
      .from(studies)
      .where(and(eq(studies.tenantId, tenantId), eq(studies.skillId, skillId)))
      .limit(1);
    return rows.length > 0;
  }

  /** 404 for a foreign or unknown population, 409 while it is generating or failed. */
  private async readyPopulation(tenantId: string, populationId: string) {
    const population = await this.deps.populations.get(tenantId, populationId);
    if (population.status !== "ready") {
      throw conflict(
        population.status === "generating"
          ? "The population is still generating: wait until it is ready"
          : "The population's generation failed: generate it again or choose another population",
      );
    }
    return population;
  }

  private async checkPopulation(tenantId: string, populationId: string, version: number | null) {
    await this.readyPopulation(tenantId, populationId);
    if (version !== null) await this.checkPopulationVersion(tenantId, populationId, version);
  }

  private async checkPopulationVersion(tenantId: string, populationId: string, version: number) {
    const versions = await this.deps.populations.versions(tenantId, populationId);
    if (!versions.some((v) => v.version === version)) {
      throw new ApiError("validation_error", `The population has no version ${version}`, [
        { path: "populationVersion", message: `no such version (latest: ${versions.at(-1)?.version ?? 0})` },
      ]);
    }
  }

  private async checkSkill(tenantId: string, skillId: string, version: number | null) {
    const skill = await this.deps.skills.get(tenantId, skillId);
    if (skill.archivedAt) {
      throw conflict("The skill is archived (deleted while in use): it cannot be used for new studies");
    }
    if (version !== null) await this.checkSkillVersion(tenantId, skillId, version);
  }

  private async checkSkillVersion(tenantId: string, skillId: string, version: number) {
    const latest = await this.deps.skills.get(tenantId, skillId);
    if (version > latest.version) {
      throw new ApiError("validation_error", `The skill has no version ${version}`, [
        { path: "skillVersion", message: `no such version (latest: ${latest.version})` },
      ]);
    }
  }

  private record(
    caller: Caller,
    event: "study_create" | "study_update" | "study_delete" | "study_plan",
    payload: Record<string, unknown>,
  ) {
    this.deps.usage.record({
      tenantId: caller.tenantId,
      apiKeyId: caller.apiKeyId,
      requestId: caller.requestId,
      event,
      payload,
    });
  }
}
