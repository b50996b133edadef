import { EVERY_PROFILE, type Names, type PermissionGrants, READERS } from "../../shared/permissions.ts";
import type { EventNames } from "../../shared/usage-events.ts";
import { defineModule } from "../manifest.ts";
import { TurnEngine } from "./engine.ts";
import { registerPromptRoutes } from "./routes.ts";
import { PROMPT_RUN, PromptService } from "./service.ts";
import { SessionService } from "./sessions.ts";

const PERMISSIONS = {
  /** Poll an async prompt job (another key's job also needs transcripts:read). */
  "prompts:read": EVERY_PROFILE,
  /** Prompt (sync, async, stream), cancel a job (another key's session or job also needs transcripts:read). */
  "prompts:write": ["full", "editor", "prompt-only"],
  /** Every conversation of the tenant: sessions, their turns, and other keys' jobs. */
  "transcripts:read": READERS,
} as const satisfies PermissionGrants;

/** `judge_call`: a rubric's judge criterion scored by a model (`TurnEngine.judge`). */
const USAGE_EVENTS = ["persona_prompt", "judge_call", "summary_call"] as const;

declare module "../../context.ts" {
  interface ModuleServices {
    /** The turn engine: every model call about a persona (chat endpoints, tasks, studies, calibrations). */
    turns: TurnEngine;
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

/** Talking to a persona: sync, async and streamed prompts, their sessions and turns. */
export const promptingModule = defineModule({
  name: "prompting",
  dependsOn: ["analytics", "billing", "personas", "safety", "runs", "skills"],
  tags: [{ name: "Prompting", description: "Talk to a persona: sync, async, streamed; sessions" }],
  // Before the persona routes in the registry: /personas/prompt... must not be read as /personas/{personaId}.
  routes: registerPromptRoutes,
  permissions: PERMISSIONS,
  usageEvents: USAGE_EVENTS,
  create: (ctx) => {
    const turns = new TurnEngine({
      database: ctx.database,
      llm: ctx.llm,
      billing: ctx.billing,
      usage: ctx.usage,
      logger: ctx.logger,
      metrics: ctx.metrics,
      personas: ctx.personas,
      safety: ctx.safety,
      skills: ctx.skills,
    });
    const prompts = new PromptService({ database: ctx.database, engine: turns, jobs: ctx.jobs, runs: ctx.runs });
    const sessions = new SessionService(ctx.database);
    // The ports of modules this one depends on (they cannot import it back: docs/modules.md).
    // A deleted persona's generations running here stop now and record nothing (elsewhere: at their next
    // heartbeat or write).
    // Its async prompts go too: their results hold the deleted persona's conversation.
    ctx.personas.onDeleted(async (tenantId, personaId) => {
      turns.abortPersona(tenantId, personaId);
      await ctx.runs.purge(tenantId, [PROMPT_RUN], { personaId });
    });
    ctx.personas.provideExport("sessions", (tenantId, personaId) => sessions.exportOf(tenantId, personaId));
    ctx.billing.provideUsage((tenantId, since) => sessions.totalsSince(tenantId, since));
    return { turns, prompts, sessions };
  },
  runKinds: (ctx) => [ctx.prompts.runKind()],
});
