import type { SqlRunner } from "../db/client.ts";
import { newId } from "../ids.ts";
import type { JobQueue } from "./queue.ts";

/**
 * Leases for job rows (async prompts, reconcile jobs). A worker that takes a row writes a fresh
 * `lease_token` and keeps `heartbeat_at` fresh while it works; only the holder of the token may finish the
 * row, so a job delivered twice (a retry after a crash, a recovered orphan) is completed once. A row left
 * `running` by a process that died stops heartbeating, and `recoverOrphans` puts it back on the queue (or
 * fails it after its last attempt): at start in embedded mode (one process owns the database, so every
 * `running` row is an orphan) and every minute (`jobs.recover`) everywhere.
 */
export const LEASED = {
  prompt_jobs: {
    job: "prompt.run",
    lost: `'{"error":"The worker running this job stopped before it finished","code":"internal_error"}'::jsonb`,
  },
  reconcile_jobs: {
    job: "timeline.reconcile",
    lost: `'The worker running this job stopped before it finished'`,
  },
} as const;
export type LeasedTable = keyof typeof LEASED;

export interface LeaseTimings {
  /** How often a worker refreshes its lease. */
  heartbeatMs: number;
  /** A running row whose heartbeat is older than this is an orphan. */
  staleMs: number;
}

export const DEFAULT_LEASE: LeaseTimings = { heartbeatMs: 5_000, staleMs: 60_000 };

/**
 * Takes a queued row (or an orphaned running one) for this worker. Returns the lease token, or null when
 * the row is finished, cancelled, gone, or running under a live lease elsewhere.
 */
export async function claim(
  db: SqlRunner,
  table: LeasedTable,
  key: { tenantId: string; id: string },
  timings: LeaseTimings,
  extraSet = "",
): Promise<string | null> {
  const lease = newId();
  const rows = await db.query(
    `update ${table} set status = 'running', lease_token = $3, heartbeat_at = now(), attempts = attempts + 1${extraSet}
     where tenant_id = $1 and id = $2
       and (status = 'queued'
            or (status = 'running' and (heartbeat_at is null or heartbeat_at < now() - make_interval(secs => $4::float8))))
     returning id`,
    [key.tenantId, key.id, lease, timings.staleMs / 1000],
  );
  return rows.length === 1 ? lease : null;
}

/**
 * Keeps a lease alive while work runs; `onLost` fires (once) when the row is no longer ours: cancelled,
 * deleted with its persona, or taken over. Returns the function that stops the heartbeat.
 */
export function keepAlive(
  db: SqlRunner,
  table: LeasedTable,
  id: string,
  lease: string,
  timings: LeaseTimings,
  onLost: () => void,
): () => void {
  let stopped = false;
  const timer = setInterval(() => {
    db.query(
      `update ${table} set heartbeat_at = now() where id = $1 and lease_token = $2 and status = 'running' returning id`,
      [id, lease],
    ).then(
      (rows) => {
        if (rows.length === 0 && !stopped) {
          stopped = true;
          clearInterval(timer);
          onLost();
        }
      },
      () => {}, // a failed heartbeat is retried at the next tick; the lease is generous
    );
  }, timings.heartbeatMs);
  timer.unref();
  return () => {
    stopped = true;
    clearInterval(timer);
  };
}

/**
 * Puts orphaned running rows back on the queue in one transaction with their new queue messages; rows
 * that used their last attempt fail with a clear error. `exclusive`: this process owns the database
 * (embedded mode, at start), so every running row is an orphan whatever its heartbeat says.
 */
export async function recoverOrphans(
  jobs: JobQueue,
  table: LeasedTable,
  opts: { exclusive: boolean; timings: LeaseTimings },
): Promise<{ requeued: number; failed: number }> {
  const { job, lost } = LEASED[table];
  const maxAttempts = jobs.definition(job).retryLimit + 1;
  return jobs.atomically(async (tx, send) => {
    const rows = await tx.query<{ id: string; tenant_id: string; status: string }>(
      `update ${table} set
         status = case when attempts >= $2 then 'failed' else 'queued' end,
         error = case when attempts >= $2 then ${lost} else error end,
         finished_at = case when attempts >= $2 then now() else finished_at end,
         lease_token = null, heartbeat_at = null
       where status = 'running'
         and ($1::boolean or heartbeat_at is null or heartbeat_at < now() - make_interval(secs => $3::float8))
       returning id, tenant_id, status`,
      [opts.exclusive, maxAttempts, opts.timings.staleMs / 1000],
    );
    let requeued = 0;
    for (const r of rows) {
      if (r.status !== "queued") continue;
      await send(job, { jobId: r.id, tenantId: r.tenant_id });
      requeued++;
    }
    return { requeued, failed: rows.length - requeued };
  });
}
