import { EVERY_PROFILE, type Names, type PermissionGrants, READERS, WRITERS } from "../../shared/permissions.ts";
import type { EventNames } from "../../shared/usage-events.ts";
import { defineModule } from "../manifest.ts";
import { profileRunKind } from "./profile-run.ts";
import { registerPersonaRoutes } from "./routes.ts";
import { PersonaService } from "./service.ts";

const PERMISSIONS = {
  /** One persona: the card a chat shows (identity, summary, profile; no memories). */
  "personas:read": EVERY_PROFILE,
  "personas:list": READERS,
  "personas:write": WRITERS,
  /** The whole persona with its timeline, sessions and reports. */
  "exports:read": READERS,
} as const satisfies PermissionGrants;

const USAGE_EVENTS = [
  "persona_create",
  "persona_list",
  "persona_get",
  "persona_update",
  "persona_delete",
  "persona_export",
  "persona_import",
] as const;

declare module "../../context.ts" {
  interface ModuleServices {
    personas: PersonaService;
  }
}
declare module "../../shared/permissions.ts" {
  interface PermissionNames extends Names<typeof PERMISSIONS> {}
}
declare module "../../shared/usage-events.ts" {
  interface UsageEventNames extends EventNames<typeof USAGE_EVENTS> {}
}

/** Durable synthetic individuals: create (with a generated profile), read, update, delete, export, import. */
export const personasModule = defineModule({
  name: "personas",
  dependsOn: ["runs"],
  tags: [{ name: "Personas", description: "Durable synthetic individuals" }],
  routes: registerPersonaRoutes,
  permissions: PERMISSIONS,
  usageEvents: USAGE_EVENTS,
  create: (ctx) => ({
    personas: new PersonaService({
      database: ctx.database,
      llm: ctx.llm,
      cache: ctx.cache,
      jobs: ctx.jobs,
      runs: ctx.runs,
      now: ctx.now,
    }),
  }),
  runKinds: (ctx) => [
    profileRunKind(ctx.personas.pending, {
      attempts: ctx.config.personas.profileAttempts,
      baseMs: ctx.config.personas.profileRetryMs,
    }),
  ],
});
