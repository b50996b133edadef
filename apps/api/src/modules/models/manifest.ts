import { z } from "zod";
import { EVERY_PROFILE, type Names, type PermissionGrants } from "../../shared/permissions.ts";
import type { EventNames } from "../../shared/usage-events.ts";
import { defineJob, defineModule } from "../manifest.ts";
import { registerModelRoutes } from "./routes.ts";
import { ModelService } from "./service.ts";

const PERMISSIONS = {
  /** The catalog is the server's, not tenant data: any key may see which models exist and what they cost. */
  "models:read": EVERY_PROFILE,
} as const satisfies PermissionGrants;

const USAGE_EVENTS = ["model_list", "model_get", "model_pricing"] as const;

const SyncPayload = z.object({}).strict();

declare module "../../context.ts" {
  interface ModuleServices {
    models: ModelService;
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
    "models.sync": z.infer<typeof SyncPayload>;
  }
}

/** The model catalog, the pricing matrix, and the hourly sync of the gateway's and local servers' lists. */
export const modelsModule = defineModule({
  name: "models",
  dependsOn: ["billing"],
  tags: [{ name: "Models", description: "The model catalog and the pricing matrix" }],
  routes: registerModelRoutes,
  permissions: PERMISSIONS,
  usageEvents: USAGE_EVENTS,
  create: (ctx) => ({
    models: new ModelService({
      database: ctx.database,
      catalog: ctx.llm.registry.catalog,
      isConfigured: (provider) => ctx.llm.registry.isConfigured(provider),
      llm: ctx.config.llm,
      billing: ctx.billing,
      logger: ctx.logger,
      now: ctx.now,
    }),
  }),
  startWorkers: async (ctx) => {
    // This process prices with the synced lists from the start; a source never read yet is read now.
    await ctx.models.refresh(true);
    if (await ctx.models.neverSynced()) await ctx.jobs.send("models.sync", {});
  },
  jobs: {
    "models.sync": defineJob({
      payload: SyncPayload,
      description:
        "Hourly: reads the AI Gateway's model list (AI_GATEWAY_API_KEY) and the local OpenAI-compatible server's " +
        "(OPENAI_COMPATIBLE_BASE_URL) into the catalog; a source that fails keeps its last list.",
      retryLimit: 2,
      retryDelay: 60,
      retryBackoff: true,
      expireInSeconds: 120,
      concurrency: 1,
      cron: "7 * * * *",
      run: async (ctx) => ({ sources: await ctx.models.sync() }),
    }),
  },
});
