import { setImmediate as yieldToIo } from "node:timers/promises";
import type { Database, SqlRunner } from "../../db/client.ts";
import { ApiError } from "../../errors.ts";
import { newId } from "../../ids.ts";
import type { JobQueue } from "../../jobs/queue.ts";
import { withLogContext } from "../../log-context.ts";
import type { Logger } from "../../logger.ts";
import { jitteredBackoffMs } from "../../shared/backoff.ts";
import {
  type ChildCounts,
  type Done,
  defaultFinalize,
  FinalizeFailure,
  RetryableRunError,
  type RunContext,
  type RunError,
  RunFailure,
  type RunKind,
  type Spawn,
} from "./kinds.ts";
import type { RunNotifier } from "./notifier.ts";
import {
  addEvent,
  countsOf,
  insertRuns,
  lockParentOf,
  type OnChildEnd,
  type RunRow,
  rollup,
  type SendRun,
} from "./store.ts";

export interface LeaseTimings {
  /** How often a worker refreshes its lease. */
  heartbeatMs: number;
  /** A running run whose heartbeat is older than this is an orphan. */
  staleMs: number;
}

export const DEFAULT_LEASE: LeaseTimings = { heartbeatMs: 5_000, staleMs: 60_000 };

export interface RunEngineOptions {
  /** The queue (pg-boss schema) this deployment uses: its runs are the ones its sweeps look after. */
  queue?: string;
  lease?: LeaseTimings;
  /** Runs allowed at once for a concurrency key (e.g. `model:openai/gpt-4o`); null or absent: no limit. */
  limits?: (key: string) => number | null | undefined;
  /**
   * The keys `limits` limits. A run with one of them is claimed on the counted path; without this list
   * (but with `limits`), every run with a key is.
   */
  limitedKeys?: string[];
  /** Jitter source (tests pin it). */
  random?: () => number;
}

const RETRYABLE_CODES = new Set(["upstream_unavailable", "upstream_timeout", "rate_limited"]);
const DEFAULT_BACKOFF = { baseMs: 2_000, maxMs: 5 * 60_000 };
export const DEFAULT_MAX_ATTEMPTS = 3;

/** The attempt was taken away (cancelled, paused, recovered elsewhere): write nothing. */
class LeaseLost extends Error {}

/** A child's successful attempt waiting to be committed with its siblings'. */
interface PendingDone {
  run: RunRow;
  lease: string;
  outcome: Done;
}

/** A child that ended, as its parent's `onChildEnd` hears of it. */
export interface EndedInput {
  child: Pick<RunRow, "id" | "kind" | "payload">;
  state: "succeeded" | "failed";
  result: unknown;
  handoff?: unknown;
  costUsd: number;
  credits: number;
}

/** The most completions committed in one transaction. */
const MAX_BATCH = 100;

/** A run handed to the attempt that freed its slot, to run next in the same worker (see `execute`). */
interface Next {
  runId: string;
  tenantId: string;
}

/** A committed completion (with the run handed to its worker, if any), or `false` when the lease was lost. */
type Committed = { next: Next | undefined } | false;

/**
 * How long one worker goes on running the runs handed to it before it leaves the next to the queue: well
 * under the queue message's expiry (`runs.execute`, 30 minutes), which covers the whole chain.
 */
const MAX_CHAIN_MS = 10 * 60_000;

/**
 * Group commit per parent: a completion that arrives while one of its siblings' commits is in flight
 * waits for it and is committed with every other completion that arrived meanwhile, in one transaction.
 * Alone, a completion commits at once (no added wait); under load the parent's lock is taken once per
 * batch instead of once per child. A batch that fails is committed again one completion at a time, so one
 * child's failing write fails that child only.
 */
class Completions {
  private readonly queues = new Map<string, { item: PendingDone; settle: (r: Committed | Error) => void }[]>();

  constructor(
    private readonly commit: (parentId: string, items: PendingDone[]) => Promise<Map<string, Next | undefined>>,
  ) {}

  /** Committed (with the run handed to this attempt's worker, if any); false when the lease was lost. */
  submit(parentId: string, item: PendingDone): Promise<Committed> {
    return new Promise<Committed>((resolve, reject) => {
      const settle = (r: Committed | Error) => (r instanceof Error ? reject(r) : resolve(r));
      const queue = this.queues.get(parentId);
      if (queue) {
        queue.push({ item, settle });
        return;
      }
      this.queues.set(parentId, [{ item, settle }]);
      void this.drain(parentId);
    });
  }

  private async drain(parentId: string) {
    for (;;) {
      const queue = this.queues.get(parentId) ?? [];
      const batch = queue.splice(0, MAX_BATCH);
      if (batch.length === 0) {
        this.queues.delete(parentId);
        return;
      }
      try {
        const committed = await this.commit(
          parentId,
          batch.map((b) => b.item),
        );
        for (const b of batch) b.settle(outcomeOf(committed, b.item.run.id));
      } catch (err) {
        if (batch.length === 1) (batch[0] as (typeof batch)[0]).settle(asError(err));
        else {
          for (const b of batch) {
            try {
              b.settle(outcomeOf(await this.commit(parentId, [b.item]), b.item.run.id));
            } catch (e) {
              b.settle(asError(e));
            }
          }
        }
      }
    }
  }
}

const asError = (err: unknown) => (err instanceof Error ? err : new Error(String(err)));

const outcomeOf = (committed: Map<string, Next | undefined>, id: string): Committed =>
  committed.has(id) ? { next: committed.get(id) } : false;

const PG_RETRY = new Set(["40P01", "40001"]);

/** Re-runs a transaction that lost a deadlock or serialization race (rare: locks are taken in one order). */
export async function retryTx<T>(fn: () => Promise<T>): Promise<T> {
  for (let i = 0; ; i++) {
    try {
      return await fn();
    } catch (err) {
      if (i >= 4 || !PG_RETRY.has((err as { code?: string }).code ?? "")) throw err;
    }
  }
}

/**
 * The worker side of the run engine: takes a run under a lease, runs one attempt of its kind, and commits
 * the outcome — result, retry, dead letter, or children — in one transaction with the state change that
 * only the lease holder can make. A run delivered twice is therefore completed once.
 */
export class RunExecutor {
  readonly lease: LeaseTimings;
  readonly queue: string;
  /** Attempts running in this process, so cancel and pause stop them at once. */
  private readonly running = new Map<string, AbortController>();
  /** Set at shutdown: no run is handed to a worker of this process any more. */
  private stopping = false;
  private readonly completions = new Completions((parentId, items) => this.commitChildren(parentId, items));

  constructor(
    private readonly deps: {
      database: Database;
      jobs: JobQueue;
      logger: Logger;
      kinds: Map<string, RunKind>;
      notifier: RunNotifier;
      options: RunEngineOptions;
    },
  ) {
    this.lease = deps.options.lease ?? DEFAULT_LEASE;
    this.queue = deps.options.queue ?? "pgboss";
  }

  /** Commits `fn`'s writes with their queue messages, then wakes the followers of the runs it touched. */
  async atomically<T>(fn: (tx: SqlRunner, send: SendRun) => Promise<T>, touched: Set<string> = new Set()) {
    const result = await retryTx(() =>
      this.deps.jobs.atomically((tx, send) =>
        fn(tx, async (runId, tenantId, startAfter) => {
          await send("runs.execute", { runId, tenantId }, startAfter ? { startAfter } : undefined);
        }),
      ),
    );
    for (const id of touched) this.deps.notifier.notify(id);
    return result;
  }

  abort(runId: string, reason: string) {
    this.running.get(runId)?.abort(reason);
  }

  /** Stops every attempt running in this process (shutdown): they record nothing and are recovered later. */
  abortAll(reason: string): number {
    this.stopping = true;
    for (const c of this.running.values()) c.abort(reason);
    return this.running.size;
  }

  /**
   * One queue message: claim, run one attempt, commit its outcome; each attempt's log lines carry its run's
   * id. A child whose completion freed a slot of its parent is handed the sibling dispatched into that slot
   * (committed `queued` and dispatched, like any other, but with no queue message): this worker runs it next,
   * without a round trip through the queue, and so on for up to `MAX_CHAIN_MS`, after which the next one
   * goes to the queue. A process that dies first leaves it queued; the sweep sends it again, as it does for
   * a message a dead worker had taken.
   */
  async execute(runId: string, tenantId: string): Promise<void> {
    const started = performance.now();
    let next: Next | undefined = { runId, tenantId };
    while (next) {
      const run: Next = next;
      next = await withLogContext({ runId: run.runId, tenantId: run.tenantId }, () =>
        this.attempt(run.runId, run.tenantId),
      );
      if (next && (this.stopping || performance.now() - started > MAX_CHAIN_MS)) {
        const queued: Next = next;
        next = undefined;
        await this.deps.jobs.send("runs.execute", queued).catch((err: unknown) => {
          // Left to the sweep, which sends a dispatched run's message again.
          this.deps.logger.warn({ err, runId: queued.runId }, "could not queue a handed-over run");
        });
      }
    }
  }

  /** One attempt; returns the run handed to this worker by the attempt's completion, if any. */
  private async attempt(runId: string, tenantId: string): Promise<Next | undefined> {
    // Each attempt starts on a fresh turn of the event loop: a backlog of quick runs on the embedded
    // database (whose queries resolve without I/O) must not keep requests and heartbeats waiting.
    await yieldToIo();
    const claimed = await this.claim(runId, tenantId);
    if (!claimed) return undefined;
    const { run, lease } = claimed;
    this.deps.notifier.notify(run.id);
    const kind = this.deps.kinds.get(run.kind);
    const controller = new AbortController();
    this.running.set(run.id, controller);
    const stopBeat = this.keepAlive(run.id, lease, () => controller.abort("lost"));
    const log = this.deps.logger.child({ runKind: run.kind, attempt: run.attempts });
    try {
      if (!kind) throw new Error(`no module defines the run kind "${run.kind}"`);
      const ctx: RunContext<unknown> = {
        runId: run.id,
        tenantId: run.tenant_id,
        parentId: run.parent_id,
        apiKeyId: run.api_key_id,
        payload: kind.payload.parse(run.payload),
        attempt: run.attempts,
        signal: controller.signal,
        progress: (p) => this.progress(run, lease, p),
      };
      const outcome =
        run.phase === "finalize"
          ? await (kind.finalize ?? defaultFinalize)(ctx, countsOf(run))
          : await kind.execute(ctx);
      if (outcome.type === "done") return await this.complete(run, lease, outcome);
      await this.spawn(run, lease, outcome, kind);
      return undefined;
    } catch (err) {
      if (err instanceof LeaseLost || controller.signal.aborted) return undefined;
      log.warn({ err }, "run attempt failed");
      await this.fail(run, lease, err, kind);
      return undefined;
    } finally {
      stopBeat();
      this.running.delete(run.id);
    }
  }

  private async claim(runId: string, tenantId: string): Promise<{ run: RunRow; lease: string } | null> {
    const lease = newId();
    const fast = await this.claimQueued(runId, tenantId, lease);
    if (fast) return { run: fast, lease };
    const limits = this.deps.options.limits;
    return this.atomically(async (tx, send) => {
      await lockParentOf(tx, runId);
      const [run] = await tx.query<RunRow & { stale: boolean; early: boolean }>(
        `select *, (heartbeat_at is null or heartbeat_at < now() - make_interval(secs => $3::float8)) as stale,
           (available_at is not null and available_at > now() + interval '1 second') as early
         from runs where tenant_id = $1 and id = $2 for update`,
        [tenantId, runId, this.lease.staleMs / 1000],
      );
      if (!run) return null;
      if (!this.deps.kinds.has(run.kind)) {
        // Defined by a module this server does not have (a rolling upgrade): left for a server that has it.
        this.deps.logger.warn({ runId: run.id, runKind: run.kind }, "no module here defines this run kind");
        if (run.state === "queued") await send(run.id, run.tenant_id, 60);
        return null;
      }
      const claimable =
        (run.state === "queued" && !run.early) ||
        (run.state === "running" && run.phase === "finalize" && run.lease_token === null) ||
        (run.state === "running" && run.phase !== "wait" && run.lease_token !== null && run.stale);
      if (!claimable) return null;
      if (run.parent_id) {
        const [full] = await tx.query<{ full: boolean }>(
          `select p.max_concurrency is not null and p.max_concurrency <=
             (select count(*) from runs c where c.parent_id = p.id and c.state = 'running') as full
           from runs p where p.id = $1`,
          [run.parent_id],
        );
        if (full?.full && run.state === "queued") {
          // Its parent's slots are taken: it waits undispatched until a sibling finishes.
          await tx.query("update runs set dispatched = false where id = $1", [run.id]);
          return null;
        }
      }
      const limit = run.concurrency_key ? limits?.(run.concurrency_key) : null;
      if (run.concurrency_key && limit != null) {
        await tx.query("select pg_advisory_xact_lock(hashtext($1))", [`runs:${run.concurrency_key}`]);
        const [n] = await tx.query<{ n: number }>(
          "select count(*)::int as n from runs where concurrency_key = $1 and state = 'running' and id <> $2",
          [run.concurrency_key, run.id],
        );
        if ((n?.n ?? 0) >= limit) {
          // The key's slots are taken: look again shortly (a finishing run also wakes the oldest waiter).
          await send(run.id, run.tenant_id, 1 + Math.ceil((this.deps.options.random ?? Math.random)() * 2));
          return null;
        }
      }
      const [taken] = await tx.query<RunRow>(
        `update runs set state = 'running', lease_token = $2, heartbeat_at = now(), attempts = attempts + 1,
           started_at = coalesce(started_at, now()), available_at = null, updated_at = now()
         where id = $1 returning *`,
        [run.id, lease],
      );
      if (!taken) return null;
      await addEvent(tx, taken.tenant_id, taken.id, "state", {
        state: "running",
        attempt: taken.attempts,
        ...(taken.phase === "finalize" ? { phase: "finalize" } : {}),
      });
      return { run: taken, lease };
    });
  }

  /**
   * The common claim in one statement, without the parent's lock: a queued run whose message was sent
   * (`dispatched`), due, of a kind this server has, with no limited concurrency key, whose parent's slots are
   * not all running. Its parent dispatched it into a free slot under the parent's lock, so no count is
   * needed to keep the parent's limit; a pause, cancel or early stop that got to the row first leaves it
   * not queued, and one that comes after sees it running. Anything else (a retry's finalize, a stale lease
   * to recover, a limited key, a full parent) takes the locked path in `claim`.
   */
  private async claimQueued(runId: string, tenantId: string, lease: string): Promise<RunRow | null> {
    const { limits, limitedKeys } = this.deps.options;
    const [run] = await this.deps.database.query<RunRow>(
      `with c as (
         update runs r set state = 'running', lease_token = $3, heartbeat_at = now(), attempts = r.attempts + 1,
           started_at = coalesce(r.started_at, now()), available_at = null, updated_at = now()
         where r.tenant_id = $1 and r.id = $2 and r.state = 'queued' and r.phase = 'execute' and r.dispatched
           and (r.available_at is null or r.available_at <= now() + interval '1 second')
           and r.kind = any($4::text[])
           and (r.concurrency_key is null or ($5::boolean and not (r.concurrency_key = any($6::text[]))))
           and not exists (
             select 1 from runs p where p.id = r.parent_id and p.max_concurrency is not null
               and p.max_concurrency <= (select count(*) from runs s where s.parent_id = p.id and s.state = 'running'))
         returning r.*
       ), e as (
         insert into run_events (tenant_id, run_id, type, data, created_at)
         select tenant_id, id, 'state', jsonb_build_object('state', 'running', 'attempt', attempts), now() from c
       )
       select * from c`,
      [tenantId, runId, lease, [...this.deps.kinds.keys()], !limits || limitedKeys !== undefined, limitedKeys ?? []],
    );
    return run ?? null;
  }

  private keepAlive(runId: string, lease: string, onLost: () => void): () => void {
    let stopped = false;
    const timer = setInterval(() => {
      this.deps.database
        .query(
          "update runs set heartbeat_at = now() where id = $1 and lease_token = $2 and state = 'running' returning id",
          [runId, lease],
        )
        .then(
          (rows) => {
            if (rows.length === 0 && !stopped) {
              stopped = true;
              clearInterval(timer);
              onLost();
            }
          },
          () => {}, // a failed heartbeat is retried at the next tick; the lease is generous
        );
    }, this.lease.heartbeatMs);
    timer.unref();
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }

  private async progress(run: RunRow, lease: string, p: { done: number; total: number; message?: string }) {
    const data = { done: p.done, total: p.total, ...(p.message ? { message: p.message.slice(0, 500) } : {}) };
    const rows = await this.deps.database.query(
      `with r as (
         update runs set progress = $3::jsonb, heartbeat_at = now(), updated_at = now()
         where id = $1 and lease_token = $2 and state = 'running' returning tenant_id, id
       )
       insert into run_events (tenant_id, run_id, type, data, created_at)
       select tenant_id, id, 'progress', $3::jsonb, now() from r returning id`,
      [run.id, lease, JSON.stringify(data)],
    );
    if (rows.length === 0) throw new LeaseLost();
    this.deps.notifier.notify(run.id);
  }

  private async complete(run: RunRow, lease: string, outcome: Done): Promise<Next | undefined> {
    let next: Next | undefined;
    try {
      next = await this.commitDone(run, lease, outcome);
    } catch (err) {
      await outcome.after?.(false);
      throw err;
    }
    await outcome.after?.(true);
    return next;
  }

  private async commitDone(run: RunRow, lease: string, outcome: Done): Promise<Next | undefined> {
    if (run.parent_id) {
      // A child's completion is committed with its siblings' that are ready at the same moment (see
      // `Completions`): one transaction, one lock of the parent, one rollup for all of them.
      const committed = await this.completions.submit(run.parent_id, { run, lease, outcome });
      if (!committed) throw new LeaseLost();
      return committed.next;
    }
    await this.atomically(
      async (tx, send) => {
        const [row] = await tx.query(
          `with u as (
           update runs set state = 'succeeded', phase = 'execute', result = $3::jsonb, error = null, lease_token = null,
             heartbeat_at = null, cost_usd = cost_usd + $4, credits = credits + $5, finished_at = now(), updated_at = now()
           where id = $1 and lease_token = $2 and state = 'running'
           returning id, tenant_id, attempts
         ), e as (
           insert into run_events (tenant_id, run_id, type, data, created_at)
           select tenant_id, id, 'state', jsonb_build_object('state', 'succeeded', 'attempt', attempts), now() from u
         )
         select id from u`,
          [run.id, lease, JSON.stringify(outcome.result ?? null), outcome.cost?.usd ?? 0, outcome.cost?.credits ?? 0],
        );
        if (!row) throw new LeaseLost();
        await outcome.commit?.(tx);
        await this.wakeKeyWaiter(tx, run, send);
      },
      new Set([run.id]),
    );
    return undefined;
  }

  /**
   * Commits the completions of several children of one parent in one transaction: the parent locked
   * first (the engine's lock order), each child moved to `succeeded` only while its attempt still holds its
   * lease (a child whose lease was lost is left out and told so), each kind's own writes, one rollup into
   * the parent with one call of its kind's `onChildEnd`, the freed slots refilled. Returns the ids committed,
   * each with the run handed to its worker: the runs the commit made ready to start (the siblings dispatched
   * into the freed slots, or the parent's finalize), at most one per committed child, go to those workers
   * instead of the queue (see `execute`); any more are sent as usual.
   */
  private async commitChildren(parentId: string, items: PendingDone[]): Promise<Map<string, Next | undefined>> {
    const touched = new Set([parentId, ...items.map((i) => i.run.id)]);
    return this.atomically(async (tx, queueSend) => {
      const handed: Next[] = [];
      let slots = 0;
      const send: SendRun = async (runId, tenantId, startAfter) => {
        if (!startAfter && handed.length < slots) handed.push({ runId, tenantId });
        else await queueSend(runId, tenantId, startAfter);
      };
      await tx.query("select id from runs where id = $1 for update", [parentId]);
      const rows = await tx.query<{ id: string; cost_usd: string; credits: string }>(
        `with x as (
           select * from jsonb_to_recordset($1::jsonb) as x(id uuid, lease text, result jsonb, usd numeric, credits numeric)
         ), u as (
           update runs r set state = 'succeeded', phase = 'execute', result = x.result, error = null,
             lease_token = null, heartbeat_at = null, cost_usd = r.cost_usd + x.usd, credits = r.credits + x.credits,
             finished_at = now(), updated_at = now()
           from x
           where r.id = x.id and r.lease_token = x.lease and r.state = 'running'
           returning r.id, r.tenant_id, r.attempts, r.cost_usd, r.credits
         ), e as (
           insert into run_events (tenant_id, run_id, type, data, created_at)
           select tenant_id, id, 'state', jsonb_build_object('state', 'succeeded', 'attempt', attempts), now() from u
         )
         select id, cost_usd, credits from u`,
        [
          JSON.stringify(
            items.map((i) => ({
              id: i.run.id,
              lease: i.lease,
              result: i.outcome.result ?? null,
              usd: i.outcome.cost?.usd ?? 0,
              credits: i.outcome.cost?.credits ?? 0,
            })),
          ),
        ],
      );
      const byId = new Map(rows.map((r) => [r.id, r]));
      const ended: EndedInput[] = [];
      let costUsd = 0;
      let credits = 0;
      for (const i of items) {
        const row = byId.get(i.run.id);
        if (!row) continue;
        await i.outcome.commit?.(tx);
        const cost = { costUsd: Number(row.cost_usd), credits: Number(row.credits) };
        costUsd += cost.costUsd;
        credits += cost.credits;
        ended.push({
          child: i.run,
          state: "succeeded",
          result: i.outcome.result ?? null,
          handoff: i.outcome.handoff,
          ...cost,
        });
      }
      if (ended.length > 0) {
        slots = this.stopping ? 0 : ended.length;
        await rollup(tx, parentId, { succeeded: ended.length, costUsd, credits }, send, this.childHook(tx, ended));
        for (const e of ended) await this.wakeKeyWaiter(tx, e.child as RunRow, send);
      }
      return new Map(ended.map((e, i) => [e.child.id, handed[i]]));
    }, touched);
  }

  /** The parent kind's `onChildEnd` for children that just ended (in their completion transaction). */
  childHook(tx: SqlRunner, ended: EndedInput[]): OnChildEnd {
    return async (p) => {
      const kind = this.deps.kinds.get(p.kind);
      if (!kind?.onChildEnd) return undefined;
      const [f] = await tx.query<{ n: number }>(
        `select count(*)::int as n from runs
         where parent_id = $1 and (state = 'running' or (state = 'queued' and dispatched))`,
        [p.id],
      );
      return kind.onChildEnd(
        tx,
        {
          id: p.id,
          tenantId: p.tenant_id,
          payload: kind.payload.parse(p.payload),
          children: countsOf(p),
          inFlight: f?.n ?? 0,
          costUsd: Number(p.cost_usd),
          credits: Number(p.credits),
        },
        ended.map((e) => ({
          id: e.child.id,
          kind: e.child.kind,
          state: e.state,
          payload: e.child.payload,
          result: e.result,
          costUsd: e.costUsd,
          credits: e.credits,
          ...(e.handoff !== undefined ? { handoff: e.handoff } : {}),
        })),
      );
    };
  }

  /** A parent's children: created, the first ones dispatched, the parent waiting — in one transaction. */
  private async spawn(run: RunRow, lease: string, outcome: Spawn, parentKind: RunKind) {
    const limit = outcome.maxConcurrency ?? null;
    await this.atomically(
      async (tx, send) => {
        // The kind's rows first (it may fill `children` as it writes them); a lost lease rolls them back.
        await outcome.commit?.(tx);
        const [row] = await tx.query(
          `update runs set phase = case when $3::int = 0 then 'finalize' else 'wait' end,
             children_total = children_total + $3, max_concurrency = $4, lease_token = null, heartbeat_at = null,
             updated_at = now()
           where id = $1 and lease_token = $2 and state = 'running' returning id`,
          [run.id, lease, outcome.children.length, limit],
        );
        if (!row) throw new LeaseLost();
        if (outcome.children.length === 0) {
          await send(run.id, run.tenant_id);
          return;
        }
        const children = outcome.children.map((child, i) => {
          const kind = this.deps.kinds.get(child.kind);
          if (!kind) throw new Error(`${parentKind.name} spawned an unknown run kind "${child.kind}"`);
          const payload = kind.payload.parse(child.payload);
          return {
            id: newId(),
            tenantId: run.tenant_id,
            kind: kind.name,
            payload,
            parentId: run.id,
            maxAttempts: kind.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
            concurrencyKey: kind.concurrencyKey?.(payload) ?? null,
            apiKeyId: run.api_key_id,
            requestId: run.request_id,
            queue: run.queue,
            dispatched: limit === null || i < limit,
          };
        });
        await insertRuns(tx, children);
        for (const c of children) if (c.dispatched) await send(c.id, run.tenant_id);
        await addEvent(tx, run.tenant_id, run.id, "children", {
          ...countsOf({ ...run, children_total: run.children_total + outcome.children.length }),
        });
      },
      new Set([run.id]),
    );
  }

  /** A failed attempt: back on the queue after a backoff, or dead-lettered after the last one. */
  private async fail(run: RunRow, lease: string, err: unknown, kind: RunKind | undefined) {
    const finalizeFailed = err instanceof FinalizeFailure;
    const retryable = !finalizeFailed && (kind?.retryable ?? isRetryable)(err);
    const error = errorOf(err);
    if (
      !(err instanceof ApiError) &&
      !(err instanceof RetryableRunError) &&
      !(err instanceof RunFailure) &&
      !finalizeFailed
    ) {
      this.deps.logger.error({ err, runId: run.id, runKind: run.kind }, "run attempt crashed");
    }
    const touched = new Set([run.id, ...(run.parent_id ? [run.parent_id] : [])]);
    await this.atomically(async (tx, send) => {
      await lockParentOf(tx, run.id);
      if (retryable && run.attempts < run.max_attempts) {
        // A rate-limited upstream's Retry-After is a floor under the backoff.
        const delay = Math.max(
          jitteredBackoffMs(
            run.attempts - 1,
            { ...(kind?.backoff ?? DEFAULT_BACKOFF), jitter: 0.25 },
            this.deps.options.random,
          ),
          retryAfterOf(err),
        );
        const [row] = await tx.query(
          `update runs set state = 'queued', error = $3::jsonb, lease_token = null, heartbeat_at = null,
             available_at = now() + make_interval(secs => $4::float8), dispatched = true, updated_at = now()
           where id = $1 and lease_token = $2 and state = 'running' returning id`,
          [run.id, lease, JSON.stringify(error), delay / 1000],
        );
        if (!row) return;
        await addEvent(tx, run.tenant_id, run.id, "state", {
          state: "queued",
          attempt: run.attempts,
          retryInMs: delay,
          error,
        });
        await send(run.id, run.tenant_id, Math.ceil(delay / 1000));
        return;
      }
      const [row] = await tx.query<{ cost_usd: string; credits: string }>(
        `update runs set state = 'failed', error = $3::jsonb, dead_letter = $4, lease_token = null,
           heartbeat_at = null, finished_at = now(), updated_at = now()
         where id = $1 and lease_token = $2 and state = 'running' returning cost_usd, credits`,
        [run.id, lease, JSON.stringify(error), !finalizeFailed],
      );
      if (!row) return;
      await kind?.onEnd?.(tx, {
        id: run.id,
        tenantId: run.tenant_id,
        kind: run.kind,
        state: "failed",
        payload: run.payload,
        error,
      });
      await addEvent(tx, run.tenant_id, run.id, "state", {
        state: "failed",
        attempt: run.attempts,
        deadLetter: !finalizeFailed,
        error,
      });
      if (run.parent_id) {
        const cost = { costUsd: Number(row.cost_usd), credits: Number(row.credits) };
        await rollup(
          tx,
          run.parent_id,
          { failed: 1, ...cost },
          send,
          this.childHook(tx, [{ child: run, state: "failed", result: null, ...cost }]),
        );
      }
      await this.wakeKeyWaiter(tx, run, send);
    }, touched);
  }

  /** A run with a limited key finished: the oldest run waiting on that key may go now. */
  private async wakeKeyWaiter(tx: SqlRunner, run: RunRow, send: SendRun) {
    if (!run.concurrency_key || this.deps.options.limits?.(run.concurrency_key) == null) return;
    const [next] = await tx.query<{ id: string; tenant_id: string }>(
      `select id, tenant_id from runs where concurrency_key = $1 and state = 'queued' and dispatched
         and queue = $2 and (available_at is null or available_at <= now())
       order by created_at limit 1`,
      [run.concurrency_key, run.queue],
    );
    if (next) await send(next.id, next.tenant_id);
  }
}

/** The upstream's Retry-After carried by a failure (a `RetryableRunError`, or a rate-limited `ApiError`), in ms. */
export function retryAfterOf(err: unknown): number {
  if (err instanceof RetryableRunError) return err.retryAfterMs ?? 0;
  if (err instanceof ApiError) {
    const seconds = err.extra?.retryAfterSeconds;
    if (typeof seconds === "number" && Number.isFinite(seconds)) return Math.min(seconds, 3600) * 1000;
  }
  return 0;
}

export function isRetryable(err: unknown): boolean {
  if (err instanceof RetryableRunError) return true;
  const code = (err as { code?: unknown })?.code;
  return err instanceof ApiError && typeof code === "string" && RETRYABLE_CODES.has(code);
}

/** What a failure says on the run: a domain error's own words; an unexpected one is not exposed. */
export function errorOf(err: unknown): RunError {
  if (err instanceof ApiError || err instanceof RetryableRunError || err instanceof RunFailure) {
    return { error: err.message, code: err.code };
  }
  if (err instanceof FinalizeFailure) return { error: err.message, code: "children_failed" };
  return { error: "Internal error while running", code: "internal_error" };
}

export type { ChildCounts };
