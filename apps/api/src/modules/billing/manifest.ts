import { type Names, OWNER, type PermissionGrants, READERS } from "../../shared/permissions.ts";
import { defineModule } from "../manifest.ts";
import { registerBillingRoutes } from "./routes.ts";
import { BillingService } from "./service.ts";

const PERMISSIONS = {
  "billing:read": READERS,
  "billing:write": OWNER,
} as const satisfies PermissionGrants;

declare module "../../context.ts" {
  interface ModuleServices {
    billing: BillingService;
  }
}
declare module "../../shared/permissions.ts" {
  interface PermissionNames extends Names<typeof PERMISSIONS> {}
}

/** Credits and plan limits: reserved before a prompt, settled after it. */
export const billingModule = defineModule({
  name: "billing",
  tags: [{ name: "Billing", description: "Credits and plan limits" }],
  routes: registerBillingRoutes,
  permissions: PERMISSIONS,
  create: (ctx) => ({ billing: new BillingService(ctx.database, ctx.config.billing, ctx.cache, ctx.now) }),
});
