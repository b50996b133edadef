import type { z } from "zod";

/**
 * The typed job catalog (DESIGN.md §4): queue name → payload schema, retry policy, and an optional
 * cron schedule. Each module declares its jobs, with their handlers, in its manifest; the registry
 * gathers them into one catalog for the queue (modules/manifest.ts `jobCatalog`).
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

export type JobCatalog = Readonly<Record<string, JobDefinition>>;

/**
 * The payload type of each queue, filled by declaration merging in the manifest that declares it
 * (`declare module "../../jobs/catalog.ts" { interface JobPayloads { "prompt.run": … } }`), so `send`
 * only takes a declared queue with its payload.
 */
// biome-ignore lint/suspicious/noEmptyInterface: filled by the modules' declaration merging
export interface JobPayloads {}
export type JobName = keyof JobPayloads & string;
export type JobPayload<N extends JobName> = JobPayloads[N];
export type JobHandler = (payload: unknown, job: { id: string; retryCount?: number }) => Promise<unknown>;
