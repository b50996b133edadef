import type { SqlRunner } from "../../db/client.ts";
import type { JobQueue, TransactionalSend } from "../../jobs/queue.ts";
import type { Logger } from "../../logger.ts";
import type { UsageRecorder } from "../analytics/index.ts";
import { type ExecutionRow, fireOnce, fromRaw, recordMissed, type ScheduleRow } from "./firing.ts";
import type { ScheduleTarget } from "./index.ts";
import { type MissedRunPolicy, nextRuns, planFire } from "./schedule-math.ts";
import type { ScheduleOptions } from "./service.ts";

/** Due schedules one pass fires (one transaction each); a full pass is followed at once by another. */
const BATCH = 50;

/**
 * The scheduler of a worker process: every SCHEDULER_TICK_MS it claims the deployment's due schedules and
 * fires them. Exactly once across processes: the claim is `for update skip locked` (a schedule another
 * process is firing is passed over, not waited for), the fire, its execution row, the target's run and the
 * schedule's advance commit in one transaction (one per schedule, so one schedule's trouble never undoes
 * another's fire), and the execution's unique (schedule, occurrence) is the backstop. The clock is the injected `now`, never `Date.now()`.
 */
export class ScheduleRunner {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> = Promise.resolve();
  private stopped = true;

  constructor(
    private readonly deps: {
      jobs: JobQueue;
      logger: Logger;
      usage: UsageRecorder;
      now: () => Date;
      options: ScheduleOptions;
      targets: ReadonlyMap<string, ScheduleTarget>;
    },
  ) {}

  start(): void {
    this.stopped = false;
    this.arm();
  }

  private arm() {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.drain()
        .catch((err) => this.deps.logger.error({ err }, "schedule tick failed"))
        .finally(() => this.arm());
    }, this.deps.options.tickMs);
    this.timer.unref();
  }

  /** Ticks until a pass claims less than a full batch (a backlog after downtime drains at once). */
  private async drain() {
    while (!this.stopped && (await this.tick()) === BATCH) {}
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  /**
   * One pass: fires what is due now, one schedule per transaction, at most BATCH of them; returns how many
   * it took. A schedule whose fire broke unexpectedly (its transaction rolled back: nothing recorded, still
   * due) is passed over for the rest of the pass and tried again at the next one.
   */
  async tick(): Promise<number> {
    const now = this.deps.now();
    const broken: string[] = [];
    let taken = 0;
    while (taken < BATCH) {
      let id: string | undefined;
      try {
        const fired = await this.deps.jobs.atomically(async (tx, send) => {
          const [raw] = await tx.query<Record<string, unknown>>(
            `select * from schedules
              where queue = $1 and enabled and next_run_at is not null and next_run_at <= $2
                and not (id = any($3::uuid[]))
              order by next_run_at limit 1
              for update skip locked`,
            [this.deps.options.queue, now, broken],
          );
          if (!raw) return null;
          const s = fromRaw(raw);
          id = s.id;
          return { s, executions: await this.fireDue(tx, send, s, now) };
        });
        if (!fired) break;
        for (const { e, late } of fired.executions) this.recordUsage(fired.s, e, late);
      } catch (err) {
        if (!id) throw err;
        this.deps.logger.error({ err, scheduleId: id }, "a schedule's fire failed; it stays due");
        broken.push(id);
      }
      taken++;
    }
    return taken;
  }

  private recordUsage(s: ScheduleRow, e: ExecutionRow, late: boolean) {
    this.deps.usage.record({
      tenantId: s.tenantId,
      apiKeyId: s.apiKeyId,
      event: "schedule_fire",
      payload: {
        scheduleId: s.id,
        executionId: e.id,
        status: e.status,
        runId: e.run_id,
        targetType: s.targetType,
        scheduledFor: e.scheduled_for.toISOString(),
        late,
        ...(e.missed ? { missed: e.missed } : {}),
      },
    });
  }

  /** A due schedule: its missed occurrences summarised, its latest one fired (or not), then advanced. */
  private async fireDue(tx: SqlRunner, send: TransactionalSend, s: ScheduleRow, now: Date) {
    const plan = planFire(s, s.nextRunAt as Date, now, {
      graceMs: this.deps.options.graceMs,
      policy: s.missedRunPolicy as MissedRunPolicy,
    });
    const out: { e: ExecutionRow; late: boolean }[] = [];
    if (plan.missed) {
      const e = await recordMissed(tx, s, plan.missed, now);
      if (e) out.push({ e, late: true });
    }
    let started = false;
    if (plan.fire) {
      const note = plan.fire.late
        ? `missed: the server was not running at ${plan.fire.scheduledFor.toISOString()}; fired once now (run_once)`
        : undefined;
      const e = await fireOnce(tx, send, this.deps, s, {
        scheduledFor: plan.fire.scheduledFor,
        now,
        manual: false,
        note,
      });
      if (e) {
        out.push({ e, late: plan.fire.late });
        started = e.status === "started";
      }
    }
    // A fire the target refused (skipped) or that broke does not count toward maxRuns. Null: done.
    const runCount = s.runCount + (started ? 1 : 0);
    const nextRunAt = nextRuns(s, now, 1, runCount)[0] ?? null;
    await tx.query(
      `update schedules set next_run_at = $2, run_count = $3,
         last_run_at = case when $4 then $5 else last_run_at end, updated_at = $5
       where id = $1`,
      [s.id, nextRunAt, runCount, started, now],
    );
    return out;
  }
}
