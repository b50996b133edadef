import type { SqlRunner } from "../../db/client.ts";
import { newId } from "../../ids.ts";
import type { ChildCounts, ChildEndDecision, RunError, RunState } from "./kinds.ts";

/**
 * The SQL the engine's paths share. Lock order, everywhere: a run's parent before the run, and parents
 * before children, so that claims, completions, pauses and cancels of one tree cannot deadlock.
 */

/** Sends the run's queue message on the caller's transaction (`JobQueue.atomically`'s `send`). */
export type SendRun = (runId: string, tenantId: string, startAfterSeconds?: number) => Promise<void>;

export interface RunRow {
  id: string;
  tenant_id: string;
  kind: string;
  parent_id: string | null;
  state: RunState;
  phase: "execute" | "wait" | "finalize";
  payload: unknown;
  result: unknown;
  error: RunError | null;
  dead_letter: boolean;
  attempts: number;
  max_attempts: number;
  lease_token: string | null;
  heartbeat_at: Date | null;
  available_at: Date | null;
  dispatched: boolean;
  max_concurrency: number | null;
  concurrency_key: string | null;
  children_total: number;
  children_succeeded: number;
  children_failed: number;
  children_cancelled: number;
  progress: { done: number; total: number; message?: string } | null;
  cost_usd: string;
  credits: string;
  api_key_id: string | null;
  request_id: string | null;
  queue: string;
  created_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
  updated_at: Date;
}

export interface NewRun {
  tenantId: string;
  kind: string;
  payload: unknown;
  maxAttempts: number;
  concurrencyKey: string | null;
  parentId?: string | null;
  maxConcurrency?: number | null;
  apiKeyId?: string | null;
  requestId?: string | null;
  /** A queue message is sent for it (children beyond their parent's limit wait undispatched). */
  dispatched: boolean;
  /** The queue (pg-boss schema) of the deployment that runs it. */
  queue: string;
  id?: string;
}

export async function insertRun(tx: SqlRunner, r: NewRun): Promise<string> {
  const id = r.id ?? newId();
  await tx.query(
    `with r as (
       insert into runs (id, tenant_id, kind, parent_id, state, phase, payload, max_attempts, dispatched,
         concurrency_key, max_concurrency, api_key_id, request_id, queue, created_at, updated_at)
       values ($1, $2, $3, $4, 'queued', 'execute', $5::jsonb, $6, $7, $8, $9, $10, $11, $12, now(), now())
       returning id, tenant_id
     )
     insert into run_events (tenant_id, run_id, type, data, created_at)
     select tenant_id, id, 'state', '{"state":"queued"}'::jsonb, now() from r`,
    [
      id,
      r.tenantId,
      r.kind,
      r.parentId ?? null,
      JSON.stringify(r.payload ?? null),
      r.maxAttempts,
      r.dispatched,
      r.concurrencyKey,
      r.maxConcurrency ?? null,
      r.apiKeyId ?? null,
      r.requestId ?? null,
      r.queue,
    ],
  );
  return id;
}

/**
 * Many runs at once (a parent's children): one insert for the runs and one for their first events per
 * chunk, instead of two statements per run.
 */
export async function insertRuns(tx: SqlRunner, runs: (NewRun & { id: string })[]): Promise<void> {
  for (let i = 0; i < runs.length; i += 1000) {
    const chunk = runs.slice(i, i + 1000);
    const rows = chunk.map((r, j) => ({
      ord: i + j,
      id: r.id,
      tenant_id: r.tenantId,
      kind: r.kind,
      parent_id: r.parentId ?? null,
      payload: r.payload ?? null,
      max_attempts: r.maxAttempts,
      dispatched: r.dispatched,
      concurrency_key: r.concurrencyKey,
      max_concurrency: r.maxConcurrency ?? null,
      api_key_id: r.apiKeyId ?? null,
      request_id: r.requestId ?? null,
      queue: r.queue,
    }));
    await tx.query(
      `with r as (
         insert into runs (id, tenant_id, kind, parent_id, state, phase, payload, max_attempts, dispatched,
           concurrency_key, max_concurrency, api_key_id, request_id, queue, created_at, updated_at)
         select x.id, x.tenant_id, x.kind, x.parent_id, 'queued', 'execute', x.payload, x.max_attempts, x.dispatched,
           x.concurrency_key, x.max_concurrency, x.api_key_id, x.request_id, x.queue,
           now() + (x.ord * interval '1 microsecond'), now()
         from jsonb_to_recordset($1::jsonb) as x(id uuid, tenant_id text, kind text, parent_id uuid,
           payload jsonb, max_attempts int, dispatched boolean, concurrency_key text, max_concurrency int,
           api_key_id uuid, request_id text, queue text, ord int)
         returning id, tenant_id
       )
       insert into run_events (tenant_id, run_id, type, data, created_at)
       select tenant_id, id, 'state', '{"state":"queued"}'::jsonb, now() from r`,
      [JSON.stringify(rows)],
    );
  }
}

export async function addEvent(tx: SqlRunner, tenantId: string, runId: string, type: string, data: unknown) {
  await tx.query(
    "insert into run_events (tenant_id, run_id, type, data, created_at) values ($1, $2, $3, $4::jsonb, now())",
    [tenantId, runId, type, JSON.stringify(data)],
  );
}

/** Locks a run's parent (when it has one) before the run itself is touched. */
export async function lockParentOf(tx: SqlRunner, runId: string): Promise<void> {
  await tx.query("select id from runs where id = (select parent_id from runs where id = $1) for update", [runId]);
}

export interface Rollup {
  succeeded?: number;
  failed?: number;
  cancelled?: number;
  /** The finished children's cost (theirs and their own children's). */
  costUsd?: number;
  credits?: number;
}

export interface RolledUpParent {
  id: string;
  tenant_id: string;
  kind: string;
  payload: unknown;
  state: RunState;
  phase: string;
  lease_token: string | null;
  children_total: number;
  children_succeeded: number;
  children_failed: number;
  children_cancelled: number;
  max_concurrency: number | null;
  cost_usd: string;
  credits: string;
}

/** The parent kind's say on a finished child (`RunKind.onChildEnd`), asked with the parent's row locked. */
export type OnChildEnd = (parent: RolledUpParent) => Promise<ChildEndDecision | undefined>;

/**
 * Counts finished children into their parent, in the transaction that finished them (so each child is
 * counted once). A waiting parent whose children have all finished moves to `finalize` and gets its
 * message; a parent with a concurrency limit dispatches its next children into the freed slots. The
 * parent's kind may stop it early (`onChild`): its children that have not started are cancelled.
 */
export async function rollup(
  tx: SqlRunner,
  parentId: string,
  d: Rollup,
  send: SendRun,
  onChild?: OnChildEnd,
): Promise<void> {
  let [p] = await tx.query<RolledUpParent>(
    `update runs set
       children_succeeded = children_succeeded + $2, children_failed = children_failed + $3,
       children_cancelled = children_cancelled + $4, cost_usd = cost_usd + $5, credits = credits + $6,
       phase = case when phase = 'wait' and state = 'running'
                     and children_succeeded + $2 + children_failed + $3 + children_cancelled + $4 >= children_total
                    then 'finalize' else phase end,
       updated_at = now()
     where id = $1
     returning id, tenant_id, kind, payload, state, phase, lease_token, children_total, children_succeeded,
       children_failed, children_cancelled, max_concurrency, cost_usd, credits`,
    [parentId, d.succeeded ?? 0, d.failed ?? 0, d.cancelled ?? 0, d.costUsd ?? 0, d.credits ?? 0],
  );
  if (!p) return;
  const decision = onChild && p.state === "running" ? await onChild(p) : undefined;
  if (decision?.stop) {
    const stopped = await tx.query<{ id: string; tenant_id: string }>(
      `update runs set state = 'cancelled', dispatched = false, error = $2::jsonb, finished_at = now(), updated_at = now()
       where parent_id = $1 and state in ('queued', 'paused') returning id, tenant_id`,
      [parentId, JSON.stringify(decision.stop)],
    );
    for (const c of stopped)
      await addEvent(tx, c.tenant_id, c.id, "state", { state: "cancelled", error: decision.stop });
    if (stopped.length > 0) {
      [p] = await tx.query<RolledUpParent>(
        `update runs set children_cancelled = children_cancelled + $2,
           phase = case when phase = 'wait' and state = 'running'
                         and children_succeeded + children_failed + children_cancelled + $2 >= children_total
                        then 'finalize' else phase end,
           updated_at = now()
         where id = $1
         returning id, tenant_id, kind, payload, state, phase, lease_token, children_total, children_succeeded,
           children_failed, children_cancelled, max_concurrency, cost_usd, credits`,
        [parentId, stopped.length],
      );
      if (!p) return;
    }
  }
  await addEvent(tx, p.tenant_id, parentId, "children", countsOf(p));
  if (p.state === "running" && p.phase === "finalize" && p.lease_token === null) await send(parentId, p.tenant_id);
  else if (p.state === "running" && p.max_concurrency !== null) await dispatch(tx, parentId, send);
}

export function countsOf(r: {
  children_total: number;
  children_succeeded: number;
  children_failed: number;
  children_cancelled: number;
}): ChildCounts {
  return {
    total: r.children_total,
    succeeded: r.children_succeeded,
    failed: r.children_failed,
    cancelled: r.children_cancelled,
  };
}

/** Fills a limited parent's free slots with its oldest undispatched queued children. */
export async function dispatch(tx: SqlRunner, parentId: string, send: SendRun): Promise<number> {
  const rows = await tx.query<{ id: string; tenant_id: string }>(
    `with p as (
       select max_concurrency from runs where id = $1 and state = 'running'
     ), used as (
       select count(*)::int as n from runs
       where parent_id = $1 and (state = 'running' or (state = 'queued' and dispatched))
     ), next as (
       select id from runs
       where parent_id = $1 and state = 'queued' and not dispatched
       order by created_at, id
       limit greatest(0, coalesce((select max_concurrency from p), 0) - (select n from used))
       for update skip locked
     )
     update runs r set dispatched = true, updated_at = now() from next where r.id = next.id
     returning r.id, r.tenant_id`,
    [parentId],
  );
  for (const r of rows) await send(r.id, r.tenant_id);
  return rows.length;
}
