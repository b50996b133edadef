import { z } from "zod";
import { type Names, OWNER, type PermissionGrants, READERS } from "../../shared/permissions.ts";
import type { EventNames } from "../../shared/usage-events.ts";
import { defineJob, defineModule } from "../manifest.ts";
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

/** Tries of a webhook delivery after the first (the service marks the delivery failed after the last). */
const DELIVER_RETRIES = 4;
const DeliverPayload = z.object({ deliveryId: z.uuid(), tenantId: z.string().min(1) }).strict();

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
declare module "../../jobs/catalog.ts" {
  interface JobPayloads {
    "webhook.deliver": z.infer<typeof DeliverPayload>;
  }
}

/** Guardrails: the tenant's policy, the input and output checks, escalations and their webhooks. */
export const safetyModule = defineModule({
  name: "safety",
  dependsOn: ["analytics"],
  tags: [{ name: "Guardrails", description: "The tenant's safety policy" }],
  routes: registerSafetyRoutes,
  permissions: PERMISSIONS,
  usageEvents: USAGE_EVENTS,
  create: (ctx) => ({
    safety: new SafetyService({
      database: ctx.database,
      jobs: ctx.jobs,
      usage: ctx.usage,
      logger: ctx.logger,
      allowPrivateWebhooks: ctx.config.allowPrivateWebhooks,
      moderator: new Moderator(ctx.config.moderation, ctx.logger),
    }),
  }),
  jobs: {
    "webhook.deliver": defineJob({
      payload: DeliverPayload,
      description: "Delivers a signed escalation webhook; retried with exponential backoff.",
      retryLimit: DELIVER_RETRIES,
      retryDelay: 1,
      retryBackoff: true,
      expireInSeconds: 120,
      concurrency: 4,
      run: (ctx, { deliveryId, tenantId }, job) =>
        ctx.safety.deliver(deliveryId, tenantId, { retryCount: job.retryCount, retryLimit: DELIVER_RETRIES }),
    }),
  },
});
