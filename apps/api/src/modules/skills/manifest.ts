import { type Names, type PermissionGrants, READERS, WRITERS } from "../../shared/permissions.ts";
import type { EventNames } from "../../shared/usage-events.ts";
import { defineModule } from "../manifest.ts";
import { registerSkillRoutes } from "./routes.ts";
import { SkillService } from "./service.ts";

const PERMISSIONS = {
  "skills:read": READERS,
  "skills:write": WRITERS,
} as const satisfies PermissionGrants;

const USAGE_EVENTS = ["skill_create", "skill_update", "skill_delete", "skill_archive"] as const;

declare module "../../context.ts" {
  interface ModuleServices {
    skills: SkillService;
  }
}
declare module "../../shared/permissions.ts" {
  interface PermissionNames extends Names<typeof PERMISSIONS> {}
}
declare module "../../shared/usage-events.ts" {
  interface UsageEventNames extends EventNames<typeof USAGE_EVENTS> {}
}

/** Skills: reusable research instruments (questions, output formats, evaluation), versioned. */
export const skillsModule = defineModule({
  name: "skills",
  tags: [{ name: "Skills", description: "Reusable research instruments: questions, output formats, evaluation" }],
  routes: registerSkillRoutes,
  permissions: PERMISSIONS,
  usageEvents: USAGE_EVENTS,
  create: (ctx) => ({ skills: new SkillService({ database: ctx.database, now: ctx.now }) }),
});
