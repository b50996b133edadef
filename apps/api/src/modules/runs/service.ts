import type { Database, SqlRunner } from "../../db/client.ts";
import { notFound } from "../../errors.ts";
import type { JobQueue, TransactionalSend } from "../../jobs/queue.ts";
import type { Logger } from "../../logger.ts";
import { decodeCursor, type Page, pageOf } from "../../pagination.ts";
import { RunControl } from "./control.ts";
import { DEFAULT_MAX_ATTEMPTS, type RunEngineOptions, RunExecutor } from "./engine.ts";
import { type RunError, type RunKind, type RunState, TERMINAL } from "./kinds.ts";
import { RunNotifier } from "./notifier.ts";
import { insertRun, type RunRow, type SendRun } from "./store.ts";

export interface NewRunSpec {
  kind: string;
  payload: unknown;
  apiKeyId?: string | null;
  requestId?: string | null;
  /** A fixed id (a module that keys its own rows by the run id). */
  id?: string;
}

export interface RunEvent {
  id: number;
  type: string;
  data: Record<string, unknown>;
  createdAt: string;
}

/**
 * The run engine's public face (docs/runs.md): create runs (transactionally with the caller's own rows),
 * read them, control them, follow their events, and the worker entry points the job queue calls.
 */
export class RunService {
  readonly kinds = new Map<string, RunKind>();
  private readonly notifier = new RunNotifier();
  private readonly executor: RunExecutor;
  private readonly control: RunControl;

  constructor(
    private readonly deps: {
      database: Database;
      jobs: JobQueue;
      logger: Logger;
      kinds?: readonly RunKind[];
      options?: RunEngineOptions;
    },
  ) {
    this.register(deps.kinds ?? []);
    this.executor = new RunExecutor({
      database: deps.database,
      jobs: deps.jobs,
      logger: deps.logger,
      kinds: this.kinds,
      notifier: this.notifier,
      options: deps.options ?? {},
    });
    this.control = new RunControl(this.executor, this.kinds);
  }

  /** Adds run kinds (modules define theirs at startup, before the workers start). */
  register(kinds: readonly RunKind[]): void {
    for (const kind of kinds) {
      if (this.kinds.has(kind.name)) throw new Error(`run kind "${kind.name}" is defined twice`);
      this.kinds.set(kind.name, kind as RunKind);
    }
  }

  private kind(name: string): RunKind {
    const kind = this.kinds.get(name);
    if (!kind) throw new Error(`unknown run kind "${name}"`);
    return kind;
  }

  /**
   * Creates a root run on the caller's transaction (inside `JobQueue.atomically`): the run, its first event and
   * its queue message commit with the caller's own rows, or none of them do.
   */
  async createIn(tx: SqlRunner, send: TransactionalSend, tenantId: string, spec: NewRunSpec): Promise<string> {
    const kind = this.kind(spec.kind);
    const payload = kind.payload.parse(spec.payload);
    const id = await insertRun(tx, {
      id: spec.id,
      tenantId,
      kind: kind.name,
      payload,
      maxAttempts: kind.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
      concurrencyKey: kind.concurrencyKey?.(payload) ?? null,
      apiKeyId: spec.apiKeyId,
      requestId: spec.requestId,
      queue: this.executor.queue,
      dispatched: true,
    });
    await send("runs.execute", { runId: id, tenantId });
    return id;
  }

  /** Creates a root run in its own transaction. */
  async create(tenantId: string, spec: NewRunSpec): Promise<RunView> {
    const id = await this.deps.jobs.atomically((tx, send) => this.createIn(tx, send, tenantId, spec));
    return this.get(tenantId, id);
  }

  async get(tenantId: string, runId: string): Promise<RunView> {
    const run = await this.find(tenantId, runId);
    if (!run) throw notFound("Run");
    return run;
  }

  /**
   * The run, or null. A kind that keeps its own row beside the run (a job) reads the run FIRST and its row
   * after: the run's end commits with the kind's own writes, so a row read after a finished run holds them.
   */
  async find(tenantId: string, runId: string): Promise<RunView | null> {
    const [row] = await this.deps.database.query<RunRow>("select * from runs where tenant_id = $1 and id = $2", [
      tenantId,
      runId,
    ]);
    return row ? runView(row) : null;
  }

  /** How many of a parent's children are in each state now. */
  async childStates(tenantId: string, parentId: string): Promise<Record<RunState, number>> {
    const rows = await this.deps.database.query<{ state: RunState; n: number }>(
      "select state, count(*)::int as n from runs where tenant_id = $1 and parent_id = $2 group by state",
      [tenantId, parentId],
    );
    const out = { queued: 0, running: 0, paused: 0, succeeded: 0, failed: 0, cancelled: 0 };
    for (const r of rows) out[r.state] = r.n;
    return out;
  }

  /** A parent's children, oldest first: state, error, payload and cost (a study reading its tasks' runs). */
  async childrenOf(
    tenantId: string,
    parentId: string,
  ): Promise<
    {
      id: string;
      state: RunState;
      error: RunError | null;
      payload: unknown;
      result: unknown;
      costUsd: number;
      credits: number;
    }[]
  > {
    const rows = await this.deps.database.query<
      Pick<RunRow, "id" | "state" | "error" | "payload" | "result" | "cost_usd" | "credits">
    >(
      `select id, state, error, payload, result, cost_usd, credits from runs where tenant_id = $1 and parent_id = $2
       order by created_at, id`,
      [tenantId, parentId],
    );
    return rows.map((r) => ({
      id: r.id,
      state: r.state,
      error: r.error ?? null,
      payload: r.payload,
      result: r.result ?? null,
      costUsd: Number(r.cost_usd),
      credits: Number(r.credits),
    }));
  }

  /** Newest first, keyset-paginated; filters by kind, state, parent, dead letter. */
  async list(
    tenantId: string,
    q: { kind?: string; state?: RunState; parentId?: string; deadLetter?: boolean; limit: number; cursor?: string },
  ): Promise<Page<RunView>> {
    const params: unknown[] = [tenantId];
    const where = ["tenant_id = $1"];
    const filter = (column: string, value: unknown) => {
      if (value === undefined) return;
      params.push(value);
      where.push(`${column} = $${params.length}`);
    };
    filter("kind", q.kind);
    filter("state", q.state);
    filter("parent_id", q.parentId);
    filter("dead_letter", q.deadLetter);
    if (q.cursor) {
      const after = decodeCursor(q.cursor);
      params.push(after.t, after.id);
      where.push(`(created_at, id) < ($${params.length - 1}::timestamptz, $${params.length}::uuid)`);
    }
    params.push(q.limit + 1);
    const rows = await this.deps.database.query<RunRow>(
      `select * from runs where ${where.join(" and ")} order by created_at desc, id desc limit $${params.length}`,
      params,
    );
    return pageOf(rows, q.limit, (r) => ({ t: r.created_at, id: r.id }), runView);
  }

  async cancel(tenantId: string, runId: string): Promise<RunView> {
    await this.control.cancel(tenantId, runId);
    return this.get(tenantId, runId);
  }

  async pause(tenantId: string, runId: string): Promise<RunView> {
    await this.control.pause(tenantId, runId);
    return this.get(tenantId, runId);
  }

  async resume(tenantId: string, runId: string): Promise<RunView> {
    await this.control.resume(tenantId, runId);
    return this.get(tenantId, runId);
  }

  async retry(tenantId: string, runId: string): Promise<RunView> {
    await this.control.retry(tenantId, runId);
    return this.get(tenantId, runId);
  }

  /** Events after `afterId`, oldest first. */
  async events(tenantId: string, runId: string, afterId: number, limit = 200): Promise<RunEvent[]> {
    const rows = await this.deps.database.query<{ id: string; type: string; data: unknown; created_at: Date }>(
      `select id, type, data, created_at from run_events where tenant_id = $1 and run_id = $2 and id > $3
       order by id limit $4`,
      [tenantId, runId, afterId, limit],
    );
    return rows.map((r) => ({
      id: Number(r.id),
      type: r.type,
      data: r.data as Record<string, unknown>,
      createdAt: r.created_at.toISOString(),
    }));
  }

  /**
   * Follows a run: its events after `afterId` as they happen, ending after the event that made it
   * finish. Wakes at once on this server's changes and polls every `pollMs` for other servers'.
   */
  async *follow(
    tenantId: string,
    runId: string,
    afterId: number,
    signal: AbortSignal,
    pollMs = 1_000,
  ): AsyncGenerator<RunEvent> {
    await this.get(tenantId, runId); // 404 before the stream starts
    let last = afterId;
    while (!signal.aborted) {
      const batch = await this.events(tenantId, runId, last);
      for (const e of batch) {
        last = e.id;
        yield e;
      }
      if (batch.length > 0) continue;
      const run = await this.get(tenantId, runId);
      if (TERMINAL.includes(run.state)) return;
      await this.notifier.wait(runId, pollMs, signal);
    }
  }

  // ---- worker side (the job queue calls these) ----

  execute(runId: string, tenantId: string): Promise<void> {
    return this.executor.execute(runId, tenantId);
  }

  /** The stuck-run sweep: at start (exclusive when this process owns the database), then `startSweeper`. */
  sweep(exclusive: boolean) {
    return this.control.sweep(exclusive, this.executor.lease.staleMs, this.executor.queue);
  }

  private sweeper: NodeJS.Timeout | undefined;

  /**
   * Sweeps every half stale interval in each worker process, so a killed worker's runs are back on the queue
   * within about 1.5 stale intervals wherever they ran (a cron job's minute would add up to a minute).
   */
  startSweeper(): void {
    if (this.sweeper) return;
    let busy = false;
    this.sweeper = setInterval(
      () => {
        if (busy) return;
        busy = true;
        this.sweep(false)
          .catch((err) => this.deps.logger.warn({ err }, "run sweep failed"))
          .finally(() => {
            busy = false;
          });
      },
      Math.max(1_000, this.executor.lease.staleMs / 2),
    );
    this.sweeper.unref();
  }

  /**
   * Shutdown: the attempts running in this process stop now (as a cancel stops them: nothing of theirs is
   * recorded) so that the queue's graceful stop does not wait on them; the sweep recovers their runs — at the
   * next start of an embedded server, after RUN_STALE_SECONDS on PostgreSQL — and each continues where it
   * stopped (a task keeps the questions it answered).
   */
  abortRunning(): number {
    return this.executor.abortAll("shutdown");
  }

  stopSweeper(): void {
    clearInterval(this.sweeper);
    this.sweeper = undefined;
  }

  /**
   * Deletes a subject's runs (with their events and children), e.g. a deleted persona's async prompts,
   * whose results hold its conversation. Attempts running here stop; elsewhere their heartbeat finds the
   * run gone and they record nothing.
   */
  async purge(tenantId: string, kinds: readonly string[], subject: Record<string, string>): Promise<number> {
    const rows = await this.deps.database.query<{ id: string }>(
      "delete from runs where tenant_id = $1 and kind = any($2::text[]) and payload @> $3::jsonb returning id",
      [tenantId, kinds, JSON.stringify(subject)],
    );
    for (const r of rows) {
      this.executor.abort(r.id, "deleted");
      this.notifier.notify(r.id);
    }
    return rows.length;
  }
}

/**
 * SQL fragment (docs/modules.md, "SQL fragments") for a module whose rows point at their current run
 * (a task's attempt): a lateral join that adds `run_state`, `run_started_at`, `run_finished_at` and
 * `run_error` (null when the column is null), so the row's status is the run's state, read in the same
 * statement, never a copy kept in step. `runId` and `tenantId` are the caller's column expressions.
 */
export const currentRunSql = (p: { runId: string; tenantId: string }) =>
  `left join lateral (select r.state as run_state, r.started_at as run_started_at, r.finished_at as run_finished_at,
     r.error as run_error from runs r where r.id = ${p.runId} and r.tenant_id = ${p.tenantId}) as current_run on true`;

export type RunView = ReturnType<typeof runView>;

export function runView(r: RunRow) {
  return {
    id: r.id,
    kind: r.kind,
    parentId: r.parent_id,
    state: r.state,
    phase: r.phase,
    attempts: r.attempts,
    maxAttempts: r.max_attempts,
    deadLetter: r.dead_letter,
    nextAttemptAt: r.state === "queued" && r.available_at ? r.available_at.toISOString() : null,
    result: r.result ?? null,
    error: r.error ?? null,
    progress: r.progress ?? null,
    children: {
      total: r.children_total,
      succeeded: r.children_succeeded,
      failed: r.children_failed,
      cancelled: r.children_cancelled,
      maxConcurrency: r.max_concurrency,
    },
    costUsd: Number(r.cost_usd),
    credits: Number(r.credits),
    createdAt: r.created_at.toISOString(),
    startedAt: r.started_at?.toISOString() ?? null,
    finishedAt: r.finished_at?.toISOString() ?? null,
    updatedAt: r.updated_at.toISOString(),
  };
}

export type { SendRun };
