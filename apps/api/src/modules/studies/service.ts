import { and, desc, eq, type SQL } from "drizzle-orm";
import type { Database, SqlRunner } from "../../db/client.ts";
import { ApiError, conflict, notFound } from "../../errors.ts";
import { newId } from "../../ids.ts";
import type { JobQueue, TransactionalSend } from "../../jobs/queue.ts";
import type { LlmClient } from "../../llm/index.ts";
import { afterCursor, decodeCursor, encodeCursor, type Page, pageOf } from "../../pagination.ts";
import type { OutputFormatType } from "../../shared/output-formats.ts";
import type { UsageRecorder } from "../analytics/index.ts";
import type { BillingService } from "../billing/index.ts";
import type { PopulationService } from "../populations/index.ts";
import type { Caller } from "../prompting/index.ts";
import { RunFailure, type RunService } from "../runs/index.ts";
import type { Skill, SkillService } from "../skills/index.ts";
import type { TaskService } from "../tasks/index.ts";
import { type Budget, readRun, STUDY_RUN, type StopWhen, type StudyRunRow } from "./runner.ts";
import { studies } from "./schema.ts";
import type {
  CreateStudyInput,
  ListStudiesQuery,
  Study,
  StudyPlan,
  StudyRunInput,
  StudyRunView,
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
  jobs: JobQueue;
  runs: RunService;
  tasks: TaskService;
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
   * `/studies/{id}/runs` unless `purge`, which deletes them with their tasks, answers and events.
   */
  async delete(caller: Caller, studyId: string, purge: boolean): Promise<void> {
    const { tenantId } = caller;
    await this.row(tenantId, studyId);
    const runs = await this.deps.database.query<{ id: string }>(
      "select id from study_runs where tenant_id = $1 and study_id = $2",
      [tenantId, studyId],
    );
    for (const r of runs) {
      const run = await this.deps.runs.get(tenantId, r.id).catch(() => null);
      if (run && ["queued", "running", "paused"].includes(run.state)) {
        await this.deps.runs.cancel(tenantId, r.id).catch((err: unknown) => {
          // Finished between the read and the cancel: nothing to stop.
          if (!(err instanceof ApiError && err.code === "conflict")) throw err;
        });
      }
    }
    const deleted = await this.db
      .delete(studies)
      .where(and(eq(studies.tenantId, tenantId), eq(studies.id, studyId)))
      .returning({ id: studies.id });
    if (deleted.length === 0) throw notFound("Study");
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

  private async runView(row: StudyRunRow & { created_at?: Date }): Promise<StudyRunView> {
    const run = await this.deps.runs.get(row.tenant_id, row.id);
    const states = await this.deps.runs.childStates(row.tenant_id, row.id);
    const total = run.children.total > 0 ? run.children.total : (row.plan?.tasks ?? 0);
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
        queued: total - run.children.total + states.queued,
        running: states.running,
        paused: states.paused,
        succeeded: run.children.succeeded,
        failed: run.children.failed,
        cancelled: run.children.cancelled,
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

  /**
   * The populations module's usage port: a population a study names, or a kept study run asked, is not
   * deleted (409): the run's results read its members' weights and cohorts.
   */
  async usesPopulation(tenantId: string, populationId: string): Promise<boolean> {
    const rows = await this.deps.database.query(
      `select 1 from studies where tenant_id = $1 and population_id = $2
       union all select 1 from study_runs where tenant_id = $1 and population_id = $2 limit 1`,
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
