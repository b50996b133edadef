import { z } from "zod";

/**
 * The typed job catalog (DESIGN.md §4): queue name → payload schema, retry policy, and an optional
 * cron schedule. Processors (handlers.ts) stay thin and call services.
 */
export interface JobDefinition<P extends z.ZodType = z.ZodType> {
  payload: P;
  description: string;
  retryLimit: number;
  /** Seconds before the first retry; doubled each time when `retryBackoff`. */
  retryDelay: number;
  retryBackoff: boolean;
  /** A job still active after this long is failed (and retried if it has tries left). */
  expireInSeconds: number;
  /** Jobs of this queue one process runs at once (model calls wait on the network). */
  concurrency: number;
  /** Recurring schedule (UTC), enqueued by the queue's own scheduler: once per tick across all servers. */
  cron?: string;
}

export const JOBS = {
  "runs.execute": {
    payload: z.object({ runId: z.uuid(), tenantId: z.string().min(1) }).strict(),
    description:
      "One attempt of a run (modules/runs): claimed under a lease; retries, limits and dead letters are the run engine's. " +
      "Redelivered by the queue only when a worker died before claiming it.",
    retryLimit: 3,
    retryDelay: 5,
    retryBackoff: true,
    expireInSeconds: 30 * 60,
    concurrency: 8,
  },

  "maintenance.sweep": {
    payload: z.object({}).strict(),
    description:
      "Hourly clean-up: drops Idempotency-Key records older than 24 h; refreshes planner statistics on PGlite.",
    retryLimit: 2,
    retryDelay: 60,
    retryBackoff: true,
    expireInSeconds: 300,
    concurrency: 1,
    cron: "17 * * * *",
  },
} satisfies Record<string, JobDefinition>;

export type JobName = keyof typeof JOBS;
export type JobPayload<N extends JobName> = z.infer<(typeof JOBS)[N]["payload"]>;
export type JobHandlers = {
  [N in JobName]: (payload: JobPayload<N>, job: { id: string; retryCount?: number }) => Promise<unknown>;
};
