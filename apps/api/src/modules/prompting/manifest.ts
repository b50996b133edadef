import { z } from "zod";
import { EVERY_PROFILE, type Names, type PermissionGrants, READERS } from "../../shared/permissions.ts";
import type { EventNames } from "../../shared/usage-events.ts";
import { defineJob, defineModule } from "../manifest.ts";
import { registerPromptRoutes } from "./routes.ts";
import { PromptService } from "./service.ts";
import { SessionService } from "./sessions.ts";

const PERMISSIONS = {
  /** Poll an async prompt job (another key's job also needs transcripts:read). */
  "prompts:read": EVERY_PROFILE,
  /** Prompt (sync, async, stream), cancel a job (another key's session or job also needs transcripts:read). */
  "prompts:write": ["full", "editor", "prompt-only"],
  /** Every conversation of the tenant: sessions, their turns, and other keys' jobs. */
  "transcripts:read": READERS,
} as const satisfies PermissionGrants;

const USAGE_EVENTS = ["persona_prompt"] as const;

const PROMPT_RETRIES = 3;
const RunPayload = z.object({ jobId: z.uuid(), tenantId: z.string().min(1) }).strict();

declare module "../../context.ts" {
  interface ModuleServices {
    prompts: PromptService;
    sessions: SessionService;
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
    "prompt.run": z.infer<typeof RunPayload>;
  }
}

/** Talking to a persona: sync, async and streamed prompts, their sessions and turns. */
export const promptingModule = defineModule({
  name: "prompting",
  dependsOn: ["analytics", "billing", "personas", "safety"],
  tags: [{ name: "Prompting", description: "Talk to a persona: sync, async, streamed; sessions" }],
  // Before the persona routes in the registry: /personas/prompt... must not be read as /personas/{personaId}.
  routes: registerPromptRoutes,
  permissions: PERMISSIONS,
  usageEvents: USAGE_EVENTS,
  create: (ctx) => {
    const prompts = new PromptService({
      database: ctx.database,
      llm: ctx.llm,
      billing: ctx.billing,
      jobs: ctx.jobs,
      usage: ctx.usage,
      logger: ctx.logger,
      personas: ctx.personas,
      safety: ctx.safety,
    });
    const sessions = new SessionService(ctx.database);
    // The ports of modules this one depends on (they cannot import it back: docs/modules.md).
    // A deleted persona's generations running here stop now and record nothing (elsewhere: at their next
    // heartbeat or write).
    ctx.personas.onDeleted((tenantId, personaId) => prompts.abortPersona(tenantId, personaId));
    ctx.personas.provideExport("sessions", (tenantId, personaId) => sessions.exportOf(tenantId, personaId));
    ctx.billing.provideUsage((tenantId, since) => sessions.totalsSince(tenantId, since));
    return { prompts, sessions };
  },
  recoverOrphans: (ctx, exclusive) => ctx.prompts.recoverOrphans(exclusive),
  jobs: {
    "prompt.run": defineJob({
      payload: RunPayload,
      description: "An async prompt (POST /personas/prompt with mode async).",
      retryLimit: PROMPT_RETRIES,
      retryDelay: 2,
      retryBackoff: true,
      expireInSeconds: 15 * 60,
      concurrency: 8,
      run: (ctx, { jobId, tenantId }, job) =>
        ctx.prompts.runJob(jobId, tenantId, { retryCount: job.retryCount, retryLimit: PROMPT_RETRIES }),
    }),
  },
});
