import type { EventNames } from "../../shared/usage-events.ts";
import { defineModule } from "../manifest.ts";
import { registerConsistencyRoutes } from "./routes.ts";
import { ConsistencyService, RECONCILE_RUN } from "./service.ts";

const USAGE_EVENTS = ["persona_consistency_check", "timeline_reconcile_job"] as const;

declare module "../../context.ts" {
  interface ModuleServices {
    consistency: ConsistencyService;
  }
}
declare module "../../shared/usage-events.ts" {
  interface UsageEventNames extends EventNames<typeof USAGE_EVENTS> {}
}

/**
 * Consistency checks of a timeline (against itself, the profile and recent answers), their reports, and
 * the reconcile job that applies their safe fixes. Its routes use the timeline's tag and permissions.
 */
export const consistencyModule = defineModule({
  name: "consistency",
  dependsOn: ["analytics", "personas", "timeline", "prompting", "runs"],
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
      runs: ctx.runs,
      usage: ctx.usage,
      logger: ctx.logger,
    });
    ctx.personas.provideExport("consistencyReports", (tenantId, personaId) =>
      consistency.exportOf(tenantId, personaId),
    );
    ctx.personas.onDeleted(async (tenantId, personaId) => {
      await ctx.runs.purge(tenantId, [RECONCILE_RUN], { personaId });
    });
    return { consistency };
  },
  runKinds: (ctx) => [ctx.consistency.runKind()],
});
