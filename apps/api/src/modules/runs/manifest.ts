import { z } from "zod";
import { type Names, type PermissionGrants, READERS, WRITERS } from "../../shared/permissions.ts";
import { defineJob, defineModule } from "../manifest.ts";
import { registerRunRoutes } from "./routes.ts";
import { RunService } from "./service.ts";

const PERMISSIONS = {
  /** Background runs (async prompts, reconcile jobs, webhook deliveries, tasks, studies) and their events. */
  "runs:read": READERS,
  /** Pause, resume, cancel and retry runs. */
  "runs:write": WRITERS,
} as const satisfies PermissionGrants;

const ExecutePayload = z.object({ runId: z.uuid(), tenantId: z.string().min(1) }).strict();

declare module "../../context.ts" {
  interface ModuleServices {
    runs: RunService;
  }
}
declare module "../../shared/permissions.ts" {
  interface PermissionNames extends Names<typeof PERMISSIONS> {}
}
declare module "../../jobs/catalog.ts" {
  interface JobPayloads {
    "runs.execute": z.infer<typeof ExecutePayload>;
  }
}

/**
 * The run engine (docs/runs.md): durable runs of every module's run kinds, their queue, leases, retries,
 * limits, pause/resume/cancel, events and the stuck-run sweep.
 */
export const runsModule = defineModule({
  name: "runs",
  tags: [
    {
      name: "Runs",
      description: "Durable background work: state, progress, children, pause, resume, cancel, retry",
    },
  ],
  routes: registerRunRoutes,
  permissions: PERMISSIONS,
  create: (ctx) => ({
    runs: new RunService({
      database: ctx.database,
      jobs: ctx.jobs,
      logger: ctx.logger,
      options: {
        queue: ctx.config.jobQueueSchema,
        limits: (key) => ctx.config.runs.limits[key] ?? null,
        limitedKeys: Object.keys(ctx.config.runs.limits),
        lease: { heartbeatMs: ctx.config.runs.heartbeatMs, staleMs: ctx.config.runs.staleMs },
      },
    }),
  }),
  // Every module's kinds, bound to its services (built by now), before any worker takes a run.
  ready: (ctx) => ctx.runs.register(ctx.modules.flatMap((m) => m.runKinds?.(ctx) ?? [])),
  startWorkers: async (ctx, exclusive) => {
    await ctx.runs.sweep(exclusive);
    ctx.runs.startSweeper();
  },
  stop: async (ctx) => ctx.runs.stopSweeper(),
  jobs: {
    "runs.execute": defineJob({
      payload: ExecutePayload,
      description:
        "One attempt of a run (modules/runs): claimed under a lease; retries, limits and dead letters are the run engine's. " +
        "Redelivered by the queue only when a worker died before claiming it.",
      retryLimit: 3,
      retryDelay: 5,
      retryBackoff: true,
      expireInSeconds: 30 * 60,
      concurrency: 8,
      run: (ctx, { runId, tenantId }) => ctx.runs.execute(runId, tenantId),
    }),
  },
});
