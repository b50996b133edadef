import { type Names, type PermissionGrants, READERS, WRITERS } from "../../shared/permissions.ts";
import type { EventNames } from "../../shared/usage-events.ts";
import { defineModule } from "../manifest.ts";
import { registerCalibrationRoutes } from "./routes.ts";
import { CalibrationService } from "./service.ts";

const PERMISSIONS = {
  /** Calibrations and their reports. */
  "calibrations:read": READERS,
  /** Start calibrations (they create a skill, a population when none can be reused, and tasks). */
  "calibrations:write": WRITERS,
} as const satisfies PermissionGrants;

const USAGE_EVENTS = ["calibration_create", "calibration_complete"] as const;

declare module "../../context.ts" {
  interface ModuleServices {
    calibrations: CalibrationService;
  }
}
declare module "../../shared/permissions.ts" {
  interface PermissionNames extends Names<typeof PERMISSIONS> {}
}
declare module "../../shared/usage-events.ts" {
  interface UsageEventNames extends EventNames<typeof USAGE_EVENTS> {}
}

/** Calibrations (docs/calibration.md): how well a model reproduces real survey answers (GSS 2024). */
export const calibrationsModule = defineModule({
  name: "calibrations",
  dependsOn: ["analytics", "personas", "populations", "runs", "skills", "tasks"],
  tags: [
    {
      name: "Calibrations",
      description:
        "How well a model reproduces real survey answers: GSS 2024 items asked through a US-adults population, scored against the real distributions",
    },
  ],
  routes: registerCalibrationRoutes,
  permissions: PERMISSIONS,
  usageEvents: USAGE_EVENTS,
  create: (ctx) => {
    const calibrations = new CalibrationService({
      database: ctx.database,
      jobs: ctx.jobs,
      runs: ctx.runs,
      llm: ctx.llm,
      skills: ctx.skills,
      tasks: ctx.tasks,
      personas: ctx.personas,
      populations: ctx.populations,
      generator: ctx.populationGenerator,
      usage: ctx.usage,
      now: ctx.now,
    });
    // A calibration's skill is archived, not deleted; its population is not deleted while it runs (409).
    ctx.skills.setUsage({ inUse: (tenantId, skillId) => calibrations.usesSkill(tenantId, skillId) });
    ctx.populations.setUsage({
      inUse: (tenantId, populationId) => calibrations.usesPopulation(tenantId, populationId),
      message: "A calibration that has not finished uses this population: wait for it, or cancel its run",
    });
    return { calibrations };
  },
  runKinds: (ctx) => [ctx.calibrations.runKind()],
});
