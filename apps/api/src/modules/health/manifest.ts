import { defineModule } from "../manifest.ts";
import { ProviderHealth } from "./providers.ts";
import { HEALTH_DEADLINE_MS, registerHealthRoutes } from "./routes.ts";

/** How long a round of provider probes is reused: a load balancer polls /health far more often. */
const PROVIDER_PROBE_TTL_MS = 30_000;

declare module "../../context.ts" {
  interface ModuleServices {
    /** Reachability of the configured model providers (cached), for /health. */
    providerHealth: ProviderHealth;
  }
}

/** The system module: /health and the "System" tag. */
export const healthModule = defineModule({
  name: "health",
  tags: [{ name: "System", description: "Health and the specification" }],
  routes: registerHealthRoutes,
  create: (ctx) => ({
    providerHealth: new ProviderHealth(ctx.config.llm, {
      deadlineMs: HEALTH_DEADLINE_MS,
      ttlMs: PROVIDER_PROBE_TTL_MS,
      now: () => ctx.now().getTime(),
    }),
  }),
});
