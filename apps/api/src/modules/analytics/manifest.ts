import { z } from "zod";
import { type Names, type PermissionGrants, READERS } from "../../shared/permissions.ts";
import type { EventNames } from "../../shared/usage-events.ts";
import { defineJob, defineModule, usageEventNames } from "../manifest.ts";
import { registerAnalyticsRoutes } from "./routes.ts";
import { AnalyticsService } from "./service.ts";
import { UsageRecorder } from "./usage.ts";

const PERMISSIONS = {
  /** Usage events, usage reports and the export. */
  "analytics:read": READERS,
} as const satisfies PermissionGrants;

const USAGE_EVENTS = ["analytics_events", "analytics_usage", "analytics_export"] as const;

const SweepPayload = z.object({}).strict();

declare module "../../context.ts" {
  interface ModuleServices {
    usage: UsageRecorder;
    analytics: AnalyticsService;
  }
}
declare module "../../shared/permissions.ts" {
  interface PermissionNames extends Names<typeof PERMISSIONS> {}
}
declare module "../../shared/usage-events.ts" {
  interface UsageEventNames extends EventNames<typeof USAGE_EVENTS> {}
}
declare module "../../jobs/catalog.ts" {
  interface JobPayloads {
    "analytics.retention": z.infer<typeof SweepPayload>;
  }
}

/**
 * Usage events: every module records through `ctx.usage` the events its manifest declares; the
 * analytics routes list, roll up and export them (docs/analytics.md).
 */
export const analyticsModule = defineModule({
  name: "analytics",
  tags: [{ name: "Analytics", description: "Usage events, usage reports by period and the export" }],
  routes: registerAnalyticsRoutes,
  permissions: PERMISSIONS,
  usageEvents: USAGE_EVENTS,
  create: (ctx) => {
    const events = usageEventNames(ctx.modules); // a name declared by two modules stops the boot
    return {
      usage: new UsageRecorder(ctx.database, ctx.logger),
      analytics: new AnalyticsService(ctx.database, events, ctx.now),
    };
  },
  // The dashboard's current counts belong to personas and the timeline: asked through their services.
  ready: (ctx) => {
    const { personas, timeline } = ctx as Partial<typeof ctx>;
    if (!personas || !timeline) return;
    ctx.analytics.setDashboardSources({
      personaCount: (tenantId) => personas.count(tenantId),
      timelineEntries: (tenantId) => timeline.countEntries(tenantId),
    });
  },
  jobs: {
    "analytics.retention": defineJob({
      payload: SweepPayload,
      description:
        "Hourly: drops usage events (and their rollups) older than ANALYTICS_RETENTION_DAYS (nothing when unset).",
      retryLimit: 2,
      retryDelay: 60,
      retryBackoff: true,
      expireInSeconds: 900,
      concurrency: 1,
      cron: "41 * * * *",
      run: async (ctx) => ctx.analytics.sweep(ctx.config.analyticsRetentionDays),
    }),
  },
  // After the job queue stopped: the last jobs' events are written too.
  stop: (ctx) => ctx.usage.close(),
});
