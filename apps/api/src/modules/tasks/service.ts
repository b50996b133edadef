import type { Database, SqlRunner } from "../../db/client.ts";
import { ApiError, conflict, notFound } from "../../errors.ts";
import { newId } from "../../ids.ts";
import type { JobQueue, TransactionalSend } from "../../jobs/queue.ts";
import type { LlmClient } from "../../llm/index.ts";
import { decodeCursor, type Page, pageOf } from "../../pagination.ts";
import type { UsageRecorder } from "../analytics/index.ts";
import type { PersonaService } from "../personas/index.ts";
import type { Caller, SessionService } from "../prompting/index.ts";
import { type ChildSpec, currentRunSql, type RunService } from "../runs/index.ts";
import { resolveVariables, type SkillService } from "../skills/index.ts";
import { personaVariables, TASK_RUN } from "./execute.ts";
import { resultsOf } from "./results.ts";
import type {
  CreateTaskInput,
  ListTasksQuery,
  Task,
  TaskResult,
  TaskScoresView,
  TaskStatus,
  TaskVariables,
} from "./schemas.ts";

/** A parent run's tasks and what they produced (`TaskService.ofRun`). */
export interface RunTasks {
  tasks: { id: string; personaId: string; replicate: number; attempt: number }[];
  results: (TaskResult & { taskId: string })[];
  scores: Map<string, TaskScoresView>;
}

export interface TaskRow {
  id: string;
  tenant_id: string;
  skill_id: string;
  skill_version: number;
  persona_id: string;
  variables: TaskVariables;
  model: string;
  attempt: number;
  run_id: string | null;
  session_id: string | null;
  schedule_id: string | null;
  created_at: Date;
  run_state: Exclude<TaskStatus, "pending"> | null;
  run_started_at: Date | null;
  run_finished_at: Date | null;
  run_error: { error: string; code: string } | null;
}

/** A task with its current run's state, times and error (one statement: the status is never a copy). */
const SELECT_TASK = `select t.*, current_run.* from tasks t ${currentRunSql({ runId: "t.run_id", tenantId: "t.tenant_id" })}`;

const ACTIVE: readonly TaskStatus[] = ["queued", "running", "paused"];

export function taskView(r: TaskRow): Task {
  return {
    id: r.id,
    tenantId: r.tenant_id,
    skillId: r.skill_id,
    skillVersion: r.skill_version,
    personaId: r.persona_id,
    variables: r.variables,
    model: r.model,
    status: statusOf(r),
    attempt: r.attempt,
    runId: r.run_id,
    sessionId: r.session_id,
    scheduleId: r.schedule_id,
    createdAt: r.created_at.toISOString(),
    startedAt: r.run_started_at?.toISOString() ?? null,
    finishedAt: r.run_finished_at?.toISOString() ?? null,
    error: r.run_error?.error ?? null,
    errorCode: r.run_error?.code ?? null,
  };
}

/** `pending` while the task has no run (or its run record is gone), else the run's state. */
const statusOf = (r: TaskRow): TaskStatus => (r.run_id ? (r.run_state ?? "pending") : "pending");

export interface TaskServiceDeps {
  database: Database;
  jobs: JobQueue;
  runs: RunService;
  skills: SkillService;
  personas: PersonaService;
  sessions: SessionService;
  llm: LlmClient;
  usage: UsageRecorder;
  now: () => Date;
}

/**
 * Tasks (docs/tasks.md): one pinned skill version × one persona, executed as runs of `tasks.execute`
 * (execute.ts). This service creates, reads, executes, controls and deletes them; the runs carry the work.
 */
export class TaskService {
  constructor(private readonly deps: TaskServiceDeps) {}

  private get db() {
    return this.deps.database;
  }

  async create(caller: Caller, input: CreateTaskInput): Promise<Task> {
    const { tenantId } = caller;
    const skill = await this.deps.skills.get(tenantId, input.skillId, input.skillVersion);
    if (skill.archivedAt) {
      throw conflict("The skill is archived (deleted while in use): it cannot be used for new tasks");
    }
    const persona = await this.deps.personas.get(tenantId, input.personaId);
    const variables = input.variables ?? {};
    const { missing } = resolveVariables(skill, personaVariables(persona), variables);
    if (missing.length > 0) {
      throw new ApiError(
        "validation_error",
        `The skill uses variables that are neither supplied nor persona fields: ${missing.join(", ")}`,
        missing.map((name) => ({ path: `variables.${name}`, message: "required by the skill" })),
      );
    }
    const model = this.resolveModel(input.model ?? skill.model ?? undefined);
    const id = newId(this.deps.now().getTime());
    await this.deps.jobs.atomically(async (tx, send) => {
      await tx.query(
        `insert into tasks (id, tenant_id, skill_id, skill_version, persona_id, variables, model, attempt, api_key_id,
           created_at, updated_at)
         values ($1, $2, $3, $4, $5, $6::jsonb, $7, 0, $8, $9, $9)`,
        [
          id,
          tenantId,
          skill.id,
          skill.version,
          persona.id,
          JSON.stringify(variables),
          model,
          caller.apiKeyId,
          this.deps.now(),
        ],
      );
      if (input.execute) await this.executeIn(tx, send, tenantId, id, { apiKeyId: caller.apiKeyId });
    });
    this.deps.usage.record({
      tenantId,
      apiKeyId: caller.apiKeyId,
      requestId: caller.requestId,
      event: "task_create",
      payload: { taskId: id, skillId: skill.id, skillVersion: skill.version, personaId: persona.id, model },
    });
    if (input.execute) this.recordExecute(caller, id, 1);
    return this.get(tenantId, id);
  }

  /** A model slug the server can call (400 naming `model` otherwise), pinned on the task. */
  private resolveModel(slug: string | undefined): string {
    return this.deps.llm.registry.resolve(slug).slug;
  }

  async get(tenantId: string, taskId: string): Promise<Task> {
    return taskView(await this.row(this.db, tenantId, taskId));
  }

  /** 404 unless the task exists (schedules check their target with it). */
  async checkTarget(tenantId: string, taskId: string): Promise<void> {
    await this.row(this.db, tenantId, taskId);
  }

  private async row(runner: SqlRunner, tenantId: string, taskId: string): Promise<TaskRow> {
    const [row] = await runner.query<TaskRow>(`${SELECT_TASK} where t.tenant_id = $1 and t.id = $2`, [
      tenantId,
      taskId,
    ]);
    if (!row) throw notFound("Task");
    return row;
  }

  /** Newest first, keyset-paginated; filters by status (the run's state), skill, persona, schedule. */
  async list(tenantId: string, q: ListTasksQuery & { limit: number }): Promise<Page<Task>> {
    const params: unknown[] = [tenantId];
    const where = ["t.tenant_id = $1"];
    const filter = (column: string, value: unknown) => {
      if (value === undefined) return;
      params.push(value);
      where.push(`${column} = $${params.length}`);
    };
    filter("t.skill_id", q.skillId);
    filter("t.persona_id", q.personaId);
    filter("t.schedule_id", q.scheduleId);
    if (q.status === "pending") where.push("(t.run_id is null or current_run.run_state is null)");
    else filter("current_run.run_state", q.status);
    if (q.cursor) {
      const after = decodeCursor(q.cursor);
      params.push(after.t, after.id);
      where.push(`(t.created_at, t.id) < ($${params.length - 1}::timestamptz, $${params.length}::uuid)`);
    }
    params.push(q.limit + 1);
    const rows = await this.db.query<TaskRow>(
      `${SELECT_TASK} where ${where.join(" and ")} order by t.created_at desc, t.id desc limit $${params.length}`,
      params,
    );
    return pageOf(rows, q.limit, (r) => ({ t: r.created_at, id: r.id }), taskView);
  }

  /** POST /tasks/{id}/execute: a new attempt with a new run (409 while one is active). */
  async execute(caller: Caller, taskId: string): Promise<Task> {
    const { attempt } = await this.deps.jobs.atomically((tx, send) =>
      this.executeIn(tx, send, caller.tenantId, taskId, { apiKeyId: caller.apiKeyId }),
    );
    this.recordExecute(caller, taskId, attempt);
    return this.get(caller.tenantId, taskId);
  }

  /**
   * Starts attempt n+1 on the caller's transaction (inside `JobQueue.atomically`): the task row points at a
   * new `tasks.execute` run that commits with it. A pending, failed, cancelled or succeeded task may be
   * executed; a queued, running or paused one is a 409. Schedules call this with their id (`scheduleId`).
   */
  async executeIn(
    tx: SqlRunner,
    send: TransactionalSend,
    tenantId: string,
    taskId: string,
    origin: { scheduleId?: string; apiKeyId?: string | null },
  ): Promise<{ runId: string; attempt: number }> {
    // The row is locked first and read (with its run) by a statement of its own: a locking read that waited
    // for a concurrent execute re-checks only the locked row under READ COMMITTED, not the run it joins, so
    // it would still see the old run's state and start a second attempt.
    const [locked] = await tx.query("select 1 from tasks where tenant_id = $1 and id = $2 for update", [
      tenantId,
      taskId,
    ]);
    if (!locked) throw notFound("Task");
    const task = await this.row(tx, tenantId, taskId);
    const status = statusOf(task);
    if (ACTIVE.includes(status)) {
      throw new ApiError(
        "conflict",
        `The task is ${status}: wait for its attempt to finish, or cancel it, before executing it again`,
        { status },
      );
    }
    const attempt = task.attempt + 1;
    const runId = await this.deps.runs.createIn(tx, send, tenantId, {
      kind: TASK_RUN,
      payload: { taskId, attempt, model: task.model },
      apiKeyId: origin.apiKeyId ?? null,
    });
    await tx.query(
      `update tasks set attempt = $3, run_id = $4, schedule_id = coalesce($5, schedule_id), updated_at = now()
       where tenant_id = $1 and id = $2`,
      [tenantId, taskId, attempt, runId, origin.scheduleId ?? null],
    );
    return { runId, attempt };
  }

  private recordExecute(caller: Caller, taskId: string, attempt: number) {
    this.deps.usage.record({
      tenantId: caller.tenantId,
      apiKeyId: caller.apiKeyId,
      requestId: caller.requestId,
      event: "task_execute",
      payload: { taskId, attempt },
    });
  }

  /** Pause, resume or cancel the current attempt's run (409 with the reason when it does not apply). */
  async control(caller: Caller, taskId: string, action: "pause" | "resume" | "cancel"): Promise<Task> {
    const { tenantId } = caller;
    const task = await this.row(this.db, tenantId, taskId);
    const status = statusOf(task);
    const allowed: Record<typeof action, readonly TaskStatus[]> = {
      pause: ["queued", "running"],
      resume: ["paused"],
      cancel: ACTIVE,
    };
    if (!allowed[action].includes(status) || !task.run_id) {
      const needs = { pause: "a queued or running task", resume: "a paused task", cancel: "an active task" }[action];
      throw new ApiError("conflict", `The task is ${status}: only ${needs} can be ${PAST[action]}`, {
        status,
        action,
      });
    }
    await this.deps.runs[action](tenantId, task.run_id);
    this.deps.usage.record({
      tenantId,
      apiKeyId: caller.apiKeyId,
      requestId: caller.requestId,
      event: "task_control",
      payload: { taskId, action, attempt: task.attempt },
    });
    return this.get(tenantId, taskId);
  }

  /**
   * Deletes the task, its results and scores; an active attempt is cancelled first (its run is kept as a
   * record: it holds only ids). The turns stay in the persona's prompt session, which is the persona's.
   */
  async delete(caller: Caller, taskId: string): Promise<void> {
    const { tenantId } = caller;
    const task = await this.row(this.db, tenantId, taskId);
    if (task.run_id && ACTIVE.includes(statusOf(task))) {
      await this.deps.runs.cancel(tenantId, task.run_id).catch((err: unknown) => {
        if (!(err instanceof ApiError && err.code === "conflict")) throw err; // it finished in between
      });
    }
    await this.db.query("delete from tasks where tenant_id = $1 and id = $2", [tenantId, taskId]);
    this.deps.usage.record({
      tenantId,
      apiKeyId: caller.apiKeyId,
      requestId: caller.requestId,
      event: "task_delete",
      payload: { taskId },
    });
  }

  /** Deletes a parent run's tasks with their results and scores (a purged study run: its runs go too). */
  async deleteForRun(tenantId: string, parentRunId: string): Promise<number> {
    const rows = await this.db.query("delete from tasks where tenant_id = $1 and parent_run_id = $2 returning id", [
      tenantId,
      parentRunId,
    ]);
    return rows.length;
  }

  /** The attempt asked for (default: the latest) and its results in question order. */
  async results(
    tenantId: string,
    taskId: string,
    attempt?: number,
  ): Promise<{ attempt: number; results: TaskResult[] }> {
    const task = await this.row(this.db, tenantId, taskId);
    const which = attempt ?? task.attempt;
    if (attempt !== undefined && (attempt < 1 || attempt > task.attempt)) {
      throw notFound(`Attempt ${attempt} of this task`);
    }
    return { attempt: which, results: await resultsOf(this.db, tenantId, taskId, which) };
  }

  async scores(
    tenantId: string,
    taskId: string,
    attempt?: number,
  ): Promise<{ attempt: number; scores: TaskScoresView | null }> {
    const task = await this.row(this.db, tenantId, taskId);
    const which = attempt ?? task.attempt;
    if (attempt !== undefined && (attempt < 1 || attempt > task.attempt)) {
      throw notFound(`Attempt ${attempt} of this task`);
    }
    const [row] = await this.db.query<{ scores: TaskScoresView }>(
      "select scores from task_scores where tenant_id = $1 and task_id = $2 and attempt = $3",
      [tenantId, taskId, which],
    );
    return { attempt: which, scores: row?.scores ?? null };
  }

  /** The session's turns (every attempt's), each with the attempt, question and ask from its metadata. */
  async turns(tenantId: string, taskId: string) {
    const task = await this.row(this.db, tenantId, taskId);
    if (!task.session_id) return [];
    const session = await this.deps.sessions.get(tenantId, task.session_id).catch((err: unknown) => {
      // The persona (and so its sessions) was deleted: the task keeps no transcript of its own.
      if (err instanceof ApiError && err.code === "not_found") return null;
      throw err;
    });
    return (session?.turns ?? [])
      .filter((t) => t.metadata?.taskId === taskId)
      .map((t) => ({
        id: t.id,
        seq: t.seq,
        attempt: typeof t.metadata?.attempt === "number" ? t.metadata.attempt : null,
        questionId: typeof t.metadata?.questionId === "string" ? t.metadata.questionId : null,
        ask: askOf(t.metadata?.ask),
        prompt: t.prompt,
        response: t.response,
        model: t.model,
        tokensIn: t.tokensIn,
        tokensOut: t.tokensOut,
        costUsd: t.costUsd,
        credits: t.credits,
        createdAt: t.createdAt,
      }));
  }

  /**
   * A parent run's tasks (a study's, a calibration's), inserted on the transaction that spawns their child
   * runs (`Spawn.commit`): one per member × replicate, pinned to one skill version and model. Returns the
   * children to spawn, in the members' order: each child run executes its task's first attempt.
   */
  async insertForRun(
    tx: SqlRunner,
    tenantId: string,
    spec: {
      parentRunId: string;
      skillId: string;
      skillVersion: number;
      model: string;
      apiKeyId: string | null;
      members: { personaId: string; replicate: number; variables?: TaskVariables }[];
    },
  ): Promise<ChildSpec[]> {
    const now = this.deps.now();
    const rows = spec.members.map((m) => ({
      id: newId(now.getTime()),
      persona_id: m.personaId,
      replicate: m.replicate,
      variables: m.variables ?? {},
    }));
    for (let i = 0; i < rows.length; i += 1000) {
      await tx.query(
        `insert into tasks (id, tenant_id, skill_id, skill_version, persona_id, variables, model, attempt, api_key_id,
           parent_run_id, replicate, created_at, updated_at)
         select x.id, $2, $3, $4, x.persona_id, x.variables, $5, 0, $6, $7, x.replicate, $8, $8
         from jsonb_to_recordset($1::jsonb) as x(id uuid, persona_id uuid, replicate int, variables jsonb)`,
        [
          JSON.stringify(rows.slice(i, i + 1000)),
          tenantId,
          spec.skillId,
          spec.skillVersion,
          spec.model,
          spec.apiKeyId,
          spec.parentRunId,
          now,
        ],
      );
    }
    return rows.map((r) => ({ kind: TASK_RUN, payload: { taskId: r.id, attempt: 1, model: spec.model } }));
  }

  /**
   * Everything a parent run's tasks produced: each task (persona, replicate, current attempt), the results
   * of its current attempt, and its evaluation. States and costs are the child runs' (the run engine's).
   */
  async ofRun(runner: SqlRunner, tenantId: string, parentRunId: string): Promise<RunTasks> {
    const tasks = await runner.query<{ id: string; persona_id: string; replicate: number | null; attempt: number }>(
      `select id, persona_id, replicate, attempt from tasks where tenant_id = $1 and parent_run_id = $2
       order by created_at, id`,
      [tenantId, parentRunId],
    );
    const results = await runner.query<{
      task_id: string;
      question_id: string;
      raw: string;
      parsed: unknown;
      valid: boolean;
      error: string | null;
      asks: number;
      follow_ups: TaskResult["followUps"];
    }>(
      `select r.task_id, r.question_id, r.raw, r.parsed, r.valid, r.error, r.asks, r.follow_ups
       from tasks t join task_results r on r.task_id = t.id and r.attempt = t.attempt
       where t.tenant_id = $1 and t.parent_run_id = $2 order by t.created_at, t.id, r.position`,
      [tenantId, parentRunId],
    );
    const scores = await runner.query<{ task_id: string; scores: TaskScoresView }>(
      `select s.task_id, s.scores from tasks t join task_scores s on s.task_id = t.id and s.attempt = t.attempt
       where t.tenant_id = $1 and t.parent_run_id = $2`,
      [tenantId, parentRunId],
    );
    return {
      tasks: tasks.map((t) => ({ id: t.id, personaId: t.persona_id, replicate: t.replicate ?? 1, attempt: t.attempt })),
      results: results.map((r) => ({
        taskId: r.task_id,
        questionId: r.question_id,
        raw: r.raw,
        parsed: r.parsed ?? null,
        valid: r.valid,
        ...(r.error ? { error: r.error } : {}),
        asks: r.asks,
        followUps: r.follow_ups,
      })),
      scores: new Map(scores.map((s) => [s.task_id, s.scores])),
    };
  }

  /** One task's current attempt's results (a parent run tallying its children as they finish). */
  async resultsOfAttempt(runner: SqlRunner, tenantId: string, taskId: string, attempt: number) {
    return resultsOf(runner, tenantId, taskId, attempt);
  }

  /** The skills module's usage port: a skill with tasks is archived, not deleted. */
  async inUse(tenantId: string, skillId: string): Promise<boolean> {
    const rows = await this.db.query("select 1 from tasks where tenant_id = $1 and skill_id = $2 limit 1", [
      tenantId,
      skillId,
    ]);
    return rows.length > 0;
  }
}

const PAST = { pause: "paused", resume: "resumed", cancel: "cancelled" } as const;

const askOf = (v: unknown): number | "follow_up" | null =>
  typeof v === "number" || v === "follow_up" ? (v as number | "follow_up") : null;
