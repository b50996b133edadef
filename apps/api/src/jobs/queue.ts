import PgBoss from "pg-boss";
import type { Database, SqlRunner } from "../db/client.ts";
import { type LogFields, startLogContext } from "../log-context.ts";
import type { Logger } from "../logger.ts";
import type { Metrics } from "../metrics.ts";
import type { JobCatalog, JobDefinition, JobHandler, JobName, JobPayload } from "./catalog.ts";

/** `JobQueue.atomically`'s send: the message commits with the caller's transaction. */
export type TransactionalSend = <N extends JobName>(
  name: N,
  payload: JobPayload<N>,
  options?: { startAfter?: number },
) => Promise<string>;

export interface JobQueueOptions {
  /** Run workers in this process (`serve` and `worker` do; a pure API node may not). */
  workers: boolean;
  /** How often an idle worker polls for jobs, in seconds (pg-boss minimum 0.5). */
  pollingIntervalSeconds: number;
  /** Schema of pg-boss's tables. */
  schema: string;
  /** Every queue with its payload schema and retry policy (from the module registry). */
  catalog: JobCatalog;
  /** Where each worked job's duration is counted (docs/operations.md); the queue's depth is read from `health()`. */
  metrics?: Metrics;
}

/**
 * The log context of one job: a new one (never the context of whatever woke the worker), with the job's
 * queue, its id (the id the API gave out when the payload names one, e.g. an async prompt's `jobId`, else
 * the queue's own) and the tenant the payload names.
 */
function jobLogFields(name: JobName, queueJobId: string, payload: object): LogFields {
  const { jobId, runId, tenantId } = payload as { jobId?: unknown; runId?: unknown; tenantId?: unknown };
  // A run's id is the id the API hands out for it (an async prompt's or a reconcile job's jobId).
  const apiId = typeof jobId === "string" ? jobId : typeof runId === "string" ? runId : undefined;
  return {
    job: name,
    jobId: apiId ?? queueJobId,
    ...(typeof runId === "string" ? { runId } : {}),
    ...(typeof tenantId === "string" ? { tenantId } : {}),
  };
}

/** What a failed job keeps as its output (pg-boss's own worker stored the error the same way). */
function errorOutput(err: unknown): object {
  return err instanceof Error ? { name: err.name, message: err.message, stack: err.stack } : { value: String(err) };
}

/**
 * The job queue: pg-boss on the same database, on both drivers (PGlite through the `executeSql`
 * adapter). Durable (jobs survive restarts), retried per the catalog, and safe with many workers on
 * many machines against one PostgreSQL.
 */
/**
 * One queue's worker in this process: ONE poller that fetches as many jobs as it has free slots
 * (`concurrency`), runs them at once, and looks again when a slot frees, when this process sends a job
 * (`wake`), or after the polling interval when idle. (pg-boss's own `work` polls once per slot: with a run
 * queue of 64 slots, an idle embedded server spent about a third of a core on empty fetches.)
 */
export class QueuePoller {
  private readonly active = new Set<Promise<void>>();
  private stopping = false;
  private notified = false;
  private sleeping: (() => void) | undefined;
  private loop: Promise<void> | undefined;

  constructor(
    private readonly o: {
      concurrency: number;
      intervalMs: number;
      fetch: (n: number) => Promise<PgBoss.JobWithMetadata<unknown>[]>;
      run: (job: PgBoss.JobWithMetadata<unknown>) => Promise<void>;
      onError: (err: unknown) => void;
    },
  ) {}

  start() {
    this.loop = this.poll();
  }

  /** Looks for jobs now (a job was sent, or a slot freed). */
  wake() {
    this.notified = true;
    this.sleeping?.();
  }

  /** Stops fetching; resolves when the jobs running have ended or after `timeoutMs`. */
  async stop(timeoutMs: number) {
    this.stopping = true;
    this.sleeping?.();
    await this.loop;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.allSettled([...this.active]),
      new Promise<void>((r) => {
        timer = setTimeout(r, timeoutMs);
      }),
    ]);
    clearTimeout(timer);
  }

  private async poll() {
    while (!this.stopping) {
      const free = this.o.concurrency - this.active.size;
      if (free <= 0) {
        // Every slot taken: the next look comes when a job ends (a sent job's wake only re-checks).
        await this.sleep(undefined);
        continue;
      }
      this.notified = false;
      let fetched = 0;
      try {
        const jobs = await this.o.fetch(free);
        fetched = jobs.length;
        for (const job of jobs) {
          const done: Promise<void> = this.o
            .run(job)
            .catch(this.o.onError)
            .finally(() => {
              this.active.delete(done);
              this.wake();
            });
          this.active.add(done);
        }
      } catch (err) {
        this.o.onError(err);
      }
      // Every free slot filled: there may be more waiting. Woken meanwhile: look again.
      if (fetched === free || this.notified) continue;
      await this.sleep(this.o.intervalMs);
    }
  }

  /** Until `wake` (or `stop`), or `ms` when given. */
  private async sleep(ms: number | undefined) {
    if (this.stopping) return;
    await new Promise<void>((resolve) => {
      const timer = ms === undefined ? undefined : setTimeout(resolve, ms);
      timer?.unref();
      this.sleeping = () => {
        clearTimeout(timer);
        resolve();
      };
    });
    this.sleeping = undefined;
  }
}

export class JobQueue {
  private boss: PgBoss | undefined;
  private readonly pollers = new Map<JobName, QueuePoller>();
  private state: "new" | "started" | "stopped" = "new";

  constructor(
    private readonly database: Database,
    private readonly logger: Logger,
    private readonly opts: JobQueueOptions,
  ) {}

  /** A queue's definition (its payload schema and retry policy). */
  definition(name: JobName): JobDefinition {
    const def = this.opts.catalog[name];
    if (!def) throw new Error(`no job ${name} in the catalog`);
    return def;
  }

  async start(handlers?: Readonly<Record<string, JobHandler>>): Promise<void> {
    const boss = new PgBoss({
      db: { executeSql: (text: string, values: unknown[]) => this.database.execSql(text, values) },
      schema: this.opts.schema,
      // Only processes that run workers also run maintenance and the cron scheduler.
      supervise: this.opts.workers,
      schedule: this.opts.workers,
    });
    boss.on("error", (err) => this.logger.error({ err }, "job queue error"));
    await boss.start();
    this.boss = boss;
    for (const [name, def] of Object.entries(this.opts.catalog)) {
      const queue = {
        name,
        retryLimit: def.retryLimit,
        retryDelay: def.retryDelay,
        retryBackoff: def.retryBackoff,
        expireInSeconds: def.expireInSeconds,
      };
      if (await boss.getQueue(name)) await boss.updateQueue(name, queue);
      else await boss.createQueue(name, queue);
      if (def.cron && this.opts.workers) await boss.schedule(name, def.cron, {}, { tz: "UTC" });
    }
    if (this.opts.workers && handlers) {
      for (const name of Object.keys(this.opts.catalog) as JobName[]) {
        const handler = handlers[name];
        if (!handler) throw new Error(`no handler for job ${name}`);
        await this.work(name, handler);
      }
    }
    this.state = "started";
  }

  /**
   * Starts the queue's poller: up to `concurrency` jobs at once, each completed (or failed, to be retried
   * by the queue's policy) when its handler settles.
   */
  private async work<N extends JobName>(name: N, handler: JobHandler) {
    const boss = this.require();
    const def = this.definition(name);
    const poller = new QueuePoller({
      concurrency: def.concurrency,
      intervalMs: this.opts.pollingIntervalSeconds * 1000,
      fetch: (n) => boss.fetch(name, { batchSize: n, includeMetadata: true }),
      onError: (err) => this.logger.error({ err, queue: name }, "job queue error"),
      run: async (job) => {
        const attempt = job.retryCount + 1;
        const start = performance.now();
        const parsed = def.payload.safeParse(job.data);
        if (!parsed.success) {
          this.logger.warn({ err: parsed.error, job: name, attempt, queueJobId: job.id }, "job failed");
          await boss.fail(name, job.id, errorOutput(parsed.error));
          return;
        }
        const payload = parsed.data as JobPayload<N>;
        // The job's lines (its handler's, and "job done" or "job failed") carry its ids, never a request's.
        await startLogContext(jobLogFields(name, job.id, payload), async () => {
          try {
            const output = await handler(payload, { id: job.id, retryCount: job.retryCount });
            const ms = performance.now() - start;
            this.opts.metrics?.job(name, "succeeded", ms / 1000);
            this.logger.debug({ attempt, queueJobId: job.id, ms: Math.round(ms) }, "job done");
            await boss.complete(name, job.id, (output ?? undefined) as object);
          } catch (err) {
            this.opts.metrics?.job(name, "failed", (performance.now() - start) / 1000);
            this.logger.warn({ err, attempt, queueJobId: job.id }, "job failed");
            await boss.fail(name, job.id, errorOutput(err));
          }
        });
      },
    });
    this.pollers.set(name, poller);
    poller.start();
  }

  private require(): PgBoss {
    if (!this.boss || this.state === "stopped") throw new Error("the job queue is not running");
    return this.boss;
  }

  /** Enqueues a job; the payload is checked against the catalog. Returns the job id. */
  async send<N extends JobName>(name: N, payload: JobPayload<N>, options: PgBoss.SendOptions = {}): Promise<string> {
    const id = await this.insert(name, payload, options);
    if (!options.startAfter) this.wake(name);
    return id;
  }

  private async insert<N extends JobName>(name: N, payload: JobPayload<N>, options: PgBoss.SendOptions) {
    const id = await this.require().send(name, this.definition(name).payload.parse(payload) as object, options);
    if (!id) throw new Error(`job ${name} was not queued`);
    return id;
  }

  /** Wakes this process's poller of the queue now instead of at its next poll. */
  private wake(name: JobName) {
    this.pollers.get(name)?.wake();
  }

  /**
   * Transactional enqueue: `fn` writes its rows on `tx` and sends its queue messages through `send`, on the
   * same transaction; both commit together or neither does, so a crash in between can never leave a row
   * `queued` with no message to run it. Workers are woken after the commit.
   */
  async atomically<T>(fn: (tx: SqlRunner, send: TransactionalSend) => Promise<T>): Promise<T> {
    const sent: JobName[] = [];
    const result = await this.database.transaction((tx) =>
      fn(tx, async (name, payload, options) => {
        const id = await this.insert(name, payload, {
          ...options,
          db: { executeSql: (text, values) => tx.execSql(text, values) },
        });
        sent.push(name);
        return id;
      }),
    );
    for (const name of sent) this.wake(name);
    return result;
  }

  async getJob(name: JobName, id: string) {
    return this.require().getJobById(name, id);
  }

  /** For /health: answers when the queue's tables answer, with the backlog per queue. */
  async health(): Promise<{ latencyMs: number; workers: boolean; queues: Record<string, number> }> {
    const boss = this.require();
    const start = performance.now();
    const queues: Record<string, number> = {};
    for (const name of Object.keys(this.opts.catalog)) queues[name] = await boss.getQueueSize(name);
    return { latencyMs: Math.round((performance.now() - start) * 100) / 100, workers: this.opts.workers, queues };
  }

  async stop(): Promise<void> {
    if (this.state !== "started" || !this.boss) return;
    this.state = "stopped";
    // Jobs still running finish (and are completed) before the queue stops, for up to 10 s.
    await Promise.all([...this.pollers.values()].map((p) => p.stop(10_000)));
    await this.boss.stop({ graceful: true, wait: true, timeout: 10_000, close: false });
  }
}
