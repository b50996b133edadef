import { type Names, type PermissionGrants, READERS, WRITERS } from "../../shared/permissions.ts";
import type { EventNames } from "../../shared/usage-events.ts";
import { defineModule } from "../manifest.ts";
import { registerStudyRoutes } from "./routes.ts";
import { StudyService } from "./service.ts";

const PERMISSIONS = {
  /** Studies and their plans. */
  "studies:read": READERS,
  /** Create, update, delete and plan studies. */
  "studies:write": WRITERS,
} as const satisfies PermissionGrants;

const USAGE_EVENTS = ["study_create", "study_update", "study_delete", "study_plan"] as const;

declare module "../../context.ts" {
  interface ModuleServices {
    studies: StudyService;
  }
}
declare module "../../shared/permissions.ts" {
  interface PermissionNames extends Names<typeof PERMISSIONS> {}
}
declare module "../../shared/usage-events.ts" {
  interface UsageEventNames extends EventNames<typeof USAGE_EVENTS> {}
}

/** Studies (docs/studies.md): a skill asked across a population; for now stored and planned (dry run). */
export const studiesModule = defineModule({
  name: "studies",
  dependsOn: ["analytics", "billing", "populations", "skills"],
  tags: [{ name: "Studies", description: "A skill asked across a population: studies and their run plans" }],
  routes: registerStudyRoutes,
  permissions: PERMISSIONS,
  usageEvents: USAGE_EVENTS,
  create: (ctx) => {
    const studies = new StudyService({
      database: ctx.database,
      populations: ctx.populations,
      skills: ctx.skills,
      billing: ctx.billing,
      llm: ctx.llm,
      usage: ctx.usage,
      modelLimits: ctx.config.runs.limits,
      now: ctx.now,
    });
    // A skill a study names is archived, not deleted; a population a study names is not deleted (409).
    ctx.skills.setUsage({ inUse: (tenantId, skillId) => studies.usesSkill(tenantId, skillId) });
    ctx.populations.setUsage({ inUse: (tenantId, populationId) => studies.usesPopulation(tenantId, populationId) });
    return { studies };
  },
});
