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

/**
 * The job queue: pg-boss on the same database, on both drivers (PGlite through the `executeSql`
 * adapter). Durable (jobs survive restarts), retried per the catalog, and safe with many workers on
 * many machines against one PostgreSQL.
 */
export class JobQueue {
  private boss: PgBoss | undefined;
  private readonly workerIds = new Map<JobName, string[]>();
  private state: "new" | "started" | "stopped" = "new";
  private sent = 0;

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

  /** Starts the queue's `concurrency` workers, each taking one job at a time. */
  private async work<N extends JobName>(name: N, handler: JobHandler) {
    const boss = this.require();
    const ids: string[] = [];
    const def = this.definition(name);
    for (let i = 0; i < def.concurrency; i++) {
      let self = "";
      self = await boss.work<JobPayload<N>>(
        name,
        { pollingIntervalSeconds: this.opts.pollingIntervalSeconds, batchSize: 1, includeMetadata: true },
        async ([job]) => {
          if (!job) return;
          // A worker that just took a job looks again at once instead of sleeping out its polling interval:
          // with a backlog (a burst of tasks, a study's children) it drains the queue; with none, one more
          // empty fetch and then the usual wait. (pg-boss sleeps `interval - duration` after every job
          // unless the worker was notified meanwhile.)
          setImmediate(() => {
            if (self && this.state === "started") boss.notifyWorker(self);
          });
          const payload = def.payload.parse(job.data) as JobPayload<N>;
          return startLogContext(jobLogFields(name, job.id, payload), async () => {
            const attempt = job.retryCount + 1;
            const start = performance.now();
            try {
              const output = await handler(payload, { id: job.id, retryCount: job.retryCount });
              const ms = performance.now() - start;
              this.opts.metrics?.job(name, "succeeded", ms / 1000);
              this.logger.debug({ attempt, queueJobId: job.id, ms: Math.round(ms) }, "job done");
              return output;
            } catch (err) {
              this.opts.metrics?.job(name, "failed", (performance.now() - start) / 1000);
              this.logger.warn({ err, attempt, queueJobId: job.id }, "job failed");
              throw err;
            }
          });
        },
      );
      ids.push(self);
    }
    this.workerIds.set(name, ids);
  }

  private require(): PgBoss {
    if (!this.boss || this.state === "stopped") throw new Error("the job queue is not running");
    return this.boss;
  }

  /** Enqueues a job; the payload is checked against the catalog. Returns the job id. */
  async send<N extends JobName>(name: N, payload: JobPayload<N>, options: PgBoss.SendOptions = {}): Promise<string> {
    const id = await this.insert(name, payload, options);
    this.wake(name);
    return id;
  }

  private async insert<N extends JobName>(name: N, payload: JobPayload<N>, options: PgBoss.SendOptions) {
    const id = await this.require().send(name, this.definition(name).payload.parse(payload) as object, options);
    if (!id) throw new Error(`job ${name} was not queued`);
    return id;
  }

  /** Wakes an idle worker of this process now instead of at its next poll. */
  private wake(name: JobName) {
    const workers = this.workerIds.get(name);
    if (workers?.length) this.require().notifyWorker(workers[this.sent++ % workers.length] as string);
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
    await this.boss.stop({ graceful: true, wait: true, timeout: 10_000, close: false });
  }
}
