import { type Names, type PermissionGrants, READERS, WRITERS } from "../../shared/permissions.ts";
import type { EventNames } from "../../shared/usage-events.ts";
import { defineModule } from "../manifest.ts";
import { PopulationGenerator } from "./generate.ts";
import { registerPopulationRoutes } from "./routes.ts";
import { PopulationService } from "./service.ts";

const PERMISSIONS = {
  /** Populations, their versions and members. */
  "populations:read": READERS,
  /** Compose, generate, update, re-snapshot and delete populations. */
  "populations:write": WRITERS,
} as const satisfies PermissionGrants;

const USAGE_EVENTS = [
  "population_create",
  "population_update",
  "population_delete",
  "population_generate",
  "population_version",
] as const;

declare module "../../context.ts" {
  interface ModuleServices {
    populations: PopulationService;
    populationGenerator: PopulationGenerator;
  }
}
declare module "../../shared/permissions.ts" {
  interface PermissionNames extends Names<typeof PERMISSIONS> {}
}
declare module "../../shared/usage-events.ts" {
  interface UsageEventNames extends EventNames<typeof USAGE_EVENTS> {}
}

/** Populations (docs/cohorts-and-populations.md): weighted panels of cohorts, or generated to census marginals; versioned. */
export const populationsModule = defineModule({
  name: "populations",
  dependsOn: ["analytics", "billing", "personas", "runs"],
  tags: [
    {
      name: "Populations",
      description:
        "Balanced panels: cohorts with weights, or personas generated to census marginals; immutable versions",
    },
  ],
  routes: registerPopulationRoutes,
  permissions: PERMISSIONS,
  usageEvents: USAGE_EVENTS,
  create: (ctx) => ({
    populations: new PopulationService({
      database: ctx.database,
      personas: ctx.personas,
      runs: ctx.runs,
      now: ctx.now,
    }),
    populationGenerator: new PopulationGenerator({
      database: ctx.database,
      jobs: ctx.jobs,
      personas: ctx.personas,
      llm: ctx.llm,
      billing: ctx.billing,
      runs: ctx.runs,
      now: ctx.now,
    }),
  }),
  runKinds: (ctx) => [ctx.populationGenerator.runKind()],
});
