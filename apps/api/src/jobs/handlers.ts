import type { AppContext } from "../context.ts";
import { JOBS, type JobHandlers } from "./catalog.ts";

/** The processors of the catalog's jobs: thin, each calls a service. */
export function jobHandlers(
  ctx: Pick<AppContext, "idempotency" | "logger" | "prompts" | "consistency" | "database" | "safety">,
): JobHandlers {
  return {
    "webhook.deliver": async ({ deliveryId, tenantId }, job) => {
      await ctx.safety.deliver(deliveryId, tenantId, {
        retryCount: job.retryCount ?? 0,
        retryLimit: JOBS["webhook.deliver"].retryLimit,
      });
    },
    "timeline.reconcile": async ({ jobId, tenantId }, job) => {
      await ctx.consistency.runReconcile(jobId, tenantId, {
        retryCount: job.retryCount ?? 0,
        retryLimit: JOBS["timeline.reconcile"].retryLimit,
      });
    },
    "prompt.run": async ({ jobId, tenantId }, job) => {
      await ctx.prompts.runJob(jobId, tenantId, {
        retryCount: job.retryCount ?? 0,
        retryLimit: JOBS["prompt.run"].retryLimit,
      });
    },
    "jobs.recover": async () => ({
      prompts: await ctx.prompts.recoverOrphans(false),
      reconcile: await ctx.consistency.recoverOrphans(false),
    }),
    "maintenance.sweep": async () => {
      const idempotencyKeys = await ctx.idempotency.sweep();
      // PGlite has no autovacuum: keep the planner's statistics fresh (PostgreSQL does this itself).
      if (ctx.database.needsAnalyze) await ctx.database.query("analyze");
      return { idempotencyKeys };
    },
  };
}
