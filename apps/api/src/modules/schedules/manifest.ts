import { type Names, type PermissionGrants, READERS, WRITERS } from "../../shared/permissions.ts";
import type { EventNames } from "../../shared/usage-events.ts";
import { defineModule } from "../manifest.ts";
import { registerScheduleRoutes } from "./routes.ts";
import { ScheduleService } from "./service.ts";

const PERMISSIONS = {
  /** Schedules, their executions and previews. */
  "schedules:read": READERS,
  /** Create, change, delete and trigger schedules. */
  "schedules:write": WRITERS,
} as const satisfies PermissionGrants;

const USAGE_EVENTS = [
  "schedule_create",
  "schedule_update",
  "schedule_delete",
  "schedule_fire",
  "schedule_trigger",
] as const;

declare module "../../context.ts" {
  interface ModuleServices {
    schedules: ScheduleService;
  }
}
declare module "../../shared/permissions.ts" {
  interface PermissionNames extends Names<typeof PERMISSIONS> {}
}
declare module "../../shared/usage-events.ts" {
  interface UsageEventNames extends EventNames<typeof USAGE_EVENTS> {}
}

/**
 * Schedules (docs/schedules.md): one-time or recurring fires of a task or a study, in the user's time zone.
 * Worker processes run the scheduler; targets plug in through `ctx.schedules.registerTarget`.
 */
export const schedulesModule = defineModule({
  name: "schedules",
  dependsOn: ["analytics"],
  tags: [{ name: "Schedules", description: "One-time and recurring (cron + time zone) runs of tasks and studies" }],
  routes: registerScheduleRoutes,
  permissions: PERMISSIONS,
  usageEvents: USAGE_EVENTS,
  create: (ctx) => ({
    schedules: new ScheduleService({
      database: ctx.database,
      jobs: ctx.jobs,
      logger: ctx.logger,
      usage: ctx.usage,
      now: ctx.now,
      options: { queue: ctx.config.jobQueueSchema, ...ctx.config.schedules },
    }),
  }),
  startWorkers: async (ctx) => ctx.schedules.startRunner(),
  stop: (ctx) => ctx.schedules.stopRunner(),
});
