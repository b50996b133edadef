import { and, desc, eq, type SQL } from "drizzle-orm";
import type { Database, SqlRunner } from "../../db/client.ts";
import { ApiError, conflict, notFound } from "../../errors.ts";
import { newId } from "../../ids.ts";
import type { JobQueue, TransactionalSend } from "../../jobs/queue.ts";
import { type LlmClient, SIMULATOR_SLUG } from "../../llm/index.ts";
import { afterCursor, decodeCursor, encodeCursor, type Page, pageOf } from "../../pagination.ts";
import { formatInstruction, type OutputFormatType } from "../../shared/output-formats.ts";
import type { UsageRecorder } from "../analytics/index.ts";
import type { BillingService } from "../billing/index.ts";
import type { CohortService } from "../cohorts/index.ts";
import type { PersonaService } from "../personas/index.ts";
import type { PopulationService } from "../populations/index.ts";
import type { Caller, TurnEngine } from "../prompting/index.ts";
import { RunFailure, type RunService } from "../runs/index.ts";
import type { Skill, SkillService } from "../skills/index.ts";
import type { TaskService } from "../tasks/index.ts";
import {
  computeEvidence,
  type EvidenceAnswer,
  type EvidencePersona,
  type EvidenceQuestion,
  type EvidenceTask,
  type StudyEvidence,
  validateGroupBy,
} from "./evidence.ts";
import { attributeKeysOf, csvHeader, csvRow, exportRows, ndjsonRow } from "./export.ts";
import { type Budget, readRun, STUDY_RUN, type StopWhen, type StudyRunRow, tallyKeys } from "./runner.ts";
import { studies } from "./schema.ts";
import type {
  CreateStudyInput,
  ListStudiesQuery,
  Study,
  StudyPlan,
  StudyRunInput,
  StudyRunView,
  StudyTrend,
  UpdateStudyInput,
} from "./schemas.ts";
import { meanCI } from "./statistics.ts";

/**
 * A plan's estimate (docs/studies.md "How the estimate is made") models one task's session turn by turn: each
 * turn's input is the persona prompt (rules, persona card, turn context: about PERSONA_PROMPT_CHARS
 * characters) plus the session so far — the skill's instructions, each question asked with its format
 * instruction, each answer — at 4 characters a token like billing's estimate; each answer's length depends
 * on its format (ANSWER_TOKENS). Repairs of unreadable answers are not counted.
 */
export const PERSONA_PROMPT_CHARS = 6_600;
/** Expected answer length in tokens by output format ("a number or an option, then why in a sentence or two"). */
export const ANSWER_TOKENS: Record<OutputFormatType | "follow_up", number> = {
  text: 120,
  likert: 40,
  single_choice: 40,
  numeric: 40,
  multi_choice: 50,
  ranking: 50,
  json: 80,
  follow_up: 80,
};
/** Assumed wall time of one turn, for the duration estimate. */
export const SECONDS_PER_TURN = 3;

/** The turns of one task and the tokens each reads and writes (see PERSONA_PROMPT_CHARS). */
export function taskTurns(skill: Pick<Skill, "instructions" | "questions">): { tokensIn: number; tokensOut: number }[] {
  const turns: { tokensIn: number; tokensOut: number }[] = [];
  let sessionChars = 0;
  let answered = 0;
  const turn = (promptChars: number, out: number) => {
    sessionChars += promptChars;
    turns.push({ tokensIn: Math.ceil((PERSONA_PROMPT_CHARS + sessionChars) / 4) + answered, tokensOut: out });
    answered += out;
  };
  skill.questions.forEach((q, i) => {
    const intro = i === 0 ? skill.instructions.length + 2 : 0;
    const text = q.outputFormat.type === "text" && q.outputFormat.maxWords ? Math.min(q.outputFormat.maxWords, 400) : 0;
    turn(
      intro + q.text.length + 2 + formatInstruction(q.outputFormat).length,
      text || ANSWER_TOKENS[q.outputFormat.type],
    );
    for (const f of q.followUps ?? []) turn(f.length, ANSWER_TOKENS.follow_up);
  });
  return turns;
}

export interface StudyServiceDeps {
  database: Database;
  jobs: JobQueue;
  runs: RunService;
  tasks: TaskService;
  turns: TurnEngine;
  personas: PersonaService;
  cohorts: CohortService;
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
    maxConcurrency: r.maxConcurrency,
    budget: (r.budget as Study["budget"]) ?? null,
    version: r.version,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  };
}

const round4 = (n: number) => Math.round(n * 10_000) / 10_000;

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
        maxConcurrency: input.maxConcurrency ?? 10,
        budget: input.budget ?? null,
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
    if (patch.maxConcurrency !== undefined) set.maxConcurrency = patch.maxConcurrency;
    if (patch.budget !== undefined) set.budget = patch.budget;
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
   * Deletes the study. Its runs still going are cancelled; finished runs stay readable under
   * `/studies/{id}/runs` unless `purge`, which deletes them with their tasks, answers and events. A study
   * deleted before without `purge` can be deleted again with it, to purge the runs it kept.
   */
  async delete(caller: Caller, studyId: string, purge: boolean): Promise<void> {
    const { tenantId } = caller;
    const exists = await this.row(tenantId, studyId).then(
      () => true,
      (err: unknown) => {
        if (err instanceof ApiError && err.code === "not_found") return false;
        throw err;
      },
    );
    const runs = await this.deps.database.query<{ id: string }>(
      "select id from study_runs where tenant_id = $1 and study_id = $2",
      [tenantId, studyId],
    );
    if (!exists && !(purge && runs.length > 0)) throw notFound("Study");
    for (const r of runs) {
      const run = await this.deps.runs.get(tenantId, r.id).catch(() => null);
      if (run && ["queued", "running", "paused"].includes(run.state)) {
        await this.deps.runs.cancel(tenantId, r.id).catch((err: unknown) => {
          // Finished between the read and the cancel: nothing to stop.
          if (!(err instanceof ApiError && err.code === "conflict")) throw err;
        });
      }
    }
    if (exists) {
      const deleted = await this.db
        .delete(studies)
        .where(and(eq(studies.tenantId, tenantId), eq(studies.id, studyId)))
        .returning({ id: studies.id });
      if (deleted.length === 0) throw notFound("Study");
    }
    if (purge) {
      for (const r of runs) {
        await this.deps.tasks.deleteForRun(tenantId, r.id);
        await this.deps.runs.purge(tenantId, [STUDY_RUN], { studyRunId: r.id });
        await this.deps.database.query("delete from study_runs where tenant_id = $1 and id = $2", [tenantId, r.id]);
      }
    }
    this.record(caller, "study_delete", { studyId, purge, runs: runs.length });
  }

  /**
   * The plan of a run without running it: the versions it would use, members × replicates tasks, turns
   * per task, and the estimate from the model's price and the skill's size (docs/studies.md).
   */
  async plan(caller: Caller, studyId: string, input: StudyRunInput): Promise<StudyPlan> {
    const { tenantId } = caller;
    const study = await this.row(tenantId, studyId);
    const { plan } = await this.planFor(tenantId, study, input);
    this.record(caller, "study_plan", {
      studyId,
      tasks: plan.tasks,
      credits: plan.estimate.credits,
      model: plan.model,
    });
    return plan;
  }

  /** The plan of a run of `study` with these options, and the pinned skill's question types. */
  private async planFor(
    tenantId: string,
    study: Pick<StudyRow, "populationId" | "populationVersion" | "skillId" | "skillVersion" | "model" | "replicates">,
    input: Pick<StudyRunInput, "maxConcurrency" | "sample" | "replicates">,
  ): Promise<{ plan: StudyPlan; questionTypes: Record<string, OutputFormatType> }> {
    const population = await this.readyPopulation(tenantId, study.populationId);
    const populationVersion = study.populationVersion ?? population.version;
    const { size } = await this.deps.populations.version(tenantId, study.populationId, populationVersion);
    const skill = await this.deps.skills.get(tenantId, study.skillId, study.skillVersion ?? undefined);
    if (skill.archivedAt) throw conflict("The study's skill is archived: point the study at another skill");
    const model = this.deps.llm.registry.resolve(study.model ?? skill.model ?? undefined);

    const members = input.sample !== undefined ? Math.min(input.sample, size) : size;
    const replicates = input.replicates ?? study.replicates;
    const tasks = members * replicates;
    const perTask = taskTurns(skill);
    const turns = perTask.length;
    const one = { tokensIn: 0, tokensOut: 0, costUsd: 0, credits: 0 };
    for (const t of perTask) {
      const billed = this.deps.billing.credits(model.price, {
        inputTokens: t.tokensIn,
        outputTokens: t.tokensOut,
        cachedTokens: 0,
      });
      one.tokensIn += t.tokensIn;
      one.tokensOut += t.tokensOut;
      one.costUsd += billed.costUsd;
      one.credits += billed.credits;
    }
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
        tokensIn: tasks * one.tokensIn,
        tokensOut: tasks * one.tokensOut,
        costUsd: round4(tasks * one.costUsd),
        credits: round4(tasks * one.credits),
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
    const questionTypes = Object.fromEntries(skill.questions.map((q) => [q.id, q.outputFormat.type]));
    return { plan, questionTypes };
  }

  /**
   * Starts a run (docs/studies.md): the versions, model and plan are pinned now; the run creates its tasks
   * when it first executes. 402 when the tenant cannot pay for the plan (or the budget, when smaller); 400
   * when the budget cannot pay for one task.
   */
  async startRun(caller: Caller, studyId: string, input: StudyRunInput): Promise<StudyRunView> {
    const { tenantId } = caller;
    const study = await this.row(tenantId, studyId);
    const { plan, questionTypes } = await this.planFor(tenantId, study, input);
    if (plan.tasks === 0) throw conflict("The population version has no members: there is nothing to ask");
    const budget = input.budget ?? null;
    if (budget) {
      const perTask = { credits: plan.estimate.credits / plan.tasks, usd: plan.estimate.costUsd / plan.tasks };
      for (const [field, max, per] of [
        ["maxCredits", budget.maxCredits, perTask.credits],
        ["maxUsd", budget.maxUsd, perTask.usd],
      ] as const) {
        if (max !== undefined && per > max) {
          throw new ApiError("validation_error", `The budget cannot pay for one task (about ${round4(per)} each)`, [
            { path: `budget.${field}`, message: `must be at least one task's estimated cost, about ${round4(per)}` },
          ]);
        }
      }
    }
    await this.deps.billing.check(tenantId, {
      credits: Math.min(plan.estimate.credits, budget?.maxCredits ?? Number.POSITIVE_INFINITY),
    });
    const id = newId(this.deps.now().getTime());
    const seed = input.seed ?? Number.parseInt(id.replace(/-/g, "").slice(-8), 16) >>> 1;
    await this.deps.jobs.atomically(async (tx, send) => {
      await this.insertRun(tx, tenantId, study, {
        id,
        seed,
        maxConcurrency: input.maxConcurrency,
        sample: input.sample ?? null,
        replicates: plan.replicates,
        budget,
        stopWhen: input.stopWhen ?? null,
        pinned: { plan, questionTypes },
        scheduleId: null,
        apiKeyId: caller.apiKeyId,
      });
      await this.deps.runs.createIn(tx, send, tenantId, {
        kind: STUDY_RUN,
        payload: { studyRunId: id },
        id,
        apiKeyId: caller.apiKeyId,
      });
    });
    this.record(caller, "study_run_start", {
      studyId,
      runId: id,
      tasks: plan.tasks,
      model: plan.model,
      estimatedCredits: plan.estimate.credits,
    });
    return this.getRun(tenantId, studyId, id);
  }

  private async insertRun(
    tx: SqlRunner,
    tenantId: string,
    study: Pick<StudyRow, "id" | "populationId" | "skillId">,
    r: {
      id: string;
      seed: number;
      maxConcurrency: number;
      sample: number | null;
      replicates: number;
      budget: Budget | null;
      stopWhen: StopWhen | null;
      pinned: { plan: StudyPlan; questionTypes: Record<string, OutputFormatType> } | null;
      scheduleId: string | null;
      apiKeyId: string | null;
    },
  ) {
    await tx.query(
      `insert into study_runs (id, tenant_id, study_id, population_id, population_version, skill_id, skill_version,
         model, replicates, max_concurrency, sample, seed, budget, stop_when, plan, question_types, schedule_id,
         api_key_id, created_at)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13::jsonb, $14::jsonb, $15::jsonb, $16::jsonb, $17,
         $18, $19)`,
      [
        r.id,
        tenantId,
        study.id,
        study.populationId,
        r.pinned?.plan.populationVersion ?? null,
        study.skillId,
        r.pinned?.plan.skillVersion ?? null,
        r.pinned?.plan.model ?? null,
        r.replicates,
        r.maxConcurrency,
        r.sample,
        r.seed,
        r.budget ? JSON.stringify(r.budget) : null,
        r.stopWhen ? JSON.stringify(r.stopWhen) : null,
        r.pinned ? JSON.stringify(r.pinned.plan) : null,
        r.pinned ? JSON.stringify(r.pinned.questionTypes) : null,
        r.scheduleId,
        r.apiKeyId,
        this.deps.now(),
      ],
    );
  }

  /**
   * A schedule's fire (the schedules module's "study" target): a run with the study's defaults
   * (`maxConcurrency`, `budget`), started on the fire's transaction; its versions are pinned when it first
   * executes. 409 while a run of the study is still going (the fire is recorded as skipped).
   */
  async startRunIn(
    tx: SqlRunner,
    send: TransactionalSend,
    tenantId: string,
    studyId: string,
    fire: { scheduleId: string; apiKeyId: string | null },
  ): Promise<{ runId: string }> {
    const [study] = await tx.query<{
      id: string;
      population_id: string;
      skill_id: string;
      replicates: number;
      max_concurrency: number;
      budget: Budget | null;
    }>(
      `select id, population_id, skill_id, replicates, max_concurrency, budget from studies
       where tenant_id = $1 and id = $2 for update`,
      [tenantId, studyId],
    );
    if (!study) throw notFound("Study");
    const [active] = await tx.query<{ id: string }>(
      `select s.id from study_runs s join runs r on r.id = s.id
       where s.tenant_id = $1 and s.study_id = $2 and r.state in ('queued', 'running', 'paused') limit 1`,
      [tenantId, studyId],
    );
    if (active) throw conflict(`A run of this study is still going (${active.id})`);
    const id = newId(this.deps.now().getTime());
    await this.insertRun(
      tx,
      tenantId,
      { id: study.id, populationId: study.population_id, skillId: study.skill_id },
      {
        id,
        seed: Number.parseInt(id.replace(/-/g, "").slice(-8), 16) >>> 1,
        maxConcurrency: study.max_concurrency,
        sample: null,
        replicates: study.replicates,
        budget: study.budget,
        stopWhen: null,
        pinned: null,
        scheduleId: fire.scheduleId,
        apiKeyId: fire.apiKeyId,
      },
    );
    await this.deps.runs.createIn(tx, send, tenantId, {
      kind: STUDY_RUN,
      payload: { studyRunId: id },
      id,
      apiKeyId: fire.apiKeyId,
    });
    return { runId: id };
  }

  /**
   * Pins a run's versions, model and plan if its start did not (a scheduled fire): the study's pins, else
   * the latest versions now. A study deleted before its run started fails the run.
   */
  async pin(tenantId: string, studyRunId: string): Promise<void> {
    const run = await readRun(this.deps.database, tenantId, studyRunId);
    if (run.plan) return;
    const [study] = await this.db
      .select()
      .from(studies)
      .where(and(eq(studies.tenantId, tenantId), eq(studies.id, run.study_id)));
    if (!study) throw new RunFailure("The study was deleted before its run started", "study_deleted");
    const { plan, questionTypes } = await this.planFor(tenantId, study, {
      maxConcurrency: run.max_concurrency,
      ...(run.sample !== null ? { sample: run.sample } : {}),
      replicates: run.replicates,
    });
    await this.deps.database.query(
      `update study_runs set population_version = $3, skill_version = $4, model = $5, plan = $6::jsonb,
         question_types = $7::jsonb where tenant_id = $1 and id = $2 and plan is null`,
      [
        tenantId,
        studyRunId,
        plan.populationVersion,
        plan.skillVersion,
        plan.model,
        JSON.stringify(plan),
        JSON.stringify(questionTypes),
      ],
    );
  }

  /** A run of this study (its data outlives the study: the study's own row is not needed). */
  async getRun(tenantId: string, studyId: string, runId: string): Promise<StudyRunView> {
    const row = await readRun(this.deps.database, tenantId, runId);
    if (row.study_id !== studyId) throw notFound("Study run");
    return this.runView(row);
  }

  /** The study's runs, newest first (also after the study was deleted, until purged). */
  async listRuns(
    tenantId: string,
    studyId: string,
    q: { limit: number; cursor?: string },
  ): Promise<Page<StudyRunView>> {
    const params: unknown[] = [tenantId, studyId];
    let after = "";
    if (q.cursor) {
      const c = decodeCursor(q.cursor);
      params.push(c.t, c.id);
      after = `and (created_at, id) < ($3::timestamptz, $4::uuid)`;
    }
    params.push(q.limit + 1);
    const rows = await this.deps.database.query<StudyRunRow & { created_at: Date }>(
      `select * from study_runs where tenant_id = $1 and study_id = $2 ${after}
       order by created_at desc, id desc limit $${params.length}`,
      params,
    );
    if (rows.length === 0 && !q.cursor) await this.row(tenantId, studyId);
    const page = rows.slice(0, q.limit);
    const items = [];
    for (const r of page) items.push(await this.runView(r));
    const last = page.at(-1);
    return {
      items,
      nextCursor: rows.length > q.limit && last ? encodeCursor({ t: last.created_at, id: last.id }) : null,
    };
  }

  /** Pause, resume or cancel a run and its tasks (409 when the run's state does not allow it). */
  async control(
    caller: Caller,
    studyId: string,
    runId: string,
    action: "pause" | "resume" | "cancel",
  ): Promise<StudyRunView> {
    await this.getRun(caller.tenantId, studyId, runId);
    await this.deps.runs[action](caller.tenantId, runId);
    this.record(caller, "study_run_control", { studyId, runId, action });
    return this.getRun(caller.tenantId, studyId, runId);
  }

  /**
   * A run's event stream (docs/studies.md "Watching a run"): the run engine's state changes, a `tasks` event
   * per ended task, and partial aggregates at most once a second; `end` when the run has finished.
   */
  async *follow(
    tenantId: string,
    studyId: string,
    runId: string,
    after: number,
    signal: AbortSignal,
  ): AsyncGenerator<{ id?: number; event: string; data: unknown }> {
    await this.getRun(tenantId, studyId, runId);
    let lastAggregate = 0;
    let pending = false;
    const aggregate = async () => {
      const row = await readRun(this.deps.database, tenantId, runId);
      const view = await this.runView(row);
      lastAggregate = Date.now();
      pending = false;
      return {
        event: "aggregate",
        data: {
          completed: row.completed,
          costUsd: view.costUsd,
          credits: view.credits,
          eta: view.eta,
          distributions: row.tallies ?? {},
        },
      };
    };
    for await (const e of this.deps.runs.follow(tenantId, runId, after, signal)) {
      if (e.type === "children") {
        yield { id: e.id, event: "tasks", data: e.data };
        pending = true;
        if (Date.now() - lastAggregate >= 1000) yield await aggregate();
      } else if (e.type === "state") {
        yield { id: e.id, event: "state", data: e.data };
      }
    }
    if (signal.aborted) return;
    if (pending) yield await aggregate();
    yield { event: "end", data: { run: await this.getRun(tenantId, studyId, runId) } };
  }

  /** Everything a run's answers need to become evidence or an export, read once. */
  private async runData(tenantId: string, studyId: string, runId: string) {
    const row = await readRun(this.deps.database, tenantId, runId);
    if (row.study_id !== studyId) throw notFound("Study run");
    const skill =
      row.skill_version === null ? null : await this.deps.skills.get(tenantId, row.skill_id, row.skill_version);
    const questions: EvidenceQuestion[] = (skill?.questions ?? []).map((q) => ({
      id: q.id,
      text: q.text,
      outputFormat: q.outputFormat,
    }));
    const [children, produced] = [
      await this.deps.runs.childrenOf(tenantId, runId),
      await this.deps.tasks.ofRun(this.deps.database, tenantId, runId),
    ];
    const byTask = new Map(children.map((c) => [(c.payload as { taskId?: string } | null)?.taskId ?? "", c] as const));
    const tasks: EvidenceTask[] = produced.tasks.map((t) => {
      const child = byTask.get(t.id);
      const score = produced.scores.get(t.id);
      return {
        taskId: t.id,
        personaId: t.personaId,
        replicate: t.replicate,
        state: child?.state ?? "queued",
        error: child?.error ?? null,
        costUsd: child?.costUsd ?? 0,
        credits: child?.credits ?? 0,
        ...tokensOf(child?.result),
        score: score ? { total: score.total, passed: score.passed } : null,
      };
    });
    const answers: EvidenceAnswer[] = produced.results.map((r) => ({
      taskId: r.taskId,
      questionId: r.questionId,
      parsed: r.parsed as EvidenceAnswer["parsed"],
      valid: r.valid,
      raw: r.raw,
      ...(r.error ? { error: r.error } : {}),
      followUps: r.followUps,
    }));
    const roster =
      row.population_version === null
        ? []
        : await this.deps.populations.roster(tenantId, row.population_id, row.population_version).catch(() => []);
    const members = new Map(roster.map((m) => [m.personaId, m]));
    const ids = [...new Set(tasks.map((t) => t.personaId))];
    const live = new Map((await this.deps.personas.getMany(tenantId, ids)).map((p) => [p.id, p]));
    const personas = new Map<string, EvidencePersona>();
    for (const id of ids) {
      const m = members.get(id);
      const p = live.get(id);
      const snap = m?.snapshot;
      personas.set(id, {
        id,
        firstName: p?.firstName ?? snap?.firstName ?? "",
        lastName: p?.lastName ?? snap?.lastName ?? "",
        age: p?.age ?? snap?.age ?? 0,
        location: p?.location ?? snap?.location ?? "",
        baseOccupation: p?.baseOccupation ?? snap?.baseOccupation ?? "",
        gender: p?.gender ?? null,
        education: p?.education ?? null,
        incomeBracket: p?.incomeBracket ?? null,
        household: p?.household ?? null,
        attributes: p?.attributes ?? {},
        cohortId: m?.cohortId ?? null,
        weight: m?.weight ?? 1,
        ...(p ? {} : { deleted: true }),
      });
    }
    return { row, questions, tasks, answers, personas };
  }

  /**
   * The evidence of a run (docs/studies.md "Results"): per question overall and per group (cohort and
   * any `groupBy`), distributions, means with CIs, medians with bootstrap CIs, tests with Holm-adjusted p,
   * quotes, outliers, themes; and the tasks' counts, cost and failures. Readable while the run goes
   * (partial) and after. Weighted by the population's weights when they are not all 1 (`weighted=false`
   * turns that off).
   */
  async results(
    caller: Caller,
    studyId: string,
    runId: string,
    q: { groupBy: string[]; seed?: number; weighted?: boolean; summaries?: boolean },
  ): Promise<StudyEvidence> {
    const groupBy = validateGroupBy(q.groupBy);
    const data = await this.runData(caller.tenantId, studyId, runId);
    const themeTexts = q.summaries ? new Map<string, string[][]>() : undefined;
    const cohortNames: Record<string, string> = {};
    for (const id of new Set([...data.personas.values()].map((p) => p.cohortId).filter((c) => c !== null))) {
      const cohort = await this.deps.cohorts.get(caller.tenantId, id as string).catch(() => null);
      if (cohort) cohortNames[id as string] = cohort.name;
    }
    const hasWeights = [...data.personas.values()].some((p) => p.weight !== 1);
    const n = data.tasks.length;
    const evidence = computeEvidence(data.questions, data.tasks, data.answers, data.personas, {
      groupBy,
      weighted: q.weighted ?? hasWeights,
      seed: q.seed ?? data.row.seed,
      // The bootstrap costs B × n log n: fewer resamples for very large runs (docs/studies.md).
      bootstrapResamples: Math.min(2000, Math.max(200, Math.floor(4_000_000 / Math.max(1, n)))),
      cohortNames,
      ...(themeTexts ? { themeTexts } : {}),
    });
    if (themeTexts) await this.summarizeThemes(caller, data.row, data.questions, evidence, themeTexts);
    this.record(caller, "study_results", { studyId, runId, groupBy, tasks: n });
    return evidence;
  }

  /**
   * A summary of each free-text theme by the run's model (`summaries=true`), asked once per theme and kept on
   * the run; null when the run's model is the simulator (it does not summarise). Metered like any model call.
   */
  private async summarizeThemes(
    caller: Caller,
    row: StudyRunRow,
    questions: EvidenceQuestion[],
    evidence: StudyEvidence,
    themeTexts: Map<string, string[][]>,
  ) {
    const kept = { ...((row.theme_summaries as Record<string, { text: string; model: string }> | null) ?? {}) };
    const fresh: Record<string, { text: string; model: string }> = {};
    const real = row.model !== null && row.model !== SIMULATOR_SLUG;
    for (const q of evidence.questions) {
      const texts = themeTexts.get(q.questionId) ?? [];
      const asked = questions.find((x) => x.id === q.questionId)?.text ?? q.text;
      for (const [i, theme] of (q.overall.themes ?? []).entries()) {
        if (!real) {
          theme.summary = null;
          continue;
        }
        const key = `${q.questionId}|${evidence.seed}|${theme.label}`;
        let summary = kept[key] ?? fresh[key];
        if (!summary) {
          const made = await this.deps.turns.summarize(caller, {
            model: row.model as string,
            instruction: `Say what these ${theme.size} answers to the question ${JSON.stringify(asked)} have in common (their theme's top terms: ${theme.label}).`,
            texts: texts[i] ?? [],
            studyRunId: row.id,
          });
          summary = { text: made.text, model: made.model };
          fresh[key] = summary;
        }
        theme.summary = summary;
      }
    }
    if (Object.keys(fresh).length > 0) {
      await this.deps.database.query(
        `update study_runs set theme_summaries = coalesce(theme_summaries, '{}'::jsonb) || $3::jsonb
         where tenant_id = $1 and id = $2`,
        [row.tenant_id, row.id, JSON.stringify(fresh)],
      );
    }
  }

  /**
   * The run's answers as CSV or NDJSON rows, one per task × question, with the persona's fields and
   * attributes (docs/studies.md "Exports"): a generator the route streams.
   */
  async export(
    caller: Caller,
    studyId: string,
    runId: string,
    format: "csv" | "ndjson",
  ): Promise<{ rows: Iterable<string>; count: number }> {
    const data = await this.runData(caller.tenantId, studyId, runId);
    const attrKeys = attributeKeysOf(data.personas.values());
    const answersByTask = new Map<string, EvidenceAnswer[]>();
    for (const a of data.answers) {
      const list = answersByTask.get(a.taskId) ?? [];
      list.push(a);
      answersByTask.set(a.taskId, list);
    }
    const rows = exportRows(
      data.tasks,
      data.questions,
      (taskId) => answersByTask.get(taskId) ?? [],
      (personaId) => data.personas.get(personaId) ?? null,
    );
    this.record(caller, "study_export", { studyId, runId, format, tasks: data.tasks.length });
    const count = data.tasks.length * data.questions.length;
    function* lines() {
      if (format === "csv") yield csvHeader(attrKeys);
      for (const r of rows) yield format === "csv" ? csvRow(r, attrKeys) : ndjsonRow(r, attrKeys);
    }
    return { rows: lines(), count };
  }

  /**
   * How a recurring study's answers move across its runs (docs/studies.md "Trend"): for every question,
   * one point per finished run, oldest first — n, the mean with its 95% t CI (likert, numeric) and the
   * answer shares (choices, likert points, first ranks), unweighted.
   */
  async trend(tenantId: string, studyId: string, limit: number): Promise<StudyTrend> {
    await this.row(tenantId, studyId);
    const runs = await this.deps.database.query<StudyRunRow & { created_at: Date }>(
      `select s.* from study_runs s join runs r on r.id = s.id
       where s.tenant_id = $1 and s.study_id = $2 and r.state = 'succeeded'
       order by s.created_at desc, s.id desc limit $3`,
      [tenantId, studyId, limit],
    );
    runs.reverse();
    const questions = new Map<string, StudyTrend["questions"][number]>();
    for (const run of runs) {
      if (run.skill_version === null) continue;
      const skill = await this.deps.skills.get(tenantId, run.skill_id, run.skill_version);
      const produced = await this.deps.tasks.ofRun(this.deps.database, tenantId, run.id);
      const view = await this.deps.runs.get(tenantId, run.id);
      for (const q of skill.questions) {
        const entry = questions.get(q.id) ?? { questionId: q.id, text: q.text, type: q.outputFormat.type, points: [] };
        entry.text = q.text;
        entry.type = q.outputFormat.type;
        const valid = produced.results.filter((r) => r.questionId === q.id && r.valid);
        const numbers = valid.map((r) => r.parsed).filter((v): v is number => typeof v === "number");
        const ci = numbers.length >= 2 ? meanCI(numbers) : null;
        const shares: Record<string, number> = {};
        for (const r of valid)
          for (const k of tallyKeys(q.outputFormat.type, r.parsed)) shares[k] = (shares[k] ?? 0) + 1;
        const total = Object.values(shares).reduce((a, b) => a + b, 0);
        entry.points.push({
          runId: run.id,
          createdAt: run.created_at.toISOString(),
          finishedAt: view.finishedAt,
          scheduleId: run.schedule_id,
          stoppedEarly: run.stopped !== null,
          tasks: produced.tasks.length,
          n: valid.length,
          mean: numbers.length > 0 ? numbers.reduce((a, b) => a + b, 0) / numbers.length : null,
          ci: ci ? { lower: ci.lower, upper: ci.upper, level: 0.95 } : null,
          shares:
            total > 0 && q.outputFormat.type !== "multi_choice"
              ? Object.fromEntries(Object.entries(shares).map(([k, v]) => [k, v / total]))
              : null,
        });
        questions.set(q.id, entry);
      }
    }
    return { studyId, runs: runs.length, questions: [...questions.values()] };
  }

  private async runView(listed: StudyRunRow & { created_at?: Date }): Promise<StudyRunView> {
    const run = await this.deps.runs.get(listed.tenant_id, listed.id);
    // The row again, after the run: an end read in the run is then never shown beside the row's state before it.
    const row = await readRun(this.deps.database, listed.tenant_id, listed.id);
    const states = await this.deps.runs.childStates(row.tenant_id, row.id);
    const total = run.children.total > 0 ? run.children.total : (row.plan?.tasks ?? 0);
    // Ended before it created its tasks (cancelled, or failed while starting): none of them will run.
    const unstarted = run.children.total === 0 && ["failed", "cancelled"].includes(run.state) ? total : 0;
    const finished = run.children.succeeded + run.children.failed;
    const started = run.startedAt ? new Date(run.startedAt).getTime() : null;
    const now = this.deps.now().getTime();
    let eta: StudyRunView["eta"] = null;
    if (run.state === "running" && started !== null && finished > 0 && total > 0) {
      const rate = finished / Math.max(1, (now - started) / 1000);
      const seconds = Math.max(0, Math.round((total - finished - run.children.cancelled) / rate));
      eta = { seconds, at: new Date(now + seconds * 1000).toISOString(), tasksPerSecond: round4(rate) };
    }
    return {
      id: row.id,
      studyId: row.study_id,
      status: run.state,
      populationId: row.population_id,
      populationVersion: row.population_version,
      skillId: row.skill_id,
      skillVersion: row.skill_version,
      model: row.model,
      replicates: row.replicates,
      maxConcurrency: row.max_concurrency,
      sample: row.sample,
      seed: row.seed,
      budget: row.budget,
      stopWhen: row.stop_when,
      plan: row.plan as StudyPlan | null,
      counts: {
        total,
        queued: total - run.children.total + states.queued - unstarted,
        running: states.running,
        paused: states.paused,
        succeeded: run.children.succeeded,
        failed: run.children.failed + (run.state === "failed" ? unstarted : 0),
        cancelled: run.children.cancelled + (run.state === "cancelled" ? unstarted : 0),
      },
      costUsd: run.costUsd,
      credits: run.credits,
      stoppedEarly: row.stopped !== null,
      stopReason: row.stopped?.error ?? null,
      stopCode: row.stopped?.code ?? null,
      eta,
      error: run.state === "failed" || run.state === "cancelled" ? run.error : null,
      scheduleId: row.schedule_id,
      createdAt: run.createdAt,
      startedAt: run.startedAt,
      finishedAt: run.finishedAt,
    };
  }

  /** The populations module's usage port: a population a study names is not deleted (409). */
  async usesPopulation(tenantId: string, populationId: string): Promise<boolean> {
    const rows = await this.deps.database.query(
      "select 1 from studies where tenant_id = $1 and population_id = $2 limit 1",
      [tenantId, populationId],
    );
    return rows.length > 0;
  }

  /**
   * The same port for the runs a deleted study kept (their results read the members' weights and cohorts):
   * such a population is not deleted until they are purged.
   */
  async keptRunsUse(tenantId: string, populationId: string): Promise<boolean> {
    const rows = await this.deps.database.query(
      "select 1 from study_runs where tenant_id = $1 and population_id = $2 limit 1",
      [tenantId, populationId],
    );
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
    event:
      | "study_create"
      | "study_update"
      | "study_delete"
      | "study_plan"
      | "study_run_start"
      | "study_run_control"
      | "study_results"
      | "study_export",
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

/** The tokens a succeeded task's run reports in its result (0 for a task that did not succeed). */
function tokensOf(result: unknown): { tokensIn: number; tokensOut: number } {
  const r = result as { tokensIn?: unknown; tokensOut?: unknown } | null | undefined;
  return {
    tokensIn: typeof r?.tokensIn === "number" ? r.tokensIn : 0,
    tokensOut: typeof r?.tokensOut === "number" ? r.tokensOut : 0,
  };
}
