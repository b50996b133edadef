import { type Names, type PermissionGrants, READERS } from "../../shared/permissions.ts";
import type { EventNames } from "../../shared/usage-events.ts";
import { defineModule } from "../manifest.ts";
import { registerTimelineRoutes } from "./routes.ts";
import { TimelineService } from "./service.ts";

const PERMISSIONS = {
  /** Memories (repressed and shame ones included), consistency reports, reconcile jobs. */
  "timeline:read": READERS,
} as const satisfies PermissionGrants;

const USAGE_EVENTS = ["persona_timeline_append", "persona_timeline_supersede"] as const;

declare module "../../context.ts" {
  interface ModuleServices {
    timeline: TimelineService;
  }
}
declare module "../../shared/permissions.ts" {
  interface PermissionNames extends Names<typeof PERMISSIONS> {}
}
declare module "../../shared/usage-events.ts" {
  interface UsageEventNames extends EventNames<typeof USAGE_EVENTS> {}
}

/** A persona's memories: append, revise (supersede), list; retrieval and strength for prompts. */
export const timelineModule = defineModule({
  name: "timeline",
  // The persona lookup is a port (PersonaLookup): the personas service is plugged in, not imported.
  dependsOn: ["personas"],
  tags: [{ name: "Timeline & memory", description: "Memories, revisions, consistency checks and reconciliation" }],
  routes: registerTimelineRoutes,
  permissions: PERMISSIONS,
  usageEvents: USAGE_EVENTS,
  create: (ctx) => ({ timeline: new TimelineService(ctx.database, ctx.personas, ctx.now) }),
});
