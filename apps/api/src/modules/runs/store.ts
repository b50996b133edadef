import type { SqlRunner } from "../../db/client.ts";
import { newId } from "../../ids.ts";
import type { ChildCounts, RunError, RunState } from "./kinds.ts";

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

/**
 * Counts finished children into their parent, in the transaction that finished them (so each child is
 * counted once). A waiting parent whose children have all finished moves to `finalize` and gets its
 * message; a parent with a concurrency limit dispatches its next children into the freed slots.
 */
export async function rollup(tx: SqlRunner, parentId: string, d: Rollup, send: SendRun): Promise<void> {
  const [p] = await tx.query<{
    tenant_id: string;
    state: RunState;
    phase: string;
    lease_token: string | null;
    children_total: number;
    children_succeeded: number;
    children_failed: number;
    children_cancelled: number;
    max_concurrency: number | null;
  }>(
    `update runs set
       children_succeeded = children_succeeded + $2, children_failed = children_failed + $3,
       children_cancelled = children_cancelled + $4, cost_usd = cost_usd + $5, credits = credits + $6,
       phase = case when phase = 'wait' and state = 'running'
                     and children_succeeded + $2 + children_failed + $3 + children_cancelled + $4 >= children_total
                    then 'finalize' else phase end,
       updated_at = now()
     where id = $1
     returning tenant_id, state, phase, lease_token, children_total, children_succeeded, children_failed,
       children_cancelled, max_concurrency`,
    [parentId, d.succeeded ?? 0, d.failed ?? 0, d.cancelled ?? 0, d.costUsd ?? 0, d.credits ?? 0],
  );
  if (!p) return;
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
