import { z } from "zod";
import type { EventNames } from "../../shared/usage-events.ts";
import { defineJob, defineModule } from "../manifest.ts";
import { registerConsistencyRoutes } from "./routes.ts";
import { ConsistencyService } from "./service.ts";

const USAGE_EVENTS = ["persona_consistency_check", "timeline_reconcile_job"] as const;

const RECONCILE_RETRIES = 2;
const ReconcilePayload = z.object({ jobId: z.uuid(), tenantId: z.string().min(1) }).strict();

declare module "../../context.ts" {
  interface ModuleServices {
    consistency: ConsistencyService;
  }
}
declare module "../../shared/usage-events.ts" {
  interface UsageEventNames extends EventNames<typeof USAGE_EVENTS> {}
}
declare module "../../jobs/catalog.ts" {
  interface JobPayloads {
    "timeline.reconcile": z.infer<typeof ReconcilePayload>;
  }
}

/**
 * Consistency checks of a timeline (against itself, the profile and recent answers), their reports, and
 * the reconcile job that applies their safe fixes. Its routes use the timeline's tag and permissions.
 */
export const consistencyModule = defineModule({
  name: "consistency",
  dependsOn: ["analytics", "personas", "timeline", "prompting"],
  routes: registerConsistencyRoutes,
  usageEvents: USAGE_EVENTS,
  create: (ctx) => {
    const consistency = new ConsistencyService({
      database: ctx.database,
      personas: ctx.personas,
      timeline: ctx.timeline,
      sessions: ctx.sessions,
      llm: ctx.llm,
      jobs: ctx.jobs,
      usage: ctx.usage,
      logger: ctx.logger,
    });
    ctx.personas.provideExport("consistencyReports", (tenantId, personaId) =>
      consistency.exportOf(tenantId, personaId),
    );
    return { consistency };
  },
  recoverOrphans: (ctx, exclusive) => ctx.consistency.recoverOrphans(exclusive),
  jobs: {
    "timeline.reconcile": defineJob({
      payload: ReconcilePayload,
      description: "Applies a consistency report's safe fixes to a persona's timeline.",
      retryLimit: RECONCILE_RETRIES,
      retryDelay: 5,
      retryBackoff: true,
      expireInSeconds: 10 * 60,
      concurrency: 2,
      run: (ctx, { jobId, tenantId }, job) =>
        ctx.consistency.runReconcile(jobId, tenantId, { retryCount: job.retryCount, retryLimit: RECONCILE_RETRIES }),
    }),
  },
});
