import { and, desc, eq, type SQL } from "drizzle-orm";
import type { Database } from "../../db/client.ts";
import { ApiError, notFound } from "../../errors.ts";
import { newId } from "../../ids.ts";
import type { JobQueue } from "../../jobs/queue.ts";
import type { Logger } from "../../logger.ts";
import { afterCursor, type Page, pageOf } from "../../pagination.ts";
import type { UsageRecorder } from "../analytics/index.ts";
import { type ExecutionRow, executionView, fireOnce, fromRaw, type ScheduleRow, scheduleView } from "./firing.ts";
import type { ScheduleTarget } from "./index.ts";
import { ScheduleRunner } from "./runner.ts";
import { nextRuns, type ScheduleTiming } from "./schedule-math.ts";
import { scheduleExecutions, schedules } from "./schema.ts";
import {
  type CreateSchedule,
  checkTimingShape,
  type ExecutionView,
  type ScheduleView,
  type UpdateSchedule,
} from "./schemas.ts";

export interface ScheduleOptions {
  /** The deployment's queue (JOB_QUEUE_SCHEMA): this server fires only its own deployment's schedules. */
  queue: string;
  /** SCHEDULER_TICK_MS: how often the runner looks for due schedules. */
  tickMs: number;
  /** SCHEDULE_GRACE_SECONDS, in ms: a fire later than this is missed (downtime). */
  graceMs: number;
}

const invalid = (path: string, message: string) =>
  new ApiError("validation_error", `Invalid request body: ${path}: ${message}`, [{ path, message }]);

const timingOf = (s: ScheduleRow): ScheduleTiming => ({
  runAt: s.runAt,
  cron: s.cron,
  timezone: s.timezone,
  startAt: s.startAt,
  endAt: s.endAt,
  maxRuns: s.maxRuns,
});
const date = (v: string | null | undefined) => (v == null ? null : new Date(v));

/**
 * Schedules (docs/schedules.md): one-time or recurring fires of a task or a study. CRUD, preview and
 * trigger-now here; the runner (runner.ts) fires due schedules in worker processes. Targets plug in through
 * `registerTarget` (a port: this module imports neither tasks nor studies).
 */
export class ScheduleService {
  private readonly targets = new Map<string, ScheduleTarget>();
  private readonly runner: ScheduleRunner;

  constructor(
    private readonly deps: {
      database: Database;
      jobs: JobQueue;
      logger: Logger;
      usage: UsageRecorder;
      now: () => Date;
      options: ScheduleOptions;
    },
  ) {
    this.runner = new ScheduleRunner({ ...deps, targets: this.targets });
  }

  /** Plugs in a kind of target (tasks and studies do, in their manifests). One per type. */
  registerTarget(target: ScheduleTarget): void {
    if (this.targets.has(target.type)) throw new Error(`a schedule target for "${target.type}" is registered twice`);
    this.targets.set(target.type, target);
  }

  private async checkTarget(tenantId: string, target: { type: string; id: string }) {
    const t = this.targets.get(target.type);
    if (!t) {
      const why = target.type === "study" ? "studies are not available yet" : "tasks are not available yet";
      throw invalid("target.type", `no ${target.type} target on this server: ${why}`);
    }
    await t.check(tenantId, target.id);
  }

  /** The next fire of a timing from now (null: disabled, or nothing left to fire). */
  private nextOf(t: ScheduleTiming, enabled: boolean, runCount: number, now: Date): Date | null {
    return enabled ? (nextRuns(t, now, 1, runCount)[0] ?? null) : null;
  }

  /** What only the clock can tell: runAt ahead, endAt ahead, a cron that fires at least once. */
  private checkAhead(t: ScheduleTiming, runCount: number, now: Date) {
    if (t.runAt && t.runAt <= now) throw invalid("runAt", "must be in the future");
    if (t.endAt && t.endAt <= now) throw invalid("endAt", "must be in the future");
    if (t.cron && nextRuns(t, now, 1, runCount).length === 0) {
      throw invalid("cron", "never fires between startAt and endAt");
    }
  }

  async create(tenantId: string, apiKeyId: string | null, body: CreateSchedule): Promise<ScheduleView> {
    await this.checkTarget(tenantId, body.target);
    const now = this.deps.now();
    const timing: ScheduleTiming = {
      runAt: date(body.runAt),
      cron: body.cron ?? null,
      // A cron without a zone is read in UTC (documented), so every recurring schedule names its zone.
      timezone: body.cron ? (body.timezone ?? "UTC") : null,
      startAt: date(body.startAt),
      endAt: date(body.endAt),
      maxRuns: body.maxRuns ?? null,
    };
    this.checkAhead(timing, 0, now);
    const enabled = body.enabled ?? true;
    const [row] = await this.deps.database.db
      .insert(schedules)
      .values({
        id: newId(now.getTime()),
        tenantId,
        name: body.name ?? null,
        targetType: body.target.type,
        targetId: body.target.id,
        ...timing,
        enabled,
        missedRunPolicy: body.missedRunPolicy ?? "skip",
        nextRunAt: this.nextOf(timing, enabled, 0, now),
        queue: this.deps.options.queue,
        apiKeyId,
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    return scheduleView(row as ScheduleRow);
  }

  private async row(tenantId: string, id: string): Promise<ScheduleRow> {
    const [row] = await this.deps.database.db
      .select()
      .from(schedules)
      .where(and(eq(schedules.tenantId, tenantId), eq(schedules.id, id)));
    if (!row) throw notFound("Schedule");
    return row;
  }

  async get(tenantId: string, id: string): Promise<ScheduleView> {
    return scheduleView(await this.row(tenantId, id));
  }

  /** Newest first; filters by enabled, target type and target id. */
  async list(
    tenantId: string,
    q: { enabled?: "true" | "false"; targetType?: string; targetId?: string; limit: number; cursor?: string },
  ): Promise<Page<ScheduleView>> {
    const where: (SQL | undefined)[] = [eq(schedules.tenantId, tenantId)];
    if (q.enabled) where.push(eq(schedules.enabled, q.enabled === "true"));
    if (q.targetType) where.push(eq(schedules.targetType, q.targetType));
    if (q.targetId) where.push(eq(schedules.targetId, q.targetId));
    where.push(afterCursor(schedules.createdAt, schedules.id, q.cursor));
    const rows = await this.deps.database.db
      .select()
      .from(schedules)
      .where(and(...where))
      .orderBy(desc(schedules.createdAt), desc(schedules.id))
      .limit(q.limit + 1);
    return pageOf(rows, q.limit, (r) => ({ t: r.createdAt, id: r.id }), scheduleView);
  }

  /**
   * Changes the given fields. A new timing (or enabling) recomputes `nextRunAt` from now, so the time a
   * schedule was disabled is never "missed"; a new `runAt` lets a one-time schedule fire again.
   */
  async update(tenantId: string, id: string, body: UpdateSchedule): Promise<ScheduleView> {
    const s = await this.row(tenantId, id);
    if (body.target) await this.checkTarget(tenantId, body.target);
    const now = this.deps.now();
    const t: ScheduleTiming = { ...timingOf(s) };
    // A new runAt makes it one-time: the recurring fields go (unless given again, which is then refused).
    if (body.runAt !== undefined) {
      Object.assign(t, {
        runAt: date(body.runAt),
        cron: null,
        timezone: null,
        startAt: null,
        endAt: null,
        maxRuns: null,
      });
    }
    if (body.cron !== undefined) Object.assign(t, { runAt: null, cron: body.cron, timezone: t.timezone ?? "UTC" });
    if (body.timezone !== undefined) t.timezone = body.timezone;
    if (body.startAt !== undefined) t.startAt = date(body.startAt);
    if (body.endAt !== undefined) t.endAt = date(body.endAt);
    if (body.maxRuns !== undefined) t.maxRuns = body.maxRuns;
    checkTimingShape(
      {
        runAt: t.runAt?.toISOString(),
        timezone: t.runAt ? body.timezone : null,
        startAt: t.startAt?.toISOString(),
        endAt: t.endAt?.toISOString(),
        maxRuns: t.maxRuns,
      },
      {
        addIssue: (i) => {
          throw invalid(i.path.join("."), i.message);
        },
      },
    );
    const runCount = body.runAt !== undefined ? 0 : s.runCount;
    const timingChanged = ["runAt", "cron", "timezone", "startAt", "endAt", "maxRuns"].some(
      (k) => body[k as keyof UpdateSchedule] !== undefined,
    );
    if (timingChanged) this.checkAhead(t, runCount, now);
    const enabled = body.enabled ?? s.enabled;
    const recompute = timingChanged || enabled !== s.enabled;
    const [row] = await this.deps.database.db
      .update(schedules)
      .set({
        ...t,
        ...(body.name !== undefined ? { name: body.name } : {}),
        ...(body.target ? { targetType: body.target.type, targetId: body.target.id } : {}),
        ...(body.missedRunPolicy ? { missedRunPolicy: body.missedRunPolicy } : {}),
        enabled,
        runCount,
        ...(recompute ? { nextRunAt: this.nextOf(t, enabled, runCount, now) } : {}),
        updatedAt: now,
      })
      .where(and(eq(schedules.tenantId, tenantId), eq(schedules.id, id)))
      .returning();
    if (!row) throw notFound("Schedule");
    return scheduleView(row);
  }

  /** Deletes the schedule and its executions; the runs it started stay (they are their targets'). */
  async delete(tenantId: string, id: string): Promise<void> {
    const gone = await this.deps.database.db
      .delete(schedules)
      .where(and(eq(schedules.tenantId, tenantId), eq(schedules.id, id)))
      .returning({ id: schedules.id });
    if (gone.length === 0) throw notFound("Schedule");
  }

  /** The next `count` fire times from now (as if enabled), within its bounds and the runs left of maxRuns. */
  async preview(tenantId: string, id: string, count: number): Promise<string[]> {
    const s = await this.row(tenantId, id);
    return nextRuns(timingOf(s), this.deps.now(), count, s.runCount).map((d) => d.toISOString());
  }

  async executions(
    tenantId: string,
    scheduleId: string,
    q: { limit: number; cursor?: string },
  ): Promise<Page<ExecutionView>> {
    await this.row(tenantId, scheduleId);
    const e = scheduleExecutions;
    const rows = await this.deps.database.db
      .select()
      .from(e)
      .where(and(eq(e.tenantId, tenantId), eq(e.scheduleId, scheduleId), afterCursor(e.firedAt, e.id, q.cursor)))
      .orderBy(desc(e.firedAt), desc(e.id))
      .limit(q.limit + 1);
    return pageOf(
      rows,
      q.limit,
      (r) => ({ t: r.firedAt, id: r.id }),
      (r) =>
        executionView({
          id: r.id,
          schedule_id: r.scheduleId,
          scheduled_for: r.scheduledFor,
          fired_at: r.firedAt,
          status: r.status as ExecutionRow["status"],
          reason: r.reason,
          missed: r.missed,
          run_id: r.runId,
          target_type: r.targetType,
          target_id: r.targetId,
          manual: r.manual,
          detail: r.detail as Record<string, unknown> | null,
        }),
    );
  }

  /**
   * Fires now, through the same path as a scheduled fire (`manual: true`), whether or not the schedule is
   * enabled. It does not move `nextRunAt` and does not count toward `maxRuns`.
   */
  async triggerNow(tenantId: string, id: string): Promise<{ schedule: ScheduleView; execution: ExecutionView }> {
    const now = this.deps.now();
    return this.deps.jobs.atomically(async (tx, send) => {
      const [raw] = await tx.query<Record<string, unknown>>(
        "select * from schedules where tenant_id = $1 and id = $2 for update",
        [tenantId, id],
      );
      if (!raw) throw notFound("Schedule");
      const s = fromRaw(raw);
      const execution = await fireOnce(tx, send, { targets: this.targets }, s, {
        scheduledFor: now,
        now,
        manual: true,
      });
      if (!execution) throw new Error("a manual execution cannot collide");
      const [updated] = await tx.query<Record<string, unknown>>(
        `update schedules set last_run_at = case when $2 then $3 else last_run_at end, updated_at = $3
         where id = $1 returning *`,
        [s.id, execution.status === "started", now],
      );
      return {
        schedule: scheduleView(fromRaw(updated as Record<string, unknown>)),
        execution: executionView(execution),
      };
    });
  }

  /** One pass of the runner now (tests and the runner's loop). */
  tick(): Promise<number> {
    return this.runner.tick();
  }

  startRunner(): void {
    this.runner.start();
  }

  stopRunner(): Promise<void> {
    return this.runner.stop();
  }
}
