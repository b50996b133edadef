import type { SqlRunner } from "../../db/client.ts";
import { ApiError, notFound } from "../../errors.ts";
import { DEFAULT_MAX_ATTEMPTS, type RunExecutor } from "./engine.ts";
import type { RunKind, RunState } from "./kinds.ts";
import { addEvent, dispatch, type RunRow, rollup, type SendRun } from "./store.ts";

/**
 * Pause, resume, cancel and retry of a run and everything under it, and the stuck-run sweep. Each is one
 * transaction that locks the tree parents-first; running attempts in this process are aborted after the
 * commit, those elsewhere at their next heartbeat (which finds the lease gone).
 */
export class RunControl {
  constructor(
    private readonly executor: RunExecutor,
    private readonly kinds: Map<string, RunKind>,
  ) {}

  /** Locks the run's parent, then the run and its descendants (parents before children). */
  private async lockTree(tx: SqlRunner, tenantId: string, runId: string) {
    await tx.query(
      "select id from runs where id = (select parent_id from runs where tenant_id = $1 and id = $2) for update",
      [tenantId, runId],
    );
    // The run itself, locked in a statement of its own: a spawn committing its children holds this lock, and
    // the tree below is read by the next statement, whose snapshot is taken after the lock is granted (one
    // statement that waited for the lock would read the tree as it was before, without those children).
    await tx.query("select id from runs where tenant_id = $1 and id = $2 for update", [tenantId, runId]);
    const rows = await tx.query<RunRow & { depth: number }>(
      `with recursive t(id, depth) as (
         select id, 0 from runs where tenant_id = $1 and id = $2
         union all
         select r.id, t.depth + 1 from runs r join t on r.parent_id = t.id
       )
       select r.*, t.depth from runs r join t using (id) order by t.depth, r.id for update of r`,
      [tenantId, runId],
    );
    if (rows.length === 0) throw notFound("Run");
    return rows;
  }

  async cancel(tenantId: string, runId: string): Promise<void> {
    const aborted: string[] = [];
    const touched = new Set<string>([runId]);
    await this.executor.atomically(async (tx, send) => {
      const tree = await this.lockTree(tx, tenantId, runId);
      const root = tree[0] as RunRow;
      if (isTerminal(root.state)) {
        throw new ApiError("conflict", `The run is already ${root.state} and cannot be cancelled`, {
          state: root.state,
        });
      }
      const ended = tree.filter((r) => !isTerminal(r.state));
      const ids = ended.map((r) => r.id);
      await tx.query(
        `update runs set state = 'cancelled', lease_token = null, heartbeat_at = null, dispatched = false,
           error = '{"error":"The run was cancelled","code":"cancelled"}'::jsonb, finished_at = now(), updated_at = now()
         where id = any($1::uuid[])`,
        [ids],
      );
      const inside = new Set(ids);
      const perParent = new Map<string, { n: number; usd: number; credits: number }>();
      for (const r of ended) {
        touched.add(r.id);
        if (r.state === "running" && r.lease_token) aborted.push(r.id);
        await addEvent(tx, r.tenant_id, r.id, "state", { state: "cancelled" });
        await this.kinds.get(r.kind)?.onEnd?.(tx, {
          id: r.id,
          tenantId: r.tenant_id,
          kind: r.kind,
          state: "cancelled",
          payload: r.payload,
          error: { error: "The run was cancelled", code: "cancelled" },
        });
        if (!r.parent_id) continue;
        const acc = perParent.get(r.parent_id) ?? { n: 0, usd: 0, credits: 0 };
        acc.n++;
        acc.usd += Number(r.cost_usd);
        acc.credits += Number(r.credits);
        perParent.set(r.parent_id, acc);
      }
      for (const [parentId, acc] of perParent) {
        // Counted into every parent; only the parent outside the tree can still finalize or dispatch.
        if (inside.has(parentId)) {
          await tx.query(
            "update runs set children_cancelled = children_cancelled + $2, updated_at = now() where id = $1",
            [parentId, acc.n],
          );
        } else {
          touched.add(parentId);
          await rollup(tx, parentId, { cancelled: acc.n, costUsd: acc.usd, credits: acc.credits }, send);
        }
      }
    }, touched);
    for (const id of aborted) this.executor.abort(id, "cancelled");
  }

  async pause(tenantId: string, runId: string): Promise<void> {
    const aborted: string[] = [];
    const touched = new Set<string>([runId]);
    await this.executor.atomically(async (tx) => {
      const tree = await this.lockTree(tx, tenantId, runId);
      const root = tree[0] as RunRow;
      if (root.state !== "queued" && root.state !== "running") {
        throw new ApiError("conflict", `The run is ${root.state} and cannot be paused`, { state: root.state });
      }
      for (const r of tree) {
        if (r.state !== "queued" && r.state !== "running") continue;
        touched.add(r.id);
        const interrupted = r.state === "running" && r.lease_token !== null;
        if (interrupted) aborted.push(r.id);
        // An attempt stopped by a pause does not count against the run's attempts.
        await tx.query(
          `update runs set state = 'paused', lease_token = null, heartbeat_at = null, dispatched = false,
             attempts = case when $2 then greatest(attempts - 1, 0) else attempts end, updated_at = now()
           where id = $1`,
          [r.id, interrupted],
        );
        await addEvent(tx, r.tenant_id, r.id, "state", { state: "paused" });
      }
    }, touched);
    for (const id of aborted) this.executor.abort(id, "paused");
  }

  async resume(tenantId: string, runId: string): Promise<void> {
    const touched = new Set<string>([runId]);
    await this.executor.atomically(async (tx, send) => {
      const tree = await this.lockTree(tx, tenantId, runId);
      const root = tree[0] as RunRow;
      if (root.state !== "paused") {
        throw new ApiError("conflict", `The run is ${root.state}, not paused`, { state: root.state });
      }
      const limited = new Set<string>();
      for (const r of tree) {
        if (r.state !== "paused") continue;
        touched.add(r.id);
        const waiting = r.phase === "wait" || r.phase === "finalize";
        await tx.query(`update runs set state = $2, dispatched = false, updated_at = now() where id = $1`, [
          r.id,
          waiting ? "running" : "queued",
        ]);
        await addEvent(tx, r.tenant_id, r.id, "state", { state: waiting ? "running" : "queued" });
        if (waiting) {
          if (r.max_concurrency !== null) limited.add(r.id);
          const done = r.children_succeeded + r.children_failed + r.children_cancelled;
          if (r.phase === "finalize" || done >= r.children_total) {
            await tx.query("update runs set phase = 'finalize' where id = $1", [r.id]);
            await send(r.id, r.tenant_id);
          }
          continue;
        }
        const parent = r.parent_id ? await parentOf(tx, r.parent_id) : null;
        if (parent?.max_concurrency != null) {
          limited.add(r.parent_id as string);
          continue;
        }
        await tx.query("update runs set dispatched = true where id = $1", [r.id]);
        await send(r.id, r.tenant_id);
      }
      for (const parentId of limited) await dispatch(tx, parentId, send);
    }, touched);
  }

  /** A dead-lettered run goes back on the queue with a fresh set of attempts. */
  async retry(tenantId: string, runId: string): Promise<void> {
    const touched = new Set<string>([runId]);
    await this.executor.atomically(async (tx, send) => {
      const [root] = await this.lockTree(tx, tenantId, runId);
      if (root?.state !== "failed" || !root.dead_letter) {
        throw new ApiError("conflict", "Only a dead-lettered run (failed on its own) can be retried", {
          state: root?.state,
        });
      }
      const parent = root.parent_id ? await parentOf(tx, root.parent_id) : null;
      if (parent && (parent.state !== "running" || parent.phase !== "wait")) {
        throw new ApiError("conflict", "Its parent run has finished; retry the parent instead", {
          parentState: parent.state,
        });
      }
      const extra = this.kinds.get(root.kind)?.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
      const dispatched = parent?.max_concurrency == null;
      await tx.query(
        `update runs set state = 'queued', dead_letter = false, error = null, finished_at = null,
           max_attempts = attempts + $2, dispatched = $3, available_at = null, updated_at = now()
         where id = $1`,
        [root.id, extra, dispatched],
      );
      await addEvent(tx, root.tenant_id, root.id, "state", { state: "queued", retried: true });
      if (root.parent_id) {
        touched.add(root.parent_id);
        await tx.query(
          `update runs set children_failed = children_failed - 1, cost_usd = cost_usd - $2, credits = credits - $3,
             updated_at = now() where id = $1`,
          [root.parent_id, Number(root.cost_usd), Number(root.credits)],
        );
      }
      if (dispatched) await send(root.id, root.tenant_id);
      else await dispatch(tx, root.parent_id as string, send);
    }, touched);
  }

  /**
   * Runs whose worker stopped heartbeating (a crashed or killed process) go back on the queue, or are
   * dead-lettered after their last attempt; waiting parents whose children all finished get their
   * finalize message. `exclusive`: this process owns the database (embedded mode, at start), so every
   * running attempt is an orphan whatever its heartbeat says.
   */
  async sweep(
    exclusive: boolean,
    staleMs: number,
    queue: string,
  ): Promise<{ requeued: number; failed: number; finalized: number }> {
    const stale = await this.executor.atomically((tx) =>
      tx.query<{ id: string; tenant_id: string }>(
        `select id, tenant_id from runs where queue = $3 and state = 'running' and phase <> 'wait'
           and lease_token is not null
           and ($1::boolean or heartbeat_at is null or heartbeat_at < now() - make_interval(secs => $2::float8))`,
        [exclusive, staleMs / 1000, queue],
      ),
    );
    let requeued = 0;
    let failed = 0;
    for (const s of stale) {
      const touched = new Set([s.id]);
      const outcome = await this.executor.atomically(async (tx, send) => {
        await tx.query("select id from runs where id = (select parent_id from runs where id = $1) for update", [s.id]);
        const [r] = await tx.query<RunRow>(
          `select * from runs where id = $1 and state = 'running' and lease_token is not null
             and ($2::boolean or heartbeat_at is null or heartbeat_at < now() - make_interval(secs => $3::float8))
           for update`,
          [s.id, exclusive, staleMs / 1000],
        );
        if (!r) return null;
        if (r.parent_id) touched.add(r.parent_id);
        const error = { error: "The worker running this run stopped before it finished", code: "worker_lost" };
        if (r.attempts < r.max_attempts) {
          await tx.query(
            `update runs set state = 'queued', lease_token = null, heartbeat_at = null, error = $2::jsonb,
               dispatched = true, updated_at = now() where id = $1`,
            [r.id, JSON.stringify(error)],
          );
          await addEvent(tx, r.tenant_id, r.id, "state", { state: "queued", attempt: r.attempts, error });
          await send(r.id, r.tenant_id);
          return "requeued" as const;
        }
        await tx.query(
          `update runs set state = 'failed', dead_letter = true, lease_token = null, heartbeat_at = null,
             error = $2::jsonb, finished_at = now(), updated_at = now() where id = $1`,
          [r.id, JSON.stringify(error)],
        );
        await this.kinds.get(r.kind)?.onEnd?.(tx, {
          id: r.id,
          tenantId: r.tenant_id,
          kind: r.kind,
          state: "failed",
          payload: r.payload,
          error,
        });
        await addEvent(tx, r.tenant_id, r.id, "state", { state: "failed", deadLetter: true, error });
        if (r.parent_id) {
          const cost = { costUsd: Number(r.cost_usd), credits: Number(r.credits) };
          await rollup(
            tx,
            r.parent_id,
            { failed: 1, ...cost },
            send,
            this.executor.childHook(tx, [{ child: r, state: "failed", result: null, ...cost }]),
          );
        }
        return "failed" as const;
      }, touched);
      if (outcome === "requeued") requeued++;
      if (outcome === "failed") failed++;
    }
    // A queued run whose message a dead worker had taken (and not yet claimed) would wait for the queue's
    // own expiry: send it again. A duplicate is harmless (the claim takes a run once); the touch of
    // `updated_at` keeps a long backlog from being resent more than once per stale interval.
    const resent = await this.executor.atomically(async (tx, send: SendRun) => {
      const rows = await tx.query<{ id: string; tenant_id: string }>(
        `update runs set updated_at = now()
         where id in (
           select id from runs
           where queue = $3 and state = 'queued' and dispatched and (available_at is null or available_at <= now())
             and ($1::boolean or updated_at < now() - make_interval(secs => $2::float8))
           order by updated_at limit 1000
           for update skip locked
         )
         returning id, tenant_id`,
        [exclusive, staleMs / 1000, queue],
      );
      for (const r of rows) await send(r.id, r.tenant_id);
      return rows.length;
    });
    requeued += resent;
    const finalized = await this.executor.atomically(async (tx, send: SendRun) => {
      const rows = await tx.query<{ id: string; tenant_id: string }>(
        `update runs set phase = 'finalize', updated_at = now()
         where queue = $2 and state = 'running' and lease_token is null
           and ((phase = 'wait' and children_succeeded + children_failed + children_cancelled >= children_total)
                or (phase = 'finalize' and updated_at < now() - make_interval(secs => $1::float8)))
         returning id, tenant_id`,
        [staleMs / 1000, queue],
      );
      for (const r of rows) await send(r.id, r.tenant_id);
      return rows.length;
    });
    return { requeued, failed, finalized };
  }
}

async function parentOf(tx: SqlRunner, id: string) {
  const [p] = await tx.query<Pick<RunRow, "state" | "phase" | "max_concurrency">>(
    "select state, phase, max_concurrency from runs where id = $1",
    [id],
  );
  return p ?? null;
}

function isTerminal(state: RunState): boolean {
  return state === "succeeded" || state === "failed" || state === "cancelled";
}
