import { type Names, OWNER, type PermissionGrants, READERS } from "../../shared/permissions.ts";
import type { EventNames } from "../../shared/usage-events.ts";
import { defineModule } from "../manifest.ts";
import { Moderator } from "./moderation.ts";
import { registerSafetyRoutes } from "./routes.ts";
import { SafetyService } from "./service.ts";

const PERMISSIONS = {
  /** The policy without what would help evade it (see redactPolicy in safety/routes.ts). */
  "policy:read": READERS,
  /** Change the policy, and see all of it: terms, guards, webhook URL and signing secret. */
  "policy:write": OWNER,
} as const satisfies PermissionGrants;

const USAGE_EVENTS = [
  "guardrail_block",
  "guardrail_escalation",
  "safety_policy_update",
  "safety_policy_delete",
] as const;

declare module "../../context.ts" {
  interface ModuleServices {
    safety: SafetyService;
  }
}
declare module "../../shared/permissions.ts" {
  interface PermissionNames extends Names<typeof PERMISSIONS> {}
}
declare module "../../shared/usage-events.ts" {
  interface UsageEventNames extends EventNames<typeof USAGE_EVENTS> {}
}

/** Guardrails: the tenant's policy, the input and output checks, escalations and their webhooks. */
export const safetyModule = defineModule({
  name: "safety",
  dependsOn: ["analytics", "runs"],
  tags: [{ name: "Guardrails", description: "The tenant's safety policy" }],
  routes: registerSafetyRoutes,
  permissions: PERMISSIONS,
  usageEvents: USAGE_EVENTS,
  create: (ctx) => ({
    safety: new SafetyService({
      database: ctx.database,
      cache: ctx.cache,
      jobs: ctx.jobs,
      runs: ctx.runs,
      usage: ctx.usage,
      logger: ctx.logger,
      metrics: ctx.metrics,
      allowPrivateWebhooks: ctx.config.allowPrivateWebhooks,
      moderator: new Moderator(ctx.config.moderation, ctx.logger),
    }),
  }),
  runKinds: (ctx) => [ctx.safety.runKind()],
});
