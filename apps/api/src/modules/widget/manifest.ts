import type { Names, PermissionGrants } from "../../shared/permissions.ts";
import { defineModule } from "../manifest.ts";
import { registerWidgetRoutes } from "./routes.ts";
import { WidgetService } from "./service.ts";

const PERMISSIONS = {
  /** Held by no profile: only a publishable key (pk_live_…) calls the widget endpoints (docs/widget.md). */
  "widget:use": [],
} as const satisfies PermissionGrants;

declare module "../../context.ts" {
  interface ModuleServices {
    widget: WidgetService;
  }
}
declare module "../../shared/permissions.ts" {
  interface PermissionNames extends Names<typeof PERMISSIONS> {}
}

/** The embed widget: its script (`/widget.js`) and its endpoints for publishable keys. */
export const widgetModule = defineModule({
  name: "widget",
  dependsOn: ["access", "personas", "prompting"],
  tags: [{ name: "Widget", description: "The embed widget's endpoints (publishable keys, from a browser)" }],
  routes: registerWidgetRoutes,
  permissions: PERMISSIONS,
  create: (ctx) => {
    // The port access checks a publishable key's persona ids through (access cannot import personas).
    ctx.access.providePersonaCheck((tenantId, ids) => ctx.personas.existingIds(tenantId, ids));
    return { widget: new WidgetService(ctx.personas) };
  },
});
