import { type Names, OWNER, type PermissionGrants } from "../../shared/permissions.ts";
import type { EventNames } from "../../shared/usage-events.ts";
import { defineModule } from "../manifest.ts";
import { PermissionTable } from "./permissions.ts";
import { registerAccessRoutes } from "./routes.ts";
import { AccessService } from "./service.ts";

const PERMISSIONS = {
  "keys:read": OWNER,
  "keys:write": OWNER,
  /** Held by no profile: only a key made as the instance admin (bootstrap or CLI). */
  "tenants:admin": "instance-admin",
} as const satisfies PermissionGrants;

const USAGE_EVENTS = ["tenant_create", "api_key_create", "api_key_revoke"] as const;

declare module "../../context.ts" {
  interface ModuleServices {
    access: AccessService;
  }
}
declare module "../../shared/permissions.ts" {
  interface PermissionNames extends Names<typeof PERMISSIONS> {}
}
declare module "../../shared/usage-events.ts" {
  interface UsageEventNames extends EventNames<typeof USAGE_EVENTS> {}
}

/** Tenants, API keys and the permission table (built from every module's declared permissions). */
export const accessModule = defineModule({
  name: "access",
  tags: [
    { name: "API keys", description: "Least-privilege keys of a tenant" },
    { name: "Tenants", description: "Workspaces (instance admin)" },
  ],
  routes: registerAccessRoutes,
  permissions: PERMISSIONS,
  usageEvents: USAGE_EVENTS,
  create: (ctx) => ({ access: new AccessService(ctx.database, new PermissionTable(ctx.modules), ctx.cache, ctx.now) }),
});
