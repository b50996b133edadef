import { type Names, type PermissionGrants, READERS, WRITERS } from "../../shared/permissions.ts";
import type { EventNames } from "../../shared/usage-events.ts";
import { defineModule } from "../manifest.ts";
import { registerCohortRoutes } from "./routes.ts";
import { CohortService } from "./service.ts";

const PERMISSIONS = {
  /** Cohorts and their members. */
  "cohorts:read": READERS,
  /** Create, update and delete cohorts. */
  "cohorts:write": WRITERS,
} as const satisfies PermissionGrants;

const USAGE_EVENTS = [
  "cohort_create",
  "cohort_update",
  "cohort_delete",
  "cohort_list",
  "cohort_get",
  "cohort_members",
] as const;

declare module "../../context.ts" {
  interface ModuleServices {
    cohorts: CohortService;
  }
}
declare module "../../shared/permissions.ts" {
  interface PermissionNames extends Names<typeof PERMISSIONS> {}
}
declare module "../../shared/usage-events.ts" {
  interface UsageEventNames extends EventNames<typeof USAGE_EVENTS> {}
}

/** Cohorts (docs/cohorts-and-populations.md): segments of personas by criteria and/or explicit lists, evaluated live. */
export const cohortsModule = defineModule({
  name: "cohorts",
  dependsOn: ["personas", "populations"],
  tags: [{ name: "Cohorts", description: "Segments of personas: criteria and explicit lists, evaluated live" }],
  routes: registerCohortRoutes,
  permissions: PERMISSIONS,
  usageEvents: USAGE_EVENTS,
  create: (ctx) => {
    const cohorts = new CohortService({ database: ctx.database, personas: ctx.personas, now: ctx.now });
    // GET /personas?cohortId= reads a cohort's membership through this port (personas cannot import cohorts).
    ctx.personas.setCohorts({ specOf: (tenantId, cohortId) => cohorts.specOf(tenantId, cohortId) });
    // Populations are made of cohorts: they read them through their port, and a cohort a population's
    // current composition names is not deleted (409 cohort_in_use).
    ctx.populations.setCohorts({
      get: (tenantId, cohortId) => cohorts.get(tenantId, cohortId),
      memberIds: (tenantId, cohortId) => cohorts.memberIds(tenantId, cohortId),
      lockIn: (tx, tenantId, cohortIds) => cohorts.lockIn(tx, tenantId, cohortIds),
    });
    cohorts.setUsage({ inUse: (tx, tenantId, cohortId) => ctx.populations.usesCohort(tx, tenantId, cohortId) });
    return { cohorts };
  },
});
