import { type Names, type PermissionGrants, READERS, WRITERS } from "../../shared/permissions.ts";
import type { EventNames } from "../../shared/usage-events.ts";
import { defineModule } from "../manifest.ts";
import { registerStudyRoutes } from "./routes.ts";
import { StudyRunner } from "./runner.ts";
import { StudyService } from "./service.ts";

const PERMISSIONS = {
  /** Studies, their plans, runs, results and exports. */
  "studies:read": READERS,
  /** Create, update, delete, plan, run and control studies. */
  "studies:write": WRITERS,
} as const satisfies PermissionGrants;

const USAGE_EVENTS = [
  "study_create",
  "study_update",
  "study_delete",
  "study_plan",
  "study_run_start",
  "study_run_control",
  "study_run_complete",
  "study_results",
  "study_export",
] as const;

declare module "../../context.ts" {
  interface ModuleServices {
    studies: StudyService;
    studyRunner: StudyRunner;
  }
}
declare module "../../shared/permissions.ts" {
  interface PermissionNames extends Names<typeof PERMISSIONS> {}
}
declare module "../../shared/usage-events.ts" {
  interface UsageEventNames extends EventNames<typeof USAGE_EVENTS> {}
}

/** Studies (docs/studies.md): a skill asked across a population, run at scale, with evidence from the answers. */
export const studiesModule = defineModule({
  name: "studies",
  dependsOn: ["analytics", "billing", "cohorts", "personas", "populations", "runs", "schedules", "skills", "tasks"],
  tags: [{ name: "Studies", description: "A skill asked across a population: studies and their run plans" }],
  routes: registerStudyRoutes,
  permissions: PERMISSIONS,
  usageEvents: USAGE_EVENTS,
  create: (ctx) => {
    const studies = new StudyService({
      database: ctx.database,
      jobs: ctx.jobs,
      runs: ctx.runs,
      tasks: ctx.tasks,
      personas: ctx.personas,
      cohorts: ctx.cohorts,
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
    ctx.populations.setUsage({
      inUse: (tenantId, populationId) => studies.keptRunsUse(tenantId, populationId),
      message:
        "Runs kept from a deleted study use this population (their results read its weights): delete that study again with ?purge=true first",
    });
    const studyRunner = new StudyRunner({
      database: ctx.database,
      populations: ctx.populations,
      personas: ctx.personas,
      tasks: ctx.tasks,
      usage: ctx.usage,
      pin: (tenantId, studyRunId) => studies.pin(tenantId, studyRunId),
    });
    // A schedule's "study" target: each fire starts a run with the study's defaults on the fire's transaction.
    ctx.schedules.registerTarget({
      type: "study",
      check: async (tenantId, studyId) => {
        await studies.get(tenantId, studyId);
      },
      start: async (tx, send, tenantId, studyId, fire) => {
        const { runId } = await studies.startRunIn(tx, send, tenantId, studyId, fire);
        return { runId, detail: { studyId, studyRunId: runId } };
      },
    });
    return { studies, studyRunner };
  },
  runKinds: (ctx) => [ctx.studyRunner.runKind()],
});
