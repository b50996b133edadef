import type { z } from "zod";
import type { SqlRunner } from "../../db/client.ts";

/**
 * How a module defines a kind of run (docs/runs.md). The engine owns the record, the queue message, the
 * lease, retries, limits and events; the kind only says what one attempt does.
 */
export interface RunKind<P = unknown> {
  /** Unique across modules, `<module>.<what>`, e.g. `prompt.async`. */
  name: string;
  description: string;
  payload: z.ZodType<P>;
  /** Attempts before the run is dead-lettered (default 3). */
  maxAttempts?: number;
  /** Backoff before attempt n+1: `baseMs · 2^(n-1)`, jittered ±25 %, at most `maxMs` (defaults 2 s, 5 min). */
  backoff?: { baseMs: number; maxMs: number };
  /** Runs that share a key are limited together (e.g. one model's calls); see `RunEngineOptions.limits`. */
  concurrencyKey?: (payload: P) => string | null;
  /** Which failures are worth another attempt (default: `RetryableRunError` and upstream/timeouts). */
  retryable?: (err: unknown) => boolean;
  /** One attempt. Throw to fail (retried when retryable); return what the run did. */
  execute(ctx: RunContext<P>): Promise<RunOutcome>;
  /**
   * A parent run, once every child has finished: decides its own result (default `defaultFinalize`), or
   * spawns a next stage of children (a run with stages: generate, then ask, then score).
   */
  finalize?(ctx: RunContext<P>, children: ChildCounts): Promise<RunOutcome>;
  /**
   * A parent run, each time children of it end (succeeded or failed), in their completion transaction with
   * the parent's row locked: the kind may keep its own tallies (`tx`) and may stop the parent early — its
   * children not yet running are cancelled (and counted so), those running finish, and the parent
   * finalizes as usual once they have. Completions that are ready at the same moment are committed
   * together, so `children` holds one or more (each exactly once over the parent's life). Keep it cheap.
   */
  onChildEnd?(tx: SqlRunner, parent: ParentOfChild<P>, children: EndedChild[]): Promise<ChildEndDecision | undefined>;
  /**
   * The run ended without succeeding (failed, cancelled, or dead-lettered): lets the owning module mark its
   * own rows, in the same transaction as the state change.
   */
  onEnd?(tx: SqlRunner, run: EndedRun): Promise<void>;
}

/**
 * A kind with a typed payload, for the engine's registry (which holds kinds of every payload type):
 * the engine parses each payload with the kind's own schema before `execute` sees it.
 */
export function defineRunKind<P>(kind: RunKind<P>): RunKind {
  return kind as unknown as RunKind;
}

/** What `execute` returns: the run is done, or it waits for children it spawns now. */
export type RunOutcome = Done | Spawn;

export interface Done {
  type: "done";
  result: unknown;
  /** Cost of this run's own work (children's roll up on their own). */
  cost?: { usd: number; credits: number };
  /**
   * The kind's own writes, committed in the same transaction as the state change, and only by the holder
   * of the attempt's lease: exactly once, even when the attempt ran twice.
   */
  commit?: (tx: SqlRunner) => Promise<void>;
  /** Called once the completion committed (`true`) or did not (`false`: lease lost, commit failed). */
  after?: (committed: boolean) => Promise<void>;
  /**
   * Handed to the parent kind's `onChildEnd` (as `EndedChild.handoff`) when the completion commits in this
   * process; not stored. What the parent would otherwise read back (a task's answers, for a study's tallies).
   */
  handoff?: unknown;
}

export interface Spawn {
  type: "spawn";
  children: ChildSpec[];
  /** Children running at once (null: no limit of the parent's own). */
  maxConcurrency?: number | null;
  /**
   * The kind's own writes (e.g. the rows the children work on), committed in the transaction that
   * creates the children, only by the holder of the attempt's lease: exactly once. It runs before the
   * children are read, so it may push them into `children` as it writes their rows.
   */
  commit?: (tx: SqlRunner) => Promise<void>;
}

export interface ParentOfChild<P> {
  id: string;
  tenantId: string;
  payload: P;
  /** Counts after these children. */
  children: ChildCounts;
  /** Children dispatched and not finished (running, or queued with their message sent). */
  inFlight: number;
  /** The parent's cost so far, these children's included. */
  costUsd: number;
  credits: number;
}

export interface EndedChild {
  id: string;
  kind: string;
  state: "succeeded" | "failed";
  payload: unknown;
  result: unknown;
  costUsd: number;
  credits: number;
  /** The child's `Done.handoff`, when it succeeded (absent after a failure, or from an older server). */
  handoff?: unknown;
}

/** `stop`: cancel the parent's children that have not started, with this reason (kept on them as `error`). */
export type ChildEndDecision = { stop: RunError };

export interface ChildSpec {
  kind: string;
  payload: unknown;
}

export interface ChildCounts {
  total: number;
  succeeded: number;
  failed: number;
  cancelled: number;
}

export interface EndedRun {
  id: string;
  tenantId: string;
  kind: string;
  state: "failed" | "cancelled";
  payload: unknown;
  error: RunError | null;
}

export interface RunError {
  error: string;
  code: string;
}

export interface RunContext<P> {
  runId: string;
  tenantId: string;
  parentId: string | null;
  apiKeyId: string | null;
  payload: P;
  /** 1 for the first attempt. */
  attempt: number;
  /** Aborted when the run is cancelled or paused, or its lease is lost: stop and throw. */
  signal: AbortSignal;
  /** Reports progress (stored on the run and sent to its event stream). */
  progress(p: { done: number; total: number; message?: string }): Promise<void>;
}

/** Throw from `execute` for a failure another attempt may fix (a timeout, a 429, a flaky upstream). */
export class RetryableRunError extends Error {
  constructor(
    message: string,
    readonly code = "upstream_unavailable",
    /** The upstream's Retry-After: the next attempt waits at least this long. */
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
}

/**
 * Throw from `execute` for a failure another attempt cannot fix and that has its own code on the run
 * (e.g. `persona_deleted`): failed at once, with this message and code, and not logged as a crash.
 */
export class RunFailure extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
  }
}

export const spawn = (children: ChildSpec[], extra: Omit<Spawn, "type" | "children"> = {}): Spawn => ({
  type: "spawn",
  children,
  ...extra,
});

export const done = (result: unknown, extra: Omit<Done, "type" | "result"> = {}): Done => ({
  type: "done",
  result,
  ...extra,
});

/** A parent succeeds when all its children did; otherwise it fails naming the counts. */
export async function defaultFinalize(_ctx: unknown, c: ChildCounts): Promise<Done> {
  if (c.failed === 0 && c.cancelled === 0) return done({ children: c });
  throw new FinalizeFailure(c);
}

export class FinalizeFailure extends Error {
  constructor(readonly counts: ChildCounts) {
    super(`Of ${counts.total} child runs, ${counts.failed} failed and ${counts.cancelled} were cancelled`);
  }
}

export const RUN_STATES = ["queued", "running", "paused", "succeeded", "failed", "cancelled"] as const;
export type RunState = (typeof RUN_STATES)[number];
export const TERMINAL: readonly RunState[] = ["succeeded", "failed", "cancelled"];
