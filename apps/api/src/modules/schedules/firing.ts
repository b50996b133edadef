import type { SqlRunner } from "../../db/client.ts";
import { ApiError } from "../../errors.ts";
import { newId } from "../../ids.ts";
import type { TransactionalSend } from "../../jobs/queue.ts";
import type { ScheduleTarget } from "./index.ts";
import type { schedules } from "./schema.ts";
import type { ExecutionView, ScheduleView } from "./schemas.ts";

/** One fire of a schedule, on the caller's transaction: the execution row and the target's run commit together. */

export type ScheduleRow = typeof schedules.$inferSelect;

export interface ExecutionRow {
  id: string;
  schedule_id: string;
  scheduled_for: Date;
  fired_at: Date;
  status: ExecutionView["status"];
  reason: string | null;
  missed: number | null;
  run_id: string | null;
  target_type: string;
  target_id: string;
  manual: boolean;
  detail: Record<string, unknown> | null;
}

/** A schedules row as raw SQL returns it (the claim's `select … for update skip locked`). */
export function fromRaw(r: Record<string, unknown>): ScheduleRow {
  return {
    id: r.id as string,
    tenantId: r.tenant_id as string,
    name: r.name as string | null,
    targetType: r.target_type as string,
    targetId: r.target_id as string,
    runAt: r.run_at as Date | null,
    cron: r.cron as string | null,
    timezone: r.timezone as string | null,
    startAt: r.start_at as Date | null,
    endAt: r.end_at as Date | null,
    maxRuns: r.max_runs as number | null,
    enabled: r.enabled as boolean,
    missedRunPolicy: r.missed_run_policy as string,
    nextRunAt: r.next_run_at as Date | null,
    runCount: r.run_count as number,
    lastRunAt: r.last_run_at as Date | null,
    queue: r.queue as string,
    apiKeyId: r.api_key_id as string | null,
    createdAt: r.created_at as Date,
    updatedAt: r.updated_at as Date,
  };
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function scheduleView(s: ScheduleRow): ScheduleView {
  return {
    id: s.id,
    name: s.name,
    target: { type: s.targetType as ScheduleView["target"]["type"], id: s.targetId },
    runAt: iso(s.runAt),
    cron: s.cron,
    timezone: s.timezone,
    startAt: iso(s.startAt),
    endAt: iso(s.endAt),
    maxRuns: s.maxRuns,
    enabled: s.enabled,
    missedRunPolicy: s.missedRunPolicy as ScheduleView["missedRunPolicy"],
    nextRunAt: iso(s.nextRunAt),
    runCount: s.runCount,
    lastRunAt: iso(s.lastRunAt),
    createdAt: s.createdAt.toISOString(),
    updatedAt: s.updatedAt.toISOString(),
  };
}

export function executionView(e: ExecutionRow): ExecutionView {
  return {
    id: e.id,
    scheduleId: e.schedule_id,
    scheduledFor: e.scheduled_for.toISOString(),
    firedAt: e.fired_at.toISOString(),
    status: e.status,
    reason: e.reason,
    missed: e.missed,
    runId: e.run_id,
    target: { type: e.target_type as ExecutionView["target"]["type"], id: e.target_id },
    manual: e.manual,
    detail: e.detail,
  };
}

const INSERT = `insert into schedule_executions
  (id, tenant_id, schedule_id, scheduled_for, fired_at, status, reason, missed, run_id, target_type, target_id, manual, detail)
  values ($1, $2, $3, $4, $5, $6, $7, $8, null, $9, $10, $11, null)
  on conflict (schedule_id, scheduled_for) where not manual do nothing
  returning *`;

/**
 * Records that occurrences were missed (downtime): one skipped execution standing for `count` of them. Null
 * when that occurrence already has an execution (the unique backstop).
 */
export async function recordMissed(
  tx: SqlRunner,
  s: ScheduleRow,
  m: { first: Date; last: Date; count: number; capped: boolean },
  now: Date,
): Promise<ExecutionRow | null> {
  const many = m.capped ? `${m.count} or more occurrences` : m.count === 1 ? "1 occurrence" : `${m.count} occurrences`;
  const span = m.count === 1 ? m.first.toISOString() : `${m.first.toISOString()} … ${m.last.toISOString()}`;
  const reason = `missed: the server was not running at ${span} (${many} skipped)`;
  const [row] = await tx.query<ExecutionRow>(INSERT, [
    newId(now.getTime()),
    s.tenantId,
    s.id,
    m.first,
    now,
    "skipped",
    reason,
    m.count,
    s.targetType,
    s.targetId,
    false,
  ]);
  return row ?? null;
}

/**
 * Fires one occurrence: claims it with its execution row (an occurrence already recorded is not fired again:
 * null), then starts the target inside a savepoint, so a target that cannot start now (an ApiError: skipped)
 * leaves the rest of the transaction intact. `failed`: no target of that type is registered on this server.
 */
export async function fireOnce(
  tx: SqlRunner,
  send: TransactionalSend,
  deps: { targets: ReadonlyMap<string, ScheduleTarget> },
  s: ScheduleRow,
  at: { scheduledFor: Date; now: Date; manual: boolean; note?: string },
): Promise<ExecutionRow | null> {
  const [claimed] = await tx.query<ExecutionRow>(INSERT, [
    newId(at.now.getTime()),
    s.tenantId,
    s.id,
    at.scheduledFor,
    at.now,
    "failed",
    null,
    null,
    s.targetType,
    s.targetId,
    at.manual,
  ]);
  if (!claimed) return null;
  let outcome: { status: ExecutionRow["status"]; reason: string | null; runId?: string; detail?: unknown };
  const target = deps.targets.get(s.targetType);
  if (!target) {
    outcome = { status: "failed", reason: `no ${s.targetType} target is available on this server` };
  } else {
    await tx.query("savepoint schedule_fire");
    try {
      const started = await target.start(tx, send, s.tenantId, s.targetId, { scheduleId: s.id, apiKeyId: s.apiKeyId });
      await tx.query("release savepoint schedule_fire");
      outcome = { status: "started", reason: at.note ?? null, runId: started.runId, detail: started.detail };
    } catch (err) {
      // Anything else (a bug, the queue stopping at shutdown) rolls the whole fire back: nothing is
      // recorded and the schedule stays due, so no fire is lost to a transient fault.
      if (!(err instanceof ApiError)) throw err;
      await tx.query("rollback to savepoint schedule_fire");
      outcome = { status: "skipped", reason: err.message };
    }
  }
  const [row] = await tx.query<ExecutionRow>(
    "update schedule_executions set status = $2, reason = $3, run_id = $4, detail = $5 where id = $1 returning *",
    [claimed.id, outcome.status, outcome.reason, outcome.runId ?? null, outcome.detail ?? null],
  );
  return row as ExecutionRow;
}
